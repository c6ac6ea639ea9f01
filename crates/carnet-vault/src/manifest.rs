//! `vault.json`: who the members are and which profile keys each one holds.
//!
//! It contains no health data: member names (shown on the unlock screen),
//! identities sealed under passphrases, public recipients, and profile keys
//! wrapped to members. Profile names live inside the encrypted databases.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::fsutil::atomic_write;
use crate::{Error, Result};

pub(crate) const FILE_NAME: &str = "vault.json";
const FORMAT: &str = "carnet-vault";
const VERSION: u32 = 1;
/// A manifest larger than this is not one Carnet wrote.
const MAX_SIZE: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub format: String,
    pub version: u32,
    pub kdf: KdfInfo,
    pub members: Vec<MemberEntry>,
    pub profiles: Vec<ProfileEntry>,
}

/// Informational copy of the KDF parameters; the authoritative ones sit in
/// each sealed identity's authenticated age header.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct KdfInfo {
    pub algorithm: String,
    pub log_n: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct MemberEntry {
    pub id: String,
    pub name: String,
    /// age X25519 recipient (public key).
    pub recipient: String,
    /// age X25519 identity, encrypted under the member's passphrase.
    pub sealed_identity: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ProfileEntry {
    pub id: String,
    pub keys: Vec<WrappedKey>,
}

/// Why a member holds a profile's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    pub fn parse(value: &str) -> Result<Role> {
        match value.trim() {
            "owner" => Ok(Role::Owner),
            "parent" => Ok(Role::Parent),
            "caregiver" => Ok(Role::Caregiver),
            other => Err(Error::Invalid(carnet_model::ValidationError {
                field: "role",
                problem: carnet_model::Problem::UnknownChoice {
                    value: other.to_string(),
                },
            })),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct WrappedKey {
    pub member: String,
    pub role: Role,
    pub wrapped: String,
    pub granted_by: String,
    pub granted_at: DateTime<Utc>,
}

impl Manifest {
    pub(crate) fn new(log_n: u8) -> Self {
        Self {
            format: FORMAT.into(),
            version: VERSION,
            kdf: KdfInfo {
                algorithm: "age-scrypt".into(),
                log_n,
            },
            members: Vec::new(),
            profiles: Vec::new(),
        }
    }

    pub(crate) fn load(dir: &Path) -> Result<Self> {
        let path = dir.join(FILE_NAME);
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotFound { what: "vault" });
            }
            Err(e) => return Err(e.into()),
        };
        if meta.len() > MAX_SIZE {
            return Err(Error::damaged(FILE_NAME));
        }
        Self::parse(&std::fs::read(&path)?)
    }

    pub(crate) fn parse(bytes: &[u8]) -> Result<Self> {
        let manifest: Manifest =
            serde_json::from_slice(bytes).map_err(|_| Error::damaged(FILE_NAME))?;
        if manifest.format != FORMAT || manifest.version != VERSION {
            return Err(Error::damaged(FILE_NAME));
        }
        Ok(manifest)
    }

    pub(crate) fn to_bytes(&self) -> Result<Vec<u8>> {
        serde_json::to_vec_pretty(self).map_err(|e| Error::Io(std::io::Error::other(e)))
    }

    pub(crate) fn save(&self, dir: &Path) -> Result<()> {
        atomic_write(&dir.join(FILE_NAME), &self.to_bytes()?)
    }

    pub(crate) fn member(&self, id: &str) -> Result<&MemberEntry> {
        self.members
            .iter()
            .find(|m| m.id == id)
            .ok_or(Error::NotFound { what: "member" })
    }

    pub(crate) fn profile(&self, id: &str) -> Result<&ProfileEntry> {
        self.profiles
            .iter()
            .find(|p| p.id == id)
            .ok_or(Error::NotFound { what: "profile" })
    }

    pub(crate) fn profile_mut(&mut self, id: &str) -> Result<&mut ProfileEntry> {
        self.profiles
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or(Error::NotFound { what: "profile" })
    }
}
