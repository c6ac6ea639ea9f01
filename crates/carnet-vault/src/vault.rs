//! A vault directory: its members, its profiles, and who can open which.
//!
//! ```text
//! vault/
//!   vault.json              members, sealed identities, wrapped profile keys
//!   .lock                   held while a program has the vault open
//!   profiles/<id>/profile.db    SQLCipher database (random 256-bit raw key)
//!   profiles/<id>/blobs/<hmac>  age-encrypted document content
//! ```

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::secrecy::SecretString;
use age::x25519;
use carnet_model::{KeyHolder, MemberSummary, ProfileInfo, ProfileSummary};
use chrono::Utc;
use zeroize::Zeroizing;

use crate::audit::AuditAction;
use crate::fsutil::{remove_stale_temps, restrict_permissions, sync_dir};
use crate::kdf::{check_passphrase, open_identity, seal_identity, Binding, KdfPolicy};
use crate::keys::ProfileKey;
use crate::manifest::{Manifest, MemberEntry, ProfileEntry, VaultKey, WrappedKey};
use crate::profile::{profile_dir, Profile, ProfileIds, DB_FILE, REKEY_SUFFIX};
use crate::sync::SyncLink;
use crate::{db, Error, Result};
use carnet_model::Role;

const LOCK_FILE: &str = ".lock";

/// An open, still locked vault: only member names are readable.
#[derive(Debug)]
pub struct Vault {
    dir: PathBuf,
    /// Holding this file's lock keeps other programs out.
    _lock: File,
    manifest: Manifest,
    policy: KdfPolicy,
}

/// The decrypted identity of a member who typed the right passphrase, and
/// the vault key that authenticated the manifest.
pub struct MemberKey {
    member_id: String,
    identity: x25519::Identity,
    vault_key: VaultKey,
}

impl std::fmt::Debug for MemberKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemberKey")
            .field("member_id", &self.member_id)
            .finish_non_exhaustive()
    }
}

/// A fresh random vault key.
fn random_key() -> Result<VaultKey> {
    Ok(Zeroizing::new(*ProfileKey::generate()?.bytes()))
}

fn lock_dir(dir: &Path) -> Result<File> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(Error::Busy),
        Err(TryLockError::Error(e)) => Err(e.into()),
    }
}

fn validate_member_name(name: &str) -> Result<String> {
    let name = name.trim();
    let problem = if name.is_empty() {
        carnet_model::Problem::Required
    } else if name.chars().count() > 100 {
        carnet_model::Problem::TooLong { max: 100 }
    } else {
        return Ok(name.to_string());
    };
    Err(Error::Invalid(carnet_model::ValidationError {
        field: "name",
        problem,
    }))
}

impl Vault {
    /// Creates a new vault in `dir` (absent or empty) with its first member,
    /// and returns it unlocked as that member.
    pub fn create(dir: &Path, member_name: &str, passphrase: &SecretString) -> Result<Session> {
        let policy = KdfPolicy::current();
        let name = validate_member_name(member_name)?;
        check_passphrase(passphrase)?;
        if dir.join(crate::manifest::FILE_NAME).exists() {
            return Err(Error::AlreadyExists { what: "vault" });
        }
        let existed = dir.exists();
        if existed && fs::read_dir(dir)?.next().is_some() {
            return Err(Error::DestinationNotEmpty);
        }
        let result = Self::create_in(dir, name, passphrase, policy);
        if result.is_err() {
            // Leave the folder as it was, so the person can simply try again.
            if existed {
                for entry in fs::read_dir(dir)?.flatten() {
                    let _ =
                        fs::remove_dir_all(entry.path()).or_else(|_| fs::remove_file(entry.path()));
                }
            } else {
                let _ = fs::remove_dir_all(dir);
            }
        }
        result
    }

    fn create_in(
        dir: &Path,
        name: String,
        passphrase: &SecretString,
        policy: KdfPolicy,
    ) -> Result<Session> {
        fs::create_dir_all(dir.join("profiles"))?;
        restrict_permissions(dir)?;
        let lock = lock_dir(dir)?;
        let identity = x25519::Identity::generate();
        let mut manifest = Manifest::new(policy.log_n);
        let binding = Binding {
            vault_id: manifest.vault_id.clone(),
            member_id: carnet_model::new_id(),
            key: random_key()?,
        };
        let member = MemberEntry {
            id: binding.member_id.clone(),
            name,
            recipient: identity.to_public().to_string(),
            sealed_identity: seal_identity(&identity, &binding, passphrase, policy)?,
            created_at: Utc::now(),
        };
        let member_id = member.id.clone();
        manifest.members.push(member);
        manifest.save(dir, &binding.key)?;
        let vault = Vault {
            dir: dir.to_path_buf(),
            _lock: lock,
            manifest,
            policy,
        };
        Ok(Session {
            vault,
            key: MemberKey {
                member_id,
                identity,
                vault_key: binding.key,
            },
        })
    }

    /// Opens an existing vault, keeping other programs out until it is dropped.
    pub fn open(dir: &Path) -> Result<Vault> {
        if !dir.join(crate::manifest::FILE_NAME).exists() {
            return Err(Error::NotFound { what: "vault" });
        }
        let lock = lock_dir(dir)?;
        let manifest = Manifest::load(dir)?;
        remove_stale_temps(dir)?;
        Ok(Vault {
            dir: dir.to_path_buf(),
            _lock: lock,
            manifest,
            policy: KdfPolicy::current(),
        })
    }

    /// The vault's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Members, in the order they were added.
    pub fn members(&self) -> Vec<MemberSummary> {
        self.manifest
            .members
            .iter()
            .map(|m| MemberSummary {
                id: m.id.clone(),
                name: m.name.clone(),
            })
            .collect()
    }

    /// Finds a member by id or by name (case-insensitive).
    pub fn find_member(&self, id_or_name: &str) -> Result<MemberSummary> {
        let wanted = id_or_name.trim();
        self.members()
            .into_iter()
            .find(|m| m.id == wanted || m.name.to_lowercase() == wanted.to_lowercase())
            .ok_or(Error::NotFound { what: "member" })
    }

    /// Checks a member's passphrase, then that `vault.json` is exactly what
    /// members wrote. On a wrong passphrase or an altered file nothing on
    /// disk changes. A vault from before authentication is upgraded here.
    pub fn unlock(&mut self, member_id: &str, passphrase: &SecretString) -> Result<MemberKey> {
        let member = self.manifest.member(member_id)?.clone();
        let opened = open_identity(&member.sealed_identity, passphrase, self.policy)?;
        if opened.identity.to_public().to_string() != member.recipient {
            return Err(Error::Altered(crate::Altered::VaultFile));
        }
        let vault_key = match opened.binding {
            Some(binding) => {
                if binding.member_id != member.id || binding.vault_id != self.manifest.vault_id {
                    return Err(Error::Altered(crate::Altered::VaultFile));
                }
                self.manifest.verify(&binding.key)?;
                binding.key
            }
            None => self.upgrade(&member, &opened.identity, passphrase)?,
        };
        Ok(MemberKey {
            member_id: member_id.to_string(),
            identity: opened.identity,
            vault_key,
        })
    }

    /// A member whose sealed identity predates authentication: either the
    /// whole vault is version 1 (this member upgrades it, trusting it as it
    /// is, once), or another member upgraded it and left this member the
    /// vault key wrapped to their recipient. Either way the member's identity
    /// is sealed again with the key, and from then on a version 1 file or a
    /// missing key is refused.
    fn upgrade(
        &mut self,
        member: &MemberEntry,
        identity: &x25519::Identity,
        passphrase: &SecretString,
    ) -> Result<VaultKey> {
        let mut manifest = self.manifest.clone();
        let key = if manifest.is_legacy() {
            manifest.vault_id = carnet_model::new_id();
            let key = random_key()?;
            for other in manifest.members.iter().filter(|m| m.id != member.id) {
                let recipient = x25519::Recipient::from_str(&other.recipient)
                    .map_err(|_| Error::damaged("member"))?;
                let wrapped = ProfileKey::from_bytes(&key).wrap_for(&recipient)?;
                manifest.upgrade_keys.insert(other.id.clone(), wrapped);
            }
            key
        } else {
            let wrapped = manifest
                .upgrade_keys
                .remove(&member.id)
                .ok_or_else(|| Error::Altered(crate::Altered::VaultFile))?;
            let key = Zeroizing::new(*ProfileKey::unwrap(&wrapped, identity)?.bytes());
            self.manifest.verify(&key)?;
            key
        };
        let binding = Binding {
            vault_id: manifest.vault_id.clone(),
            member_id: member.id.clone(),
            key,
        };
        let sealed = seal_identity(identity, &binding, passphrase, self.policy)?;
        manifest
            .members
            .iter_mut()
            .find(|m| m.id == member.id)
            .ok_or(Error::NotFound { what: "member" })?
            .sealed_identity = sealed;
        manifest.save(&self.dir, &binding.key)?;
        self.manifest = manifest;
        Ok(binding.key)
    }

    /// Unlocks and starts a session in one step.
    pub fn into_session(mut self, member_id: &str, passphrase: &SecretString) -> Result<Session> {
        let key = self.unlock(member_id, passphrase)?;
        Ok(Session { vault: self, key })
    }
}

/// An unlocked vault: one member's keys are in memory until [`Session::lock`].
#[derive(Debug)]
pub struct Session {
    vault: Vault,
    key: MemberKey,
}

impl Session {
    /// Starts a session from a checked member key.
    pub fn new(vault: Vault, key: MemberKey) -> Session {
        Session { vault, key }
    }

    /// Forgets every key (the identity is wiped on drop) and returns the locked vault.
    pub fn lock(self) -> Vault {
        self.vault
    }

    /// The member this session belongs to.
    pub fn member(&self) -> MemberSummary {
        self.vault
            .find_member(&self.key.member_id)
            .expect("session member exists")
    }

    /// The locked view of the vault (member list).
    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    /// Adds a member who can then be granted profiles.
    pub fn add_member(&mut self, name: &str, passphrase: &SecretString) -> Result<MemberSummary> {
        let name = validate_member_name(name)?;
        if self.vault.find_member(&name).is_ok() {
            return Err(Error::AlreadyExists { what: "member" });
        }
        let identity = x25519::Identity::generate();
        let binding = self.binding(carnet_model::new_id());
        let entry = MemberEntry {
            id: binding.member_id.clone(),
            name: name.clone(),
            recipient: identity.to_public().to_string(),
            sealed_identity: seal_identity(&identity, &binding, passphrase, self.vault.policy)?,
            created_at: Utc::now(),
        };
        let summary = MemberSummary {
            id: entry.id.clone(),
            name,
        };
        let mut manifest = self.vault.manifest.clone();
        manifest.members.push(entry);
        self.save(manifest)?;
        Ok(summary)
    }

    /// Changes this member's passphrase: only the sealed identity is rewritten.
    pub fn change_passphrase(&mut self, current: &SecretString, new: &SecretString) -> Result<()> {
        let member = self.vault.manifest.member(&self.key.member_id)?;
        open_identity(&member.sealed_identity, current, self.vault.policy)?;
        let binding = self.binding(self.key.member_id.clone());
        let sealed = seal_identity(&self.key.identity, &binding, new, self.vault.policy)?;
        let mut manifest = self.vault.manifest.clone();
        manifest
            .members
            .iter_mut()
            .find(|m| m.id == self.key.member_id)
            .ok_or(Error::NotFound { what: "member" })?
            .sealed_identity = sealed;
        self.save(manifest)
    }

    /// The sealed identity of this member: an age file that `age -d` opens
    /// with the passphrase, for the recovery kit.
    pub fn recovery_kit(&self) -> Result<String> {
        Ok(self
            .vault
            .manifest
            .member(&self.key.member_id)?
            .sealed_identity
            .clone())
    }

    /// Creates a profile (the member's own, a child's, a relative's) that this member can open.
    pub fn create_profile(&mut self, mut info: ProfileInfo) -> Result<ProfileSummary> {
        info.validate()?;
        let id = carnet_model::new_id();
        let key = ProfileKey::generate()?;
        let dir = profile_dir(&self.vault.dir, &id);
        let ids = ProfileIds {
            vault: &self.vault.manifest.vault_id,
            profile: &id,
        };
        let created = Profile::create(&dir, ids, &key, &info, &self.key.member_id);
        if let Err(e) = created {
            let _ = fs::remove_dir_all(&dir);
            return Err(e);
        }
        let mut manifest = self.vault.manifest.clone();
        manifest.profiles.push(ProfileEntry {
            id: id.clone(),
            keys: vec![WrappedKey {
                member: self.key.member_id.clone(),
                role: Role::Owner,
                wrapped: key.wrap_for(&self.key.identity.to_public())?,
                granted_by: self.key.member_id.clone(),
                granted_at: Utc::now(),
            }],
        });
        if let Err(e) = self.save(manifest) {
            let _ = fs::remove_dir_all(&dir);
            return Err(e);
        }
        let holders = self.holders(self.vault.manifest.profile(&id)?, Some(Role::Owner), None);
        Ok(ProfileSummary {
            id,
            holders,
            info: Some(info),
            unseen_activity: 0,
        })
    }

    /// Profiles this member can open, with who else can.
    pub fn profiles(&self) -> Result<Vec<ProfileSummary>> {
        let mut out = Vec::new();
        for entry in &self.vault.manifest.profiles {
            if !entry.keys.iter().any(|k| k.member == self.key.member_id) {
                continue;
            }
            let opened = self.open_profile_quietly(&entry.id);
            let info = opened.as_ref().ok().and_then(|p| p.info().ok());
            let unseen_activity = opened
                .as_ref()
                .ok()
                .and_then(|p| p.unseen_activity().ok())
                .unwrap_or(0);
            let own = opened
                .as_ref()
                .ok()
                .and_then(|p| p.role().ok())
                .map(|(role, _)| role);
            let given = opened
                .ok()
                .and_then(|p| p.sync_link().ok().flatten())
                .and_then(|link| link.role);
            out.push(ProfileSummary {
                id: entry.id.clone(),
                info,
                holders: self.holders(entry, own, given),
                unseen_activity,
            });
        }
        Ok(out)
    }

    /// Who holds a profile's key; `own` is the unlocked member's role on
    /// it, which says whose access they may take away. For a profile joined
    /// from another computer, `given` (the role its owner gave this
    /// computer) bounds what each member here may do, so it is what is shown.
    fn holders(
        &self,
        entry: &ProfileEntry,
        own: Option<Role>,
        given: Option<Role>,
    ) -> Vec<KeyHolder> {
        entry
            .keys
            .iter()
            .map(|k| KeyHolder {
                member_id: k.member.clone(),
                member_name: self
                    .vault
                    .manifest
                    .member(&k.member)
                    .map(|m| m.name.clone())
                    .unwrap_or_default(),
                role: given.map_or(k.role, |given| k.role.within(given)),
                removable: own.is_some_and(|own| own.may_manage(k.role)),
            })
            .collect()
    }

    fn profile_key(&self, profile_id: &str) -> Result<ProfileKey> {
        let entry = self.vault.manifest.profile(profile_id)?;
        let wrapped = entry
            .keys
            .iter()
            .find(|k| k.member == self.key.member_id)
            .ok_or(Error::NoAccess)?;
        ProfileKey::unwrap(&wrapped.wrapped, &self.key.identity)
    }

    /// Opens a profile this member holds a key for. Logged in its audit log.
    pub fn open_profile(&self, profile_id: &str) -> Result<Profile> {
        let profile = self.open_profile_quietly(profile_id)?;
        profile.audit(AuditAction::ProfileOpened, None, None)?;
        Ok(profile)
    }

    /// Opens a profile without logging it (listing names, granting, backups,
    /// syncing it in the background).
    pub fn open_profile_quietly(&self, profile_id: &str) -> Result<Profile> {
        let key = self.profile_key(profile_id)?;
        let dir = profile_dir(&self.vault.dir, profile_id);
        crate::profile::check_real_dirs(&dir)?;
        finish_interrupted_rekey(&dir, &key)?;
        let ids = ProfileIds {
            vault: &self.vault.manifest.vault_id,
            profile: profile_id,
        };
        let role = self.member_role(profile_id)?;
        let mut profile = Profile::open_without_audit(&dir, ids, &key, &self.key.member_id, role)?;
        profile.author = self
            .vault
            .manifest
            .member(&self.key.member_id)
            .ok()
            .map(|m| carnet_sync::Author {
                name: m.name.clone(),
                rpps: None,
            });
        Ok(profile)
    }

    /// This member's role on a profile, as the manifest holds it.
    fn member_role(&self, profile_id: &str) -> Result<Role> {
        self.vault
            .manifest
            .profile(profile_id)?
            .keys
            .iter()
            .find(|k| k.member == self.key.member_id)
            .map(|k| k.role)
            .ok_or(Error::NoAccess)
    }

    /// Makes the local copy of a profile joined from another computer (an
    /// invitation accepted): a new database under this member's key, with
    /// who the profile is about and the link (token and role) to the gateway.
    /// Its records arrive with the first sync.
    pub fn join_profile(&mut self, info: ProfileInfo, link: &SyncLink) -> Result<ProfileSummary> {
        if self.holds_linked(&link.server, &link.remote_profile) {
            return Err(Error::AlreadyExists { what: "profile" });
        }
        let mut summary = self.create_profile(info)?;
        let joined = self
            .open_profile_quietly(&summary.id)
            .and_then(|mut profile| profile.set_sync_link(Some(link)));
        if let Err(e) = joined {
            let _ = self.erase_profile(&summary.id);
            return Err(e);
        }
        let entry = self.vault.manifest.profile(&summary.id)?;
        let own = link.role.map(|given| Role::Owner.within(given));
        summary.holders = self.holders(entry, own, link.role);
        Ok(summary)
    }

    /// Whether a profile of this vault is already linked to that profile of that gateway.
    pub fn holds_linked(&self, server: &str, remote_profile: &str) -> bool {
        self.manifest().profiles.iter().any(|p| {
            self.open_profile_quietly(&p.id)
                .and_then(|profile| profile.sync_link())
                .ok()
                .flatten()
                .is_some_and(|l| l.server == server && l.remote_profile == remote_profile)
        })
    }

    /// Deletes a profile from this computer: its entry in the manifest,
    /// then its database and documents. Used when the owner deletes it
    /// (see [`Session::delete_profile`]) and when access to a joined profile
    /// was withdrawn. Close any open [`Profile`] of it first.
    pub fn erase_profile(&mut self, profile_id: &str) -> Result<()> {
        self.member_role(profile_id)?;
        let mut manifest = self.vault.manifest.clone();
        manifest.profiles.retain(|p| p.id != profile_id);
        self.save(manifest)?;
        // From here the profile is gone from the vault; the files follow
        // (left-overs of a crash are not listed and hold only ciphertext).
        let dir = profile_dir(&self.vault.dir, profile_id);
        crate::profile::check_real_dirs(&dir)?;
        fs::remove_dir_all(&dir)?;
        sync_dir(&self.vault.dir.join("profiles"))
    }

    /// Deletes a profile for good, if this member's role allows it (the
    /// owner, or a co-parent of a minor). Close any open [`Profile`] of it first.
    pub fn delete_profile(&mut self, profile_id: &str) -> Result<()> {
        self.open_profile_quietly(profile_id)?
            .permit(carnet_model::Action::DeleteProfile)?;
        self.erase_profile(profile_id)
    }

    /// Lets another member open a profile (a second parent, a caregiver with
    /// the person's consent). The key is wrapped to that member's public key.
    pub fn grant(&mut self, profile_id: &str, member_id: &str, role: Role) -> Result<()> {
        let key = self.profile_key(profile_id)?;
        let (own, _) = self.open_profile_quietly(profile_id)?.role()?;
        if !own.may_grant(role) {
            return self.refuse(profile_id);
        }
        let member = self.vault.manifest.member(member_id)?.clone();
        let recipient =
            x25519::Recipient::from_str(&member.recipient).map_err(|_| Error::damaged("member"))?;
        let mut manifest = self.vault.manifest.clone();
        let entry = manifest.profile_mut(profile_id)?;
        if entry.keys.iter().any(|k| k.member == member_id) {
            return Err(Error::AlreadyExists { what: "access" });
        }
        entry.keys.push(WrappedKey {
            member: member_id.to_string(),
            role,
            wrapped: key.wrap_for(&recipient)?,
            granted_by: self.key.member_id.clone(),
            granted_at: Utc::now(),
        });
        let profile = self.open_profile_quietly(profile_id)?;
        self.save(manifest)?;
        profile.audit(AuditAction::AccessGranted, Some("member"), Some(member_id))?;
        Ok(())
    }

    /// Removes a member's access: the database is re-keyed with a fresh key,
    /// wrapped again for the remaining members only, and new documents go to
    /// a fresh blob identity. Close any open [`Profile`] of it first.
    pub fn revoke(&mut self, profile_id: &str, member_id: &str) -> Result<()> {
        self.profile_key(profile_id)?;
        let (own, _) = self.open_profile_quietly(profile_id)?.role()?;
        let mut manifest = self.vault.manifest.clone();
        let entry = manifest.profile_mut(profile_id)?;
        let Some(target) = entry.keys.iter().find(|k| k.member == member_id) else {
            return Err(Error::NotFound { what: "access" });
        };
        if !own.may_manage(target.role) {
            return self.refuse(profile_id);
        }
        entry.keys.retain(|k| k.member != member_id);
        if entry.keys.is_empty() {
            return Err(Error::LastKeyHolder);
        }
        let new_key = ProfileKey::generate()?;
        for k in &mut entry.keys {
            let member = self.vault.manifest.member(&k.member)?;
            let recipient = x25519::Recipient::from_str(&member.recipient)
                .map_err(|_| Error::damaged("member"))?;
            k.wrapped = new_key.wrap_for(&recipient)?;
        }
        let dir = profile_dir(&self.vault.dir, profile_id);
        // 1. Copy the database under the new key beside the current one.
        {
            let profile = self.open_profile_quietly(profile_id)?;
            rekey_copy(&profile, &dir, &new_key, member_id)?;
        }
        // 2. Commit the new wrapped keys; from here the copy is the database.
        self.save(manifest)?;
        // 3. Swap it in (redone at next open if interrupted).
        finish_interrupted_rekey(&dir, &new_key)
    }

    /// Refuses a change of who can open a profile, written into its audit log.
    fn refuse(&self, profile_id: &str) -> Result<()> {
        self.open_profile_quietly(profile_id)?
            .permit(carnet_model::Action::ManagePeople)?;
        // Allowed to manage people, but not this person (the owner).
        Err(Error::NotAllowed {
            action: "manage_people",
        })
    }

    pub(crate) fn manifest(&self) -> &Manifest {
        &self.vault.manifest
    }

    pub(crate) fn member_id(&self) -> &str {
        &self.key.member_id
    }

    /// The binding sealed with a member's identity in this vault.
    fn binding(&self, member_id: String) -> Binding {
        Binding {
            vault_id: self.vault.manifest.vault_id.clone(),
            member_id,
            key: self.key.vault_key.clone(),
        }
    }

    pub(crate) fn vault_key(&self) -> &VaultKey {
        &self.key.vault_key
    }

    fn save(&mut self, mut manifest: Manifest) -> Result<()> {
        if let Err(e) = manifest.save(&self.vault.dir, &self.key.vault_key) {
            // The rename may have happened before the failure (a directory
            // flush error): keep memory in line with what is on disk, if
            // what is on disk is authentic.
            if let Ok(on_disk) = Manifest::load(&self.vault.dir) {
                if on_disk.verify(&self.key.vault_key).is_ok() {
                    self.vault.manifest = on_disk;
                }
            }
            return Err(e);
        }
        self.vault.manifest = manifest;
        Ok(())
    }
}

/// Writes a copy of the profile database encrypted under `new_key`, with the
/// revocation recorded in the copy only. Nothing is left behind on failure.
fn rekey_copy(profile: &Profile, dir: &Path, new_key: &ProfileKey, revoked: &str) -> Result<()> {
    let copy = dir.join(format!("{DB_FILE}{REKEY_SUFFIX}"));
    remove_copy(&copy);
    let result = (|| {
        // The profile connection was opened without the create flag, which
        // ATTACH inherits: start from an empty file (an empty database).
        File::create_new(&copy)?;
        profile.write_rekeyed_copy(&copy, new_key, revoked)?;
        File::open(&copy)?.sync_all()?;
        sync_dir(dir)
    })();
    if result.is_err() {
        remove_copy(&copy);
    }
    result
}

fn remove_copy(copy: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut name = copy.as_os_str().to_owned();
        name.push(suffix);
        let _ = fs::remove_file(PathBuf::from(name));
    }
}

/// Completes or discards a re-key interrupted by a crash. The copy is the
/// real database exactly when it opens with the key the manifest now holds;
/// it is dropped only when it is empty or clearly under another key, never
/// on an error that could be passing (busy, full disk, I/O).
fn finish_interrupted_rekey(dir: &Path, key: &ProfileKey) -> Result<()> {
    let copy = dir.join(format!("{DB_FILE}{REKEY_SUFFIX}"));
    let len = match fs::metadata(&copy) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let committed = if len == 0 {
        false
    } else {
        match db::verify_profile(&copy, key) {
            Ok(()) => true,
            Err(Error::Damaged { .. }) => false,
            Err(other) => return Err(other),
        }
    };
    if committed {
        for suffix in ["-wal", "-shm"] {
            let _ = fs::remove_file(dir.join(format!("{DB_FILE}{suffix}")));
        }
        fs::rename(&copy, dir.join(DB_FILE))?;
    }
    remove_copy(&copy);
    sync_dir(dir)
}

#[cfg(all(test, feature = "insecure-test-kdf"))]
mod tests {
    use super::*;

    fn info(name: &str) -> ProfileInfo {
        ProfileInfo {
            name: name.into(),
            birth_date: "2015-06-01".parse().expect("date"),
            sex: carnet_model::Sex::Female,
            nir: None,
            doctor: None,
            emergency_contacts: Vec::new(),
        }
    }

    #[test]
    fn a_database_moved_into_another_profiles_folder_is_refused() {
        // Even with a manifest that agrees (written here with the vault key,
        // as only a member could), one profile's database cannot pass for
        // another's: each database knows which profile it is.
        std::env::set_var("CARNET_INSECURE_TEST_KDF", "1");
        let tmp = tempfile::tempdir().expect("temp");
        let dir = tmp.path().join("vault");
        let pass = SecretString::from("correct horse battery".to_string());
        let mut session = Vault::create(&dir, "Alice", &pass).expect("create");
        let first = session.create_profile(info("Léa")).expect("first").id;
        let second = session.create_profile(info("Tom")).expect("second").id;
        let profiles = dir.join("profiles");
        fs::rename(profiles.join(&first), profiles.join("swap")).expect("rename");
        fs::rename(profiles.join(&second), profiles.join(&first)).expect("rename");
        fs::rename(profiles.join("swap"), profiles.join(&second)).expect("rename");
        let mut manifest = session.vault.manifest.clone();
        let keys: Vec<_> = manifest.profiles.iter().map(|p| p.keys.clone()).collect();
        manifest.profiles[0].keys = keys[1].clone();
        manifest.profiles[1].keys = keys[0].clone();
        session.save(manifest).expect("save");
        for id in [&first, &second] {
            match session.open_profile(id) {
                Err(Error::Altered(crate::Altered::ProfileDatabase)) => {}
                other => panic!("expected a refusal, got {other:?}"),
            }
        }
    }
}
