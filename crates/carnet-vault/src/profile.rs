//! An open profile: its encrypted database, its blob store and its audit log.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use age::x25519;
use carnet_model::{Action, AuditEntry, ProfileInfo, Role};
use rusqlite::{params, Connection, OptionalExtension};
use zeroize::Zeroizing;

use crate::audit::{audit_row, AuditAction};
use crate::blobs::BlobStore;
use crate::error::json_err;
use crate::keys::ProfileKey;
use crate::stamps::now_text;
use crate::{db, Error, Result};

pub(crate) const DB_FILE: &str = "profile.db";
pub(crate) const BLOB_DIR: &str = "blobs";
/// Suffix of the re-keyed copy of the database made while a member's access
/// is revoked (swapped in, or redone, at next open).
pub(crate) const REKEY_SUFFIX: &str = ".rekey";

/// An open profile database. Dropping it closes the database.
pub struct Profile {
    id: String,
    pub(crate) conn: Connection,
    pub(crate) blobs: BlobStore,
    /// Member acting on the profile, for the audit log.
    pub(crate) actor: String,
    /// The profile's automerge document, loaded on first need.
    pub(crate) doc: Option<carnet_sync::ProfileDoc>,
    /// Sync protocol state per peer during this session.
    pub(crate) peers: std::collections::HashMap<String, carnet_sync::PeerState>,
    /// The acting member's role in this vault (the manifest's); a profile
    /// joined from another computer is also bound by the role its owner
    /// gave there (the sync link's), see [`Profile::role`].
    pub(crate) member_role: Role,
    /// Who the items written here name as their author (the member's name).
    pub(crate) author: Option<carnet_sync::Author>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

const META_INFO: &str = "profile";
const META_BLOB_IDS: &str = "blob_identities";
const META_NAME_KEY: &str = "blob_name_key";
/// Which vault and which profile this database is, compared with the
/// authenticated manifest on every open: a database moved from another
/// profile or vault is refused even if its key were known.
const META_VAULT_ID: &str = "vault_id";
const META_PROFILE_ID: &str = "profile_id";

impl Profile {
    /// Creates the database of a new profile in `dir`.
    pub(crate) fn create(
        dir: &Path,
        ids: ProfileIds<'_>,
        key: &ProfileKey,
        info: &ProfileInfo,
        actor: &str,
    ) -> Result<Profile> {
        let id = ids.profile;
        std::fs::create_dir_all(dir.join(BLOB_DIR))?;
        check_real_dirs(dir)?;
        let conn = db::open(&dir.join(DB_FILE), Some(key), true)?;
        let name_key = ProfileKey::generate()?;
        let blob_id = x25519::Identity::generate();
        let blob_ids = Zeroizing::new(blob_id.to_string().expose_secret().to_string());
        let tx = conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2), (?3, ?4), (?5, ?6), (?7, ?8), (?9, ?10)",
            params![
                META_INFO,
                serde_json::to_string(info).map_err(json_err)?,
                META_BLOB_IDS,
                blob_ids.as_str(),
                META_NAME_KEY,
                hex::encode(name_key.bytes()),
                META_VAULT_ID,
                ids.vault,
                META_PROFILE_ID,
                id,
            ],
        )?;
        tx.commit()?;
        let profile = Self::from_conn(dir, id, conn, actor, Role::Owner)?;
        profile.audit(AuditAction::ProfileCreated, None, None)?;
        Ok(profile)
    }

    /// Opens an existing profile database, checks it, and tidies crash leftovers.
    pub(crate) fn open_without_audit(
        dir: &Path,
        ids: ProfileIds<'_>,
        key: &ProfileKey,
        actor: &str,
        role: Role,
    ) -> Result<Profile> {
        let id = ids.profile;
        check_real_dirs(dir)?;
        let path = dir.join(DB_FILE);
        let conn = db::open(&path, Some(key), false)?;
        db::size_check(&conn, &path)?;
        check_identity(&conn, ids)?;
        let profile = Self::from_conn(dir, id, conn, actor, role)?;
        profile
            .blobs
            .collect_garbage(&profile.referenced_blobs()?)?;
        Ok(profile)
    }

    /// Opens a profile database with no encryption at all, so benchmarks can
    /// compare the same code path against plain SQLite. Never used for data.
    #[doc(hidden)]
    pub fn create_unencrypted_for_benchmark(dir: &Path, info: &ProfileInfo) -> Result<Profile> {
        std::fs::create_dir_all(dir.join(BLOB_DIR))?;
        let conn = db::open(&dir.join(DB_FILE), None, true)?;
        let ids = x25519::Identity::generate()
            .to_string()
            .expose_secret()
            .to_string();
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2), (?3, ?4), (?5, ?6)",
            params![
                META_INFO,
                serde_json::to_string(info).map_err(json_err)?,
                META_BLOB_IDS,
                ids,
                META_NAME_KEY,
                hex::encode([0u8; 32])
            ],
        )?;
        Self::from_conn(dir, "benchmark", conn, "benchmark", Role::Owner)
    }

    fn from_conn(
        dir: &Path,
        id: &str,
        conn: Connection,
        actor: &str,
        member_role: Role,
    ) -> Result<Profile> {
        // One age identity per line, oldest first.
        let ids = Zeroizing::new(meta(&conn, META_BLOB_IDS)?);
        let identities = ids
            .lines()
            .map(|s| x25519::Identity::from_str(s).map_err(|_| Error::damaged("profile keys")))
            .collect::<Result<Vec<_>>>()?;
        let name_key_hex = Zeroizing::new(meta(&conn, META_NAME_KEY)?);
        let mut name_key = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(name_key_hex.as_bytes(), name_key.as_mut())
            .map_err(|_| Error::damaged("profile keys"))?;
        let blobs = BlobStore::new(dir.join(BLOB_DIR), name_key, identities);
        Ok(Profile {
            id: id.to_string(),
            conn,
            blobs,
            actor: actor.to_string(),
            doc: None,
            peers: Default::default(),
            member_role,
            author: None,
        })
    }

    /// The profile's identifier.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Who the profile is about.
    pub fn info(&self) -> Result<ProfileInfo> {
        serde_json::from_str(&meta(&self.conn, META_INFO)?).map_err(|_| Error::damaged("profile"))
    }

    /// Changes who the profile is about (name, birth date, sex, NIR): in
    /// the synced document, so every device of the profile gets it.
    pub fn update_info(&mut self, mut info: ProfileInfo) -> Result<ProfileInfo> {
        self.permit(Action::EditDetails)?;
        info.validate()?;
        self.write("edit profile", |tx, doc, actor| {
            // Every field is written again: a conflict is resolved by the save.
            doc.put_details(&info).map_err(crate::error::sync_err)?;
            store_info(tx, &info)?;
            crate::rows::set_meta(tx, crate::rows::META_DETAILS_CONFLICTS, None)?;
            audit_row(tx, actor, AuditAction::ProfileUpdated, None, None)
        })?;
        Ok(info)
    }

    /// The role the acting member has on this profile: the vault's, bound
    /// further by the role given on the gateway for a profile joined from
    /// another computer (the stricter of the two).
    pub fn role(&self) -> Result<(Role, bool)> {
        let link = self.sync_link()?;
        let (remote, may_hide) = match link.and_then(|l| l.role.map(|r| (r, l.may_hide))) {
            Some(given) => given,
            None => (Role::Owner, true),
        };
        let role = self.member_role.within(remote);
        Ok((role, role == remote && may_hide))
    }

    /// Refuses, and writes into the audit log, an action outside the role.
    pub fn permit(&self, action: Action) -> Result<()> {
        let (role, may_hide) = self.role()?;
        if role.allows(action, may_hide) {
            return Ok(());
        }
        let name = action_name(action);
        self.audit(AuditAction::Refused, Some("action"), Some(name))?;
        Err(Error::NotAllowed { action: name })
    }

    /// Appends to the audit log in its own transaction.
    pub(crate) fn audit(
        &self,
        action: AuditAction,
        target_kind: Option<&str>,
        target_id: Option<&str>,
    ) -> Result<()> {
        self.audit_in(&self.conn, action, target_kind, target_id)
    }

    /// Appends to the audit log inside the caller's transaction.
    pub(crate) fn audit_in(
        &self,
        conn: &Connection,
        action: AuditAction,
        target_kind: Option<&str>,
        target_id: Option<&str>,
    ) -> Result<()> {
        audit_row(conn, &self.actor, action, target_kind, target_id)
    }

    /// The audit log, newest first, at most `limit` entries.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>> {
        crate::audit::audit_log(&self.conn, limit)
    }

    /// Reads every page and checks its HMAC and the database structure.
    pub fn check_integrity(&self) -> Result<()> {
        db::integrity_check(&self.conn)
    }

    fn referenced_blobs(&self) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare("SELECT DISTINCT blob FROM documents")?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names)
    }

    /// Exports this database into `copy` under `new_key` and records there,
    /// only there, that `revoked` lost access and that future blobs go to a
    /// fresh identity. The live database is unchanged if anything fails.
    pub(crate) fn write_rekeyed_copy(
        &self,
        copy: &Path,
        new_key: &ProfileKey,
        revoked: &str,
    ) -> Result<()> {
        let path = copy
            .to_str()
            .ok_or_else(|| Error::Io(std::io::Error::other("vault path is not UTF-8")))?;
        let attach = Zeroizing::new(format!(
            "ATTACH DATABASE '{}' AS rekeyed KEY {};",
            path.replace('\'', "''"),
            new_key.pragma_value().as_str()
        ));
        self.conn.execute_batch(&attach)?;
        let result = (|| -> Result<()> {
            self.conn
                .query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
            let version: i64 = self
                .conn
                .query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            self.conn
                .execute_batch(&format!("PRAGMA rekeyed.user_version = {version};"))?;
            let current = Zeroizing::new(meta(&self.conn, META_BLOB_IDS)?);
            let ids = Zeroizing::new(format!(
                "{}\n{}",
                current.as_str(),
                x25519::Identity::generate().to_string().expose_secret()
            ));
            self.conn.execute(
                "UPDATE rekeyed.meta SET value = ?2 WHERE key = ?1",
                params![META_BLOB_IDS, ids.as_str()],
            )?;
            self.conn.execute(
                "INSERT INTO rekeyed.audit (at, member, action, target_kind, target_id) VALUES (?1, ?2, ?3, 'member', ?4)",
                params![now_text(), self.actor, AuditAction::AccessRevoked.as_str(), revoked],
            )?;
            Ok(())
        })();
        let detached = self.conn.execute_batch("DETACH DATABASE rekeyed;");
        result?;
        detached?;
        Ok(())
    }
}

/// Order of roles by what they allow (owner and co-parent alike).
fn action_name(action: Action) -> &'static str {
    match action {
        Action::Write => "write",
        Action::Hide => "hide",
        Action::ManagePeople => "manage_people",
        Action::EditDetails => "edit_details",
        Action::DeleteProfile => "delete_profile",
    }
}

/// Writes who the profile is about into `meta` (what lists show unlocked).
pub(crate) fn store_info(conn: &Connection, info: &ProfileInfo) -> Result<()> {
    conn.execute(
        "UPDATE meta SET value = ?2 WHERE key = ?1",
        params![META_INFO, serde_json::to_string(info).map_err(json_err)?],
    )?;
    Ok(())
}

pub(crate) fn meta(conn: &Connection, key: &str) -> Result<String> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::damaged("profile metadata"))
}

/// Which vault and profile a database must belong to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProfileIds<'a> {
    pub vault: &'a str,
    pub profile: &'a str,
}

/// Compares the ids stored inside the database with the manifest's. A
/// database from before they were stored gets them now: it opened with the
/// key of the authenticated manifest, so it is this profile's.
fn check_identity(conn: &Connection, ids: ProfileIds<'_>) -> Result<()> {
    for (key, expected) in [(META_VAULT_ID, ids.vault), (META_PROFILE_ID, ids.profile)] {
        let stored: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?;
        match stored {
            Some(found) if found == expected => {}
            Some(_) => return Err(Error::Altered(crate::Altered::ProfileDatabase)),
            None if expected.is_empty() => {}
            None => {
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                    params![key, expected],
                )?;
            }
        }
    }
    Ok(())
}

/// Location of a profile's files inside the vault. The id comes from the
/// manifest, which only holds canonical UUIDs, so it is one plain name.
pub(crate) fn profile_dir(vault_dir: &Path, id: &str) -> PathBuf {
    debug_assert!(crate::manifest::is_canonical_id(id));
    vault_dir.join("profiles").join(id)
}

/// Refuses a profile whose folders or files are links (a synced folder can
/// carry symlinks): the vault must never read, write or clean up outside
/// itself.
pub(crate) fn check_real_dirs(dir: &Path) -> Result<()> {
    for (path, want_dir) in [
        (dir.parent().unwrap_or(dir).to_path_buf(), true),
        (dir.to_path_buf(), true),
        (dir.join(BLOB_DIR), true),
        (dir.join(DB_FILE), false),
        (dir.join(format!("{DB_FILE}-wal")), false),
        (dir.join(format!("{DB_FILE}-shm")), false),
    ] {
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() || (want_dir && !m.is_dir()) => {
                return Err(Error::Altered(crate::Altered::ProfileFolder));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
