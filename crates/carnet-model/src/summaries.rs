//! What the vault reports about itself, as plain data: members, profiles
//! and who may open them, search hits, audit lines, backup totals. The vault
//! makes them; carnet-api hands them on to the window and the command line,
//! which so never depend on how the vault stores anything.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Problem, ProfileInfo, ValidationError};

/// A member as shown on the unlock screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct MemberSummary {
    pub id: String,
    pub name: String,
}

/// Why a member holds a profile's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Created the profile (their own, or a child's).
    Owner,
    /// Shares a child's profile (the second parent).
    Parent,
    /// Helps the person manage their record, with their consent.
    Caregiver,
}

impl Role {
    /// Parses `owner`, `parent` or `caregiver`.
    pub fn parse(value: &str) -> Result<Role, ValidationError> {
        match value.trim() {
            "owner" => Ok(Role::Owner),
            "parent" => Ok(Role::Parent),
            "caregiver" => Ok(Role::Caregiver),
            other => Err(ValidationError::new(
                "role",
                Problem::UnknownChoice {
                    value: other.to_string(),
                },
            )),
        }
    }
}

/// A member who can open a profile, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct KeyHolder {
    pub member_id: String,
    pub member_name: String,
    pub role: Role,
}

/// A profile the unlocked member can open.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ProfileSummary {
    pub id: String,
    /// Who the profile is about; `None` when its database cannot be read
    /// (damaged), so the other profiles stay listed and usable.
    pub info: Option<ProfileInfo>,
    pub holders: Vec<KeyHolder>,
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn roles_are_read_and_written_by_their_stored_names() {
        for role in [Role::Owner, Role::Parent, Role::Caregiver] {
            let name = serde_json::to_value(role).unwrap();
            assert_eq!(Role::parse(name.as_str().unwrap()).unwrap(), role);
        }
        assert_eq!(Role::parse("admin").unwrap_err().field, "role");
    }
}
