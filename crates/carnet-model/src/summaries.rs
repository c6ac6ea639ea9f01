//! What the vault reports about itself, as plain data: members, profiles
//! and who may open them, search hits, audit lines, backup totals. The vault
//! makes them; carnet-api hands them on to the window and the command line,
//! which so never depend on how the vault stores anything.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{ProfileInfo, Role};

/// A member as shown on the unlock screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MemberSummary {
    pub id: String,
    pub name: String,
}

/// A member who can open a profile, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct KeyHolder {
    pub member_id: String,
    pub member_name: String,
    pub role: Role,
    /// Whether the unlocked member may take this holder's access away
    /// ([`Role::may_manage`]): never the owner's.
    pub removable: bool,
}

/// A profile the unlocked member can open.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ProfileSummary {
    pub id: String,
    /// Who the profile is about; `None` when its database cannot be read
    /// (damaged), so the other profiles stay listed and usable.
    pub info: Option<ProfileInfo>,
    pub holders: Vec<KeyHolder>,
    /// Activity from elsewhere (deposits, a caregiver's edits) nobody has
    /// looked at yet: the badge of the profile switcher.
    pub unseen_activity: u32,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct SearchHit {
    /// `document`, or the record kind (`allergy`, `treatment`…).
    #[ts(type = "\"document\" | RecordKind")]
    pub kind: String,
    /// Identifier of the record or document.
    pub id: String,
    /// Title to show.
    pub title: String,
    /// A short excerpt around the match, with the match between `[` and `]`.
    pub snippet: String,
}

/// One line of the audit log: when, who (member id), what, on which item (id only).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub member: String,
    pub action: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_kind: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
}

/// What went into, or came out of, a backup archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct BackupSummary {
    pub profiles: usize,
    pub files: usize,
    pub bytes: u64,
}
