//! Which professionals may read a patient's record through the national
//! space (docs/sync-protocol.md, "Professionals' reads"): those the patient
//! authorised, and those who deposited for the patient, unless the patient
//! withdrew them. What the gateway answers and the client shows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Why a professional may read the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AllowedBecause {
    /// The patient authorised them.
    Patient,
    /// They deposited a document or a record for the patient.
    Deposit,
}

/// A professional who may read the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct AllowedProfessional {
    pub rpps: String,
    /// As the national space knows them; `None` for a number it does not know yet.
    pub name: Option<String>,
    pub because: AllowedBecause,
    pub since: DateTime<Utc>,
}
