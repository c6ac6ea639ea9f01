//! Who can open a profile through the gateway (docs/sync-protocol.md,
//! "People"): what the gateway answers and the client shows.

use carnet_model::{ProfileInfo, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A person who can open a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// Whether the owner lets this caregiver hide documents from professionals.
    pub may_hide: bool,
    pub added_at: DateTime<Utc>,
    /// Who invited them (`None` for the account's holder).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_by: Option<String>,
    pub devices: Vec<PersonDevice>,
}

/// One computer of a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PersonDevice {
    pub id: String,
    pub name: String,
    pub added_at: DateTime<Utc>,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<DateTime<Utc>>,
    /// Whether the asking person may withdraw this computer (the gateway's
    /// rule, `Role::may_withdraw_device`; never the asking computer).
    #[serde(default)]
    pub may_withdraw: bool,
}

/// The people of a profile, and which of them (and which of their
/// computers) is asking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct People {
    pub you: String,
    /// The asking computer (absent from older gateways).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub this_device: Option<String>,
    pub people: Vec<Person>,
    /// The person the profile is about came of age while it was held for
    /// them, and the asking person is their parent: they may invite them
    /// to own it.
    #[serde(default)]
    pub may_hand_over: bool,
}

/// Someone who can open a profile, in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PersonBrief {
    pub id: String,
    pub name: String,
    pub role: Role,
}

/// What an invitation code is for, shown before it is used: who invites,
/// to which profile, with which role. For the young adult becoming owner
/// of their profile, everyone who can open it now, so they choose who keeps
/// access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct InvitationPreview {
    /// The profile at the gateway (so a computer that holds it already says so before using the code).
    pub profile_id: String,
    /// The invited person's name, as the owner wrote it.
    pub name: String,
    pub role: Role,
    pub invited_by: String,
    /// Who the profile is about.
    pub profile_name: String,
    pub expires_at: DateTime<Utc>,
    /// For an owner's invitation: the people whose access the new owner decides.
    pub people: Vec<PersonBrief>,
}

/// Someone the new owner keeps, and as what (caregiver or read-only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Keep {
    pub person: String,
    pub role: Role,
}

/// An invitation waiting for its code to be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Invitation {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// The name of who made it.
    pub created_by: String,
}

/// A new invitation and its code, shown once: the gateway keeps only a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CreatedInvitation {
    #[serde(flatten)]
    pub invitation: Invitation,
    pub code: String,
}

/// What accepting an invitation gives the helper's computer.
#[derive(Clone, Serialize, Deserialize)]
pub struct Accepted {
    pub profile_id: String,
    pub device_id: String,
    pub person_id: String,
    /// The helper's name, as the owner wrote it.
    pub name: String,
    pub role: Role,
    pub invited_by: String,
    pub token: String,
    /// Who the profile is about, for the helper's copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<ProfileInfo>,
    /// For a new owner: who keeps access (with their new role)…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<PersonBrief>,
    /// …and whose access ended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<String>,
}

// The device token opens the profile on the gateway: never in a log line.
impl std::fmt::Debug for Accepted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accepted")
            .field("profile_id", &self.profile_id)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}
