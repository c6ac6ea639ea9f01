// Shapes of what crosses the IPC boundary, mirroring carnet-api's serde output.

export type Lang = "fr" | "en";

export type ErrorCode =
  | "wrong_passphrase"
  | "weak_passphrase"
  | "no_access"
  | "not_found"
  | "already_exists"
  | "invalid"
  | "damaged"
  | "busy"
  | "unsupported_file"
  | "too_large"
  | "disk_full"
  | "cancelled"
  | "destination_not_empty"
  | "last_key_holder"
  | "locked"
  | "no_vault"
  | "no_profile"
  | "io"
  | "offline"
  | "content_pending"
  | "not_paired"
  | "invalid_code"
  | "invalid_address"
  | "server_error"
  | "no_relay"
  | "relay_not_linked"
  | "share_quota"
  | "internal";

export interface MemberSummary {
  id: string;
  name: string;
}

export interface Status {
  vault_exists: boolean;
  unlocked: boolean;
  member: MemberSummary | null;
  profile_id: string | null;
}

export type Sex = "female" | "male" | "unspecified";

export interface ProfileInfo {
  name: string;
  birth_date: string;
  sex: Sex;
  nir?: string;
}

export interface KeyHolder {
  member_id: string;
  member_name: string;
  role: Role;
}

export interface ProfileSummary {
  id: string;
  info: ProfileInfo | null;
  holders: KeyHolder[];
}

export type RecordKind = "allergy" | "treatment" | "vaccination" | "condition" | "measurement";

export interface Allergy {
  substance: string;
  reaction?: string;
  severity: "mild" | "moderate" | "severe" | "unknown";
  status: "active" | "inactive" | "resolved";
  onset?: string;
}

export interface Treatment {
  medication: string;
  dose?: string;
  frequency?: string;
  route?: string;
  start?: string;
  end?: string;
  prescriber?: string;
  prescriber_rpps?: string;
}

export interface Vaccination {
  vaccine: string;
  dose_number?: number;
  date: string;
  lot?: string;
  administered_by?: string;
  next_due?: string;
}

export interface Condition {
  name: string;
  status: "active" | "remission" | "resolved";
  onset?: string;
  resolved?: string;
}

export type MeasurementKind =
  | "weight"
  | "height"
  | "head_circumference"
  | "glycemia"
  | "blood_pressure"
  | "heart_rate"
  | "temperature"
  | "oxygen_saturation";

export interface Measurement {
  kind: MeasurementKind;
  value: number;
  value2?: number;
  unit: string;
  /** YYYY-MM-DDTHH:MM:SS, local time (the vault cannot read it without the seconds). */
  taken_at: string;
}

export type RecordBody =
  | { kind: "allergy"; data: Allergy }
  | { kind: "treatment"; data: Treatment }
  | { kind: "vaccination"; data: Vaccination }
  | { kind: "condition"; data: Condition }
  | { kind: "measurement"; data: Measurement };

export type HealthRecord = RecordBody & {
  id: string;
  created_at: string;
  updated_at: string;
  notes?: string;
};

export type DocumentSource = "patient" | "professional";

/** What a person fills in when adding or editing a document. */
export interface DocumentInput {
  title: string;
  type_code: string;
  /** YYYY-MM-DD, not in the future. */
  date: string;
  author?: string;
  /** 11 digits. */
  author_rpps?: string;
  source: DocumentSource;
  hidden: boolean;
  notes?: string;
}

export interface DocumentMeta extends DocumentInput {
  id: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  created_at: string;
  updated_at: string;
}

/** A document type of the national space (LOINC or ANS code). */
export interface DocumentType {
  code: string;
  label_fr: string;
  label_en: string;
}

/** A file the shell let the user pick (dialog) or drop: the webview never sees its path. */
export interface ChosenFile {
  token: string;
  name: string;
  size: number;
}

/** Import progress, in bytes of the file being imported. */
export interface ImportProgress {
  done: number;
  total: number;
}

/** A document's content for the in-app preview. */
export interface DocumentContent {
  media_type: string;
  bytes: Uint8Array;
}

export interface SearchHit {
  /** `document`, or the record kind. */
  kind: "document" | RecordKind;
  id: string;
  title: string;
  /** Excerpt with the match between `[` and `]`. */
  snippet: string;
}

export type AuditAction =
  | "profile_created"
  | "profile_opened"
  | "profile_updated"
  | "record_created"
  | "record_updated"
  | "record_deleted"
  | "document_imported"
  | "document_opened"
  | "document_exported"
  | "document_updated"
  | "document_deleted"
  | "access_granted"
  | "access_revoked"
  | "backup_created"
  | "share_created"
  | "share_revoked";

export interface AuditEntry {
  /** ISO date-time, UTC. */
  at: string;
  /** Member id. */
  member: string;
  action: AuditAction;
  target_kind?: string;
  target_id?: string;
}

export type Role = "owner" | "parent" | "caregiver";

export interface BackupSummary {
  profiles: number;
  files: number;
  bytes: number;
}

/** Progress of a backup or restore, in bytes. */
export interface TransferProgress {
  done: number;
  total: number;
}

export interface SectionTotals {
  allergies: number;
  current_treatments: number;
  vaccinations: number;
  next_due: number;
  conditions: number;
}

export interface Overview {
  profile: ProfileSummary;
  info: ProfileInfo;
  allergies: HealthRecord[];
  current_treatments: HealthRecord[];
  vaccinations: HealthRecord[];
  next_due: HealthRecord[];
  conditions: HealthRecord[];
  latest_measurements: HealthRecord[];
  recent_documents: DocumentMeta[];
  /** Sizes of the sections before they were cut to their first 20. */
  totals: SectionTotals;
  record_count: number;
  document_count: number;
}

/** Whether the current profile is linked to the national space (through a sync gateway). */
export interface SyncStatus {
  paired: boolean;
  server?: string;
  /** RFC 3339, UTC. */
  last_sync?: string;
  /** Documents listed here whose content has not arrived yet. */
  pending_documents: number;
}

/** Exchanging the records, sending documents, receiving documents. */
export type SyncPhase = "records" | "upload" | "download";

export interface SyncProgress {
  phase: SyncPhase;
  bytes_sent: number;
  bytes_received: number;
  /** Documents done and in all (upload and download phases). */
  items_done: number;
  items_total: number;
}

/** What a finished sync did. */
export interface SyncReport {
  rounds: number;
  bytes_sent: number;
  bytes_received: number;
  /** Records and documents changed here by what was received. */
  records_changed: number;
  documents_changed: number;
  /** Documents sent and received. */
  uploaded: number;
  downloaded: number;
  /** Documents whose content the server does not have yet either. */
  still_missing: number;
}

export type AccessAction = "read_record" | "read_document" | "document_unavailable" | "deposit" | "refused";

/** A professional who may read the profile through the national space, and why. */
export interface AllowedProfessional {
  rpps: string;
  /** As the national space knows them; `null` for a number it does not know yet. */
  name: string | null;
  /** `patient`: authorised by the patient; `deposit`: deposited a document or record for them. */
  because: "patient" | "deposit";
  /** RFC 3339, UTC. */
  since: string;
}

/** A professional's access to the profile, as the national space recorded it. */
export interface AccessEntry {
  /** RFC 3339, UTC. */
  at: string;
  rpps: string;
  name: string;
  action: AccessAction;
  /** The document concerned, when the access was to one document. */
  document_id?: string;
}

/**
 * A field edited on two devices at once. `values[0]` is the value currently
 * shown (the same on every device); the others were written at the same time
 * elsewhere. For a record, `field` is a key of the record's `data` object, or "notes".
 */
export interface Conflict {
  field: string;
  values: unknown[];
}

/** The professional a share link is for (as the patient typed it). */
export interface ShareProfessional {
  name: string;
  specialty: string;
  /** 11 digits. */
  rpps: string | null;
  email: string | null;
}

/** What to share, with whom, and for how long. */
export interface ShareRequest {
  record_ids: string[];
  document_ids: string[];
  professional: ShareProfessional;
  /** 1 to 720 (30 days). */
  expires_in_hours: number;
  /** 1 to 1000; `null`: as many times as wanted until it expires. */
  max_opens: number | null;
  /** 4 to 8 digits, checked by the relay (which never sees it). */
  pin: string | null;
}

export type ShareState = "active" | "expired" | "exhausted" | "revoked" | "locked";

/** A share as the vault knows it (its state as last heard from the relay). */
export interface ShareSummary {
  id: string;
  /** The link with its key, while the share is active; `null` once it has ended. */
  link: string | null;
  professional: ShareProfessional;
  /** RFC 3339, UTC. */
  created_at: string;
  expires_at: string;
  max_opens: number | null;
  opens: number;
  has_pin: boolean;
  state: ShareState;
  record_count: number;
  document_count: number;
  /** When the relay was last asked (RFC 3339), `null` if never since creation. */
  checked_at: string | null;
}

/** One attempt to open a share, as the relay logged it. */
export interface ShareAccess {
  /** RFC 3339, UTC. */
  at: string;
  /** Browser family and system, e.g. "Firefox · Windows". */
  client: string;
  outcome: "opened" | "wrong_pin";
}

export interface ShareDetails {
  share: ShareSummary;
  accesses: ShareAccess[];
}
