//! One encrypted archive of a whole vault or of one profile.
//!
//! ```text
//! carnet-backup/v1\n
//! {"created_at":…,"members":[{id,name,recipient,sealed_identity}…]}\n
//! age ciphertext, to every listed member, of a tar holding
//!   vault.json, profiles/<id>/profile.db, profiles/<id>/blobs/<name>
//! ```
//! The header carries the members' passphrase-sealed identities so a member
//! can restore on a new machine with nothing but the archive and their
//! passphrase. The database and blobs go in byte for byte (they are
//! already encrypted), so a restore gives back identical records and files.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use age::secrecy::SecretString;
use age::x25519;
use carnet_model::BackupSummary;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::audit::AuditAction;
use crate::fsutil::{restrict_permissions, sync_dir};
use crate::kdf::{open_identity, Binding, KdfPolicy};
use crate::manifest::{Manifest, FILE_NAME};
use crate::profile::{profile_dir, BLOB_DIR, DB_FILE, REKEY_SUFFIX};
use crate::vault::{Session, Vault};
use crate::{Error, Result};

const MAGIC: &str = "carnet-backup/v1";

/// Reports `(bytes done, bytes in all)` while an archive is written or read.
pub type TransferProgress<'a> = &'a mut dyn FnMut(u64, u64);
const MAX_HEADER: u64 = 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    created_at: DateTime<Utc>,
    members: Vec<HeaderMember>,
}

#[derive(Debug, Serialize, Deserialize)]
struct HeaderMember {
    id: String,
    name: String,
    recipient: String,
    sealed_identity: String,
}

impl Session {
    /// Backs up the whole vault, or one profile, into one encrypted archive.
    pub fn backup(
        &self,
        profile_id: Option<&str>,
        out: &Path,
        progress: TransferProgress<'_>,
    ) -> Result<BackupSummary> {
        create(self, profile_id, out, progress)
    }
}

fn create(
    session: &Session,
    profile_id: Option<&str>,
    out: &Path,
    progress: TransferProgress<'_>,
) -> Result<BackupSummary> {
    let mut manifest: Manifest = session.manifest().clone();
    if let Some(id) = profile_id {
        let entry = manifest.profile(id)?.clone();
        if !entry.keys.iter().any(|k| k.member == session.member_id()) {
            return Err(Error::NoAccess);
        }
        manifest
            .members
            .retain(|m| entry.keys.iter().any(|k| k.member == m.id));
        manifest.profiles = vec![entry];
        let kept: Vec<String> = manifest.members.iter().map(|m| m.id.clone()).collect();
        manifest.upgrade_keys.retain(|id, _| kept.contains(id));
    }
    // The archive's manifest is authenticated like the vault's: a restore
    // checks it with the key inside the restoring member's sealed identity.
    manifest.seal(session.vault_key())?;
    let header = Header {
        created_at: Utc::now(),
        members: manifest
            .members
            .iter()
            .map(|m| HeaderMember {
                id: m.id.clone(),
                name: m.name.clone(),
                recipient: m.recipient.clone(),
                sealed_identity: m.sealed_identity.clone(),
            })
            .collect(),
    };
    let recipients = header
        .members
        .iter()
        .map(|m| x25519::Recipient::from_str(&m.recipient).map_err(|_| Error::damaged("member")))
        .collect::<Result<Vec<_>>>()?;

    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = dir.join(format!(".carnet-backup-{}", uuid::Uuid::new_v4().simple()));
    let result = (|| {
        let mut file = BufWriter::new(File::create_new(&temp)?);
        writeln!(file, "{MAGIC}")?;
        serde_json::to_writer(&mut file, &header).map_err(crate::error::json_err)?;
        writeln!(file)?;
        let encryptor =
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|e| Error::Io(io::Error::other(e.to_string())))?;
        let mut tar = tar::Builder::new(encryptor.wrap_output(file)?);
        let summary = write_entries(session, &manifest, &mut tar, progress)?;
        let file = tar.into_inner()?.finish()?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&temp, out)?;
        sync_dir(dir)?;
        Ok(summary)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_entries<W: Write>(
    session: &Session,
    manifest: &Manifest,
    tar: &mut tar::Builder<W>,
    progress: TransferProgress<'_>,
) -> Result<BackupSummary> {
    let mut summary = BackupSummary {
        profiles: 0,
        files: 0,
        bytes: 0,
    };
    append_bytes(tar, FILE_NAME, &manifest.to_bytes()?)?;
    let vault_dir = session.vault().dir();
    // An estimate taken before checkpoints: good enough for a progress bar.
    let total: u64 = manifest
        .profiles
        .iter()
        .map(|e| dir_size(&profile_dir(vault_dir, &e.id)))
        .sum();
    progress(0, total);
    for entry in &manifest.profiles {
        let dir = profile_dir(vault_dir, &entry.id);
        let base = format!("profiles/{}", entry.id);
        // Profiles this member can open are checkpointed first so the main
        // file is complete; others are copied with their write-ahead log.
        if let Ok(profile) = session.open_profile_quietly(&entry.id) {
            checkpoint(&profile.conn)?;
            profile.audit(AuditAction::BackupCreated, None, None)?;
            checkpoint(&profile.conn)?;
        }
        // A profile this member cannot open may still have its log or a
        // pending re-keyed copy: they go in as they are.
        for name in [
            DB_FILE.to_string(),
            format!("{DB_FILE}-wal"),
            format!("{DB_FILE}{REKEY_SUFFIX}"),
        ] {
            let path = dir.join(&name);
            if path.metadata().is_ok_and(|m| m.len() > 0) {
                summary.bytes += append_file(tar, &format!("{base}/{name}"), &path)?;
                summary.files += 1;
                progress(summary.bytes, total.max(summary.bytes));
            }
        }
        if let Ok(blobs) = fs::read_dir(dir.join(BLOB_DIR)) {
            for blob in blobs {
                let blob = blob?;
                let name = blob.file_name().to_string_lossy().into_owned();
                if is_blob_name(&name) {
                    summary.bytes +=
                        append_file(tar, &format!("{base}/{BLOB_DIR}/{name}"), &blob.path())?;
                    summary.files += 1;
                    progress(summary.bytes, total.max(summary.bytes));
                }
            }
        }
        summary.profiles += 1;
    }
    Ok(summary)
}

/// Bytes of the files directly in `dir` and one level below (database, blobs).
fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => fs::read_dir(e.path())
                .map(|inner| {
                    inner
                        .flatten()
                        .filter_map(|f| f.metadata().ok())
                        .map(|m| m.len())
                        .sum()
                })
                .unwrap_or(0),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Moves everything from the write-ahead log into the database file.
fn checkpoint(conn: &rusqlite::Connection) -> Result<()> {
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(Error::Busy);
    }
    Ok(())
}

fn append_bytes<W: Write>(tar: &mut tar::Builder<W>, name: &str, bytes: &[u8]) -> Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o600);
    header.set_cksum();
    tar.append_data(&mut header, name, bytes)?;
    Ok(())
}

fn append_file<W: Write>(tar: &mut tar::Builder<W>, name: &str, path: &Path) -> Result<u64> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    let mut header = tar::Header::new_gnu();
    header.set_size(len);
    header.set_mode(0o600);
    header.set_cksum();
    tar.append_data(&mut header, name, (&mut file).take(len))?;
    Ok(len)
}

fn is_blob_name(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Where an archive entry may go; anything else means the archive is not ours.
fn entry_destination(dest: &Path, name: &Path) -> Option<PathBuf> {
    let parts: Vec<String> = name
        .components()
        .map(|c| match c {
            Component::Normal(p) => p.to_str().map(str::to_string),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let valid_id = |id: &str| uuid::Uuid::parse_str(id).is_ok();
    let ok = match parts
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [f] => *f == FILE_NAME,
        ["profiles", id, f] => {
            valid_id(id)
                && (*f == DB_FILE
                    || *f == format!("{DB_FILE}-wal")
                    || *f == format!("{DB_FILE}{REKEY_SUFFIX}"))
        }
        ["profiles", id, b, name] => valid_id(id) && *b == BLOB_DIR && is_blob_name(name),
        _ => false,
    };
    ok.then(|| dest.join(name))
}

/// Restores an archive into `dest` (absent or empty) after checking the
/// member's passphrase; on any failure `dest` is left as it was.
pub fn restore(
    archive: &Path,
    dest: &Path,
    member: &str,
    passphrase: &SecretString,
    progress: TransferProgress<'_>,
) -> Result<BackupSummary> {
    let file = File::open(archive)?;
    let total = file.metadata()?.len();
    let mut reader = BufReader::new(CountingReader {
        inner: file,
        done: 0,
        total,
        progress,
    });
    let mut magic = String::new();
    (&mut reader).take(64).read_line(&mut magic)?;
    if magic.trim_end() != MAGIC {
        return Err(Error::damaged("backup archive"));
    }
    let mut line = String::new();
    (&mut reader).take(MAX_HEADER).read_line(&mut line)?;
    let header: Header =
        serde_json::from_str(&line).map_err(|_| Error::damaged("backup archive"))?;
    let wanted = member.trim().to_lowercase();
    let entry = header
        .members
        .iter()
        .find(|m| m.id == member || m.name.to_lowercase() == wanted)
        .ok_or(Error::NotFound { what: "member" })?;
    let opened = open_identity(&entry.sealed_identity, passphrase, KdfPolicy::current())?;
    // Only an identity sealed with its vault key can vouch for an archive:
    // age alone does not say who made it, and a member's recipient is public.
    let binding = opened
        .binding
        .ok_or_else(|| Error::Altered(crate::Altered::Backup))?;
    let expected = Expected {
        binding,
        member_id: entry.id.clone(),
        sealed_identity: entry.sealed_identity.clone(),
    };
    let identity = opened.identity;

    let created = !dest.exists();
    if !created && fs::read_dir(dest)?.next().is_some() {
        return Err(Error::DestinationNotEmpty);
    }
    // The result must open (lock, parse the manifest) before it counts as restored.
    let result = unpack(reader, &identity, &expected, dest)
        .and_then(|summary| Vault::open(dest).map(|_| summary));
    if result.is_err() {
        if created {
            let _ = fs::remove_dir_all(dest);
        } else if let Ok(entries) = fs::read_dir(dest) {
            for e in entries.flatten() {
                let _ = fs::remove_dir_all(e.path()).or_else(|_| fs::remove_file(e.path()));
            }
        }
    }
    result
}

/// Reports how much of the archive has been read.
struct CountingReader<'a, R> {
    inner: R,
    done: u64,
    total: u64,
    progress: TransferProgress<'a>,
}

impl<R: Read> Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        (self.progress)(self.done, self.total);
        Ok(n)
    }
}

/// What the archive's manifest must match: the vault and member of the
/// identity the passphrase opened.
struct Expected {
    binding: Binding,
    member_id: String,
    sealed_identity: String,
}

impl Expected {
    /// Checks the archive's manifest before anything else of it is written.
    fn check(&self, bytes: &[u8]) -> Result<Manifest> {
        let altered = || Error::Altered(crate::Altered::Backup);
        let manifest = Manifest::parse(bytes).map_err(|_| altered())?;
        if manifest.vault_id != self.binding.vault_id || self.binding.member_id != self.member_id {
            return Err(altered());
        }
        manifest.verify(&self.binding.key).map_err(|_| altered())?;
        let member = manifest.member(&self.member_id).map_err(|_| altered())?;
        if member.sealed_identity != self.sealed_identity {
            return Err(altered());
        }
        Ok(manifest)
    }
}

fn unpack(
    reader: impl BufRead,
    identity: &x25519::Identity,
    expected: &Expected,
    dest: &Path,
) -> Result<BackupSummary> {
    let damaged = || Error::damaged("backup archive");
    let decryptor = age::Decryptor::new_buffered(reader).map_err(|_| damaged())?;
    let stream = decryptor
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => Error::NoAccess,
            _ => damaged(),
        })?;
    fs::create_dir_all(dest)?;
    let mut archive = tar::Archive::new(stream);
    let mut summary = BackupSummary {
        profiles: 0,
        files: 0,
        bytes: 0,
    };
    let mut manifest: Option<Manifest> = None;
    for entry in archive.entries().map_err(|_| damaged())? {
        let mut entry = entry.map_err(|_| damaged())?;
        let name = entry.path().map_err(|_| damaged())?.into_owned();
        let target = entry_destination(dest, &name).ok_or_else(damaged)?;
        match &manifest {
            // The manifest comes first and is checked before any file is kept.
            None => {
                if name != Path::new(FILE_NAME) || entry.size() > MAX_HEADER * 16 {
                    return Err(damaged());
                }
                let mut bytes = Vec::new();
                (&mut entry)
                    .take(MAX_HEADER * 16)
                    .read_to_end(&mut bytes)
                    .map_err(|_| damaged())?;
                manifest = Some(expected.check(&bytes)?);
                fs::write(&target, &bytes)?;
                File::open(&target)?.sync_all()?;
                // The manifest is not one of the profiles' files the backup counted.
                summary.bytes += bytes.len() as u64;
                continue;
            }
            // Every other file belongs to a profile the manifest lists.
            Some(m) => {
                let listed = name
                    .iter()
                    .nth(1)
                    .and_then(|id| id.to_str())
                    .is_some_and(|id| m.profile(id).is_ok());
                if !listed {
                    return Err(damaged());
                }
            }
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        // A name seen twice means the archive was not written by Carnet.
        let file = File::create_new(&target).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => damaged(),
            _ => e.into(),
        })?;
        let mut out = BufWriter::new(file);
        let n = io::copy(&mut entry, &mut out).map_err(|e| match e.kind() {
            io::ErrorKind::InvalidData | io::ErrorKind::UnexpectedEof => damaged(),
            _ => e.into(),
        })?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        summary.files += 1;
        summary.bytes += n;
        if name.ends_with(DB_FILE) {
            summary.profiles += 1;
        }
    }
    // Read to the end so age verifies the last chunk: a truncated archive fails here.
    io::copy(&mut archive.into_inner(), &mut io::sink()).map_err(|_| damaged())?;
    if !dest.join(FILE_NAME).exists() {
        return Err(damaged());
    }
    // Make the new folders durable and private, as a vault created here would be.
    restrict_permissions(dest)?;
    let profiles = dest.join("profiles");
    if let Ok(entries) = fs::read_dir(&profiles) {
        for entry in entries.flatten() {
            let blobs = entry.path().join(BLOB_DIR);
            if blobs.is_dir() {
                sync_dir(&blobs)?;
            }
            sync_dir(&entry.path())?;
        }
        sync_dir(&profiles)?;
    }
    sync_dir(dest)?;
    Ok(summary)
}
