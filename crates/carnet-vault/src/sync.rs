//! The profile as a sync replica: sync messages in and out, the link to the
//! national space's gateway, content downloaded by hash, the access history.

use std::fmt;

use carnet_sync::{protocol, AccessEntry, BlobRef, PeopleEvent, Replica, Touched};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::audit::{audit_row, AuditAction};
use crate::error::json_err;
use crate::profile::Profile;
use crate::rows::{content_arrived, derive};
use crate::stamps::parse_time;
use crate::{Error, Result};

const META_LINK: &str = "sync_link";
/// The document's heads when the last full sync finished; the triggers of
/// the `crdt` table delete it as soon as a change is stored or compacted.
const META_SYNCED_HEADS: &str = "synced_heads";
/// Set while the replica is rebuilt from the gateway's: what arrives then is
/// no news.
const META_REBUILDING: &str = "rebuilding";

/// Where and as whom this profile syncs with the national space.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncLink {
    /// Base address of the gateway, e.g. `https://passerelle.example`.
    pub server: String,
    /// The profile's identifier on the gateway.
    pub remote_profile: String,
    /// The device token (stored only inside the encrypted database).
    pub token: String,
    /// When the last sync finished.
    #[serde(default)]
    pub last_sync: Option<DateTime<Utc>>,
    /// The role the owner gave this computer's person, for a profile joined
    /// with an invitation (`None`: the account's own holder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<carnet_model::Role>,
    /// Whether the owner lets this caregiver hide documents.
    #[serde(default)]
    pub may_hide: bool,
}

impl fmt::Debug for SyncLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncLink")
            .field("server", &self.server)
            .field("remote_profile", &self.remote_profile)
            .field("last_sync", &self.last_sync)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl SyncLink {
    /// The peer name sync states are kept under.
    pub fn peer(&self) -> String {
        format!("{}#{}", self.server, self.remote_profile)
    }
}

impl Profile {
    /// The gateway this profile is paired with, if any.
    pub fn sync_link(&self) -> Result<Option<SyncLink>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [META_LINK], |r| {
                r.get(0)
            })
            .optional()?;
        json.map(|j| serde_json::from_str(&j).map_err(|_| Error::damaged("sync settings")))
            .transpose()
    }

    /// Pairs (or unpairs, with `None`) this profile with a gateway. A new
    /// pairing forgets the sync states of the previous one.
    pub fn set_sync_link(&mut self, link: Option<&SyncLink>) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        match link {
            Some(link) => {
                let json = Zeroizing::new(serde_json::to_string(link).map_err(json_err)?);
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = ?2",
                    params![META_LINK, json.as_str()],
                )?;
            }
            None => {
                tx.execute("DELETE FROM meta WHERE key = ?1", [META_LINK])?;
                tx.execute("DELETE FROM sync_peers", [])?;
            }
        }
        tx.commit()?;
        self.peers.clear();
        Ok(())
    }

    /// Records that a sync with the linked gateway finished now.
    /// Also keeps the document's heads, so a later background sync can tell
    /// from the gateway's heads alone that nothing changed on either side.
    pub fn mark_synced(&mut self, at: DateTime<Utc>) -> Result<()> {
        self.load_doc()?;
        let heads = self.doc_heads()?;
        // One commit (each costs a flush to disk), not four.
        let tx = self.conn.unchecked_transaction()?;
        if let Some(mut link) = self.sync_link()? {
            link.last_sync = Some(at);
            self.set_link_quietly(&link)?;
        }
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = ?2",
            params![
                META_SYNCED_HEADS,
                serde_json::to_string(&heads).map_err(json_err)?
            ],
        )?;
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [META_REBUILDING])?;
        audit_row(&self.conn, &self.actor, AuditAction::Synced, None, None)?;
        tx.commit()?;
        Ok(())
    }

    /// The heads (hex, sorted) the document had when the last full sync
    /// finished, if nothing was stored in it since: equal to the gateway's
    /// heads, both sides hold the same document. Reads no document.
    pub fn unchanged_since_sync(&self) -> Result<Option<Vec<String>>> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [META_SYNCED_HEADS],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| serde_json::from_str(&j).map_err(|_| Error::damaged("sync settings")))
            .transpose()
    }

    fn doc_heads(&mut self) -> Result<Vec<String>> {
        let doc = self
            .doc
            .as_mut()
            .ok_or_else(|| Error::damaged("document not loaded"))?;
        let mut heads: Vec<String> = doc.heads().iter().map(|h| h.to_string()).collect();
        heads.sort();
        Ok(heads)
    }

    /// Drops this computer's replica so that the next sync rebuilds it from
    /// the gateway's: what the gateway refused (edits made outside the role
    /// it now gives) goes, everything it holds comes back. Document content
    /// already here stays on disk until the rows are back and is then
    /// downloaded again. The link, shares and audit log stay.
    pub fn reset_replica(&mut self) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute_batch(
            "DELETE FROM crdt; DELETE FROM records; DELETE FROM documents;
             DELETE FROM search; DELETE FROM sync_peers; DELETE FROM access_log;",
        )?;
        tx.execute(
            "DELETE FROM meta WHERE key IN (?1, ?2)",
            params![
                crate::rows::META_PEOPLE_EVENTS,
                crate::rows::META_DETAILS_CONFLICTS
            ],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, '1')",
            [META_REBUILDING],
        )?;
        tx.commit()?;
        self.doc = None;
        self.peers.clear();
        Ok(())
    }

    /// Changes the link's details (the role the owner gives) without
    /// forgetting the sync states, unlike [`Self::set_sync_link`].
    pub fn update_sync_link(&mut self, link: &SyncLink) -> Result<()> {
        self.set_link_quietly(link)
    }

    /// Who was invited, joined, changed role or lost access, as the gateway
    /// wrote it into the profile, oldest first.
    pub fn people_events(&self) -> Result<Vec<PeopleEvent>> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [crate::rows::META_PEOPLE_EVENTS],
                |r| r.get(0),
            )
            .optional()?;
        json.map(|j| serde_json::from_str(&j).map_err(|_| Error::damaged("people events")))
            .transpose()
            .map(Option::unwrap_or_default)
    }

    fn set_link_quietly(&self, link: &SyncLink) -> Result<()> {
        let json = Zeroizing::new(serde_json::to_string(link).map_err(json_err)?);
        self.conn.execute(
            "UPDATE meta SET value = ?2 WHERE key = ?1",
            params![META_LINK, json.as_str()],
        )?;
        Ok(())
    }

    /// Who consulted the record through the national space, newest first.
    pub fn access_history(&self, limit: usize) -> Result<Vec<AccessEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, rpps, name, action, document_id FROM access_log ORDER BY at DESC, seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (at, rpps, name, action, document_id) = row?;
            Ok(AccessEntry {
                at: parse_time(&at)?,
                rpps,
                name,
                action: serde_json::from_value(serde_json::Value::String(action))
                    .map_err(|_| Error::damaged("access history"))?,
                document_id,
            })
        })
        .collect()
    }

    /// Documents whose content has not been downloaded yet.
    pub fn pending_documents(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM documents WHERE blob = '' ORDER BY seq")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Distinct contents of the documents whose row matches `condition`.
    fn blob_refs_where(&self, condition: &str) -> Result<Vec<BlobRef>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT DISTINCT sha256, json_extract(meta, '$.size') FROM documents WHERE {condition} ORDER BY sha256"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(BlobRef {
                sha256: r.get(0)?,
                size: r.get::<_, i64>(1)?.max(0) as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn peer_state(&mut self, peer: &str) -> Result<&mut carnet_sync::PeerState> {
        if !self.peers.contains_key(peer) {
            let stored: Option<Vec<u8>> = self
                .conn
                .query_row(
                    "SELECT state FROM sync_peers WHERE peer = ?1",
                    [peer],
                    |r| r.get(0),
                )
                .optional()?;
            let state = stored
                .map(|bytes| protocol::decode_state(&bytes))
                .unwrap_or_default();
            self.peers.insert(peer.to_string(), state);
        }
        self.peers
            .get_mut(peer)
            .ok_or_else(|| Error::damaged("sync state"))
    }
}

/// Whether changes arriving now are news: not the first copy of the
/// profile (never synced), not a rebuild from the gateway's copy.
fn is_news(tx: &rusqlite::Connection) -> Result<bool> {
    let rebuilding = tx
        .prepare_cached("SELECT 1 FROM meta WHERE key = ?1")?
        .exists([META_REBUILDING])?;
    if rebuilding {
        return Ok(false);
    }
    let link: Option<String> = tx
        .query_row("SELECT value FROM meta WHERE key = ?1", [META_LINK], |r| {
            r.get(0)
        })
        .optional()?;
    // Only the date is read: the token is not copied out.
    #[derive(Deserialize)]
    struct LastSync {
        #[serde(default)]
        last_sync: Option<DateTime<Utc>>,
    }
    let link = link.map(Zeroizing::new);
    Ok(link
        .and_then(|j| serde_json::from_str::<LastSync>(&j).ok())
        .is_some_and(|l| l.last_sync.is_some()))
}

impl Replica for Profile {
    type Error = Error;

    fn generate_message(&mut self, peer: &str) -> Result<Option<Vec<u8>>> {
        self.load_doc()?;
        let mut state = std::mem::take(self.peer_state(peer)?);
        let message = match self.doc.as_mut() {
            Some(doc) => protocol::generate(doc, &mut state),
            None => None,
        };
        self.peers.insert(peer.to_string(), state);
        Ok(message)
    }

    fn receive_message(&mut self, peer: &str, message: &[u8]) -> Result<Touched> {
        self.load_doc()?;
        let mut state = std::mem::take(self.peer_state(peer)?);
        let Profile {
            conn, doc, peers, ..
        } = self;
        let Some(loaded) = doc.as_mut() else {
            return Err(Error::damaged("document not loaded"));
        };
        let before = loaded.heads_before_receiving();
        if let Err(e) = protocol::receive(loaded, &mut state, message) {
            // The document may hold part of the message: reload it from disk.
            *doc = None;
            peers.insert(peer.to_string(), carnet_sync::PeerState::new());
            return Err(Error::SyncMessage(e.to_string()));
        }
        let result = (|| {
            let touched = loaded.touched_since(&before);
            let tx = conn.unchecked_transaction()?;
            if loaded.heads() != before {
                let changes = loaded.save_after(&before);
                tx.execute(
                    "INSERT INTO crdt (snapshot, bytes) VALUES (0, ?1)",
                    [changes],
                )?;
                let news = is_news(&tx)?;
                let existed = crate::activity::before(&tx, &touched)?;
                derive(&tx, loaded, &touched)?;
                if news {
                    crate::activity::record(&tx, loaded, &touched, &existed, Utc::now())?;
                }
            }
            tx.execute(
                "INSERT INTO sync_peers (peer, state) VALUES (?1, ?2)
                 ON CONFLICT (peer) DO UPDATE SET state = ?2",
                params![peer, protocol::encode_state(&state)],
            )?;
            tx.commit()?;
            Ok(touched)
        })();
        match result {
            Ok(touched) => {
                peers.insert(peer.to_string(), state);
                Ok(touched)
            }
            Err(e) => {
                *doc = None;
                peers.remove(peer);
                Err(e)
            }
        }
    }

    fn reset_peer(&mut self, peer: &str) -> Result<()> {
        // Keep only what both sides are known to share (what encode keeps).
        let state = self.peer_state(peer)?;
        *state = protocol::decode_state(&protocol::encode_state(state));
        Ok(())
    }

    fn local_blobs(&mut self) -> Result<Vec<BlobRef>> {
        self.blob_refs_where("blob != ''")
    }

    fn missing_blobs(&mut self) -> Result<Vec<BlobRef>> {
        self.blob_refs_where("blob = ''")
    }

    fn read_blob(&mut self, blob: &BlobRef) -> Result<Vec<u8>> {
        let name: String = self
            .conn
            .query_row(
                "SELECT blob FROM documents WHERE sha256 = ?1 AND blob != '' LIMIT 1",
                [&blob.sha256],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(Error::NotFound { what: "document" })?;
        // The announced size came from a peer: the real length is the file's.
        let mut bytes = Vec::new();
        self.blobs.copy_out(&name, &blob.sha256, &mut bytes)?;
        Ok(bytes)
    }

    fn store_blob(&mut self, blob: &BlobRef, bytes: &[u8]) -> Result<()> {
        let stored =
            self.blobs.import(
                &mut &bytes[..],
                &mut |_| std::ops::ControlFlow::Continue(()),
            )?;
        if stored.sha256 != blob.sha256 {
            if self.blob_refs(&stored.name)? == 0 {
                self.blobs.remove(&stored.name)?;
            }
            return Err(Error::damaged("downloaded document (hash mismatch)"));
        }
        let tx = self.conn.unchecked_transaction()?;
        content_arrived(
            &tx,
            &blob.sha256,
            &stored.name,
            stored.text.as_ref().map(|t| t.as_str()),
        )?;
        tx.commit()?;
        Ok(())
    }
}
