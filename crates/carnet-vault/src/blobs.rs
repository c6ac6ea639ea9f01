//! Encrypted document content, one age file per distinct content.
//!
//! Content is streamed through age (X25519, to the profile's blob recipient
//! whose identity lives inside the encrypted database) into a temporary file,
//! flushed to disk, then renamed to its final name. The name is
//! HMAC-SHA256(name key, SHA-256 of the content): identical content is stored
//! once, yet someone holding the disk cannot confirm that a known document is
//! there. A crash leaves at worst a temporary or unreferenced file, which the
//! next open removes.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::iter;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use age::x25519;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::fsutil::sync_dir;
use crate::{extract, media, Error, Result};

pub use carnet_model::MAX_DOCUMENT_BYTES;
const CHUNK: usize = 256 * 1024;
const TEMP_PREFIX: &str = ".tmp-";

/// What an import produced.
pub(crate) struct StoredBlob {
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub media_type: &'static str,
    pub text: Option<Zeroizing<String>>,
}

/// Called with the number of bytes read so far; `Break` cancels the import.
pub type Progress<'a> = &'a mut dyn FnMut(u64) -> ControlFlow<()>;

pub(crate) struct BlobStore {
    dir: PathBuf,
    name_key: Zeroizing<[u8; 32]>,
    /// Identities able to decrypt blobs; the last one receives new blobs.
    identities: Vec<x25519::Identity>,
}

impl BlobStore {
    pub(crate) fn new(
        dir: PathBuf,
        name_key: Zeroizing<[u8; 32]>,
        identities: Vec<x25519::Identity>,
    ) -> Self {
        Self {
            dir,
            name_key,
            identities,
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn name_for(&self, sha256: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.name_key.as_ref())
            .expect("HMAC takes any key length");
        mac.update(sha256);
        hex::encode(mac.finalize().into_bytes())
    }

    /// Streams `source` into a new encrypted blob. Nothing is left behind on error.
    pub(crate) fn import(
        &self,
        source: &mut dyn Read,
        progress: Progress<'_>,
    ) -> Result<StoredBlob> {
        fs::create_dir_all(&self.dir)?;
        let mut first = vec![0u8; CHUNK];
        let head_len = read_full(source, &mut first)?;
        first.truncate(head_len);
        let first = Zeroizing::new(first);
        let media_type = media::sniff(&first).ok_or(Error::UnsupportedFile)?;

        let temp = self
            .dir
            .join(format!("{TEMP_PREFIX}{}", uuid::Uuid::new_v4().simple()));
        let result = self.write_encrypted(&temp, &first, source, media_type, progress);
        let (sha256, size, text) = match result {
            Ok(done) => done,
            Err(e) => {
                let _ = fs::remove_file(&temp);
                return Err(e);
            }
        };
        let name = self.name_for(&sha256);
        let dest = self.path(&name);
        if dest.exists() {
            // Same content already stored: keep the existing file.
            fs::remove_file(&temp)?;
        } else if let Err(e) =
            fs::rename(&temp, &dest).and_then(|_| sync_dir(&self.dir).map_err(io::Error::other))
        {
            let _ = fs::remove_file(&temp);
            return Err(e.into());
        }
        Ok(StoredBlob {
            name,
            sha256: hex::encode(sha256),
            size,
            media_type,
            text,
        })
    }

    fn write_encrypted(
        &self,
        temp: &Path,
        first: &[u8],
        source: &mut dyn Read,
        media_type: &str,
        progress: Progress<'_>,
    ) -> Result<([u8; 32], u64, Option<Zeroizing<String>>)> {
        let recipient = self
            .identities
            .last()
            .ok_or_else(|| Error::damaged("blob keys"))?
            .to_public();
        let encryptor =
            age::Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient))
                .map_err(|e| Error::Io(io::Error::other(e.to_string())))?;
        let file = File::create_new(temp)?;
        let mut writer = encryptor.wrap_output(BufWriter::with_capacity(CHUNK, file))?;
        let mut hasher = Sha256::new();
        // Kept as separate chunks: growing one buffer would leave unwiped
        // copies of the content behind in freed memory.
        let mut keep: Option<Vec<Zeroizing<Vec<u8>>>> = media::has_text(media_type).then(Vec::new);
        let mut size = 0u64;
        let mut buf = Zeroizing::new(vec![0u8; CHUNK]);
        let mut chunk: &[u8] = first;
        loop {
            if chunk.is_empty() {
                break;
            }
            size += chunk.len() as u64;
            if size > MAX_DOCUMENT_BYTES {
                return Err(Error::TooLarge {
                    max: MAX_DOCUMENT_BYTES,
                });
            }
            hasher.update(chunk);
            writer.write_all(chunk)?;
            if let Some(k) = keep.as_mut() {
                if size <= extract::MAX_EXTRACT_BYTES {
                    k.push(Zeroizing::new(chunk.to_vec()));
                } else {
                    keep = None;
                }
            }
            if progress(size).is_break() {
                return Err(Error::Cancelled);
            }
            let n = read_full(source, &mut buf)?;
            chunk = &buf[..n];
        }
        let file = writer.finish()?.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        let text = keep.and_then(|chunks| {
            let mut content =
                Zeroizing::new(Vec::with_capacity(chunks.iter().map(|c| c.len()).sum()));
            for c in &chunks {
                content.extend_from_slice(c);
            }
            extract::extract_text(media_type, &content)
        });
        Ok((hasher.finalize().into(), size, text))
    }

    /// Decrypts a blob into `out`, checking its SHA-256. Errors from the blob
    /// are `Damaged`; errors from `out` (a full disk) are reported as such.
    pub(crate) fn copy_out(&self, name: &str, sha256: &str, out: &mut dyn Write) -> Result<u64> {
        let damaged = || Error::damaged("document content");
        let file = File::open(self.path(name)).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => damaged(),
            _ => e.into(),
        })?;
        let decryptor =
            age::Decryptor::new(BufReader::with_capacity(CHUNK, file)).map_err(|_| damaged())?;
        let mut reader = decryptor
            .decrypt(self.identities.iter().map(|i| i as &dyn age::Identity))
            .map_err(|_| damaged())?;
        let mut hasher = Sha256::new();
        let mut buf = Zeroizing::new(vec![0u8; CHUNK]);
        let mut total = 0u64;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(damaged()),
            };
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])?;
            total += n as u64;
        }
        if hex::encode(hasher.finalize()) != sha256 {
            return Err(damaged());
        }
        Ok(total)
    }

    pub(crate) fn remove(&self, name: &str) -> Result<()> {
        match fs::remove_file(self.path(name)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Deletes temporary files and blobs no document refers to (left by a crash).
    pub(crate) fn collect_garbage(&self, referenced: &HashSet<String>) -> Result<()> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e.into()),
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(TEMP_PREFIX) || !referenced.contains(&name) {
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(())
    }
}

/// Fills `buf` as far as the source allows; returns the bytes read (0 at end).
fn read_full(source: &mut dyn Read, buf: &mut [u8]) -> Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match source.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(filled)
}
