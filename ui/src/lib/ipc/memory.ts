// An in-memory backend with the same behaviour the screens rely on (codes,
// messages, fields), for browser tests without the Rust side.
import { type Backend, CarnetError } from "./backend";
import { searchItems, validateRecord, vaultSearchText, vaultTitle } from "./memory-records";
import { DOCUMENT_TYPES } from "./document-types";
import { browserFiles, chunksOf, concat, fileFor, fromBase64, listenForDrops, offerFiles, sha256Hex, toBase64 } from "./memory-files";
import {
  BACKUP_MAGIC,
  IMPORT_CHUNK,
  MAX_DOCUMENT_BYTES,
  MAX_PREVIEW_BYTES,
  MEMBER_NAME,
  cleanFileName,
  invalid,
  localDate,
  tooLarge,
  validateDocumentInput,
  vaultError,
  weakPassphrase,
} from "./memory-vault";
import { type NationalSpace, createMemorySync } from "./memory-sync";
import { type ShareRelay, createMemoryShares } from "./memory-shares";
import { sniffMediaType } from "./sniff";
import type {
  AuditAction,
  AuditEntry,
  DocumentInput,
  DocumentMeta,
  ErrorCode,
  HealthRecord,
  Lang,
  MemberSummary,
  Overview,
  ProfileInfo,
  ProfileSummary,
  RecordBody,
  Status,
} from "./types";

const MIN_PASSPHRASE = 8;

interface Member extends MemberSummary {
  passphrase: string;
}

interface Profile {
  summary: ProfileSummary;
  info: ProfileInfo;
  records: HealthRecord[];
  /** Oldest first; `auditLog` returns it newest first. */
  audit: AuditEntry[];
}

const messages = {
  wrong_passphrase: {
    fr: "La phrase de passe n'est pas la bonne. Vérifiez les majuscules et réessayez.",
    en: "That passphrase is not the right one. Check capital letters and try again.",
  },
  weak_passphrase: {
    fr: "La phrase de passe est trop courte : il faut au moins 8 caractères.",
    en: "The passphrase is too short: it needs at least 8 characters.",
  },
  locked: { fr: "Le carnet est verrouillé. Déverrouillez-le d'abord.", en: "The vault is locked. Unlock it first." },
  no_profile: { fr: "Choisissez d'abord un profil.", en: "Choose a profile first." },
  not_found: { fr: "Élément introuvable.", en: "Item not found." },
  required: { fr: "Ce champ est obligatoire.", en: "This field is required." },
  kind_changed: { fr: "Le type d'une fiche ne peut pas changer.", en: "The type of an entry cannot change." },
} as const;

/** The in-memory backend, and the national space's and share relay's parts for tests to play. */
export type MemoryBackend = Backend & { lang: Lang; readonly national: NationalSpace; readonly relay: ShareRelay };

export function createMemoryBackend(): MemoryBackend {
  const members: Member[] = [];
  const profiles: Profile[] = [];
  let current: Member | null = null;
  let profile: Profile | null = null;
  let nextId = 1;
  const id = () => `id-${nextId++}`;

  const self = {
    lang: "fr" as Lang,
  };
  const fail = (code: keyof typeof messages, field?: string): never => {
    const c = code === "required" || code === "kind_changed" ? "invalid" : code;
    throw new CarnetError(c, messages[code][self.lang], field);
  };
  const session = (): Member => current ?? fail("locked");
  const open = (): Profile => {
    session();
    return profile ?? fail("no_profile");
  };
  const required = (value: string, field: string) => {
    if (!value.trim()) fail("required", field);
  };
  const summary = (m: Member): MemberSummary => ({ id: m.id, name: m.name });
  /** Records what the current member did to profile `p`, like the vault's audit log. */
  const audit = (p: Profile, action: AuditAction, target_kind?: string, target_id?: string) => {
    const entry: AuditEntry = { at: new Date().toISOString(), member: session().id, action };
    if (target_kind) entry.target_kind = target_kind;
    if (target_id) entry.target_id = target_id;
    p.audit.push(entry);
  };

  // Documents, family, passphrase and backups (documents, family and settings screens).
  interface StoredDocument {
    meta: DocumentMeta;
    bytes: Uint8Array<ArrayBuffer>;
  }
  /** What an in-memory backup file holds after its first line. */
  interface MemoryBackup {
    members: Member[];
    profiles: (Profile & { documents: { meta: DocumentMeta; bytes: string }[] })[];
    next_id: number;
  }
  /** Documents of each profile, by profile id. */
  const documents = new Map<string, StoredDocument[]>();
  const documentsOf = (p: Profile): StoredDocument[] => {
    const list = documents.get(p.summary.id) ?? [];
    documents.set(p.summary.id, list);
    return list;
  };
  /** Most recent date first, like `Profile::documents`. */
  const sortedDocuments = (p: Profile): DocumentMeta[] =>
    documentsOf(p)
      .map((d) => ({ ...d.meta }))
      .sort((a, b) => b.date.localeCompare(a.date) || b.created_at.localeCompare(a.created_at));
  const findDocument = (p: Profile, docId: string): StoredDocument =>
    documentsOf(p).find((d) => d.meta.id === docId) ?? fail("not_found");
  const inputOf = (m: DocumentMeta): DocumentInput => ({
    title: m.title,
    type_code: m.type_code,
    date: m.date,
    author: m.author,
    author_rpps: m.author_rpps,
    source: m.source,
    hidden: m.hidden,
    notes: m.notes,
  });
  const updateDocumentIn = (p: Profile, docId: string, input: DocumentInput): DocumentMeta => {
    const valid = validateDocumentInput(input, self.lang);
    const d = findDocument(p, docId);
    const { id: keep, file_name, media_type, size, sha256, created_at } = d.meta;
    d.meta = { ...valid, id: keep, file_name, media_type, size, sha256, created_at, updated_at: new Date().toISOString() };
    audit(p, "document_updated", "document", docId);
    return { ...d.meta };
  };
  /** Set by `cancelImport` while an import runs; the import then stops at its next chunk. */
  let cancelRequested = false;
  const err = (code: ErrorCode, field?: string): never => {
    throw vaultError(code, self.lang, field);
  };
  const findMember = (idOrName: string): Member => {
    const wanted = idOrName.trim().toLowerCase();
    return members.find((m) => m.id === idOrName.trim() || m.name.toLowerCase() === wanted) ?? err("not_found");
  };
  /** A profile the current member holds a key for, like `Session::profile_key`. */
  const held = (profileId: string): Profile => {
    const me = session();
    const p = profiles.find((x) => x.summary.id === profileId) ?? err("not_found");
    if (!p.summary.holders.some((h) => h.member_id === me.id)) err("no_access");
    return p;
  };
  const checkNewPassphrase = (passphrase: string) => {
    if ([...passphrase].length < MIN_PASSPHRASE) throw weakPassphrase(self.lang, MIN_PASSPHRASE);
  };
  /** Lets the page draw a progress bar between two steps. */
  const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  // Sync with the national space (memory-sync.ts).
  const sync = createMemorySync({ lang: () => self.lang, open, documentsOf, newId: id });
  // Share links through a relay (memory-shares.ts).
  const shares = createMemoryShares({
    lang: () => self.lang,
    open,
    documentsOf,
    isPending: sync.isPending,
    syncServer: async () => (await sync.methods.syncStatus()).server ?? null,
  });

  const backend: MemoryBackend = {
    get lang() {
      return self.lang;
    },
    set lang(l: Lang) {
      self.lang = l;
    },
    national: sync.national,
    relay: shares.relay,
    ...sync.methods,
    ...shares.methods,
    async status(): Promise<Status> {
      return {
        vault_exists: members.length > 0,
        unlocked: current !== null,
        member: current ? summary(current) : null,
        profile_id: profile?.summary.id ?? null,
      };
    },
    async listMembers() {
      return members.map(summary);
    },
    async createVault(memberName, passphrase) {
      required(memberName, "name");
      if (passphrase.length < MIN_PASSPHRASE) fail("weak_passphrase", "passphrase");
      const m = { id: id(), name: memberName.trim(), passphrase };
      members.push(m);
      current = m;
      return summary(m);
    },
    async unlock(member, passphrase) {
      const m = members.find((x) => x.id === member || x.name.toLowerCase() === member.toLowerCase());
      if (!m) return fail("not_found");
      if (m.passphrase !== passphrase) fail("wrong_passphrase");
      current = m;
      profile = null;
      return summary(m);
    },
    async lock() {
      current = null;
      profile = null;
    },
    async setLanguage(lang) {
      self.lang = lang;
    },
    async listProfiles() {
      const me = session();
      return profiles.filter((p) => p.summary.holders.some((h) => h.member_id === me.id)).map((p) => p.summary);
    },
    async createProfile(info) {
      const me = session();
      required(info.name, "name");
      required(info.birth_date, "birth_date");
      const p: Profile = {
        summary: { id: id(), info, holders: [{ member_id: me.id, member_name: me.name, role: "owner" }] },
        info,
        records: [],
        audit: [],
      };
      profiles.push(p);
      profile = p;
      audit(p, "profile_created");
      return p.summary;
    },
    async selectProfile(profileId) {
      session();
      profile = profiles.find((p) => p.summary.id === profileId) ?? fail("not_found");
      audit(profile, "profile_opened");
    },
    async overview(): Promise<Overview> {
      const p = open();
      const of = (kind: string) => p.records.filter((r) => r.kind === kind);
      // Like the vault: each section shows its first 20 and says how many in all.
      const sections = {
        allergies: of("allergy"),
        current_treatments: of("treatment"),
        vaccinations: of("vaccination"),
        next_due: of("vaccination").filter((r) => r.kind === "vaccination" && r.data.next_due),
        conditions: of("condition"),
      };
      const first = (list: HealthRecord[]) => list.slice(0, 20);
      return {
        profile: p.summary,
        info: p.info,
        allergies: first(sections.allergies),
        current_treatments: first(sections.current_treatments),
        vaccinations: first(sections.vaccinations),
        next_due: first(sections.next_due),
        conditions: first(sections.conditions),
        totals: {
          allergies: sections.allergies.length,
          current_treatments: sections.current_treatments.length,
          vaccinations: sections.vaccinations.length,
          next_due: sections.next_due.length,
          conditions: sections.conditions.length,
        },
        latest_measurements: of("measurement"),
        recent_documents: sortedDocuments(p).slice(0, 5),
        record_count: p.records.length,
        document_count: documentsOf(p).length,
      };
    },
    async listRecords(kind) {
      return open().records.filter((r) => !kind || r.kind === kind);
    },
    async addRecord(body: RecordBody, notes?: string) {
      const p = open();
      const valid = validateRecord(body, notes, self.lang);
      const now = new Date().toISOString();
      const record = { ...valid.body, id: id(), created_at: now, updated_at: now, notes: valid.notes } as HealthRecord;
      p.records.unshift(record);
      audit(p, "record_created", "record", record.id);
      return record;
    },
    async updateRecord(recordId, body, notes) {
      const p = open();
      const i = p.records.findIndex((r) => r.id === recordId);
      const old = p.records[i] ?? fail("not_found");
      if (old.kind !== body.kind) fail("kind_changed", "kind");
      const valid = validateRecord(body, notes, self.lang);
      const record = { ...valid.body, id: old.id, created_at: old.created_at, updated_at: new Date().toISOString(), notes: valid.notes } as HealthRecord;
      p.records[i] = record;
      sync.recordWritten(p, record.id);
      audit(p, "record_updated", "record", record.id);
      return record;
    },
    async deleteRecord(recordId) {
      const p = open();
      const before = p.records.length;
      p.records = p.records.filter((r) => r.id !== recordId);
      if (p.records.length === before) fail("not_found");
      sync.recordWritten(p, recordId);
      audit(p, "record_deleted", "record", recordId);
    },
    async search(query) {
      const p = open();
      const docs = documentsOf(p).map(({ meta: d }) => ({
        kind: "document" as const,
        id: d.id,
        title: d.title,
        body: [d.author, d.notes, d.file_name].filter(Boolean).join(" "),
      }));
      return searchItems(
        [...p.records.map((r) => ({ kind: r.kind, id: r.id, title: vaultTitle(r, "fr"), body: vaultSearchText(r, r.notes) })), ...docs],
        query,
      );
    },
    async auditLog(limit) {
      const log = open().audit;
      return log.slice(Math.max(0, log.length - limit)).reverse();
    },

    // Passphrase and recovery kit.
    async changePassphrase(currentPassphrase, next) {
      const me = session();
      if (currentPassphrase !== me.passphrase) err("wrong_passphrase", "current");
      checkNewPassphrase(next);
      me.passphrase = next;
    },
    async saveRecoveryKit() {
      const me = session();
      const kit = [
        "-----BEGIN AGE ENCRYPTED FILE-----",
        `Carnet (in-memory test vault): recovery kit of ${me.name}`,
        "-----END AGE ENCRYPTED FILE-----",
        "",
      ].join("\n");
      browserFiles.save(new Blob([kit], { type: "text/plain" }), `carnet-kit-de-secours-${me.name}.txt`);
      return true;
    },

    // Family.
    async addMember(name, passphrase) {
      session();
      const clean = name.trim();
      if (!clean) throw invalid(self.lang, "name", "required");
      if ([...clean].length > MEMBER_NAME) throw invalid(self.lang, "name", "too_long", String(MEMBER_NAME));
      if (members.some((m) => m.name.toLowerCase() === clean.toLowerCase())) err("already_exists");
      checkNewPassphrase(passphrase);
      const m: Member = { id: id(), name: clean, passphrase };
      members.push(m);
      return summary(m);
    },
    async grantAccess(profileId, memberId, role) {
      const target = findMember(memberId);
      const p = held(profileId);
      if (!["owner", "parent", "caregiver"].includes(role)) throw invalid(self.lang, "role", "unknown_choice", role);
      if (p.summary.holders.some((h) => h.member_id === target.id)) err("already_exists");
      p.summary = { ...p.summary, holders: [...p.summary.holders, { member_id: target.id, member_name: target.name, role }] };
      audit(p, "access_granted", "member", target.id);
    },
    async revokeAccess(profileId, memberId) {
      const target = findMember(memberId);
      const p = held(profileId);
      if (!p.summary.holders.some((h) => h.member_id === target.id)) err("not_found");
      const rest = p.summary.holders.filter((h) => h.member_id !== target.id);
      if (rest.length === 0) err("last_key_holder");
      audit(p, "access_revoked", "member", target.id);
      p.summary = { ...p.summary, holders: rest };
      // Access taken from oneself: the profile cannot stay open.
      if (target.id === session().id && profile === p) profile = null;
    },

    // Documents.
    async documentTypes() {
      return DOCUMENT_TYPES.map((t) => ({ ...t }));
    },
    async listDocuments() {
      return sortedDocuments(open());
    },
    async chooseFiles() {
      const files = await browserFiles.pick(true);
      return files ? offerFiles(files) : null;
    },
    async onFilesDropped(handler) {
      return listenForDrops(handler);
    },
    async importDocument(file, input, onProgress) {
      const p = open();
      const valid = validateDocumentInput(input, self.lang);
      const source = fileFor(file.token) ?? err("not_found");
      if (source.size > MAX_DOCUMENT_BYTES) throw tooLarge(self.lang, MAX_DOCUMENT_BYTES);
      cancelRequested = false;
      try {
        const chunks: Uint8Array[] = [];
        let mediaType: string | null = null;
        for await (const { chunk, done } of chunksOf(source, IMPORT_CHUNK)) {
          mediaType ??= sniffMediaType(chunk) ?? err("unsupported_file");
          chunks.push(chunk);
          onProgress({ done, total: source.size });
          if (cancelRequested) err("cancelled");
        }
        if (mediaType === null) return err("unsupported_file");
        const bytes = concat(chunks);
        const now = new Date().toISOString();
        const meta: DocumentMeta = {
          ...valid,
          id: id(),
          file_name: cleanFileName(source.name),
          media_type: mediaType,
          size: bytes.length,
          sha256: await sha256Hex(bytes),
          created_at: now,
          updated_at: now,
        };
        documentsOf(p).push({ meta, bytes });
        audit(p, "document_imported", "document", meta.id);
        return { ...meta };
      } finally {
        cancelRequested = false;
      }
    },
    async cancelImport() {
      cancelRequested = true;
    },
    async documentContent(docId) {
      const p = open();
      const d = findDocument(p, docId);
      if (sync.isPending(p, docId)) err("content_pending");
      if (d.meta.size > MAX_PREVIEW_BYTES) throw tooLarge(self.lang, MAX_PREVIEW_BYTES);
      audit(p, "document_opened", "document", docId);
      return { media_type: d.meta.media_type, bytes: d.bytes.slice() };
    },
    async exportDocument(docId) {
      const p = open();
      const d = findDocument(p, docId);
      if (sync.isPending(p, docId)) err("content_pending");
      browserFiles.save(new Blob([d.bytes], { type: d.meta.media_type }), d.meta.file_name);
      audit(p, "document_exported", "document", docId);
      return true;
    },
    async updateDocument(docId, input) {
      return updateDocumentIn(open(), docId, input);
    },
    async setDocumentHidden(docId, hidden) {
      const p = open();
      return updateDocumentIn(p, docId, { ...inputOf(findDocument(p, docId).meta), hidden });
    },
    async deleteDocument(docId) {
      const p = open();
      findDocument(p, docId);
      sync.documentDeleted(p, docId);
      documents.set(
        p.summary.id,
        documentsOf(p).filter((d) => d.meta.id !== docId),
      );
      audit(p, "document_deleted", "document", docId);
    },

    // Backups: a file of this backend's own format (not the vault's archive).
    async backup(onProgress) {
      const me = session();
      const data: MemoryBackup = {
        members: members.map((m) => ({ ...m })),
        profiles: profiles.map((p) => ({
          ...p,
          documents: documentsOf(p).map((d) => ({ meta: d.meta, bytes: toBase64(d.bytes) })),
        })),
        next_id: nextId,
      };
      const body = new TextEncoder().encode(`${BACKUP_MAGIC}\n${JSON.stringify(data)}`);
      for (let done = 0; done < body.length; ) {
        done = Math.min(body.length, done + IMPORT_CHUNK);
        onProgress({ done, total: body.length });
        await breathe();
      }
      for (const p of profiles) {
        if (p.summary.holders.some((h) => h.member_id === me.id)) audit(p, "backup_created");
      }
      browserFiles.save(new Blob([body], { type: "application/octet-stream" }), `carnet-sauvegarde-${localDate()}.carnet`);
      const files = profiles.reduce((n, p) => n + 1 + documentsOf(p).length, 0);
      return { profiles: profiles.length, files, bytes: body.length };
    },
    async restoreBackup(member, passphrase, onProgress) {
      if (members.length > 0) err("destination_not_empty");
      const picked = await browserFiles.pick(false);
      const file = picked?.[0];
      if (!file) return null;
      const chunks: Uint8Array[] = [];
      for await (const { chunk, done } of chunksOf(file, IMPORT_CHUNK)) {
        chunks.push(chunk);
        onProgress({ done, total: file.size });
        await breathe();
      }
      const text = new TextDecoder().decode(concat(chunks));
      const newline = text.indexOf("\n");
      if (newline < 0 || text.slice(0, newline) !== BACKUP_MAGIC) err("damaged");
      let data: MemoryBackup;
      try {
        data = JSON.parse(text.slice(newline + 1)) as MemoryBackup;
      } catch {
        return err("damaged");
      }
      if (!Array.isArray(data.members) || !Array.isArray(data.profiles)) err("damaged");
      const wanted = member.trim().toLowerCase();
      const m = data.members.find((x) => x.id === member.trim() || x.name.toLowerCase() === wanted) ?? err("not_found");
      if (m.passphrase !== passphrase) err("wrong_passphrase");
      members.splice(0, members.length, ...data.members);
      documents.clear();
      let files = 0;
      profiles.splice(
        0,
        profiles.length,
        ...data.profiles.map(({ documents: stored, ...p }) => {
          documents.set(
            p.summary.id,
            stored.map((d) => ({ meta: d.meta, bytes: fromBase64(d.bytes) })),
          );
          files += 1 + stored.length;
          return p;
        }),
      );
      nextId = Math.max(nextId, Number(data.next_id) || 0);
      current = null;
      profile = null;
      return { profiles: profiles.length, files, bytes: file.size };
    },

    // Who the current profile is about (`Profile::update_info`).
    async updateProfile(info) {
      const p = open();
      required(info.name, "name");
      required(info.birth_date, "birth_date");
      const clean: ProfileInfo = { ...info, name: info.name.trim() };
      p.info = clean;
      p.summary = { ...p.summary, info: clean };
      audit(p, "profile_updated");
      return { ...clean };
    },
  };
  return backend;
}
