// What crosses the boundary, as generated from the Rust declarations
// (bindings.ts), plus the few shapes only the interface uses.
export type {
  AccessAction,
  AccessEntry,
  ActivityItem,
  ActivityKind,
  Allergy,
  Antigen,
  AllergySeverity,
  AllergyStatus,
  AllowedProfessional,
  AuditEntry,
  BackupSummary,
  CalendarLine,
  CalendarState,
  CheckUp,
  CheckUpGroup,
  CheckUpLine,
  CheckUps,
  ChosenFile,
  Condition,
  ConditionStatus,
  Conflict,
  CreatedInvitation,
  Doctor,
  DocumentInput,
  DocumentMeta,
  DocumentSource,
  DocumentType,
  EmergencyContact,
  Exam,
  ErrorCode,
  Field,
  FieldValue,
  HealthRecord,
  Invitation,
  InvitationPreview,
  Joined,
  Keep,
  KeyHolder,
  Lang,
  LinkedOutcome,
  LinkedSync,
  Measurement,
  MeasurementKind,
  MemberSummary,
  Overview,
  People,
  Permissions,
  PeopleAction,
  PeopleHistoryEntry,
  Person,
  PersonBrief,
  PersonDevice,
  ProfileInfo,
  ProfileSummary,
  RecordBody,
  RecordKind,
  Role,
  Route,
  SearchHit,
  SectionTotals,
  Sex,
  SetAsideLine,
  ShareAccess,
  ShareDetails,
  ShareProfessional,
  ShareRequest,
  ShareState,
  ShareSummary,
  Status,
  SyncPhase,
  SyncProgress,
  SyncReport,
  SyncStatus,
  TodoItem,
  TodoSubject,
  TodoWhen,
  Transfer,
  Treatment,
  Unit,
  Vaccination,
  VaccinationCalendar,
  VaccineChoice,
} from "./bindings";

import type { Transfer } from "./bindings";

/** Import progress, in bytes of the file being imported. */
export type ImportProgress = Transfer;

/** Progress of a backup or restore, in bytes. */
export type TransferProgress = Transfer;

/** A document's content for the in-app preview. */
export interface DocumentContent {
  media_type: string;
  bytes: Uint8Array;
}

/** The audit actions the interface has words for (others show as they are). */
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
