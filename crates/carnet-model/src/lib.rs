//! Domain types of a Carnet health vault and their validation, with no I/O.
//!
//! Everything that enters the vault (from the CLI, the desktop window, a sync
//! peer or a file) is checked here first, so the storage layers can trust it.

#[macro_use]
mod choices;
mod checkup;
mod document;
mod error;
pub mod fhir;
mod fields;
mod ids;
mod lang;
mod measurement;
mod profile;
mod record;
mod roles;
mod sample;
mod summaries;
mod text;

pub use checkup::{CheckUp, Exam};
pub use document::{
    clean_file_name, DocumentInput, DocumentMeta, DocumentSource, DocumentType, DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES, MEDIA_TYPES,
};
pub use error::{Problem, ValidationError};
pub use fields::{Field, FieldValue};
pub use ids::{nir_key, rpps_luhn_ok, Nir, Rpps};
pub use lang::Lang;
pub use measurement::{MeasurementKind, Unit};
pub use profile::{
    phone_number, Doctor, EmergencyContact, ProfileInfo, Sex, MAX_EMERGENCY_CONTACTS,
};
pub use record::{
    Allergy, AllergySeverity, AllergyStatus, Condition, ConditionStatus, Measurement, Record,
    RecordBody, RecordKind, Route, Treatment, Vaccination, DOSE_NUMBERS,
};
pub use roles::{person_name, Action, Role, MAX_PERSON_NAME};
pub use sample::{sample_pdf, sample_pdf_pages};
pub use summaries::{
    AuditEntry, BackupSummary, KeyHolder, MemberSummary, ProfileSummary, SearchHit,
};
pub use text::parse_date;

/// Result of a validation.
pub type Result<T, E = ValidationError> = std::result::Result<T, E>;

/// Whether `text` is an identifier as [`new_id`] makes them (a UUID in its
/// canonical lowercase hyphenated form).
pub fn is_id(text: &str) -> bool {
    uuid::Uuid::parse_str(text).is_ok_and(|u| u.hyphenated().to_string() == text)
}

/// Generates a fresh random identifier for a record, document or profile.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
