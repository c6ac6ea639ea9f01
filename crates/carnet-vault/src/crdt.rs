//! The profile's automerge document, stored inside the encrypted database,
//! and the SQL rows derived from it.
//!
//! Every local write edits the document, derives the rows it touched
//! (`rows.rs`, the same path as changes from other replicas) and stores the
//! document change, all in one transaction, so the rows and the document
//! never disagree on disk. The document is loaded on first need, so unlocking a profile does
//! not pay for it.

use std::collections::HashMap;

use carnet_sync::{Conflict, ProfileDoc};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::{json_err, sync_err};
use crate::profile::Profile;
use crate::rows::derive;
use crate::{Error, Result};

/// The id under which [`Profile::conflicts`] lists the profile's details.
pub const DETAILS_CONFLICTS_ID: &str = "details";

const META_ACTOR: &str = "crdt_actor";
/// Incremental changes kept before they are folded into one saved document.
const COMPACT_AFTER: i64 = 1000;

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
        doc.set_author(self.author.as_ref()).map_err(sync_err)?;
        if fresh {
            self.bootstrap(&mut doc)?;
        }
        if !fresh && changes.len() as i64 > COMPACT_AFTER {
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

    /// Puts who the profile is about into the document when it has none
    /// yet (a profile made before details were synced), so the owner's other
    /// devices and invited helpers get them. Called after a sync, so a
    /// device paired to an account that has them takes them instead of
    /// writing its own; a helper's copy (which cannot edit them) never
    /// writes them. Returns whether it wrote them (they go at next sync).
    pub fn publish_details(&mut self) -> Result<bool> {
        let (role, may_hide) = self.role()?;
        if !role.allows(carnet_model::Action::EditDetails, may_hide) {
            return Ok(false);
        }
        self.load_doc()?;
        if self
            .doc
            .as_ref()
            .is_some_and(|d| d.details().ok().flatten().is_some())
        {
            return Ok(false);
        }
        let info = self.info()?;
        self.write("profile details", |_, doc, _| {
            doc.put_details(&info).map_err(sync_err)
        })?;
        Ok(true)
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

    /// Conflicts of every record and document that has some, by id, and
    /// of the profile's details under [`DETAILS_CONFLICTS_ID`].
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
        // The profile's details, under the id "details".
        let details: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [crate::rows::META_DETAILS_CONFLICTS],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(json) = details {
            let list = serde_json::from_str(&json).map_err(|_| Error::damaged("conflicts"))?;
            out.insert(DETAILS_CONFLICTS_ID.to_string(), list);
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
