// The national space as the in-memory backend plays it: linking with a
// one-time code, syncs with progress (records, then documents up and down),
// the access history, a document deposited by a professional, and fields
// edited on two devices at once. Same codes, fields and sentences as the
// vault; the `national` handle lets tests play the server's part.
import type { Backend } from "./backend";
import { sha256Hex } from "./memory-files";
import { onePagePdf } from "./memory-pdf";
import { vaultTitle } from "./memory-records";
import { localDate, vaultError } from "./memory-vault";
import { invalid } from "./memory-vault";
import type { AccessEntry, AllowedProfessional, Conflict, DocumentMeta, ErrorCode, HealthRecord, Lang, SyncPhase, SyncProgress, SyncReport, SyncStatus } from "./types";

/** What syncing needs of a profile of the in-memory backend. */
export interface SyncedProfile {
  summary: { id: string };
  records: HealthRecord[];
}

export interface SyncedDocument {
  meta: DocumentMeta;
  bytes: Uint8Array<ArrayBuffer>;
}

export interface SyncHost<P extends SyncedProfile> {
  lang(): Lang;
  /** The open profile, or throws like the vault (`locked`, `no_profile`). */
  open(): P;
  documentsOf(p: P): SyncedDocument[];
  newId(): string;
}

/** The server's part, played by browser and unit tests. Not part of `Backend`. */
export interface NationalSpace {
  /** `false`: the server cannot be reached; linking and syncing reject with `offline`. */
  reachable: boolean;
  /** Syncs wait before `phase` until `hold(null)` or a cancel (to watch the progress, or cancel). */
  hold(phase: SyncPhase | null): void;
  /**
   * Another device of the same person changes `field` (a key of the record's
   * data, or "notes") of the record called `title`, at the same time as this
   * one: the next sync brings a conflict on that field.
   */
  editElsewhere(title: string, field: string, value: unknown): void;
}

export type SyncMethods = Pick<
  Backend,
  | "syncStatus"
  | "pairSync"
  | "unpairSync"
  | "syncNow"
  | "cancelSync"
  | "newPairingCode"
  | "accessHistory"
  | "listConflicts"
  | "allowedProfessionals"
  | "allowProfessional"
  | "withdrawProfessional"
>;

/** The professional of the first sync. */
export const DEPOSIT = {
  name: "Dr Claire Martin",
  rpps: "10003591586",
  title: "Compte rendu de biologie",
  type_code: "11502-2",
  file_name: "compte-rendu-de-biologie.pdf",
} as const;

export const CODE = /^[A-Z0-9]{4}-?[A-Z0-9]{6}$/i;
const HOUR = 3_600_000;

/** The national space's copy of one profile, and this device's link to it. */
interface Copy {
  link: { server: string; device: string; last_sync?: string } | null;
  /** Contents (sha256) the server holds. */
  onServer: Set<string>;
  /** Documents listed here whose content is still on the server only, by id. */
  pending: Map<string, Uint8Array<ArrayBuffer>>;
  /** Oldest first. */
  access: AccessEntry[];
  /** By record id. */
  conflicts: Map<string, Conflict[]>;
  deposited: boolean;
  /** Professionals who may read the record, by RPPS; `withdrawn` ones stay withdrawn after deposits. */
  allowed: Map<string, AllowedProfessional | "withdrawn">;
}

/** The professionals the national space knows, by RPPS. */
const DIRECTORY: Record<string, string> = { [DEPOSIT.rpps]: DEPOSIT.name, "10001045367": "Dr Paul Durand" };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `http(s)://host`, trimmed and without its last slash; `null` for anything else. */
export function serverAddress(address: string): string | null {
  const trimmed = address.trim().replace(/\/+$/, "");
  try {
    const url = new URL(trimmed);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname ? trimmed : null;
  } catch {
    return null;
  }
}

export function createMemorySync<P extends SyncedProfile>(host: SyncHost<P>) {
  const copies = new Map<string, Copy>();
  const copyOf = (p: P): Copy => {
    let c = copies.get(p.summary.id);
    if (!c) {
      c = { link: null, onServer: new Set(), pending: new Map(), access: [], conflicts: new Map(), deposited: false, allowed: new Map() };
      copies.set(p.summary.id, c);
    }
    return c;
  };
  const fail = (code: ErrorCode, field?: string): never => {
    throw vaultError(code, host.lang(), field);
  };

  let reachable = true;
  let held: SyncPhase | null = null;
  let cancelRequested = false;
  let codes = 0;
  const edits: { title: string; field: string; value: unknown }[] = [];
  const online = () => reachable && globalThis.navigator?.onLine !== false;

  /** What a professional deposited through the national space before the first sync. */
  async function deposit(p: P, copy: Copy): Promise<void> {
    const bytes = onePagePdf([
      DEPOSIT.title,
      `${DEPOSIT.name}, RPPS ${DEPOSIT.rpps}`,
      "Glycémie à jeun : 0,92 g/L",
      "Cholestérol total : 1,85 g/L",
    ]);
    const now = Date.now();
    const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR).toISOString();
    const meta: DocumentMeta = {
      id: host.newId(),
      title: DEPOSIT.title,
      type_code: DEPOSIT.type_code,
      date: localDate(),
      author: DEPOSIT.name,
      author_rpps: DEPOSIT.rpps,
      source: "professional",
      hidden: false,
      file_name: DEPOSIT.file_name,
      media_type: "application/pdf",
      size: bytes.length,
      sha256: await sha256Hex(bytes),
      created_at: at(3),
      updated_at: at(3),
    };
    // The listing arrives first; the content comes with the documents.
    host.documentsOf(p).push({ meta, bytes: new Uint8Array(0) });
    copy.pending.set(meta.id, bytes);
    copy.onServer.add(meta.sha256);
    const pro = { rpps: DEPOSIT.rpps, name: DEPOSIT.name };
    copy.access.push(
      { at: at(3), ...pro, action: "deposit", document_id: meta.id },
      { at: at(2), ...pro, action: "read_record" },
      { at: at(1), ...pro, action: "read_document", document_id: meta.id },
    );
    copy.deposited = true;
    if (!copy.allowed.has(DEPOSIT.rpps)) {
      copy.allowed.set(DEPOSIT.rpps, { rpps: DEPOSIT.rpps, name: DEPOSIT.name, because: "deposit", since: at(3) });
    }
  }

  /** Edits made elsewhere at the same time: the other device's value is the one shown. */
  function receiveEdits(p: P, copy: Copy): number {
    let changed = 0;
    for (const edit of edits.splice(0)) {
      const i = p.records.findIndex((r) => vaultTitle(r, "fr") === edit.title || vaultTitle(r, "en") === edit.title);
      const record = p.records[i];
      if (!record) continue;
      const data = { ...(record.data as unknown as Record<string, unknown>) };
      const here = edit.field === "notes" ? record.notes : data[edit.field];
      if (edit.field === "notes") {
        p.records[i] = { ...record, notes: String(edit.value), updated_at: new Date().toISOString() };
      } else {
        data[edit.field] = edit.value;
        p.records[i] = { ...record, data, updated_at: new Date().toISOString() } as unknown as HealthRecord;
      }
      if (here !== undefined && JSON.stringify(here) !== JSON.stringify(edit.value)) {
        const others = (copy.conflicts.get(record.id) ?? []).filter((c) => c.field !== edit.field);
        copy.conflicts.set(record.id, [...others, { field: edit.field, values: [edit.value, here] }]);
      }
      changed += 1;
    }
    return changed;
  }

  async function decide(raw: string, allow: boolean): Promise<AllowedProfessional[]> {
    const rpps = raw.replace(/\s/g, "");
    if (!/^\d{11}$/.test(rpps)) throw invalid(host.lang(), "rpps", "invalid_rpps");
    const copy = copyOf(host.open());
    if (!copy.link) fail("not_paired");
    await sleep(0);
    if (!online()) fail("offline");
    const now = new Date().toISOString();
    const current = copy.allowed.get(rpps);
    if (allow && (current === undefined || current === "withdrawn" || current.because !== "patient")) {
      copy.allowed.delete(rpps);
      copy.allowed.set(rpps, { rpps, name: DIRECTORY[rpps] ?? null, because: "patient", since: now });
    } else if (!allow) {
      copy.allowed.set(rpps, "withdrawn");
    }
    return methods.allowedProfessionals();
  }

  const methods: SyncMethods = {
    async syncStatus(): Promise<SyncStatus> {
      const copy = copyOf(host.open());
      const status: SyncStatus = { paired: copy.link !== null, pending_documents: copy.pending.size };
      if (copy.link) status.server = copy.link.server;
      if (copy.link?.last_sync) status.last_sync = copy.link.last_sync;
      return status;
    },
    async pairSync(server, code, deviceName) {
      const address = serverAddress(server) ?? fail("invalid_address", "server");
      const p = host.open();
      if (!CODE.test(code.trim())) fail("invalid_code", "code");
      await sleep(0);
      if (!online()) fail("offline");
      copyOf(p).link = { server: address, device: deviceName.trim() };
      return methods.syncStatus();
    },
    async unpairSync() {
      // Forgotten here whether or not the server hears it; the data stays.
      copyOf(host.open()).link = null;
    },
    async syncNow(onProgress: (p: SyncProgress) => void): Promise<SyncReport> {
      const p = host.open();
      const copy = copyOf(p);
      const link = copy.link ?? fail("not_paired");
      cancelRequested = false;
      const report: SyncReport = {
        rounds: 0,
        bytes_sent: 0,
        bytes_received: 0,
        records_changed: 0,
        documents_changed: 0,
        uploaded: 0,
        downloaded: 0,
        still_missing: 0,
      };
      const emit = (phase: SyncPhase, done = 0, total = 0) =>
        onProgress({ phase, bytes_sent: report.bytes_sent, bytes_received: report.bytes_received, items_done: done, items_total: total });
      const check = async () => {
        await sleep(0);
        if (cancelRequested) fail("cancelled");
        if (!online()) fail("offline");
      };
      const phase = async (next: SyncPhase) => {
        while (held === next && !cancelRequested) await sleep(20);
        await check();
      };
      const size = (value: unknown) => JSON.stringify(value ?? null).length;

      // Records: two rounds, one to exchange the changes, one to agree.
      await phase("records");
      report.rounds += 1;
      report.bytes_sent += size(p.records);
      report.records_changed += receiveEdits(p, copy);
      if (!copy.deposited) {
        await deposit(p, copy);
        report.documents_changed += 1;
      }
      report.bytes_received += 512 + 256 * (report.records_changed + report.documents_changed);
      emit("records");
      await check();
      report.rounds += 1;
      report.bytes_sent += 64;
      report.bytes_received += 64;
      emit("records");

      // Documents up: the contents the server does not have.
      await phase("upload");
      const up = host.documentsOf(p).filter((d) => !copy.onServer.has(d.meta.sha256) && !copy.pending.has(d.meta.id));
      emit("upload", 0, up.length);
      for (const [n, d] of up.entries()) {
        await check();
        copy.onServer.add(d.meta.sha256);
        report.uploaded += 1;
        report.bytes_sent += d.bytes.length;
        emit("upload", n + 1, up.length);
      }

      // Documents down: the contents listed here but not arrived yet.
      await phase("download");
      const down = [...copy.pending.keys()];
      emit("download", 0, down.length);
      for (const [n, docId] of down.entries()) {
        await check();
        const bytes = copy.pending.get(docId);
        const d = host.documentsOf(p).find((x) => x.meta.id === docId);
        if (d && bytes) {
          d.bytes = bytes;
          report.downloaded += 1;
          report.bytes_received += bytes.length;
        }
        copy.pending.delete(docId);
        emit("download", n + 1, down.length);
      }
      link.last_sync = new Date().toISOString();
      return report;
    },
    async cancelSync() {
      cancelRequested = true;
    },
    async newPairingCode() {
      const copy = copyOf(host.open());
      if (!copy.link) fail("not_paired");
      await sleep(0);
      if (!online()) fail("offline");
      codes += 1;
      return `MESP-${String(271828 + 1009 * codes).slice(-6)}`;
    },
    async accessHistory(limit) {
      const list = [...copyOf(host.open()).access].sort((a, b) => b.at.localeCompare(a.at));
      return list.slice(0, Math.max(0, limit)).map((e) => ({ ...e }));
    },
    async allowedProfessionals() {
      const copy = copyOf(host.open());
      if (!copy.link) fail("not_paired");
      await sleep(0);
      if (!online()) fail("offline");
      return [...copy.allowed.values()].filter((a): a is AllowedProfessional => a !== "withdrawn").map((a) => ({ ...a }));
    },
    async allowProfessional(rpps) {
      return decide(rpps, true);
    },
    async withdrawProfessional(rpps) {
      return decide(rpps, false);
    },
    async listConflicts() {
      const copy = copyOf(host.open());
      return Object.fromEntries([...copy.conflicts].map(([recordId, list]) => [recordId, list.map((c) => ({ field: c.field, values: [...c.values] }))]));
    },
  };

  const national: NationalSpace = {
    get reachable() {
      return reachable;
    },
    set reachable(value: boolean) {
      reachable = value;
    },
    hold(phase) {
      held = phase;
    },
    editElsewhere(title, field, value) {
      edits.push({ title, field, value });
    },
  };

  return {
    methods,
    national,
    /** A document whose content has not arrived here yet. */
    isPending: (p: P, docId: string): boolean => copyOf(p).pending.has(docId),
    /** A record was saved or deleted here: its fields are written again, so no conflict remains. */
    recordWritten: (p: P, recordId: string): void => void copyOf(p).conflicts.delete(recordId),
    documentDeleted: (p: P, docId: string): void => void copyOf(p).pending.delete(docId),
  };
}
