// The one interface the screens use. Its one implementation (core.ts) calls
// the core's commands through a transport: Tauri's IPC in the window, the
// development bridge in a browser (tests).
import type {
  CheckUps,
  TodoItem,
  AccessEntry,
  ActivityItem,
  AllowedProfessional,
  AuditEntry,
  BackupSummary,
  ChosenFile,
  Conflict,
  CreatedInvitation,
  DocumentContent,
  DocumentInput,
  DocumentMeta,
  DocumentType,
  ErrorCode,
  HealthRecord,
  ImportProgress,
  Invitation,
  Lang,
  LinkedSync,
  MemberSummary,
  Overview,
  People,
  InvitationPreview,
  Joined,
  Keep,
  PeopleHistoryEntry,
  Person,
  ProfileInfo,
  ProfileSummary,
  RecordBody,
  RecordKind,
  Role,
  SearchHit,
  ShareDetails,
  ShareProfessional,
  ShareRequest,
  ShareSummary,
  Status,
  SyncProgress,
  SyncReport,
  SyncStatus,
  TransferProgress,
  VaccinationCalendar,
  VaccineChoice,
} from "./types";

import { currentLang, translate } from "../i18n";

/** The share wizard's answers as the core checks them (numbers as typed; 0 when one cannot be read). */
export interface ShareCheck {
  items: number;
  professional: ShareProfessional;
  expiresInHours: number;
  maxOpens: number | null;
  pin: string | null;
}

/** An error from the vault: a stable code to branch on and a sentence to show. */
export class CarnetError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = "CarnetError";
    this.code = code;
    this.field = field;
  }

  /** Accepts what a Tauri command rejects with; anything else is internal. */
  static from(raw: unknown): CarnetError {
    if (raw instanceof CarnetError) return raw;
    if (typeof raw === "object" && raw !== null && "code" in raw && "message" in raw) {
      const r = raw as { code: unknown; message: unknown; field?: unknown };
      if (typeof r.code === "string" && typeof r.message === "string") {
        return new CarnetError(
          r.code as ErrorCode,
          r.message,
          typeof r.field === "string" ? r.field : undefined,
        );
      }
    }
    // Not one of the vault's errors (arguments the shell could not read, a
    // closed window): its text is technical, so say it plainly instead.
    return new CarnetError("internal", translate(currentLang(), "common.unexpected"));
  }
}

/**
 * Everything the screens can ask of the vault. File paths never cross this
 * boundary: the shell opens the file dialogs itself and hands back tokens.
 * Methods that pick or save a file resolve to `null` when the user cancels.
 */
export interface Backend {
  // Session
  status(): Promise<Status>;
  listMembers(): Promise<MemberSummary[]>;
  createVault(memberName: string, passphrase: string): Promise<MemberSummary>;
  unlock(member: string, passphrase: string): Promise<MemberSummary>;
  lock(): Promise<void>;
  setLanguage(lang: Lang): Promise<void>;
  changePassphrase(current: string, next: string): Promise<void>;
  /** Asks where to save the recovery kit and writes it; `false` when cancelled. */
  saveRecoveryKit(): Promise<boolean>;

  // Family: members and who can open which profile
  addMember(name: string, passphrase: string): Promise<MemberSummary>;
  grantAccess(profileId: string, memberId: string, role: Role): Promise<void>;
  revokeAccess(profileId: string, memberId: string): Promise<void>;

  // Profiles
  listProfiles(): Promise<ProfileSummary[]>;
  createProfile(info: ProfileInfo): Promise<ProfileSummary>;
  updateProfile(info: ProfileInfo): Promise<ProfileInfo>;
  selectProfile(id: string): Promise<void>;
  overview(): Promise<Overview>;
  /** Deletes the current profile for good (owner only), here and on every linked computer; `confirm` is its name typed again. Rejects with `invalid` (field `confirm`), `not_allowed`, `offline` (nothing deleted). */
  deleteProfile(confirm: string): Promise<void>;

  // Records of the current profile
  listRecords(kind?: RecordKind): Promise<HealthRecord[]>;
  /** For each disease, what the official calendar says today (late and due first), in words; rejects with `invalid` (field `birth_date`) for a birth date in the future. */
  vaccinationCalendar(): Promise<VaccinationCalendar>;
  /** The vaccines used in France, with the diseases each protects against (for the vaccine field). */
  vaccineChoices(): Promise<VaccineChoice[]>;
  /** The child's examinations, prevention check-ups and screenings of the current profile, in words; rejects with `invalid` (field `birth_date`) for a birth date in the future. */
  checkUps(): Promise<CheckUps>;
  /** What is late, due now and coming in three months, in every profile the member opens (late first). */
  todo(): Promise<TodoItem[]>;
  addRecord(body: RecordBody, notes?: string): Promise<HealthRecord>;
  updateRecord(id: string, body: RecordBody, notes?: string): Promise<HealthRecord>;
  deleteRecord(id: string): Promise<void>;

  // Documents of the current profile
  documentTypes(): Promise<DocumentType[]>;
  listDocuments(): Promise<DocumentMeta[]>;
  /** Opens the system file dialog (several files); `null` when cancelled. */
  chooseFiles(): Promise<ChosenFile[] | null>;
  /** Files dropped on the window, as the shell reports them. Returns an unsubscribe function. */
  onFilesDropped(handler: (files: ChosenFile[]) => void): Promise<() => void>;
  importDocument(file: ChosenFile, input: DocumentInput, onProgress: (p: ImportProgress) => void): Promise<DocumentMeta>;
  /** Stops the import under way; it then rejects with `cancelled` and leaves nothing behind. */
  cancelImport(): Promise<void>;
  documentContent(id: string): Promise<DocumentContent>;
  /** Asks where to save and exports the document there; `false` when cancelled. */
  exportDocument(id: string): Promise<boolean>;
  updateDocument(id: string, input: DocumentInput): Promise<DocumentMeta>;
  setDocumentHidden(id: string, hidden: boolean): Promise<DocumentMeta>;
  deleteDocument(id: string): Promise<void>;

  // Search and history of the current profile
  search(query: string): Promise<SearchHit[]>;
  auditLog(limit: number): Promise<AuditEntry[]>;

  // Backups
  /** Asks where to save and backs up the whole vault; `null` when cancelled. */
  backup(onProgress: (p: TransferProgress) => void): Promise<BackupSummary | null>;
  /** First run only: asks for an archive and restores it; `null` when cancelled. */
  restoreBackup(member: string, passphrase: string, onProgress: (p: TransferProgress) => void): Promise<BackupSummary | null>;

  // Sync with the national space (current profile)
  syncStatus(): Promise<SyncStatus>;
  pairSync(server: string, code: string, deviceName: string): Promise<SyncStatus>;
  unpairSync(): Promise<void>;
  /** Streams progress; rejects with `offline`, `not_paired`, `server_error`, `cancelled`... and loses nothing. */
  syncNow(onProgress: (p: SyncProgress) => void): Promise<SyncReport>;
  cancelSync(): Promise<void>;
  /** Syncs every linked profile but the open one, quietly; resolves to how each went. */
  syncLinkedProfiles(): Promise<LinkedSync[]>;
  /** What others added or changed in every profile, newest first. */
  listActivity(limit: number): Promise<ActivityItem[]>;
  /** Marks the activity as seen (the switcher's badges go). */
  markActivitySeen(): Promise<void>;
  /** A one-time code (valid 15 minutes) to link another device of the same person. */
  newPairingCode(): Promise<string>;
  accessHistory(limit: number): Promise<AccessEntry[]>;
  /** Professionals who may read the profile through the national space (asks the server). Rejects with `not_paired`, `offline`. */
  allowedProfessionals(): Promise<AllowedProfessional[]>;
  /** Authorises a professional by RPPS number; resolves to the list as it now stands. Rejects with `invalid` (field `rpps`), `not_paired`, `offline`. */
  allowProfessional(rpps: string): Promise<AllowedProfessional[]>;
  /** Withdraws a professional's access (later deposits do not bring it back); resolves to the list as it now stands. */
  withdrawProfessional(rpps: string): Promise<AllowedProfessional[]>;
  /** Fields edited on two devices at once, by record or document id. */
  listConflicts(): Promise<Record<string, Conflict[]>>;

  // People who can open the current profile from other computers (through the gateway)
  /** Invites someone (owner or co-parent); the code to pass on is in the answer. Rejects with `not_allowed`, `not_paired`, `offline`. */
  invitePerson(name: string, role: Role, validHours: number): Promise<CreatedInvitation>;
  listInvitations(): Promise<Invitation[]>;
  cancelInvitation(id: string): Promise<void>;
  /** What a code is for (who invites, which profile, which role; for a young adult becoming owner, who can open it now), without using it. Rejects like `acceptInvitation`. */
  previewInvitation(server: string, code: string): Promise<InvitationPreview>;
  /** Joins a profile into this vault with an invitation code; it becomes current. `keep`: for a young adult becoming owner, who keeps access and as what. Rejects with `invalid_code` (field `code`), `invalid_address` (field `server`), `offline`. */
  acceptInvitation(server: string, code: string, deviceName: string, keep: Keep[]): Promise<Joined>;
  /** Who can open the profile and from which computers; `you` is this computer's person. */
  listPeople(): Promise<People>;
  setPersonRole(person: string, role: Role, mayHide: boolean): Promise<Person>;
  /** Withdraws someone's access: their computers are refused at once and erase their copy. */
  revokePerson(person: string): Promise<void>;
  /** Withdraws one computer (lost, sold): refused at once, it erases its copy; the person's other computers keep access. */
  withdrawDevice(device: string): Promise<void>;
  /** Invited, joined, role changed, access withdrawn, copy erased, as sentences, newest first (as of the last sync). */
  peopleHistory(): Promise<PeopleHistoryEntry[]>;

  // Share links for one professional (current profile), through a relay
  /** The relay's address for this profile (else the sync gateway it is linked to), `null` while there is none. */
  shareRelay(): Promise<string | null>;
  /**
   * Links this computer to an account on the relay with the one-time access code its operator gave,
   * and keeps the address; resolves to it as kept (normalised). Rejects with `invalid_address` (field
   * `relay`), `invalid_code` (field `code`), `offline`.
   */
  setShareRelay(address: string, code: string, deviceName: string): Promise<string>;
  /** Every problem with the share wizard's answers so far, by field, in the user's words (`[]`: it may go on). */
  checkShare(check: ShareCheck): Promise<CarnetError[]>;
  /** Encrypts and uploads the chosen items; the summary has its `link`. Rejects with `invalid` (and a field), `no_relay`, `offline`... */
  createShare(request: ShareRequest): Promise<ShareSummary>;
  /** The profile's shares, newest first, as the vault knows them (no network). */
  shares(): Promise<ShareSummary[]>;
  /** Asks the relay for the share's state and its access log. */
  refreshShare(id: string): Promise<ShareDetails>;
  /** Deletes the share on the relay: the link no longer opens. */
  revokeShare(id: string): Promise<ShareSummary>;
}
