// Share links as the in-memory backend plays them: the relay address, the
// checks of a share, links of the real shape (relay, 32 hex digits, an age
// secret key in the fragment), states (active, expired by time, exhausted,
// revoked, locked after five wrong PINs), the access log and revoking. The
// vault's view (`shares`) is what it last heard; `refreshShare` asks the
// relay. The `relay` handle lets tests play the relay and the professional.
import type { Backend } from "./backend";
import { CarnetError } from "./backend";
import { CODE, serverAddress } from "./memory-sync";
import { vaultError } from "./memory-vault";
import { SHARE_LIMITS, type ShareProblem, normaliseShareRequest, shareIssues } from "./share-rules";
import type { ErrorCode, HealthRecord, Lang, ShareAccess, ShareDetails, ShareState, ShareSummary } from "./types";

/** What sharing needs of a profile of the in-memory backend. */
export interface SharedProfile {
  summary: { id: string };
  records: HealthRecord[];
}

export interface ShareHost<P extends SharedProfile> {
  lang(): Lang;
  /** The open profile, or throws like the vault (`locked`, `no_profile`). */
  open(): P;
  /** The national-space gateway the open profile syncs with, if linked (it is a relay too). */
  syncServer(): Promise<string | null>;
  documentsOf(p: P): { meta: { id: string; size: number } }[];
  /** A document whose content has not arrived yet (sync). */
  isPending(p: P, docId: string): boolean;
}

/** The relay's part, played by browser and unit tests. Not part of `Backend`. */
export interface ShareRelay {
  /** `false`: the relay cannot be reached; creating, refreshing and revoking reject with `offline`. */
  reachable: boolean;
  /** `true`: the relay answers with an error (`server_error`). */
  failing: boolean;
  /**
   * A professional opens a link (or a share id), typing `pin` if one is asked,
   * from `client` ("Firefox · Windows" unless said). Answers like the relay.
   */
  open(linkOrId: string, options?: { pin?: string; client?: string }): "opened" | "pin_required" | "wrong_pin" | "not_available";
  /** Time passes: every share, and its log, gets `hours` older. */
  age(hours: number): void;
}

export type ShareMethods = Pick<Backend, "shareRelay" | "setShareRelay" | "createShare" | "shares" | "refreshShare" | "revokeShare">;

const HOUR = 3_600_000;
/** Most items in one share (records and documents together). */
const MAX_ITEMS = 5_000;
/** Wrong PINs that lock a share for good. */
export const PIN_TRIES = 5;
/** Largest ciphertext the relay takes (48 MiB); documents travel in base64 inside it. */
const MAX_CIPHERTEXT = 48 * 1024 * 1024;

type Text = { fr: string; en: string };

const problems: Record<ShareProblem, Text> = {
  required: { fr: "Ce champ est obligatoire.", en: "This field is required." },
  too_long: { fr: "Ce texte est trop long ({max} caractères au plus).", en: "This text is too long (at most {max} characters)." },
  invalid_rpps: { fr: "Le numéro RPPS doit comporter exactement 11 chiffres.", en: "The RPPS number must have exactly 11 digits." },
  invalid_email: { fr: "Cette adresse e-mail n'est pas valable.", en: "This e-mail address is not valid." },
  expiry_range: { fr: "La durée doit être comprise entre 1 heure et 30 jours.", en: "The duration must be between 1 hour and 30 days." },
  opens_range: { fr: "Le nombre d'ouvertures doit être compris entre 1 et 1000.", en: "The number of opens must be between 1 and 1000." },
  invalid_pin: { fr: "Le code PIN doit comporter de 4 à 8 chiffres.", en: "The PIN must have 4 to 8 digits." },
  no_items: { fr: "Choisissez au moins un élément à partager.", en: "Choose at least one item to share." },
};

/** Sentences of this area where the vault's general ones (memory-vault.ts) would say "sync". */
const messages: Partial<Record<ErrorCode, Text>> = {
  invalid_address: {
    fr: "Cette adresse de serveur n'est pas valable. Exemple : https://partage.exemple.fr",
    en: "This server address is not valid. Example: https://share.example.org",
  },
  offline: {
    fr: "Le serveur de partage ne répond pas (pas de connexion ?). Réessayez plus tard.",
    en: "The share server does not answer (no connection?). Try again later.",
  },
  server_error: {
    fr: "Le serveur de partage a refusé ou n'a pas pu traiter la demande. Réessayez plus tard.",
    en: "The share server refused or could not handle the request. Try again later.",
  },
  too_large: {
    fr: "Ce partage est trop gros (48 Mio au plus une fois chiffré) : retirez des documents.",
    en: "This share is too large (at most 48 MiB once encrypted): remove some documents.",
  },
};

// Bech32 (BIP 173), for age's `AGE-SECRET-KEY-1…` identities.
const BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    GENERATORS.forEach((g, i) => {
      if ((top >>> i) & 1) chk ^= g;
    });
  }
  return chk >>> 0;
}

const hrpExpand = (hrp: string) => [...[...hrp].map((c) => c.charCodeAt(0) >> 5), 0, ...[...hrp].map((c) => c.charCodeAt(0) & 31)];

/** Bytes as 5-bit groups, the last one padded with zeros. */
function toFiveBits(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push((acc >>> bits) & 31);
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out.push((acc << (5 - bits)) & 31);
  return out;
}

/** `hrp` + "1" + data + checksum, in lower case. */
export function bech32Encode(hrp: string, bytes: Uint8Array): string {
  const data = toFiveBits(bytes);
  const mod = polymod([...hrpExpand(hrp), ...data, 0, 0, 0, 0, 0, 0]) ^ 1;
  const checksum = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  return `${hrp}1${[...data, ...checksum].map((d) => BECH32[d]).join("")}`;
}

/** Whether `text` is a well-formed Bech32 string (checksum included), in one case. */
export function bech32Valid(text: string): boolean {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return false;
  const s = text.toLowerCase();
  const sep = s.lastIndexOf("1");
  if (sep < 1 || s.length - sep < 7) return false;
  const data = [...s.slice(sep + 1)].map((c) => BECH32.indexOf(c));
  if (data.some((d) => d < 0)) return false;
  return polymod([...hrpExpand(s.slice(0, sep)), ...data]) === 1;
}

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));
const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

/** A fresh age X25519 identity: `AGE-SECRET-KEY-1` and 58 Bech32 characters. */
export const ageSecretKey = (): string => bech32Encode("age-secret-key-", randomBytes(32)).toUpperCase();

/** What the relay holds for one share. */
interface RelayShare {
  id: string;
  created_at: string;
  expires_at: string;
  max_opens: number | null;
  opens: number;
  wrong_pins: number;
  pin: string | null;
  revoked: boolean;
  /** Oldest first. */
  accesses: ShareAccess[];
}

/** What the vault keeps of one share: its summary as last known, and its secret. */
interface VaultShare {
  profileId: string;
  relay: string;
  secret: string;
  known: ShareSummary;
}

/** The relay's own view of a share, now. */
function relayState(r: RelayShare, now: number): ShareState {
  if (r.revoked) return "revoked";
  if (r.wrong_pins >= PIN_TRIES) return "locked";
  if (r.max_opens !== null && r.opens >= r.max_opens) return "exhausted";
  if (now >= Date.parse(r.expires_at)) return "expired";
  return "active";
}

export function createMemoryShares<P extends SharedProfile>(host: ShareHost<P>) {
  /** The relay set for each profile, by profile id. */
  const relays = new Map<string, string>();
  /** Newest first. */
  const vault: VaultShare[] = [];
  const onRelay = new Map<string, RelayShare>();
  let reachable = true;
  let failing = false;

  const text = (t: Text) => t[host.lang()];
  const fail = (code: ErrorCode, field?: string): never => {
    const m = messages[code];
    throw m ? new CarnetError(code, text(m), field) : vaultError(code, host.lang(), field);
  };
  const sleep = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  /** A round trip to the relay: it may not answer, or answer with an error. */
  const network = async () => {
    await sleep();
    if (!reachable || globalThis.navigator?.onLine === false) fail("offline");
    if (failing) fail("server_error");
  };
  const find = (id: string): VaultShare => {
    const p = host.open();
    return vault.find((s) => s.known.id === id && s.profileId === p.summary.id) ?? fail("not_found");
  };
  /** The vault's view: what it last heard, and an expiry it can see on its own clock. */
  const view = (s: VaultShare): ShareSummary => {
    const state: ShareState = s.known.state === "active" && Date.now() >= Date.parse(s.known.expires_at) ? "expired" : s.known.state;
    return { ...s.known, professional: { ...s.known.professional }, state, link: state === "active" ? s.known.link : null };
  };
  /** What the relay says now, written into the vault's view. */
  const heard = (s: VaultShare, r: RelayShare): void => {
    s.known = { ...s.known, opens: r.opens, state: relayState(r, Date.now()), expires_at: r.expires_at, checked_at: new Date().toISOString() };
  };
  const idFrom = (linkOrId: string): string => /\/s\/([0-9a-f]{32})/.exec(linkOrId)?.[1] ?? linkOrId;

  const methods: ShareMethods = {
    // The one set for this profile, else the national-space gateway it syncs with.
    async shareRelay() {
      const p = host.open();
      return relays.get(p.summary.id) ?? (await host.syncServer());
    },
    async setShareRelay(address, code) {
      const p = host.open();
      const clean = serverAddress(address) ?? fail("invalid_address", "relay");
      // Linking this computer to an account there, as for sync.
      if (!CODE.test(code.trim())) fail("invalid_code", "code");
      await network();
      relays.set(p.summary.id, clean);
      return clean;
    },
    async createShare(raw) {
      const p = host.open();
      // Like the vault: the options first, then the items.
      const issues = shareIssues(raw);
      const issue = issues.find((i) => i.field !== "items") ?? issues[0];
      if (issue) {
        const max = String(issue.field === "professional.name" ? SHARE_LIMITS.name : SHARE_LIMITS.specialty);
        throw new CarnetError("invalid", text(problems[issue.problem]).replace("{max}", max), issue.field);
      }
      const request = normaliseShareRequest(raw);
      if (request.record_ids.length + request.document_ids.length > MAX_ITEMS) {
        throw new CarnetError("invalid", text(problems.no_items), "items");
      }
      const relay = (await methods.shareRelay()) ?? fail("no_relay");
      const records = request.record_ids.map((id) => p.records.find((r) => r.id === id) ?? fail("not_found"));
      const docs = request.document_ids.map((id) => host.documentsOf(p).find((d) => d.meta.id === id) ?? fail("not_found"));
      if (docs.some((d) => host.isPending(p, d.meta.id))) fail("content_pending");
      const size = docs.reduce((n, d) => n + Math.ceil(d.meta.size / 3) * 4, 0);
      if (size > MAX_CIPHERTEXT) fail("too_large");
      await network();
      const now = Date.now();
      const r: RelayShare = {
        id: hex(randomBytes(16)),
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + request.expires_in_hours * HOUR).toISOString(),
        max_opens: request.max_opens,
        opens: 0,
        wrong_pins: 0,
        pin: request.pin,
        revoked: false,
        accesses: [],
      };
      onRelay.set(r.id, r);
      const secret = ageSecretKey();
      const s: VaultShare = {
        profileId: p.summary.id,
        relay,
        secret,
        known: {
          id: r.id,
          link: `${relay}/s/${r.id}#${secret}`,
          professional: request.professional,
          created_at: r.created_at,
          expires_at: r.expires_at,
          max_opens: r.max_opens,
          opens: 0,
          has_pin: request.pin !== null,
          state: "active",
          record_count: records.length,
          document_count: docs.length,
          checked_at: null,
        },
      };
      vault.unshift(s);
      return view(s);
    },
    async shares() {
      const p = host.open();
      return vault.filter((s) => s.profileId === p.summary.id).map(view);
    },
    async refreshShare(id): Promise<ShareDetails> {
      const s = find(id);
      await network();
      const r = onRelay.get(id) ?? fail("not_found");
      heard(s, r);
      const accesses = [...r.accesses].reverse().map((a) => ({ ...a }));
      return { share: view(s), accesses };
    },
    async revokeShare(id) {
      const s = find(id);
      await network();
      const r = onRelay.get(id);
      if (r) {
        r.revoked = true;
        heard(s, r);
      }
      s.known = { ...s.known, state: "revoked", link: null };
      return view(s);
    },
  };

  const relay: ShareRelay = {
    get reachable() {
      return reachable;
    },
    set reachable(value: boolean) {
      reachable = value;
    },
    get failing() {
      return failing;
    },
    set failing(value: boolean) {
      failing = value;
    },
    open(linkOrId, options = {}) {
      const r = onRelay.get(idFrom(linkOrId));
      if (!r || relayState(r, Date.now()) !== "active") return "not_available";
      const at = new Date().toISOString();
      const client = options.client ?? "Firefox · Windows";
      if (r.pin !== null) {
        if (options.pin === undefined) return "pin_required";
        if (options.pin !== r.pin) {
          r.wrong_pins += 1;
          r.accesses.push({ at, client, outcome: "wrong_pin" });
          return "wrong_pin";
        }
      }
      r.opens += 1;
      r.accesses.push({ at, client, outcome: "opened" });
      return "opened";
    },
    age(hours) {
      const older = (iso: string) => new Date(Date.parse(iso) - hours * HOUR).toISOString();
      for (const r of onRelay.values()) {
        r.created_at = older(r.created_at);
        r.expires_at = older(r.expires_at);
        for (const a of r.accesses) a.at = older(a.at);
      }
      for (const s of vault) {
        s.known = {
          ...s.known,
          created_at: older(s.known.created_at),
          expires_at: older(s.known.expires_at),
          checked_at: s.known.checked_at === null ? null : older(s.known.checked_at),
        };
      }
    },
  };

  return { methods, relay };
}
