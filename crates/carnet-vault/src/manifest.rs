//! `vault.json`: who the members are and which profile keys each one holds.
//!
//! It contains no health data: member names (shown on the unlock screen,
//! so they are readable by anyone who can read the folder), identities
//! sealed under passphrases, public recipients, and profile keys wrapped to
//! members. Profile names live inside the encrypted databases.
//!
//! The whole file is authenticated: `auth` is an HMAC-SHA256, under the
//! vault key, of everything else. The vault key sits only inside each
//! member's passphrase-sealed identity (an age scrypt file, which nobody can
//! produce without the passphrase), so someone who can write to the folder
//! but is not a member cannot add a profile, swap a recipient or change a
//! wrapped key without unlock reporting it. Anything that fails the check is
//! never used: not to show a profile, not to wrap a key.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::fsutil::atomic_write;
use crate::{Altered, Error, Result};
pub(crate) use carnet_model::Role;

pub(crate) const FILE_NAME: &str = "vault.json";
const FORMAT: &str = "carnet-vault";
/// 1: unauthenticated (upgraded at the first unlock); 2: authenticated.
const VERSION: u32 = 2;
const LEGACY_VERSION: u32 = 1;
/// A manifest larger than this is not one Carnet wrote.
const MAX_SIZE: u64 = 16 * 1024 * 1024;

/// The key that authenticates the manifest, shared by the members only.
pub(crate) type VaultKey = Zeroizing<[u8; 32]>;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    pub format: String,
    pub version: u32,
    /// Random id of this vault, also stored inside every profile database.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vault_id: String,
    pub kdf: KdfInfo,
    pub members: Vec<MemberEntry>,
    pub profiles: Vec<ProfileEntry>,
    /// The vault key wrapped to members who have not unlocked since the
    /// vault was upgraded from version 1 (their sealed identity does not
    /// hold it yet). Emptied as each of them unlocks.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub upgrade_keys: BTreeMap<String, String>,
    /// HMAC-SHA256 of the rest, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<String>,
}

/// Informational copy of the KDF parameters; the authoritative ones sit in
/// each sealed identity's authenticated age header.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KdfInfo {
    pub algorithm: String,
    pub log_n: u8,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MemberEntry {
    pub id: String,
    pub name: String,
    /// age X25519 recipient (public key).
    pub recipient: String,
    /// age X25519 identity (and the vault key), encrypted under the member's passphrase.
    pub sealed_identity: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileEntry {
    pub id: String,
    pub keys: Vec<WrappedKey>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WrappedKey {
    pub member: String,
    pub role: Role,
    pub wrapped: String,
    pub granted_by: String,
    pub granted_at: DateTime<Utc>,
}

/// Whether `id` is a UUID in its canonical form: ids become folder names,
/// so `../x` or `C:\\x` must never pass.
pub(crate) fn is_canonical_id(id: &str) -> bool {
    carnet_model::is_id(id)
}

impl Manifest {
    pub(crate) fn new(log_n: u8) -> Self {
        Self {
            format: FORMAT.into(),
            version: VERSION,
            vault_id: carnet_model::new_id(),
            kdf: KdfInfo {
                algorithm: "age-scrypt".into(),
                log_n,
            },
            members: Vec::new(),
            profiles: Vec::new(),
            upgrade_keys: BTreeMap::new(),
            auth: None,
        }
    }

    pub(crate) fn load(dir: &Path) -> Result<Self> {
        let path = dir.join(FILE_NAME);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotFound { what: "vault" });
            }
            Err(e) => return Err(e.into()),
        };
        if !meta.is_file() {
            return Err(Error::damaged("vault.json (not a plain file)"));
        }
        if meta.len() > MAX_SIZE {
            return Err(Error::damaged(FILE_NAME));
        }
        Self::parse(&std::fs::read(&path)?)
    }

    /// Parses and checks the shape (not yet the authentication, which
    /// needs a member's passphrase).
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self> {
        let manifest: Manifest =
            serde_json::from_slice(bytes).map_err(|_| Error::damaged(FILE_NAME))?;
        if manifest.format != FORMAT
            || !matches!(manifest.version, VERSION | LEGACY_VERSION)
            || (manifest.version == VERSION
                && (!is_canonical_id(&manifest.vault_id) || manifest.auth.is_none()))
        {
            return Err(Error::damaged(FILE_NAME));
        }
        manifest.check_ids()?;
        Ok(manifest)
    }

    /// Every id is a canonical UUID, listed once, and every key names a member.
    fn check_ids(&self) -> Result<()> {
        let bad = || Error::damaged("vault.json (an identifier is not valid)");
        let mut members = HashSet::new();
        for m in &self.members {
            if !is_canonical_id(&m.id) || !members.insert(m.id.as_str()) {
                return Err(bad());
            }
        }
        let mut profiles = HashSet::new();
        for p in &self.profiles {
            if !is_canonical_id(&p.id) || !profiles.insert(p.id.as_str()) {
                return Err(bad());
            }
            let mut holders = HashSet::new();
            for k in &p.keys {
                if !members.contains(k.member.as_str()) || !holders.insert(k.member.as_str()) {
                    return Err(bad());
                }
            }
        }
        if self
            .upgrade_keys
            .keys()
            .any(|id| !members.contains(id.as_str()))
        {
            return Err(bad());
        }
        Ok(())
    }

    /// The bytes the authentication covers: everything but `auth`.
    fn authenticated_bytes(&self) -> Result<Vec<u8>> {
        let mut unsigned = self.clone();
        unsigned.auth = None;
        serde_json::to_vec(&unsigned).map_err(|e| Error::Io(std::io::Error::other(e)))
    }

    fn mac(&self, key: &VaultKey) -> Result<Hmac<Sha256>> {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(key.as_ref()).expect("HMAC takes any key length");
        mac.update(&self.authenticated_bytes()?);
        Ok(mac)
    }

    /// Authenticates the manifest under the vault key (before every save).
    pub(crate) fn seal(&mut self, key: &VaultKey) -> Result<()> {
        self.version = VERSION;
        self.auth = None;
        self.auth = Some(hex::encode(self.mac(key)?.finalize().into_bytes()));
        Ok(())
    }

    /// Checks the authentication in constant time; `Damaged` if anything
    /// was changed by someone without the vault key.
    pub(crate) fn verify(&self, key: &VaultKey) -> Result<()> {
        let altered = || Error::Altered(Altered::VaultFile);
        if self.version != VERSION {
            return Err(altered());
        }
        let tag = hex::decode(self.auth.as_deref().unwrap_or_default()).map_err(|_| altered())?;
        self.mac(key)?.verify_slice(&tag).map_err(|_| altered())
    }

    pub(crate) fn is_legacy(&self) -> bool {
        self.version == LEGACY_VERSION
    }

    pub(crate) fn to_bytes(&self) -> Result<Vec<u8>> {
        serde_json::to_vec_pretty(self).map_err(|e| Error::Io(std::io::Error::other(e)))
    }

    /// Writes the manifest authenticated under `key`.
    pub(crate) fn save(&mut self, dir: &Path, key: &VaultKey) -> Result<()> {
        self.seal(key)?;
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
