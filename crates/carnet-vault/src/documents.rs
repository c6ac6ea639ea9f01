//! Documents of a profile: encrypted import, export, metadata, hide, delete.
//! Each edit changes the profile's document; the rows and search entries
//! follow from it (`rows.rs`).

use std::fs::{self, File};
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use carnet_model::{Action, DocumentInput, DocumentMeta};
use rusqlite::OptionalExtension;
use zeroize::Zeroizing;

use crate::audit::{audit_row, AuditAction};
use crate::blobs::Progress;
use crate::error::sync_err;
use crate::fsutil::sync_dir;
use crate::profile::Profile;
use crate::rows::{document_row, remove_document_row, LocalContent};
use crate::stamps::now;
use crate::{Error, Result};

const KIND_DOCUMENT: &str = "document";

/// Largest document read whole into memory for an in-app preview.
pub const MAX_PREVIEW_BYTES: u64 = 64 * 1024 * 1024;

impl Profile {
    /// Encrypts and stores a document read from `source`. Either the document
    /// is fully stored and listed, or nothing of it remains.
    pub fn import_document(
        &mut self,
        source: &mut dyn Read,
        file_name: &str,
        mut input: DocumentInput,
        progress: Progress<'_>,
    ) -> Result<DocumentMeta> {
        self.permit(Action::Write)?;
        if input.hidden {
            self.permit(Action::Hide)?;
        }
        input.validate()?;
        let file_name = carnet_model::clean_file_name(file_name);
        let stored = self.blobs.import(source, progress)?;
        let now = now();
        let meta = DocumentMeta {
            id: carnet_model::new_id(),
            input,
            file_name,
            media_type: stored.media_type.to_string(),
            size: stored.size,
            sha256: stored.sha256.clone(),
            created_at: now,
            updated_at: now,
        };
        let local = LocalContent {
            blob: &stored.name,
            text: stored.text.as_ref().map(|t| t.as_str()),
        };
        let result = self.write("import document", |tx, doc, actor| {
            doc.put_document(&meta).map_err(sync_err)?;
            document_row(tx, &meta, &[], Some(local))?;
            audit_row(
                tx,
                actor,
                AuditAction::DocumentImported,
                Some(KIND_DOCUMENT),
                Some(&meta.id),
            )
        });
        if let Err(e) = result {
            // The blob may be shared with an earlier identical document: only
            // remove it if nothing refers to it.
            if self.blob_refs(&stored.name)? == 0 {
                self.blobs.remove(&stored.name)?;
            }
            return Err(e);
        }
        Ok(meta)
    }

    /// One document's metadata.
    pub fn document(&self, id: &str) -> Result<DocumentMeta> {
        let json: String = self
            .conn
            .query_row("SELECT meta FROM documents WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(Error::NotFound { what: "document" })?;
        serde_json::from_str(&json).map_err(|_| Error::damaged("document"))
    }

    /// Every document, most recent date first.
    pub fn documents(&self) -> Result<Vec<DocumentMeta>> {
        let mut stmt = self.conn.prepare_cached("SELECT meta FROM documents")?;
        let mut docs = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .map(|json| serde_json::from_str(&json?).map_err(|_| Error::damaged("document")))
            .collect::<Result<Vec<DocumentMeta>>>()?;
        docs.sort_by(|a, b| {
            b.input
                .date
                .cmp(&a.input.date)
                .then(b.created_at.cmp(&a.created_at))
        });
        Ok(docs)
    }

    /// Writes the document's content, byte for byte, into `out` (checked against its SHA-256).
    pub fn read_document(&self, id: &str, out: &mut dyn Write) -> Result<DocumentMeta> {
        let (meta, blob) = self.document_and_blob(id)?;
        self.blobs.copy_out(&blob, &meta.sha256, out)?;
        self.audit(AuditAction::DocumentOpened, Some(KIND_DOCUMENT), Some(id))?;
        Ok(meta)
    }

    /// The whole content in memory, for previews; wiped when dropped.
    pub fn document_bytes(&self, id: &str) -> Result<(DocumentMeta, Zeroizing<Vec<u8>>)> {
        let (meta, blob) = self.document_and_blob(id)?;
        if meta.size > MAX_PREVIEW_BYTES {
            return Err(Error::TooLarge {
                max: MAX_PREVIEW_BYTES,
            });
        }
        let mut bytes = Zeroizing::new(Vec::with_capacity(meta.size as usize));
        self.blobs.copy_out(&blob, &meta.sha256, &mut *bytes)?;
        self.audit(AuditAction::DocumentOpened, Some(KIND_DOCUMENT), Some(id))?;
        Ok((meta, bytes))
    }

    /// Exports the document to `dest`: written beside it first, checked, then
    /// renamed, so a damaged blob or a full disk never leaves a wrong file.
    pub fn export_document(&self, id: &str, dest: &Path) -> Result<DocumentMeta> {
        let (meta, blob) = self.document_and_blob(id)?;
        let dir = dest
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let temp = dir.join(format!(".carnet-export-{}", uuid::Uuid::new_v4().simple()));
        let result = (|| {
            let mut out = BufWriter::new(File::create_new(&temp)?);
            self.blobs.copy_out(&blob, &meta.sha256, &mut out)?;
            let file = out.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            fs::rename(&temp, dest)?;
            sync_dir(dir)
        })();
        if let Err(e) = result {
            let _ = fs::remove_file(&temp);
            return Err(e);
        }
        self.audit(AuditAction::DocumentExported, Some(KIND_DOCUMENT), Some(id))?;
        Ok(meta)
    }

    /// Changes what was filled in about a document (title, type, hidden…).
    pub fn update_document(&mut self, id: &str, mut input: DocumentInput) -> Result<DocumentMeta> {
        self.permit(Action::Write)?;
        input.validate()?;
        let mut meta = self.document(id)?;
        if meta.input.hidden != input.hidden {
            self.permit(Action::Hide)?;
        }
        meta.input = input;
        meta.updated_at = now();
        self.write("edit document", |tx, doc, actor| {
            // The content and the text read from it stay as they are.
            doc.put_document(&meta).map_err(sync_err)?;
            document_row(tx, &meta, &[], None)?;
            audit_row(
                tx,
                actor,
                AuditAction::DocumentUpdated,
                Some(KIND_DOCUMENT),
                Some(id),
            )
        })?;
        Ok(meta)
    }

    /// Hides a document from professionals, or shows it again.
    pub fn set_document_hidden(&mut self, id: &str, hidden: bool) -> Result<DocumentMeta> {
        let mut input = self.document(id)?.input;
        input.hidden = hidden;
        self.update_document(id, input)
    }

    /// Deletes a document and, unless another document has the same content, its blob.
    pub fn delete_document(&mut self, id: &str) -> Result<()> {
        self.permit(Action::Write)?;
        let (_, blob) = self.document_and_blob(id)?;
        self.write("delete document", |tx, doc, actor| {
            doc.delete_document(id).map_err(sync_err)?;
            remove_document_row(tx, id)?;
            audit_row(
                tx,
                actor,
                AuditAction::DocumentDeleted,
                Some(KIND_DOCUMENT),
                Some(id),
            )
        })?;
        // After the commit: a crash here leaves an unreferenced blob, removed at next open.
        if !blob.is_empty() && self.blob_refs(&blob)? == 0 {
            self.blobs.remove(&blob)?;
        }
        Ok(())
    }

    fn document_and_blob(&self, id: &str) -> Result<(DocumentMeta, String)> {
        let (json, blob): (String, String) = self
            .conn
            .query_row(
                "SELECT meta, blob FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(Error::NotFound { what: "document" })?;
        let meta = serde_json::from_str(&json).map_err(|_| Error::damaged("document"))?;
        if blob.is_empty() {
            return Err(Error::ContentPending);
        }
        Ok((meta, blob))
    }

    pub(crate) fn blob_refs(&self, blob: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM documents WHERE blob = ?1",
            [blob],
            |r| r.get(0),
        )?)
    }
}
