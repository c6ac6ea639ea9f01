//! Where the gateway keeps its state. The [`Storage`] trait is what the rest
//! of the server sees; [`SqliteStorage`] (one SQLite file plus a folder of
//! content files) needs no setup. A PostgreSQL implementation would map each
//! method to one statement (content in a `bytea` table or large objects).

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

/// Storage failures; the HTTP layer turns them into 500s without details.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("files: {0}")]
    Io(#[from] std::io::Error),
    #[error("the upload does not continue at byte {expected}")]
    WrongOffset { expected: u64 },
    #[error("content does not match its hash")]
    HashMismatch,
    #[error("the account's shares already hold its quota")]
    QuotaExceeded,
    #[error("storage lock poisoned")]
    Poisoned,
}

pub type StorageResult<T> = Result<T, StorageError>;

/// A paired device, and the person whose device it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    pub profile: String,
    pub person: String,
    pub person_name: String,
    pub role: carnet_model::Role,
    pub may_hide: bool,
    /// Who withdrew this person's access, when it was withdrawn.
    pub withdrawn_by: Option<String>,
    /// The profile was deleted by its owner (then `withdrawn_by` names them).
    pub profile_deleted: bool,
    /// Only this computer was withdrawn; its person keeps their access.
    pub only_device: bool,
}

/// A professional known to the national space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Professional {
    pub rpps: String,
    pub name: String,
}

/// A saved profile document: the last compaction and the changes since.
#[derive(Debug, Default)]
pub struct StoredDoc {
    pub saved: Vec<u8>,
    pub changes: Vec<Vec<u8>>,
}

/// Everything the gateway persists. Secrets arrive here already hashed.
pub trait Storage: crate::people::PeopleStore + Send + Sync + 'static {
    /// A new account, with its holder (the owner) named `owner`.
    fn create_profile(&self, id: &str, owner: &str) -> StorageResult<()>;
    fn profile_exists(&self, id: &str) -> StorageResult<bool>;

    /// Stores a one-time pairing code (hashed) for another device of
    /// `person` (`None`: the account's owner).
    fn put_pairing_code(
        &self,
        code_hash: &str,
        profile: &str,
        person: Option<&str>,
        expires: DateTime<Utc>,
    ) -> StorageResult<()>;
    /// Consumes a pairing code: the profile and person if the code exists,
    /// has not expired and the person still has access.
    fn take_pairing_code(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Option<(String, String)>>;

    fn add_device(&self, device: &Device, token_hash: &str, name: &str) -> StorageResult<()>;
    fn device_by_token(&self, token_hash: &str) -> StorageResult<Option<Device>>;
    fn revoke_device(&self, id: &str) -> StorageResult<()>;

    fn add_professional(&self, pro: &Professional, token_hash: &str) -> StorageResult<()>;
    fn professional_by_token(&self, token_hash: &str) -> StorageResult<Option<Professional>>;

    fn load_doc(&self, profile: &str) -> StorageResult<StoredDoc>;
    fn append_change(&self, profile: &str, bytes: &[u8]) -> StorageResult<()>;
    /// Replaces the saved document and every change with one compacted save.
    fn compact(&self, profile: &str, saved: &[u8]) -> StorageResult<()>;

    fn sync_state(&self, profile: &str, device: &str) -> StorageResult<Option<Vec<u8>>>;
    fn put_sync_state(&self, profile: &str, device: &str, state: &[u8]) -> StorageResult<()>;

    /// Whether complete content with this hash is linked to the profile.
    fn has_blob(&self, profile: &str, sha256: &str) -> StorageResult<bool>;
    /// Bytes received so far of an upload in progress.
    fn upload_offset(&self, profile: &str, sha256: &str) -> StorageResult<u64>;
    /// Appends a chunk at `offset`; when `total` bytes are in, checks the hash
    /// and links the content to the profile. Returns the new offset.
    fn append_upload(
        &self,
        profile: &str,
        sha256: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> StorageResult<u64>;
    /// Records a patient's decision about a professional, or a deposit's
    /// effect (see [`crate::consent::Grant`]).
    fn set_professional_access(
        &self,
        profile: &str,
        rpps: &str,
        grant: crate::consent::Grant,
        at: DateTime<Utc>,
    ) -> StorageResult<()>;
    /// Whether this professional may read the profile.
    fn professional_allowed(&self, profile: &str, rpps: &str) -> StorageResult<bool>;
    /// The professionals who may read the profile, longest-standing first.
    fn allowed_professionals(
        &self,
        profile: &str,
    ) -> StorageResult<Vec<carnet_sync::AllowedProfessional>>;
    /// A folder for files on their way in (bodies, decoded attachments).
    fn scratch_dir(&self) -> PathBuf;
    /// Removes files of bodies a stop cut off (once, when serving starts:
    /// an administration command beside a running server must not).
    fn remove_leftovers(&self) -> StorageResult<()>;
    /// Moves a complete file of content (a decoded deposit, hashed as it was
    /// written) into the store and links it to the profile.
    fn put_blob_file(
        &self,
        profile: &str,
        sha256: &str,
        file: &Path,
        size: u64,
    ) -> StorageResult<()>;
    /// Size of linked content.
    fn blob_size(&self, profile: &str, sha256: &str) -> StorageResult<Option<u64>>;
    /// Up to `max` bytes of linked content from `start`.
    fn read_blob(
        &self,
        profile: &str,
        sha256: &str,
        start: u64,
        max: usize,
    ) -> StorageResult<Vec<u8>>;
}
/// Files of bodies cut off mid-way by a stop: deposits being read, shares
/// being received. Nothing refers to them.
fn remove_leftovers(dir: &Path) -> std::io::Result<()> {
    for (folder, prefix, suffix) in [("uploads", "deposit-", ""), ("shares", "", ".incoming")] {
        for entry in fs::read_dir(dir.join(folder))? {
            let entry = entry?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(prefix) && name.ends_with(suffix) && entry.file_type()?.is_file() {
                fs::remove_file(entry.path())?;
            }
        }
    }
    Ok(())
}

/// SQLite file `gateway.db` plus `blobs/` (complete content, by hash) and
/// `uploads/` (uploads in progress, per profile) under one data folder.
#[derive(Debug)]
pub struct SqliteStorage {
    conn: Mutex<Connection>,
    dir: PathBuf,
}

impl SqliteStorage {
    pub fn open(dir: &Path) -> StorageResult<Self> {
        fs::create_dir_all(dir.join("blobs"))?;
        fs::create_dir_all(dir.join("uploads"))?;
        fs::create_dir_all(dir.join("shares"))?;
        let conn = Connection::open(dir.join("gateway.db"))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;",
        )?;
        crate::schema::create(&conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            dir: dir.to_path_buf(),
        })
    }

    /// The data folder.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&Connection) -> StorageResult<T>,
    ) -> StorageResult<T> {
        let conn = self.conn.lock().map_err(|_| StorageError::Poisoned)?;
        f(&conn)
    }

    pub(crate) fn blob_path(&self, sha256: &str) -> PathBuf {
        self.dir.join("blobs").join(sha256)
    }

    fn upload_path(&self, profile: &str, sha256: &str) -> PathBuf {
        self.dir.join("uploads").join(format!("{profile}-{sha256}"))
    }

    fn link(&self, profile: &str, sha256: &str, size: u64) -> StorageResult<()> {
        self.with(|c| {
            c.execute(
                "INSERT OR IGNORE INTO profile_blobs (profile, sha256, size) VALUES (?1, ?2, ?3)",
                params![profile, sha256, size as i64],
            )?;
            Ok(())
        })
    }
}

fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

fn time_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Storage for SqliteStorage {
    fn create_profile(&self, id: &str, owner: &str) -> StorageResult<()> {
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            let now = time_text(Utc::now());
            tx.execute(
                "INSERT INTO profiles (id, created_at) VALUES (?1, ?2)",
                params![id, now],
            )?;
            tx.execute(
                "INSERT INTO people (id, profile, name, role, may_hide, added_at)
                 VALUES (?1, ?2, ?3, 'owner', 1, ?4)",
                params![crate::auth::new_id(), id, owner, now],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn profile_exists(&self, id: &str) -> StorageResult<bool> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT 1 FROM profiles WHERE id = ?1 AND deleted_at IS NULL",
                [id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
        })
    }

    fn put_pairing_code(
        &self,
        code_hash: &str,
        profile: &str,
        person: Option<&str>,
        expires: DateTime<Utc>,
    ) -> StorageResult<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO pairing_codes (code_hash, profile, expires_at, person) VALUES (?1, ?2, ?3, ?4)",
                params![code_hash, profile, time_text(expires), person],
            )?;
            Ok(())
        })
    }

    fn take_pairing_code(
        &self,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Option<(String, String)>> {
        self.with(|c| {
            let row: Option<(String, String, Option<String>)> = c
                .query_row(
                    "DELETE FROM pairing_codes WHERE code_hash = ?1 RETURNING profile, expires_at, person",
                    [code_hash],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            let Some((profile, expires, person)) = row else {
                return Ok(None);
            };
            if expires.as_str() <= time_text(now).as_str() {
                return Ok(None);
            }
            let person: Option<String> = c
                .query_row(
                    "SELECT id FROM people WHERE profile = ?1 AND revoked_at IS NULL
                     AND (id = ?2 OR (?2 IS NULL AND role = 'owner'))",
                    params![profile, person],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(person.map(|p| (profile, p)))
        })
    }

    fn add_device(&self, device: &Device, token_hash: &str, name: &str) -> StorageResult<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO devices (id, profile, token_hash, name, created_at, person) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![device.id, device.profile, token_hash, name, time_text(Utc::now()), device.person],
            )?;
            Ok(())
        })
    }

    fn device_by_token(&self, token_hash: &str) -> StorageResult<Option<Device>> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT d.id, d.profile, p.id, p.name, p.role, p.may_hide,
                        COALESCE(p.revoked_at, d.withdrawn_at),
                        CASE WHEN p.revoked_at IS NOT NULL THEN p.revoked_by ELSE d.withdrawn_by END,
                        f.deleted_at IS NOT NULL, p.revoked_at IS NULL AND d.withdrawn_at IS NOT NULL
                 FROM devices d JOIN people p ON p.id = d.person JOIN profiles f ON f.id = d.profile
                 WHERE d.token_hash = ?1 AND d.revoked_at IS NULL",
                [token_hash],
                |r| {
                    // The person's access withdrawn, or only this computer.
                    let revoked: Option<String> = r.get(6)?;
                    Ok(Device {
                        id: r.get(0)?,
                        profile: r.get(1)?,
                        person: r.get(2)?,
                        person_name: r.get(3)?,
                        role: crate::people::parse_role(&r.get::<_, String>(4)?)?,
                        may_hide: r.get(5)?,
                        withdrawn_by: revoked
                            .map(|_| r.get::<_, Option<String>>(7))
                            .transpose()?
                            .map(Option::unwrap_or_default),
                        profile_deleted: r.get(8)?,
                        only_device: r.get(9)?,
                    })
                },
            )
            .optional()?)
        })
    }

    fn revoke_device(&self, id: &str) -> StorageResult<()> {
        self.with(|c| {
            c.execute(
                "UPDATE devices SET revoked_at = ?2 WHERE id = ?1",
                params![id, time_text(Utc::now())],
            )?;
            c.execute("DELETE FROM sync_states WHERE device = ?1", [id])?;
            Ok(())
        })
    }

    fn add_professional(&self, pro: &Professional, token_hash: &str) -> StorageResult<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO professionals (token_hash, rpps, name) VALUES (?1, ?2, ?3)",
                params![token_hash, pro.rpps, pro.name],
            )?;
            Ok(())
        })
    }

    fn professional_by_token(&self, token_hash: &str) -> StorageResult<Option<Professional>> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT rpps, name FROM professionals WHERE token_hash = ?1",
                [token_hash],
                |r| {
                    Ok(Professional {
                        rpps: r.get(0)?,
                        name: r.get(1)?,
                    })
                },
            )
            .optional()?)
        })
    }

    fn load_doc(&self, profile: &str) -> StorageResult<StoredDoc> {
        self.with(|c| {
            let mut stmt =
                c.prepare("SELECT snapshot, bytes FROM doc_parts WHERE profile = ?1 ORDER BY seq")?;
            let mut rows = stmt.query([profile])?;
            let mut doc = StoredDoc::default();
            while let Some(row) = rows.next()? {
                if row.get::<_, bool>(0)? {
                    doc.saved = row.get(1)?;
                    doc.changes.clear();
                } else {
                    doc.changes.push(row.get(1)?);
                }
            }
            Ok(doc)
        })
    }

    fn append_change(&self, profile: &str, bytes: &[u8]) -> StorageResult<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO doc_parts (profile, snapshot, bytes) VALUES (?1, 0, ?2)",
                params![profile, bytes],
            )?;
            Ok(())
        })
    }

    fn compact(&self, profile: &str, saved: &[u8]) -> StorageResult<()> {
        self.with(|c| {
            let tx = c.unchecked_transaction()?;
            tx.execute("DELETE FROM doc_parts WHERE profile = ?1", [profile])?;
            tx.execute(
                "INSERT INTO doc_parts (profile, snapshot, bytes) VALUES (?1, 1, ?2)",
                params![profile, saved],
            )?;
            tx.commit()?;
            Ok(())
        })
    }

    fn sync_state(&self, profile: &str, device: &str) -> StorageResult<Option<Vec<u8>>> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT state FROM sync_states WHERE profile = ?1 AND device = ?2",
                [profile, device],
                |r| r.get(0),
            )
            .optional()?)
        })
    }

    fn put_sync_state(&self, profile: &str, device: &str, state: &[u8]) -> StorageResult<()> {
        self.with(|c| {
            c.execute(
                "INSERT INTO sync_states (profile, device, state) VALUES (?1, ?2, ?3)
                 ON CONFLICT (profile, device) DO UPDATE SET state = ?3",
                params![profile, device, state],
            )?;
            Ok(())
        })
    }

    fn has_blob(&self, profile: &str, sha256: &str) -> StorageResult<bool> {
        Ok(self.blob_size(profile, sha256)?.is_some())
    }

    fn upload_offset(&self, profile: &str, sha256: &str) -> StorageResult<u64> {
        match fs::metadata(self.upload_path(profile, sha256)) {
            Ok(m) => Ok(m.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(e.into()),
        }
    }

    fn append_upload(
        &self,
        profile: &str,
        sha256: &str,
        offset: u64,
        total: u64,
        chunk: &[u8],
    ) -> StorageResult<u64> {
        let path = self.upload_path(profile, sha256);
        let current = self.upload_offset(profile, sha256)?;
        if offset != current {
            return Err(StorageError::WrongOffset { expected: current });
        }
        let mut file = OpenOptions::new().create(true).append(true).open(&path)?;
        file.write_all(chunk)?;
        file.sync_data()?;
        let received = current + chunk.len() as u64;
        if received >= total {
            let actual = hash_file(&path)?;
            if actual != sha256 || received != total {
                fs::remove_file(&path)?;
                return Err(StorageError::HashMismatch);
            }
            fs::rename(&path, self.blob_path(sha256))?;
            self.link(profile, sha256, total)?;
        }
        Ok(received)
    }

    fn set_professional_access(
        &self,
        profile: &str,
        rpps: &str,
        grant: crate::consent::Grant,
        at: DateTime<Utc>,
    ) -> StorageResult<()> {
        self.with(|c| Ok(crate::consent::set(c, profile, rpps, grant, at)?))
    }

    fn professional_allowed(&self, profile: &str, rpps: &str) -> StorageResult<bool> {
        self.with(|c| Ok(crate::consent::allowed(c, profile, rpps)?))
    }

    fn allowed_professionals(
        &self,
        profile: &str,
    ) -> StorageResult<Vec<carnet_sync::AllowedProfessional>> {
        self.with(|c| Ok(crate::consent::list(c, profile)?))
    }

    fn scratch_dir(&self) -> PathBuf {
        self.dir.join("uploads")
    }

    fn remove_leftovers(&self) -> StorageResult<()> {
        Ok(remove_leftovers(&self.dir)?)
    }

    fn put_blob_file(
        &self,
        profile: &str,
        sha256: &str,
        file: &Path,
        size: u64,
    ) -> StorageResult<()> {
        let path = self.blob_path(sha256);
        if path.exists() {
            fs::remove_file(file)?;
        } else {
            fs::rename(file, &path)?;
        }
        self.link(profile, sha256, size)
    }

    fn blob_size(&self, profile: &str, sha256: &str) -> StorageResult<Option<u64>> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT size FROM profile_blobs WHERE profile = ?1 AND sha256 = ?2",
                [profile, sha256],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .map(|n| n as u64))
        })
    }

    fn read_blob(
        &self,
        profile: &str,
        sha256: &str,
        start: u64,
        max: usize,
    ) -> StorageResult<Vec<u8>> {
        if !self.has_blob(profile, sha256)? {
            return Err(StorageError::Io(std::io::ErrorKind::NotFound.into()));
        }
        let mut file = File::open(self.blob_path(sha256))?;
        file.seek(SeekFrom::Start(start))?;
        let mut out = Vec::with_capacity(max.min(1 << 20));
        file.take(max as u64).read_to_end(&mut out)?;
        Ok(out)
    }
}
