//! What the relay and its clients say to each other (docs/share-links.md).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Headers of `POST /v1/shares`.
pub const EXPIRES_IN_HEADER: &str = "carnet-expires-in";
pub const MAX_OPENS_HEADER: &str = "carnet-max-opens";
pub const PIN_VERIFIER_HEADER: &str = "carnet-pin-verifier";
/// Header of a successful open: when the share expires.
pub const EXPIRES_AT_HEADER: &str = "carnet-expires-at";
/// Wrong PINs after which one network (an IPv4 address, an IPv6 /64) can
/// no longer try a share: whoever only knows the id cannot lock it for the
/// professional it was meant for.
pub const MAX_WRONG_PINS: u32 = 5;
/// Wrong PINs, from everywhere, that lock a share for good (a PIN of 4 to 8
/// digits then holds against a distributed guesser with odds of at most
/// 100 in 10,000).
pub const MAX_WRONG_PINS_TOTAL: u32 = 100;
/// Largest ciphertext the relay takes.
pub const MAX_CIPHERTEXT_BYTES: usize = 48 * 1024 * 1024;
/// Error code of a creation refused because the account's shares already
/// hold its quota of bytes.
pub const QUOTA_ERROR: &str = "quota_exceeded";

/// Where a share stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ShareState {
    Active,
    Expired,
    /// Every allowed open was used.
    Exhausted,
    Revoked,
    /// Too many wrong PINs.
    Locked,
}

impl ShareState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Expired => "expired",
            Self::Exhausted => "exhausted",
            Self::Revoked => "revoked",
            Self::Locked => "locked",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Active,
            Self::Expired,
            Self::Exhausted,
            Self::Revoked,
            Self::Locked,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// The answer to a creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Created {
    pub id: String,
    pub owner_token: String,
    pub expires_at: DateTime<Utc>,
    pub max_opens: Option<u32>,
}

/// What happened at one access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AccessOutcome {
    Opened,
    WrongPin,
}

/// One access to a share: when, from which kind of browser, with what outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "ShareAccess")]
pub struct Access {
    pub at: DateTime<Utc>,
    pub client: String,
    pub outcome: AccessOutcome,
}

/// A share's state and access log, as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelayStatus {
    pub state: ShareState,
    pub opens: u32,
    pub max_opens: Option<u32>,
    pub expires_at: DateTime<Utc>,
    pub accesses: Vec<Access>,
}
