// Share links on the in-memory backend: the relay address, the checks of a
// request, the link's shape, states, the access log and revoking.
import { afterEach, describe, expect, it, vi } from "vitest";

import { createMemoryBackend, type MemoryBackend } from "./memory";
import { offerFiles } from "./memory-files";
import { PIN_TRIES, ageSecretKey, bech32Encode, bech32Valid } from "./memory-shares";
import { SHARE_FIELDS, normaliseShareRequest, professionalIssues, shareIssues } from "./share-rules";
import type { ShareRequest } from "./types";

const RELAY = "https://relay.example";
const LINK = /^https:\/\/relay\.example\/s\/([0-9a-f]{32})#(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})$/;

async function withProfile(): Promise<MemoryBackend> {
  const b = createMemoryBackend();
  await b.createVault("Alice", "une longue phrase");
  await b.createProfile({ name: "Léa", birth_date: "2019-04-02", sex: "female" });
  return b;
}

/** A profile with two allergies, and the relay set. */
async function ready(): Promise<{ b: MemoryBackend; ids: string[] }> {
  const b = await withProfile();
  const a = await b.addRecord({ kind: "allergy", data: { substance: "Pénicilline", severity: "severe", status: "active" } });
  const c = await b.addRecord({ kind: "allergy", data: { substance: "Arachide", severity: "moderate", status: "active" } });
  await b.setShareRelay(RELAY, "ABCD-123456", "PC");
  return { b, ids: [a.id, c.id] };
}

const request = (over: Partial<ShareRequest> = {}): ShareRequest => ({
  record_ids: [],
  document_ids: [],
  professional: { name: "Dr Paul Durand", specialty: "Cardiologie", rpps: null, email: null },
  expires_in_hours: 168,
  max_opens: null,
  pin: null,
  ...over,
});

afterEach(() => {
  vi.useRealTimers();
});

describe("share rules", () => {
  it("finds every problem, in the wizard's order", () => {
    const issues = shareIssues({
      record_ids: [],
      document_ids: [],
      professional: { name: " ", specialty: "x".repeat(101), rpps: "1234567890", email: "paul@" },
      expires_in_hours: 721,
      max_opens: 0,
      pin: "12",
    });
    expect(issues.map((i) => `${i.field}:${i.problem}`)).toEqual([
      "items:no_items",
      "professional.name:required",
      "professional.specialty:too_long",
      "professional.rpps:invalid_rpps",
      "professional.email:invalid_email",
      "expires_in_hours:expiry_range",
      "max_opens:opens_range",
      "pin:invalid_pin",
    ]);
    expect(issues.map((i) => i.field)).toEqual(SHARE_FIELDS);
  });

  it("accepts the limits and blank optional fields", () => {
    for (const [hours, opens, pin] of [
      [1, 1, "1234"],
      [720, 1000, "12345678"],
      [168, null, null],
      [24, 3, " "],
    ] as const) {
      expect(shareIssues(request({ record_ids: ["r"], expires_in_hours: hours, max_opens: opens, pin })), `${hours} ${opens} ${pin}`).toEqual([]);
    }
    for (const [hours, opens, pin] of [
      [0, null, null],
      [1.5, null, null],
      [168, 1001, null],
      [168, 2.5, null],
      [168, null, "123456789"],
      [168, null, "12a4"],
    ] as const) {
      expect(shareIssues(request({ record_ids: ["r"], expires_in_hours: hours, max_opens: opens, pin })), `${hours} ${opens} ${pin}`).not.toEqual([]);
    }
    expect(professionalIssues({ name: "x".repeat(200), specialty: "y".repeat(100), rpps: "100 035 915 86", email: "p@cabinet.fr" })).toEqual([]);
    expect(professionalIssues({ name: "x".repeat(201), specialty: "", rpps: "", email: " " }).map((i) => i.problem)).toEqual(["too_long", "required"]);
  });

  it("trims, drops blanks and repeated ids", () => {
    expect(
      normaliseShareRequest(
        request({ record_ids: ["a", "a", "b"], pin: " ", professional: { name: " Dr Paul ", specialty: " ORL ", rpps: " 100 0359 1586 ", email: "" } }),
      ),
    ).toMatchObject({ record_ids: ["a", "b"], pin: null, professional: { name: "Dr Paul", specialty: "ORL", rpps: "10003591586", email: null } });
  });
});

describe("age secret keys", () => {
  it("are Bech32 with a valid checksum, 74 characters", () => {
    const key = ageSecretKey();
    expect(key).toMatch(/^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/);
    expect(key).toHaveLength(74);
    expect(bech32Valid(key)).toBe(true);
    expect(bech32Valid(key.slice(0, -1) + (key.endsWith("Q") ? "P" : "Q"))).toBe(false);
    expect(ageSecretKey()).not.toBe(key);
    // BIP 173's test vector.
    expect(bech32Valid("A12UEL5L")).toBe(true);
    expect(bech32Encode("a", new Uint8Array(0))).toBe("a12uel5l");
  });
});

describe("memory backend: the relay address", () => {
  it("is unset at first, then kept normalised; a bad one is refused under the field", async () => {
    const b = await withProfile();
    expect(await b.shareRelay()).toBeNull();
    for (const address of ["", "relay.example", "ftp://relay.example", "https://"]) {
      await expect(b.setShareRelay(address, "ABCD-123456", "PC"), address).rejects.toMatchObject({ code: "invalid_address", field: "relay" });
    }
    await expect(b.setShareRelay("ici", "ABCD-123456", "PC")).rejects.toThrow("Cette adresse de serveur n'est pas valable. Exemple : https://partage.exemple.fr");
    // The access code links this computer to an account on the relay: without one, nothing is kept.
    await expect(b.setShareRelay(RELAY, "", "PC")).rejects.toMatchObject({ code: "invalid_code", field: "code" });
    expect(await b.shareRelay()).toBeNull();
    expect(await b.setShareRelay(` ${RELAY}/ `, "ABCD-123456", "PC")).toBe(RELAY);
    expect(await b.shareRelay()).toBe(RELAY);
  });

  it("belongs to the profile, and is the national-space gateway until one is set", async () => {
    const b = await withProfile();
    await b.pairSync("https://passerelle.exemple.fr", "ABCD-123456", "PC");
    expect(await b.shareRelay()).toBe("https://passerelle.exemple.fr");
    await b.setShareRelay(RELAY, "ABCD-123456", "PC");
    expect(await b.shareRelay()).toBe(RELAY);
    await b.createProfile({ name: "Tom", birth_date: "2021-01-01", sex: "male" });
    expect(await b.shareRelay()).toBeNull();
    await b.lock();
    await expect(b.shareRelay()).rejects.toMatchObject({ code: "locked" });
  });
});

describe("memory backend: creating a share", () => {
  it("checks the request like the vault, one field at a time (options, then items), in its language", async () => {
    const { b, ids } = await ready();
    await expect(b.createShare(request())).rejects.toMatchObject({ code: "invalid", field: "items" });
    await expect(b.createShare(request({ pin: "12" }))).rejects.toMatchObject({ code: "invalid", field: "pin" });
    const cases: [Partial<ShareRequest>, string, string][] = [
      [{ professional: { name: "", specialty: "ORL", rpps: null, email: null } }, "professional.name", "Ce champ est obligatoire."],
      [{ professional: { name: "x".repeat(201), specialty: "ORL", rpps: null, email: null } }, "professional.name", "Ce texte est trop long (200 caractères au plus)."],
      [{ professional: { name: "Dr A", specialty: "y".repeat(101), rpps: null, email: null } }, "professional.specialty", "Ce texte est trop long (100 caractères au plus)."],
      [{ professional: { name: "Dr A", specialty: "ORL", rpps: "1234567890", email: null } }, "professional.rpps", "Le numéro RPPS doit comporter exactement 11 chiffres."],
      [{ professional: { name: "Dr A", specialty: "ORL", rpps: null, email: "a@b" } }, "professional.email", "Cette adresse e-mail n'est pas valable."],
      [{ expires_in_hours: 721 }, "expires_in_hours", "La durée doit être comprise entre 1 heure et 30 jours."],
      [{ max_opens: 0 }, "max_opens", "Le nombre d'ouvertures doit être compris entre 1 et 1000."],
      [{ pin: "12" }, "pin", "Le code PIN doit comporter de 4 à 8 chiffres."],
    ];
    for (const [over, field, message] of cases) {
      const err = await b.createShare(request({ record_ids: ids, ...over })).catch((e) => e);
      expect(err, field).toMatchObject({ code: "invalid", field, message });
    }
    b.lang = "en";
    await expect(b.createShare(request({ record_ids: ids, pin: "12" }))).rejects.toThrow("The PIN must have 4 to 8 digits.");
    await expect(b.createShare(request({ record_ids: ["nope"] }))).rejects.toMatchObject({ code: "not_found" });
    expect(await b.shares()).toEqual([]);
  });

  it("needs a relay address, then the relay itself", async () => {
    const b = await withProfile();
    const r = await b.addRecord({ kind: "condition", data: { name: "Asthme", status: "active" } });
    await expect(b.createShare(request({ record_ids: [r.id] }))).rejects.toMatchObject({
      code: "no_relay",
      message: "Aucun serveur de partage n'est indiqué. Indiquez son adresse dans Réglages, rubrique « Partage de liens ».",
    });
    await b.setShareRelay(RELAY, "ABCD-123456", "PC");
    b.relay.reachable = false;
    await expect(b.createShare(request({ record_ids: [r.id] }))).rejects.toMatchObject({ code: "offline" });
    b.relay.reachable = true;
    b.relay.failing = true;
    await expect(b.createShare(request({ record_ids: [r.id] }))).rejects.toMatchObject({ code: "server_error" });
    b.relay.failing = false;
    expect(await b.shares()).toEqual([]);
    await expect(b.createShare(request({ record_ids: [r.id] }))).resolves.toMatchObject({ state: "active" });
  });

  it("gives a link of the relay with a fresh id and secret, and the share's details", async () => {
    vi.useFakeTimers({ now: new Date("2026-03-01T10:00:00Z"), toFake: ["Date"] });
    const { b, ids } = await ready();
    const share = await b.createShare(
      request({
        record_ids: [...ids, ids[0] ?? ""],
        professional: { name: " Dr Paul Durand ", specialty: "Cardiologie", rpps: "10003591586", email: "p.durand@cabinet.fr" },
        expires_in_hours: 24,
        max_opens: 1,
        pin: "4821",
      }),
    );
    const [, id, secret] = LINK.exec(share.link ?? "") ?? [];
    expect(id).toBe(share.id);
    expect(bech32Valid(secret ?? "")).toBe(true);
    expect(share).toEqual({
      id,
      link: share.link,
      professional: { name: "Dr Paul Durand", specialty: "Cardiologie", rpps: "10003591586", email: "p.durand@cabinet.fr" },
      created_at: "2026-03-01T10:00:00.000Z",
      expires_at: "2026-03-02T10:00:00.000Z",
      max_opens: 1,
      opens: 0,
      has_pin: true,
      state: "active",
      record_count: 2,
      document_count: 0,
      checked_at: null,
    });
    const other = await b.createShare(request({ record_ids: ids }));
    expect(other.id).not.toBe(share.id);
    expect(other.link?.split("#")[1]).not.toBe(secret);
    // Newest first, from the vault.
    expect((await b.shares()).map((s) => s.id)).toEqual([other.id, share.id]);
  });

  it("shares documents, hidden ones too, but not one whose content has not arrived", async () => {
    const { b, ids } = await ready();
    const [file] = offerFiles([new File([new TextEncoder().encode("%PDF-1.4\n% test\n")], "bilan.pdf")]);
    if (!file) throw new Error("no file");
    const doc = await b.importDocument(file, { title: "Bilan", type_code: "11502-2", date: "2024-03-12", source: "patient", hidden: true }, () => undefined);
    const share = await b.createShare(request({ record_ids: [ids[0] ?? ""], document_ids: [doc.id] }));
    expect(share).toMatchObject({ record_count: 1, document_count: 1 });
    await expect(b.createShare(request({ document_ids: ["nope"] }))).rejects.toMatchObject({ code: "not_found" });
    // A document deposited through the national space, its content still there.
    await b.pairSync("https://passerelle.exemple.fr", "ABCD-123456", "PC");
    b.national.hold("download");
    const syncing = b.syncNow(() => undefined).catch(() => undefined);
    let deposited: string | undefined;
    for (let i = 0; i < 50 && !deposited; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      deposited = (await b.listDocuments()).find((d) => d.source === "professional")?.id;
    }
    await b.cancelSync();
    await syncing;
    b.national.hold(null);
    await expect(b.createShare(request({ document_ids: [deposited ?? ""] }))).rejects.toMatchObject({ code: "content_pending" });
  });

  it("keeps each profile's shares to itself", async () => {
    const { b, ids } = await ready();
    await b.createShare(request({ record_ids: ids }));
    await b.createProfile({ name: "Tom", birth_date: "2021-01-01", sex: "male" });
    expect(await b.shares()).toEqual([]);
  });
});

describe("memory backend: a share's life", () => {
  it("counts opens, logs them, and is used up at its limit", async () => {
    const { b, ids } = await ready();
    const share = await b.createShare(request({ record_ids: ids, max_opens: 2 }));
    expect(b.relay.open(share.link ?? "", { client: "Chrome · Linux" })).toBe("opened");
    // The vault does not know before it asks the relay.
    expect((await b.shares())[0]).toMatchObject({ opens: 0, state: "active" });
    let details = await b.refreshShare(share.id);
    expect(details.share).toMatchObject({ opens: 1, state: "active" });
    expect(details.share.checked_at).not.toBeNull();
    expect(details.accesses).toEqual([{ at: expect.any(String), client: "Chrome · Linux", outcome: "opened" }]);
    expect(b.relay.open(share.id)).toBe("opened");
    expect(b.relay.open(share.id)).toBe("not_available");
    details = await b.refreshShare(share.id);
    expect(details.share).toMatchObject({ opens: 2, state: "exhausted", link: null });
    expect(details.accesses.map((a) => a.client)).toEqual(["Firefox · Windows", "Chrome · Linux"]);
    expect((await b.shares())[0]).toMatchObject({ state: "exhausted", link: null });
  });

  it("asks for the PIN, logs wrong ones and locks after five", async () => {
    const { b, ids } = await ready();
    const share = await b.createShare(request({ record_ids: ids, pin: "4821" }));
    expect(b.relay.open(share.id)).toBe("pin_required");
    expect(b.relay.open(share.id, { pin: "0000" })).toBe("wrong_pin");
    expect(b.relay.open(share.id, { pin: "4821" })).toBe("opened");
    let details = await b.refreshShare(share.id);
    expect(details.accesses.map((a) => a.outcome)).toEqual(["opened", "wrong_pin"]);
    for (let i = 1; i < PIN_TRIES; i++) expect(b.relay.open(share.id, { pin: "1111" })).toBe("wrong_pin");
    expect(b.relay.open(share.id, { pin: "4821" })).toBe("not_available");
    details = await b.refreshShare(share.id);
    expect(details.share.state).toBe("locked");
    expect(details.accesses.filter((a) => a.outcome === "wrong_pin")).toHaveLength(PIN_TRIES);
  });

  it("expires with time, seen by the vault on its own", async () => {
    const { b, ids } = await ready();
    const share = await b.createShare(request({ record_ids: ids, expires_in_hours: 2 }));
    b.relay.age(1);
    expect((await b.shares())[0]).toMatchObject({ state: "active" });
    b.relay.age(1);
    expect((await b.shares())[0]).toMatchObject({ state: "expired", link: null });
    expect(b.relay.open(share.id)).toBe("not_available");
    expect((await b.refreshShare(share.id)).share.state).toBe("expired");
  });

  it("is revoked on the relay: the link no longer opens", async () => {
    const { b, ids } = await ready();
    const share = await b.createShare(request({ record_ids: ids }));
    b.relay.reachable = false;
    await expect(b.revokeShare(share.id)).rejects.toMatchObject({ code: "offline" });
    await expect(b.refreshShare(share.id)).rejects.toMatchObject({ code: "offline" });
    expect((await b.shares())[0]?.state).toBe("active");
    b.relay.reachable = true;
    expect(await b.revokeShare(share.id)).toMatchObject({ state: "revoked", link: null });
    expect(b.relay.open(share.link ?? "")).toBe("not_available");
    expect((await b.shares())[0]).toMatchObject({ state: "revoked", link: null });
    await expect(b.revokeShare("nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(b.refreshShare("nope")).rejects.toMatchObject({ code: "not_found" });
  });
});
