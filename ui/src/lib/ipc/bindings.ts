// Generated from carnet-commands (crates/carnet-commands/src/list.rs): do not edit.
// `CARNET_WRITE_BINDINGS=1 cargo test -p carnet-commands --test bindings` rewrites it.

/**
 * What a professional did.
 */
export type AccessAction = "read_record" | "read_document" | "deposit" | "document_unavailable" | "refused";

/**
 * A professional's access to the profile, recorded by the national space.
 */
export type AccessEntry = { at: string, 
/**
 * RPPS number of the professional.
 */
rpps: string, 
/**
 * Name of the professional, as registered with the national space.
 */
name: string, action: AccessAction, 
/**
 * The document concerned, when the access was to one document.
 */
document_id?: string, };

/**
 * What happened at one access.
 */
export type AccessOutcome = "opened" | "wrong_pin";

/**
 * One line of the activity list.
 */
export type ActivityItem = { profile_id: string, 
/**
 * Whom the profile is about.
 */
profile_name: string, at: string, kind: ActivityKind, 
/**
 * How many records or documents.
 */
count: number, 
/**
 * The sentence shown, in the user's language.
 */
text: string, 
/**
 * Whether it was shown before (opening the profile or this list).
 */
seen: boolean, };

/**
 * What was done, for the interface's icons.
 */
export type ActivityKind = "added" | "edited" | "deleted" | "deposited";

/**
 * An allergy or intolerance.
 */
export type Allergy = { substance: string, reaction?: string, severity: AllergySeverity, status: AllergyStatus, onset?: string, };

/**
 * How serious an allergic reaction is.
 */
export type AllergySeverity = "mild" | "moderate" | "severe" | "unknown";

/**
 * Whether an allergy still applies.
 */
export type AllergyStatus = "active" | "inactive" | "resolved";

/**
 * Why a professional may read the record.
 */
export type AllowedBecause = "patient" | "deposit";

/**
 * A professional who may read the record.
 */
export type AllowedProfessional = { rpps: string, 
/**
 * As the national space knows them; `None` for a number it does not know yet.
 */
name: string | null, because: AllowedBecause, since: string, };

/**
 * A disease the French calendar vaccinates against.
 */
export type Antigen = "diphtheria" | "tetanus" | "pertussis" | "polio" | "hib" | "hepatitis_b" | "pneumococcus" | "meningococcus_acwy" | "meningococcus_b" | "meningococcus_c" | "measles" | "mumps" | "rubella" | "hpv" | "influenza" | "covid19" | "zoster" | "rsv" | "rotavirus" | "tuberculosis" | "varicella";

/**
 * An error ready to show: `{code, message, field}`.
 */
export type ApiError = { code: ErrorCode, message: string, 
/**
 * The form field at fault, for validation errors.
 */
field?: string, };

/**
 * One line of the audit log: when, who (member id), what, on which item (id only).
 */
export type AuditEntry = { at: string, member: string, action: string, target_kind?: string, target_id?: string, };

/**
 * What went into, or came out of, a backup archive.
 */
export type BackupSummary = { profiles: number, files: number, bytes: number, };

/**
 * One disease's line of the calendar (or, for a vaccine the calendar does
 * not know, the next date written on its record).
 */
export type CalendarLine = { 
/**
 * `None` for a vaccine the calendar does not know.
 */
antigen?: Antigen, 
/**
 * The disease, in the user's language, as a line starts ("Diphtérie").
 */
disease: string, state: CalendarState, due_on?: string, doses: number, compulsory: boolean, uncertain: boolean, 
/**
 * What to do, in the user's language.
 */
text: string, };

/**
 * Where an antigen stands today.
 */
export type CalendarState = "done" | "upcoming" | "due" | "overdue" | "ask_doctor" | "closed";

/**
 * A check-up or screening that took place.
 */
export type CheckUp = { 
/**
 * Which examination of the calendars this was, or `Other`.
 */
exam: Exam, 
/**
 * Its name, required for any other visit (else a precision: "à la PMI").
 */
title?: string, date: string, 
/**
 * Who examined (a doctor, a PMI centre, a laboratory).
 */
performer?: string, };

/**
 * Which list an examination belongs to.
 */
export type CheckUpGroup = "child" | "prevention" | "screening";

/**
 * One examination's line.
 */
export type CheckUpLine = { exam: Exam, group: CheckUpGroup, 
/**
 * Its name, in the user's language.
 */
name: string, state: CalendarState, due_on?: string, until?: string, done_on?: string, certificate: boolean, 
/**
 * Where it stands, in plain words.
 */
text: string, };

/**
 * The profile's examinations.
 */
export type CheckUps = { 
/**
 * Where the calendars come from, shown with them.
 */
edition: string, 
/**
 * The child's examinations in their order, then the adult ones.
 */
lines: Array<CheckUpLine>, };

/**
 * A chosen file as the page sees it.
 */
export type ChosenFile = { token: string, name: string, size: number, };

/**
 * A long-term or past illness.
 */
export type Condition = { name: string, status: ConditionStatus, onset?: string, resolved?: string, };

/**
 * Where a condition stands.
 */
export type ConditionStatus = "active" | "remission" | "resolved";

/**
 * A field edited concurrently on two replicas: every value that was written.
 * `values[0]` is the one shown (the same on every replica).
 */
export type Conflict = { field: string, values: Array<JsonValue>, };

/**
 * A new invitation and its code, shown once: the gateway keeps only a hash.
 */
export type CreatedInvitation = { code: string, id: string, name: string, role: Role, created_at: string, expires_at: string, 
/**
 * The name of who made it.
 */
created_by: string, };

/**
 * The patient's *médecin traitant*.
 */
export type Doctor = { name: string, rpps?: Rpps, phone?: string, };

/**
 * What a person fills in when adding a document.
 */
export type DocumentInput = { title: string, type_code: string, date: string, author?: string, author_rpps?: Rpps, source: DocumentSource, hidden: boolean, notes?: string, };

/**
 * A stored document: what was filled in plus what the vault knows of the content.
 */
export type DocumentMeta = { id: string, 
/**
 * Original file name, without any directory.
 */
file_name: string, 
/**
 * Media type detected from the content (`application/pdf`, `image/png`…).
 */
media_type: string, 
/**
 * Size of the content in bytes.
 */
size: number, 
/**
 * SHA-256 of the content, lowercase hex.
 */
sha256: string, created_at: string, updated_at: string, title: string, type_code: string, date: string, author?: string, author_rpps?: Rpps, source: DocumentSource, hidden: boolean, notes?: string, };

/**
 * Who put the document in the record.
 */
export type DocumentSource = "patient" | "professional";

/**
 * A document type code with its labels.
 */
export type DocumentType = { 
/**
 * The code (`11488-4`, `PRESC-BIO`…).
 */
code: string, 
/**
 * The code system URI.
 */
system: string, 
/**
 * Official French label.
 */
label_fr: string, 
/**
 * English label.
 */
label_en: string, };

/**
 * Someone to call in an emergency.
 */
export type EmergencyContact = { name: string, 
/**
 * Who they are to the patient (daughter, neighbour…).
 */
relation?: string, phone: string, };

/**
 * Stable error codes; the UI and scripts branch on these, never on messages.
 */
export type ErrorCode = "wrong_passphrase" | "weak_passphrase" | "no_access" | "not_found" | "already_exists" | "invalid" | "damaged" | "busy" | "unsupported_file" | "too_large" | "disk_full" | "cancelled" | "destination_not_empty" | "last_key_holder" | "locked" | "no_vault" | "no_profile" | "io" | "offline" | "content_pending" | "not_paired" | "invalid_code" | "invalid_address" | "server_error" | "no_relay" | "relay_not_linked" | "share_quota" | "not_allowed" | "access_withdrawn" | "internal";

/**
 * The examinations of the official calendars Carnet follows: the
 * child's 20 compulsory examinations (2025 calendar), the national
 * prevention check-ups and the three organised cancer screenings.
 */
export type Exam = "child_8_days" | "child_2_weeks" | "child_2_months" | "child_3_months" | "child_4_months" | "child_5_months" | "child_6_months" | "child_9_months" | "child_12_months" | "child_13_months" | "child_16_18_months" | "child_24_months" | "child_3_years" | "child_4_years" | "child_5_years" | "child_6_years" | "child_7_years" | "child_8_9_years" | "child_11_13_years" | "child_15_16_years" | "prevention_18_25" | "prevention_45_50" | "prevention_60_65" | "prevention_70_75" | "screening_breast" | "screening_colorectal" | "screening_cervical" | "other";

/**
 * One field of a record kind.
 */
export type Field = { 
/**
 * Its name in storage, in `--set name=value` and in JSON.
 */
name: string, required: boolean, value: FieldValue, };

/**
 * What a field holds.
 */
export type FieldValue = { "type": "text", max: number, } | { "type": "date" } | { "type": "date_time" } | { "type": "number" } | { "type": "whole", min: number, max: number, } | { "type": "choice", choices: Array<string>, } | { "type": "rpps" } | { "type": "unit" };

/**
 * A stored record: its content plus identity, timestamps and a free note.
 */
export type HealthRecord = { id: string, created_at: string, updated_at: string, notes?: string, } & ({ "kind": "allergy", "data": Allergy } | { "kind": "treatment", "data": Treatment } | { "kind": "vaccination", "data": Vaccination } | { "kind": "condition", "data": Condition } | { "kind": "measurement", "data": Measurement } | { "kind": "checkup", "data": CheckUp });

/**
 * An invitation waiting for its code to be used.
 */
export type Invitation = { id: string, name: string, role: Role, created_at: string, expires_at: string, 
/**
 * The name of who made it.
 */
created_by: string, };

/**
 * What an invitation code is for, shown before it is used: who invites,
 * to which profile, with which role. For the young adult becoming owner
 * of their profile, everyone who can open it now, so they choose who keeps
 * access.
 */
export type InvitationPreview = { 
/**
 * The profile at the gateway (so a computer that holds it already says so before using the code).
 */
profile_id: string, 
/**
 * The invited person's name, as the owner wrote it.
 */
name: string, role: Role, invited_by: string, 
/**
 * Who the profile is about.
 */
profile_name: string, expires_at: string, 
/**
 * For an owner's invitation: the people whose access the new owner decides.
 */
people: Array<PersonBrief>, };

/**
 * A profile joined from an invitation, and for a young adult who became
 * its owner, who kept access and whose access ended.
 */
export type Joined = { profile: ProfileSummary, role: Role, kept: Array<PersonBrief>, withdrawn: Array<string>, };

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

/**
 * Someone the new owner keeps, and as what (caregiver or read-only).
 */
export type Keep = { person: string, role: Role, };

/**
 * A member who can open a profile, and why.
 */
export type KeyHolder = { member_id: string, member_name: string, role: Role, 
/**
 * Whether the unlocked member may take this holder's access away
 * ([`Role::may_manage`]): never the owner's.
 */
removable: boolean, };

/**
 * A user-facing language.
 */
export type Lang = "fr" | "en";

/**
 * How one linked profile's background sync went.
 */
export type LinkedOutcome = "unchanged" | "synced" | "offline" | "withdrawn" | "failed";

/**
 * One linked profile after a background cycle.
 */
export type LinkedSync = { profile_id: string, name: string, outcome: LinkedOutcome, 
/**
 * Activity not seen yet on that profile (its badge).
 */
unseen_activity: number, 
/**
 * What went wrong, in the user's language.
 */
message?: string, };

/**
 * One measurement (weight, blood sugar, blood pressure…).
 */
export type Measurement = { kind: MeasurementKind, value: number, 
/**
 * Diastolic pressure for blood pressure; absent otherwise.
 */
value2?: number, unit: string, taken_at: string, };

/**
 * What was measured.
 */
export type MeasurementKind = "weight" | "height" | "head_circumference" | "glycemia" | "blood_pressure" | "heart_rate" | "temperature" | "oxygen_saturation";

/**
 * A member as shown on the unlock screen.
 */
export type MemberSummary = { id: string, name: string, };

/**
 * A validated NIR or NIA (the INS matricule), 15 characters without spaces.
 */
export type Nir = string;

/**
 * Everything the overview screen shows.
 */
export type Overview = { profile: ProfileSummary, 
/**
 * Who the profile is about.
 */
info: ProfileInfo, 
/**
 * Active allergies, most severe first.
 */
allergies: Array<HealthRecord>, 
/**
 * Treatments taken today.
 */
current_treatments: Array<HealthRecord>, 
/**
 * Vaccinations, most recent first.
 */
vaccinations: Array<HealthRecord>, 
/**
 * What the vaccination calendar says to do now (late first), and the
 * boosters written down for vaccines it does not know, once near.
 */
vaccines_to_do: Array<CalendarLine>, 
/**
 * Conditions not resolved.
 */
conditions: Array<HealthRecord>, 
/**
 * The latest measurement of each kind.
 */
latest_measurements: Array<HealthRecord>, recent_documents: Array<DocumentMeta>, 
/**
 * Sizes of the sections before they were cut to the first 20.
 */
totals: SectionTotals, record_count: number, document_count: number, 
/**
 * What this member may do on the profile (the rule of roles, so the
 * window shows only what its role allows).
 */
may: Permissions, };

/**
 * The people of a profile, and which of them (and which of their
 * computers) is asking.
 */
export type People = { you: string, 
/**
 * The asking computer (absent from older gateways).
 */
this_device?: string, people: Array<Person>, 
/**
 * The person the profile is about came of age while it was held for
 * them, and the asking person is their parent: they may invite them
 * to own it.
 */
may_hand_over: boolean, };

/**
 * What a [`PeopleEvent`] says happened.
 */
export type PeopleAction = "invited" | "invitation_cancelled" | "joined" | "role_changed" | "revoked" | "copy_erased" | "write_refused" | "came_of_age" | "device_withdrawn";

/**
 * One line of the history of who can open the profile.
 */
export type PeopleHistoryEntry = { at: string, action: PeopleAction, 
/**
 * The sentence shown, in the user's language.
 */
text: string, };

/**
 * The actions the member's role allows on the open profile.
 */
export type Permissions = { role: Role, write: boolean, hide: boolean, manage_people: boolean, edit_details: boolean, delete_profile: boolean, };

/**
 * A person who can open a profile.
 */
export type Person = { id: string, name: string, role: Role, 
/**
 * Whether the owner lets this caregiver hide documents from professionals.
 */
may_hide: boolean, added_at: string, 
/**
 * Who invited them (`None` for the account's holder).
 */
added_by?: string, devices: Array<PersonDevice>, };

/**
 * Someone who can open a profile, in short.
 */
export type PersonBrief = { id: string, name: string, role: Role, };

/**
 * One computer of a person.
 */
export type PersonDevice = { id: string, name: string, added_at: string, last_sync?: string, 
/**
 * Whether the asking person may withdraw this computer (the gateway's
 * rule, `Role::may_withdraw_device`; never the asking computer).
 */
may_withdraw: boolean, };

/**
 * Who a profile is about.
 */
export type ProfileInfo = { name: string, birth_date: string, sex: Sex, nir?: Nir, 
/**
 * The *médecin traitant* declared to the health insurance.
 */
doctor?: Doctor, 
/**
 * Whom to call in an emergency, first one first.
 */
emergency_contacts?: Array<EmergencyContact>, };

/**
 * A profile the unlocked member can open.
 */
export type ProfileSummary = { id: string, 
/**
 * Who the profile is about; `None` when its database cannot be read
 * (damaged), so the other profiles stay listed and usable.
 */
info: ProfileInfo | null, holders: Array<KeyHolder>, 
/**
 * Activity from elsewhere (deposits, a caregiver's edits) nobody has
 * looked at yet: the badge of the profile switcher.
 */
unseen_activity: number, };

/**
 * The health content of a record, one variant per kind.
 */
export type RecordBody = { "kind": "allergy", "data": Allergy } | { "kind": "treatment", "data": Treatment } | { "kind": "vaccination", "data": Vaccination } | { "kind": "condition", "data": Condition } | { "kind": "measurement", "data": Measurement } | { "kind": "checkup", "data": CheckUp };

/**
 * The kinds of record, as named in storage, the CLI and the UI.
 */
export type RecordKind = "allergy" | "treatment" | "vaccination" | "condition" | "measurement" | "checkup";

/**
 * A person's role on one profile.
 */
export type Role = "owner" | "parent" | "caregiver" | "read_only";

/**
 * How a medication is taken.
 */
export type Route = "oral" | "injection" | "skin" | "inhaled" | "eye" | "other";

/**
 * A health professional's RPPS number: exactly 11 digits.
 */
export type Rpps = string;

/**
 * One search result.
 */
export type SearchHit = { 
/**
 * `document`, or the record kind (`allergy`, `treatment`…).
 */
kind: "document" | RecordKind, 
/**
 * Identifier of the record or document.
 */
id: string, 
/**
 * Title to show.
 */
title: string, 
/**
 * A short excerpt around the match, with the match between `[` and `]`.
 */
snippet: string, };

/**
 * How many records each section holds in all, shown or not.
 */
export type SectionTotals = { allergies: number, current_treatments: number, vaccinations: number, vaccines_to_do: number, conditions: number, };

/**
 * A vaccination the calendar could not use, and why.
 */
export type SetAsideLine = { record_id: string, vaccine: string, text: string, };

/**
 * Administrative sex as recorded by the national health insurance.
 */
export type Sex = "female" | "male" | "unspecified";

/**
 * One access to a share: when, from which kind of browser, with what outcome.
 */
export type ShareAccess = { at: string, client: string, outcome: AccessOutcome, };

/**
 * A share and who opened it.
 */
export type ShareDetails = { share: ShareSummary, accesses: Array<ShareAccess>, };

/**
 * The professional a share is for.
 */
export type ShareProfessional = { name: string, specialty: string, rpps: string | null, email: string | null, };

/**
 * What the share wizard sends.
 */
export type ShareRequest = { record_ids: Array<string>, document_ids: Array<string>, professional: ShareProfessional, expires_in_hours: number, 
/**
 * `None`: unlimited within the expiry.
 */
max_opens: number | null, pin: string | null, };

/**
 * Where a share stands.
 */
export type ShareState = "active" | "expired" | "exhausted" | "revoked" | "locked";

/**
 * A share as the list shows it. `link` only while it can still be opened.
 */
export type ShareSummary = { id: string, link: string | null, professional: ShareProfessional, created_at: string, expires_at: string, max_opens: number | null, opens: number, has_pin: boolean, state: ShareState, record_count: number, document_count: number, checked_at: string | null, };

/**
 * What the app shows before anything else.
 */
export type Status = { vault_exists: boolean, unlocked: boolean, member: MemberSummary | null, profile_id: string | null, };

/**
 * What a sync is doing, for a progress bar.
 */
export type SyncPhase = "records" | "upload" | "download";

/**
 * Progress of a sync: bytes both ways and items (documents) done/total.
 */
export type SyncProgress = { phase: SyncPhase, bytes_sent: number, bytes_received: number, items_done: number, items_total: number, };

/**
 * What a finished sync did.
 */
export type SyncReport = { rounds: number, bytes_sent: number, bytes_received: number, records_changed: number, documents_changed: number, uploaded: number, downloaded: number, 
/**
 * Documents whose content the server does not have yet either.
 */
still_missing: number, 
/**
 * Documents left for a later sync: this one had a download budget
 * (a background sync) and spent it.
 */
deferred: number, };

/**
 * What the sync settings screen shows.
 */
export type SyncStatus = { paired: boolean, server?: string, last_sync?: string, 
/**
 * Documents whose content is still to download.
 */
pending_documents: number, };

/**
 * One thing to do for one person.
 */
export type TodoItem = { profile_id: string, profile_name: string, when: TodoWhen, subject: TodoSubject, 
/**
 * What to do, as a line starts: "Diphtérie", "Examen des 9 mois…".
 */
title: string, 
/**
 * The date it is planned for (for a late item, since when it waits).
 */
due_on?: string, compulsory: boolean, 
/**
 * Where it stands, in plain words.
 */
text: string, };

/**
 * What an item is about: a vaccination (by disease, or a vaccine the
 * calendar does not know) or an examination.
 */
export type TodoSubject = { "kind": "vaccination", antigen?: Antigen, } | { "kind": "check_up", exam: Exam, };

/**
 * How soon an item is.
 */
export type TodoWhen = "late" | "now" | "soon";

/**
 * Bytes done and in all, streamed to a progress bar.
 */
export type Transfer = { done: number, total: number, };

/**
 * A medication, current or past.
 */
export type Treatment = { medication: string, dose?: string, frequency?: string, route?: Route, start?: string, end?: string, prescriber?: string, prescriber_rpps?: Rpps, };

/**
 * A vaccine dose received.
 */
export type Vaccination = { vaccine: string, dose_number?: number, date: string, lot?: string, administered_by?: string, next_due?: string, };

/**
 * The profile's vaccination calendar.
 */
export type VaccinationCalendar = { 
/**
 * The calendar's edition, shown with it.
 */
edition: string, 
/**
 * Late first, then due, upcoming, done.
 */
lines: Array<CalendarLine>, set_aside: Array<SetAsideLine>, };

/**
 * A vaccine of the picker: its name and what it protects against.
 */
export type VaccineChoice = { name: string, protects: Array<Antigen>, 
/**
 * The diseases, in the user's language ("diphtérie, tétanus…").
 */
diseases: string, };

/** A measurement unit and the plausible range of values in it. */
export type Unit = { symbol: string, min: number, max: number, };

/** Units each measurement kind accepts, with plausible ranges; the first is the default. */
export const MEASUREMENT_UNITS: Record<MeasurementKind, readonly Unit[]> = {
  "blood_pressure": [
    {
      "max": 300.0,
      "min": 30.0,
      "symbol": "mmHg"
    }
  ],
  "glycemia": [
    {
      "max": 10.0,
      "min": 0.1,
      "symbol": "g/L"
    },
    {
      "max": 55.0,
      "min": 0.5,
      "symbol": "mmol/L"
    },
    {
      "max": 1000.0,
      "min": 10.0,
      "symbol": "mg/dL"
    }
  ],
  "head_circumference": [
    {
      "max": 70.0,
      "min": 20.0,
      "symbol": "cm"
    }
  ],
  "heart_rate": [
    {
      "max": 300.0,
      "min": 20.0,
      "symbol": "bpm"
    }
  ],
  "height": [
    {
      "max": 260.0,
      "min": 20.0,
      "symbol": "cm"
    },
    {
      "max": 2.6,
      "min": 0.2,
      "symbol": "m"
    }
  ],
  "oxygen_saturation": [
    {
      "max": 100.0,
      "min": 50.0,
      "symbol": "%"
    }
  ],
  "temperature": [
    {
      "max": 45.0,
      "min": 30.0,
      "symbol": "°C"
    }
  ],
  "weight": [
    {
      "max": 500.0,
      "min": 0.2,
      "symbol": "kg"
    },
    {
      "max": 500000.0,
      "min": 200.0,
      "symbol": "g"
    }
  ]
};

/** Every measurement kind, in display order. */
export const MEASUREMENT_KINDS: readonly MeasurementKind[] = [
  "weight",
  "height",
  "head_circumference",
  "glycemia",
  "blood_pressure",
  "heart_rate",
  "temperature",
  "oxygen_saturation"
];

/** The kinds measured with two values (systolic and diastolic pressure). */
export const MEASUREMENT_SECOND_VALUE: readonly MeasurementKind[] = [
  "blood_pressure"
];

/** The fields of each record kind: required or not, what they hold. */
export const RECORD_FIELDS: Record<RecordKind, readonly Field[]> = {
  "allergy": [
    {
      "name": "substance",
      "required": true,
      "value": {
        "max": 200,
        "type": "text"
      }
    },
    {
      "name": "reaction",
      "required": false,
      "value": {
        "max": 200,
        "type": "text"
      }
    },
    {
      "name": "severity",
      "required": true,
      "value": {
        "choices": [
          "mild",
          "moderate",
          "severe",
          "unknown"
        ],
        "type": "choice"
      }
    },
    {
      "name": "status",
      "required": true,
      "value": {
        "choices": [
          "active",
          "inactive",
          "resolved"
        ],
        "type": "choice"
      }
    },
    {
      "name": "onset",
      "required": false,
      "value": {
        "type": "date"
      }
    }
  ],
  "checkup": [
    {
      "name": "exam",
      "required": true,
      "value": {
        "choices": [
          "child_8_days",
          "child_2_weeks",
          "child_2_months",
          "child_3_months",
          "child_4_months",
          "child_5_months",
          "child_6_months",
          "child_9_months",
          "child_12_months",
          "child_13_months",
          "child_16_18_months",
          "child_24_months",
          "child_3_years",
          "child_4_years",
          "child_5_years",
          "child_6_years",
          "child_7_years",
          "child_8_9_years",
          "child_11_13_years",
          "child_15_16_years",
          "prevention_18_25",
          "prevention_45_50",
          "prevention_60_65",
          "prevention_70_75",
          "screening_breast",
          "screening_colorectal",
          "screening_cervical",
          "other"
        ],
        "type": "choice"
      }
    },
    {
      "name": "title",
      "required": false,
      "value": {
        "max": 200,
        "type": "text"
      }
    },
    {
      "name": "date",
      "required": true,
      "value": {
        "type": "date"
      }
    },
    {
      "name": "performer",
      "required": false,
      "value": {
        "max": 200,
        "type": "text"
      }
    }
  ],
  "condition": [
    {
      "name": "name",
      "required": true,
      "value": {
        "max": 200,
        "type": "text"
      }
    },
    {
      "name": "status",
      "required": true,
      "value": {
        "choices": [
          "active",
          "remission",
          "resolved"
        ],
        "type": "choice"
      }
    },
    {
      "name": "onset",
      "required": false,
      "value": {
        "type": "date"
      }
    },
    {
      "name": "resolved",
      "required": false,
      "value": {
        "type": "date"
      }
    }
  ],
  "measurement": [
    {
      "name": "kind",
      "required": true,
      "value": {
        "choices": [
          "weight",
          "height",
          "head_circumference",
          "glycemia",
          "blood_pressure",
          "heart_rate",
          "temperature",
          "oxygen_saturation"
        ],
        "type": "choice"
      }
    },
    {
      "name": "value",
      "required": true,
      "value": {
        "type": "number"
      }
    },
    {
      "name": "value2",
      "required": false,
      "value": {
        "type": "number"
      }
    },
    {
      "name": "unit",
      "required": true,
      "value": {
        "type": "unit"
      }
    },
    {
      "name": "taken_at",
      "required": true,
      "value": {
        "type": "date_time"
      }
    }
  ],
  "treatment": [
    {
      "name": "medication",
      "required": true,
      "value": {
        "max": 200,
        "type": "text"
      }
    },
    {
      "name": "dose",
      "required": false,
      "value": {
        "max": 200,
        "type": "text"
      }
    },
    {
      "name": "frequency",
      "required": false,
      "value": {
        "max": 200,
        "type": "text"
      }
    },
    {
      "name": "route",
      "required": false,
      "value": {
        "choices": [
          "oral",
          "injection",
          "skin",
          "inhaled",
          "eye",
          "other"
        ],
        "type": "choice"
      }
    },
    {
      "name": "start",
      "required": false,
      "value": {
        "type": "date"
      }
    },
    {
      "name": "end",
      "required": false,
      "value": {
        "type": "date"
      }
    },
    {
      "name": "prescriber",
      "required": false,
      "value": {
        "max": 200,
        "type": "text"
      }
    },
    {
      "name": "prescriber_rpps",
      "required": false,
      "value": {
        "type": "rpps"
      }
    }
  ],
  "vaccination": [
    {
      "name": "vaccine",
      "required": true,
      "value": {
        "max": 200,
        "type": "text"
      }
    },
    {
      "name": "dose_number",
      "required": false,
      "value": {
        "max": 20,
        "min": 1,
        "type": "whole"
      }
    },
    {
      "name": "date",
      "required": true,
      "value": {
        "type": "date"
      }
    },
    {
      "name": "lot",
      "required": false,
      "value": {
        "max": 64,
        "type": "text"
      }
    },
    {
      "name": "administered_by",
      "required": false,
      "value": {
        "max": 200,
        "type": "text"
      }
    },
    {
      "name": "next_due",
      "required": false,
      "value": {
        "type": "date"
      }
    }
  ]
};

/** The name of every examination a check-up can be, in each language. */
export const EXAMS: Record<Exam, { fr: string; en: string }> = {
  "child_11_13_years": {
    "en": "Check-up between 11 and 13",
    "fr": "Examen entre 11 et 13 ans"
  },
  "child_12_months": {
    "en": "12-month check-up",
    "fr": "Examen des 12 mois"
  },
  "child_13_months": {
    "en": "13-month check-up",
    "fr": "Examen des 13 mois"
  },
  "child_15_16_years": {
    "en": "Check-up between 15 and 16",
    "fr": "Examen entre 15 et 16 ans"
  },
  "child_16_18_months": {
    "en": "Check-up between 16 and 18 months",
    "fr": "Examen entre 16 et 18 mois"
  },
  "child_24_months": {
    "en": "24-month check-up (3rd health certificate)",
    "fr": "Examen des 24 mois (3e certificat de santé)"
  },
  "child_2_months": {
    "en": "2-month check-up",
    "fr": "Examen des 2 mois"
  },
  "child_2_weeks": {
    "en": "Check-up in the 2nd week",
    "fr": "Examen de la 2e semaine"
  },
  "child_3_months": {
    "en": "3-month check-up",
    "fr": "Examen des 3 mois"
  },
  "child_3_years": {
    "en": "3-year check-up",
    "fr": "Examen des 3 ans"
  },
  "child_4_months": {
    "en": "4-month check-up",
    "fr": "Examen des 4 mois"
  },
  "child_4_years": {
    "en": "4-year check-up",
    "fr": "Examen des 4 ans"
  },
  "child_5_months": {
    "en": "5-month check-up",
    "fr": "Examen des 5 mois"
  },
  "child_5_years": {
    "en": "5-year check-up",
    "fr": "Examen des 5 ans"
  },
  "child_6_months": {
    "en": "6-month check-up",
    "fr": "Examen des 6 mois"
  },
  "child_6_years": {
    "en": "6-year check-up",
    "fr": "Examen des 6 ans"
  },
  "child_7_years": {
    "en": "7-year check-up",
    "fr": "Examen des 7 ans"
  },
  "child_8_9_years": {
    "en": "Check-up between 8 and 9",
    "fr": "Examen entre 8 et 9 ans"
  },
  "child_8_days": {
    "en": "Check-up in the first 8 days (1st health certificate)",
    "fr": "Examen des 8 premiers jours (1er certificat de santé)"
  },
  "child_9_months": {
    "en": "9-month check-up (2nd health certificate)",
    "fr": "Examen des 9 mois (2e certificat de santé)"
  },
  "other": {
    "en": "Other check-up or visit",
    "fr": "Autre examen ou visite"
  },
  "prevention_18_25": {
    "en": "Prevention check-up, 18 to 25",
    "fr": "Bilan prévention 18-25 ans"
  },
  "prevention_45_50": {
    "en": "Prevention check-up, 45 to 50",
    "fr": "Bilan prévention 45-50 ans"
  },
  "prevention_60_65": {
    "en": "Prevention check-up, 60 to 65",
    "fr": "Bilan prévention 60-65 ans"
  },
  "prevention_70_75": {
    "en": "Prevention check-up, 70 to 75",
    "fr": "Bilan prévention 70-75 ans"
  },
  "screening_breast": {
    "en": "Breast cancer screening (mammogram)",
    "fr": "Dépistage du cancer du sein (mammographie)"
  },
  "screening_cervical": {
    "en": "Cervical cancer screening (smear or HPV test)",
    "fr": "Dépistage du cancer du col de l'utérus (frottis ou test HPV)"
  },
  "screening_colorectal": {
    "en": "Bowel cancer screening (home test)",
    "fr": "Dépistage du cancer colorectal (test à faire chez soi)"
  }
};

/** Bounds the model sets on values the forms ask for. */
export const LIMITS = {
  "dose_number": {
    "max": 20,
    "min": 1
  },
  "share": {
    "default_hours": 168,
    "email": 254,
    "max_hours": 720,
    "max_opens": 1000,
    "min_hours": 1,
    "name": 200,
    "pin_max": 8,
    "pin_min": 4,
    "specialty": 100
  }
} as const;

/** How the wrappers reach the core: Tauri's IPC, or the development bridge. */
export interface Transport {
  invoke<T>(command: string, args: Record<string, unknown>): Promise<T>;
}

/** Every command of the core, typed. */
export function commands(t: Transport) {
  return {
    /** Whether a vault exists, is unlocked, by whom, on which profile. */
    app_status: () => t.invoke<Status>("app_status", {}),
    /** The vault's members (to choose who unlocks). */
    list_members: () => t.invoke<Array<MemberSummary>>("list_members", {}),
    /** Creates the vault with its first member. */
    create_vault: (args: { memberName: string, passphrase: string, }) => t.invoke<MemberSummary>("create_vault", args),
    /** Opens the vault as `member`. */
    unlock: (args: { member: string, passphrase: string, }) => t.invoke<MemberSummary>("unlock", args),
    /** Closes the vault and forgets the chosen files. */
    lock: () => t.invoke<null>("lock", {}),
    /** The language of messages from now on. */
    set_language: (args: { lang: Lang, }) => t.invoke<null>("set_language", args),
    /** Changes the member's passphrase; the form learns which field is at fault. */
    change_passphrase: (args: { current: string, next: string, }) => t.invoke<null>("change_passphrase", args),
    /** Asks where to save the recovery kit, then writes it; `false` when cancelled. */
    save_recovery_kit: () => t.invoke<boolean>("save_recovery_kit", {}),
    /** Adds a member with their own passphrase. */
    add_member: (args: { name: string, passphrase: string, }) => t.invoke<MemberSummary>("add_member", args),
    /** Lets a member open a profile, with a role. */
    grant_access: (args: { profileId: string, memberId: string, role: Role, }) => t.invoke<null>("grant_access", args),
    /** Takes a member's access to a profile away. */
    revoke_access: (args: { profileId: string, memberId: string, }) => t.invoke<null>("revoke_access", args),
    /** The profiles the member can open. */
    list_profiles: () => t.invoke<Array<ProfileSummary>>("list_profiles", {}),
    /** Creates a profile; its details are checked by the model. */
    create_profile: (args: { info: ProfileInfo, }) => t.invoke<ProfileSummary>("create_profile", args),
    /** Changes the current profile's details. */
    update_profile: (args: { info: ProfileInfo, }) => t.invoke<ProfileInfo>("update_profile", args),
    /** Opens a profile: the next commands work on it. */
    select_profile: (args: { id: string, }) => t.invoke<null>("select_profile", args),
    /** The current profile at a glance. */
    get_overview: () => t.invoke<Overview>("get_overview", {}),
    /** Deletes the current profile for good (owner only), on this computer and, when linked, at the gateway and on every other computer; `confirm` is its name typed again. The window offers a backup first. */
    delete_profile: (args: { confirm: string, }) => t.invoke<null>("delete_profile", args),
    /** The current profile's records, of one kind or all. */
    list_records: (args: { kind: RecordKind | null, }) => t.invoke<Array<HealthRecord>>("list_records", args),
    /** For each disease: done, due, late or upcoming by the official calendar, in words. */
    vaccination_calendar: () => t.invoke<VaccinationCalendar>("vaccination_calendar", {}),
    /** The vaccines used in France, with the diseases each protects against. */
    vaccine_choices: () => t.invoke<Array<VaccineChoice>>("vaccine_choices", {}),
    /** The child's examinations, prevention check-ups and screenings: done, due, late or coming. */
    check_ups: () => t.invoke<CheckUps>("check_ups", {}),
    /** What is late, due now and coming soon, in every profile the member opens. */
    todo: () => t.invoke<Array<TodoItem>>("todo", {}),
    /** Adds a record; the model checks every field. */
    add_record: (args: { body: RecordBody, notes: string | null, }) => t.invoke<HealthRecord>("add_record", args),
    /** Replaces a record's content (its kind cannot change). */
    update_record: (args: { id: string, body: RecordBody, notes: string | null, }) => t.invoke<HealthRecord>("update_record", args),
    /** Deletes a record. */
    delete_record: (args: { id: string, }) => t.invoke<null>("delete_record", args),
    /** The document types of the national space. */
    document_types: () => t.invoke<Array<DocumentType>>("document_types", {}),
    /** The current profile's documents, newest first. */
    list_documents: () => t.invoke<Array<DocumentMeta>>("list_documents", {}),
    /** Opens the system dialog (several files); `null` when cancelled. */
    choose_files: () => t.invoke<Array<ChosenFile> | null>("choose_files", {}),
    /** Files dropped on the window from now on arrive on `onDrop`. */
    watch_dropped_files: (args: { onDrop: (message: Array<ChosenFile>) => void, }) => t.invoke<null>("watch_dropped_files", args),
    /** Imports a chosen file with its details, streaming progress; a cancel leaves nothing behind. */
    import_document: (args: { token: string, input: DocumentInput, onProgress: (message: Transfer) => void, }) => t.invoke<DocumentMeta>("import_document", args),
    /** Stops the import under way (heard while it holds the vault). */
    cancel_import: () => t.invoke<null>("cancel_import", {}),
    /** The decrypted content for the in-app preview, in one answer: its media type on the first line (a known type: no line break), then the raw bytes. */
    document_content: (args: { id: string, }) => t.invoke<Uint8Array>("document_content", args),
    /** Asks where to save, then exports there; `false` when cancelled. */
    export_document: (args: { id: string, }) => t.invoke<boolean>("export_document", args),
    /** Changes a document's details. */
    update_document: (args: { id: string, input: DocumentInput, }) => t.invoke<DocumentMeta>("update_document", args),
    /** Hides a document from professionals, or shows it again. */
    set_document_hidden: (args: { id: string, hidden: boolean, }) => t.invoke<DocumentMeta>("set_document_hidden", args),
    /** Deletes a document and its content. */
    delete_document: (args: { id: string, }) => t.invoke<null>("delete_document", args),
    /** Records and documents matching the words typed. */
    search: (args: { query: string, }) => t.invoke<Array<SearchHit>>("search", args),
    /** The profile's own history, newest first. */
    audit_log: (args: { limit: number, }) => t.invoke<Array<AuditEntry>>("audit_log", args),
    /** Asks where to save, then backs up the whole vault; `null` when cancelled. */
    backup_vault: (args: { onProgress: (message: Transfer) => void, }) => t.invoke<BackupSummary | null>("backup_vault", args),
    /** First run only: asks for an archive and restores it; `null` when cancelled. */
    restore_backup: (args: { member: string, passphrase: string, onProgress: (message: Transfer) => void, }) => t.invoke<BackupSummary | null>("restore_backup", args),
    /** Whether the current profile is linked to the national space. */
    sync_status: () => t.invoke<SyncStatus>("sync_status", {}),
    /** Links the current profile with a one-time code, then syncs. */
    pair_sync: (args: { server: string, code: string, deviceName: string, }) => t.invoke<SyncStatus>("pair_sync", args),
    /** Unlinks this device; everything stays here. */
    unpair_sync: () => t.invoke<null>("unpair_sync", {}),
    /** Syncs now, streaming progress; a failure or a cancel loses nothing. */
    sync_now: (args: { onProgress: (message: SyncProgress) => void, }) => t.invoke<SyncReport>("sync_now", args),
    /** Syncs every linked profile but the open one, quietly (on unlock, every 5 minutes, when the network returns); answers how each went. */
    sync_linked_profiles: () => t.invoke<Array<LinkedSync>>("sync_linked_profiles", {}),
    /** What others added or changed in every profile, newest first. */
    list_activity: (args: { limit: number, }) => t.invoke<Array<ActivityItem>>("list_activity", args),
    /** Marks the activity as seen (the profile switcher's badges go). */
    mark_activity_seen: () => t.invoke<null>("mark_activity_seen", {}),
    /** Stops the sync under way (heard while it holds the vault). */
    cancel_sync: () => t.invoke<null>("cancel_sync", {}),
    /** A one-time code (valid 15 minutes) to link another device of the same person. */
    new_pairing_code: () => t.invoke<string>("new_pairing_code", {}),
    /** Who consulted the record through the national space, newest first. */
    access_history: (args: { limit: number, }) => t.invoke<Array<AccessEntry>>("access_history", args),
    /** Professionals who may read the profile through the national space (asks the server). */
    allowed_professionals: () => t.invoke<Array<AllowedProfessional>>("allowed_professionals", {}),
    /** Authorises a professional by RPPS number; answers the list as it now stands. */
    allow_professional: (args: { rpps: string, }) => t.invoke<Array<AllowedProfessional>>("allow_professional", args),
    /** Withdraws a professional's access; answers the list as it now stands. */
    withdraw_professional: (args: { rpps: string, }) => t.invoke<Array<AllowedProfessional>>("withdraw_professional", args),
    /** Fields edited on two devices at once, by record or document id. */
    list_conflicts: () => t.invoke<{ [key in string]: Array<Conflict> }>("list_conflicts", {}),
    /** Invites someone to help with the current profile; answers the code to pass on. */
    invite_person: (args: { name: string, role: Role, validHours: number, }) => t.invoke<CreatedInvitation>("invite_person", args),
    /** Invitations of the current profile not used yet. */
    list_invitations: () => t.invoke<Array<Invitation>>("list_invitations", {}),
    /** Cancels an invitation before it is used. */
    cancel_invitation: (args: { id: string, }) => t.invoke<null>("cancel_invitation", args),
    /** What an invitation code is for (who invites, which profile, which role), without using it. */
    preview_invitation: (args: { server: string, code: string, }) => t.invoke<InvitationPreview>("preview_invitation", args),
    /** Joins a profile with an invitation code into this vault; it becomes current. `keep`: for a young adult becoming owner, who keeps access. */
    accept_invitation: (args: { server: string, code: string, deviceName: string, keep: Array<Keep>, }) => t.invoke<Joined>("accept_invitation", args),
    /** Who can open the current profile, and from which computers (asks the gateway). */
    list_people: () => t.invoke<People>("list_people", {}),
    /** Changes someone's role (owner or co-parent only). */
    set_person_role: (args: { person: string, role: Role, mayHide: boolean, }) => t.invoke<Person>("set_person_role", args),
    /** Withdraws someone's access; their computers erase their copy at next contact. */
    revoke_person: (args: { person: string, }) => t.invoke<null>("revoke_person", args),
    /** Withdraws one computer (lost, sold); it erases its copy at next contact. */
    withdraw_device: (args: { device: string, }) => t.invoke<null>("withdraw_device", args),
    /** Who was invited, joined, changed role or lost access, newest first (from the last sync). */
    people_history: () => t.invoke<Array<PeopleHistoryEntry>>("people_history", {}),
    /** The relay's address for this profile (else its sync gateway), `null` while there is none. */
    share_relay: () => t.invoke<string | null>("share_relay", {}),
    /** Links this device to an account on the relay with a one-time access code. */
    set_share_relay: (args: { address: string, code: string, deviceName: string, }) => t.invoke<string>("set_share_relay", args),
    /** The profile's shares, newest first, as the vault knows them (no network). */
    shares: () => t.invoke<Array<ShareSummary>>("shares", {}),
    /** Every problem with the wizard's answers so far, by field and in the user's words (none: it may go on). Numbers as typed; 0 for unreadable. */
    check_share: (args: { items: number, professional: ShareProfessional, expiresInHours: number, maxOpens: number | null, pin: string | null, }) => t.invoke<Array<ApiError>>("check_share", args),
    /** Encrypts and uploads the chosen items; the answer has its link. */
    create_share: (args: { request: ShareRequest, }) => t.invoke<ShareSummary>("create_share", args),
    /** Asks the relay for the share's state and its access log. */
    refresh_share: (args: { id: string, }) => t.invoke<ShareDetails>("refresh_share", args),
    /** Deletes the share on the relay: the link no longer opens. */
    revoke_share: (args: { id: string, }) => t.invoke<ShareSummary>("revoke_share", args),
  };
}

export type Commands = ReturnType<typeof commands>;

/** Every command, by the name it is invoked with. */
export const COMMANDS = [
  "app_status",
  "list_members",
  "create_vault",
  "unlock",
  "lock",
  "set_language",
  "change_passphrase",
  "save_recovery_kit",
  "add_member",
  "grant_access",
  "revoke_access",
  "list_profiles",
  "create_profile",
  "update_profile",
  "select_profile",
  "get_overview",
  "delete_profile",
  "list_records",
  "vaccination_calendar",
  "vaccine_choices",
  "check_ups",
  "todo",
  "add_record",
  "update_record",
  "delete_record",
  "document_types",
  "list_documents",
  "choose_files",
  "watch_dropped_files",
  "import_document",
  "cancel_import",
  "document_content",
  "export_document",
  "update_document",
  "set_document_hidden",
  "delete_document",
  "search",
  "audit_log",
  "backup_vault",
  "restore_backup",
  "sync_status",
  "pair_sync",
  "unpair_sync",
  "sync_now",
  "sync_linked_profiles",
  "list_activity",
  "mark_activity_seen",
  "cancel_sync",
  "new_pairing_code",
  "access_history",
  "allowed_professionals",
  "allow_professional",
  "withdraw_professional",
  "list_conflicts",
  "invite_person",
  "list_invitations",
  "cancel_invitation",
  "preview_invitation",
  "accept_invitation",
  "list_people",
  "set_person_role",
  "revoke_person",
  "withdraw_device",
  "people_history",
  "share_relay",
  "set_share_relay",
  "shares",
  "check_share",
  "create_share",
  "refresh_share",
  "revoke_share",
] as const;
