//! The profile's automerge document, stored inside the encrypted database,
//! and the SQL rows derived from it.
//!
//! Every local write runs its SQL and its document edit in one transaction
//! that also stores the document change, so the rows and the document never
//! disagree on disk. Changes from other replicas re-derive only the rows they
//! touched. The document is loaded on first need, so unlocking a profile does
//! not pay for it.

use std::collections::HashMap;

use carnet_sync::{Conflict, ProfileDoc, Touched};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::profile::{json_err, time_text, Profile};
use crate::records::{index_record, unindex};
use crate::{Error, Result};

const META_ACTOR: &str = "crdt_actor";
/// Incremental changes kept before they are folded into one saved document.
const COMPACT_AFTER: i64 = 1000;

/// A sync-layer error seen from the vault.
pub(crate) fn sync_err(e: carnet_sync::Error) -> Error {
    match e {
        carnet_sync::Error::TooLarge { max } => Error::TooLarge { max },
        carnet_sync::Error::NotFound => Error::NotFound { what: "item" },
        other => Error::damaged(other.to_string()),
    }
}

impl Profile {
    /// Loads the document on first need (and builds it from the rows of a
    /// profile created before sync existed).
    pub(crate) fn load_doc(&mut self) -> Result<()> {
        if self.doc.is_some() {
            return Ok(());
        }
        let actor = actor(&self.conn)?;
        let mut saved = Vec::new();
        let mut changes = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT snapshot, bytes FROM crdt ORDER BY seq")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let snapshot: bool = row.get(0)?;
                let bytes: Vec<u8> = row.get(1)?;
                if snapshot {
                    saved = bytes;
                    changes.clear();
                } else {
                    changes.push(bytes);
                }
            }
        }
        let fresh = saved.is_empty() && changes.is_empty();
        let mut doc = ProfileDoc::load(&actor, &saved, &changes).map_err(sync_err)?;
        if fresh {
            self.bootstrap(&mut doc)?;
        } else if changes.len() as i64 > COMPACT_AFTER {
            let tx = self.conn.unchecked_transaction()?;
            tx.execute("DELETE FROM crdt", [])?;
            tx.execute(
                "INSERT INTO crdt (snapshot, bytes) VALUES (1, ?1)",
                [doc.save()],
            )?;
            tx.commit()?;
        }
        self.doc = Some(doc);
        Ok(())
    }

    /// Puts the rows of a profile that has no document yet into a first change.
    fn bootstrap(&mut self, doc: &mut ProfileDoc) -> Result<()> {
        for record in self.records(None)? {
            doc.put_record(&record).map_err(sync_err)?;
        }
        for meta in self.documents()? {
            doc.put_document(&meta).map_err(sync_err)?;
        }
        if let Some(change) = doc.commit("existing records") {
            self.conn.execute(
                "INSERT INTO crdt (snapshot, bytes) VALUES (0, ?1)",
                [change],
            )?;
        }
        Ok(())
    }

    /// Runs `work` (SQL on the transaction, edits on the document) and stores
    /// the document change in the same transaction. If anything fails the
    /// document is reloaded from disk on next use, so memory never holds a
    /// change the disk does not.
    pub(crate) fn write<T>(
        &mut self,
        message: &str,
        work: impl FnOnce(&Transaction<'_>, &mut ProfileDoc, &str) -> Result<T>,
    ) -> Result<T> {
        self.load_doc()?;
        let Profile {
            conn, doc, actor, ..
        } = self;
        let Some(loaded) = doc.as_mut() else {
            return Err(Error::damaged("document not loaded"));
        };
        let result = (|| {
            let tx = conn.unchecked_transaction()?;
            let out = work(&tx, loaded, actor)?;
            if let Some(change) = loaded.commit(message) {
                tx.execute(
                    "INSERT INTO crdt (snapshot, bytes) VALUES (0, ?1)",
                    [change],
                )?;
            }
            tx.commit()?;
            Ok(out)
        })();
        if result.is_err() {
            loaded.rollback();
            *doc = None;
        }
        result
    }

    /// Conflicts of every record and document that has some, by id.
    pub fn conflicts(&self) -> Result<HashMap<String, Vec<Conflict>>> {
        let mut out = HashMap::new();
        for table in ["records", "documents"] {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT id, conflicts FROM {table} WHERE conflicts IS NOT NULL"
            ))?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, json) = row?;
                let list = serde_json::from_str(&json).map_err(|_| Error::damaged("conflicts"))?;
                out.insert(id, list);
            }
        }
        Ok(out)
    }

    /// Whether the rows equal what the document says (used by tests and
    /// `carnet check`).
    pub fn rows_match_document(&mut self) -> Result<bool> {
        self.load_doc()?;
        let Some(doc) = self.doc.as_ref() else {
            return Ok(false);
        };
        let expected = carnet_sync::snapshot(doc).map_err(sync_err)?;
        let mut actual = std::collections::BTreeMap::new();
        for record in self.records(None)? {
            actual.insert(
                format!("record/{}", record.id),
                serde_json::to_value(&record).map_err(json_err)?,
            );
        }
        for meta in self.documents()? {
            actual.insert(
                format!("document/{}", meta.id),
                serde_json::to_value(&meta).map_err(json_err)?,
            );
        }
        Ok(expected == actual)
    }

    /// Drops every derived row and derives them again from the document.
    pub fn rebuild_from_document(&mut self) -> Result<()> {
        self.write("rebuild", |tx, doc, _| {
            tx.execute_batch("DELETE FROM records; DELETE FROM search WHERE kind != 'document';")?;
            let everything = doc.everything().map_err(sync_err)?;
            derive(tx, doc, &everything)
        })
    }
}

/// Re-derives the rows of the items `touched` names from the document.
/// Items the document holds but that are not valid Carnet data are not shown
/// (and stay in the document, so a newer Carnet can still read them).
pub(crate) fn derive(tx: &Connection, doc: &ProfileDoc, touched: &Touched) -> Result<()> {
    for id in &touched.records {
        let existing: Option<i64> = tx
            .query_row("SELECT seq FROM records WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        if let Some(seq) = existing {
            unindex(tx, seq)?;
        }
        match doc.record(id) {
            Ok(Some(item)) => {
                let record = &item.value;
                let data = crate::records::body_json(&record.body)?;
                let seq: i64 = tx.query_row(
                    "INSERT INTO records (id, kind, data, notes, created_at, updated_at, conflicts)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (id) DO UPDATE SET kind = ?2, data = ?3, notes = ?4,
                       created_at = ?5, updated_at = ?6, conflicts = ?7
                     RETURNING seq",
                    params![
                        record.id,
                        record.body.kind().as_str(),
                        data,
                        record.notes,
                        time_text(record.created_at),
                        time_text(record.updated_at),
                        conflicts_json(&item.conflicts)?,
                    ],
                    |r| r.get(0),
                )?;
                index_record(tx, seq, record)?;
            }
            Ok(None) | Err(carnet_sync::Error::Unreadable) => {
                tx.execute("DELETE FROM records WHERE id = ?1", [id])?;
            }
            Err(e) => return Err(sync_err(e)),
        }
    }
    for id in &touched.documents {
        derive_document(tx, doc, id)?;
    }
    if touched.access {
        tx.execute("DELETE FROM access_log", [])?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO access_log (at, rpps, name, action, document_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for entry in doc.access().map_err(sync_err)? {
            let action = serde_json::to_value(entry.action).map_err(json_err)?;
            insert.execute(params![
                time_text(entry.at),
                entry.rpps,
                entry.name,
                action.as_str().unwrap_or("read_record"),
                entry.document_id,
            ])?;
        }
    }
    Ok(())
}

/// A document's row: its metadata from the document; its content, if the
/// same bytes are already here, else marked as still to download ('').
fn derive_document(tx: &Connection, doc: &ProfileDoc, id: &str) -> Result<()> {
    let existing: Option<(i64, String, String)> = tx
        .query_row(
            "SELECT seq, sha256, blob FROM documents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let text = match &existing {
        Some((seq, _, _)) => {
            let body: Option<String> = tx
                .query_row("SELECT body FROM search WHERE rowid = ?1", [-seq], |r| {
                    r.get(0)
                })
                .optional()?;
            unindex(tx, -seq)?;
            body.and_then(|b| b.split_once('\u{1f}').map(|(_, rest)| rest.to_string()))
        }
        None => None,
    };
    match doc.document(id) {
        Ok(Some(item)) => {
            let meta = &item.value;
            let blob = match &existing {
                Some((_, sha, blob)) if *sha == meta.sha256 => blob.clone(),
                _ => tx
                    .query_row(
                        "SELECT blob FROM documents WHERE sha256 = ?1 AND blob != '' LIMIT 1",
                        [&meta.sha256],
                        |r| r.get(0),
                    )
                    .optional()?
                    .unwrap_or_default(),
            };
            let seq: i64 = tx.query_row(
                "INSERT INTO documents (id, meta, sha256, blob, created_at, conflicts)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (id) DO UPDATE SET meta = ?2, sha256 = ?3, blob = ?4, conflicts = ?6
                 RETURNING seq",
                params![
                    meta.id,
                    serde_json::to_string(meta).map_err(json_err)?,
                    meta.sha256,
                    blob,
                    time_text(meta.created_at),
                    conflicts_json(&item.conflicts)?,
                ],
                |r| r.get(0),
            )?;
            crate::documents::index_document(tx, seq, meta, text.as_deref())?;
        }
        Ok(None) | Err(carnet_sync::Error::Unreadable) => {
            tx.execute("DELETE FROM documents WHERE id = ?1", [id])?;
        }
        Err(e) => return Err(sync_err(e)),
    }
    Ok(())
}

fn conflicts_json(conflicts: &[Conflict]) -> Result<Option<String>> {
    if conflicts.is_empty() {
        return Ok(None);
    }
    serde_json::to_string(conflicts).map(Some).map_err(json_err)
}

/// This replica's actor id: random, made once per profile database.
fn actor(conn: &Connection) -> Result<Vec<u8>> {
    let stored: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [META_ACTOR], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(hex_text) = stored {
        return hex::decode(hex_text).map_err(|_| Error::damaged("replica id"));
    }
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Io(std::io::Error::other(e)))?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)",
        params![META_ACTOR, hex::encode(bytes)],
    )?;
    Ok(bytes.to_vec())
}
