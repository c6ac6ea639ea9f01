//! The automerge document of one profile and its mapping to Carnet's types.
//!
//! Layout (every replica starts from the same genesis change, so the three
//! containers are shared and never conflict):
//!
//! ```text
//! records/<id>   { kind, created_at, updated_at, deleted: "deleted" | "alive:…", by?, fields/{name: JSON} }
//! documents/<id> { created_at, updated_at, deleted, by?, fields/{name: JSON} }
//! access         [ JSON of AccessEntry, ... ]   (appended by the national space)
//! ```
//!
//! Each field is its own map key holding its JSON text, so concurrent edits
//! of different fields both apply, and concurrent edits of one field keep
//! every value (`get_all`): the winner is chosen the same way everywhere and
//! the others are reported as [`Conflict`]s.
//!
//! Deletion is a `deleted` flag, never the removal of the map: a record is
//! gone only when every concurrent value of the flag says so. An edit made
//! while another device deleted the record therefore keeps it (the edit is
//! newer information than the delete); a delete made after seeing the edit
//! removes it.
//!
//! `by` names who last wrote the item (JSON of [`Author`]): a person of the
//! profile as their vault names them, or a professional depositing through
//! the national space. It is what the activity list says ("Claire added a
//! treatment"); it is never used to decide anything.

use std::collections::{BTreeMap, BTreeSet};

use automerge::transaction::{CommitOptions, Transactable};
use automerge::{ActorId, AutoCommit, ChangeHash, ObjId, ObjType, Prop, ReadDoc, ScalarValue};
use carnet_model::{DocumentMeta, ProfileInfo, Record, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Error, Result};

const RECORDS: &str = "records";
const DOCUMENTS: &str = "documents";
const ACCESS: &str = "access";
const FIELDS: &str = "fields";
const DELETED: &str = "deleted";
const KIND: &str = "kind";
/// Values of the `deleted` key: gone, or alive since a given state.
const GONE: &str = "deleted";
const ALIVE: &str = "alive:";
const CREATED: &str = "created_at";
const UPDATED: &str = "updated_at";
const BY: &str = "by";
/// Root keys of the profile's details (`details.name`…) and of the people events.
const DETAILS: &str = "details.";
const PEOPLE_EVENT: &str = "people_event.";

/// Largest saved document or change set accepted when loading.
pub const MAX_DOC_BYTES: usize = 256 * 1024 * 1024;

/// A professional's access to the profile, recorded by the national space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct AccessEntry {
    pub at: DateTime<Utc>,
    /// RPPS number of the professional.
    pub rpps: String,
    /// Name of the professional, as registered with the national space.
    pub name: String,
    pub action: AccessAction,
    /// The document concerned, when the access was to one document.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_id: Option<String>,
}

/// What a professional did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AccessAction {
    /// Read the summary of the record (list of records and documents).
    ReadRecord,
    /// Opened one document.
    ReadDocument,
    /// Deposited a document or a record.
    Deposit,
    /// Asked for a document that is hidden or does not exist (the
    /// professional got the same "not found" for both).
    DocumentUnavailable,
    /// Asked to read the record without the patient's authorisation
    /// (refused: nothing was shown).
    Refused,
}

/// Something that changed who can open the profile, written by the gateway
/// into the document so every device of the owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PeopleEvent {
    pub at: DateTime<Utc>,
    pub action: PeopleAction,
    /// The person concerned (as the owner named them in the invitation).
    pub person: String,
    /// Who did it; `None` when the gateway did it on its own (an erase confirmed).
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The role given, for an invitation, a join or a change of role.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The computer concerned, for a join or an erase.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
}

/// What a [`PeopleEvent`] says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PeopleAction {
    Invited,
    InvitationCancelled,
    Joined,
    RoleChanged,
    Revoked,
    /// The revoked person's computer erased its copy of the profile.
    CopyErased,
    /// A change outside the person's role was refused (nothing was kept).
    WriteRefused,
    /// The person the profile is about, now 18, became its owner (`by`:
    /// the parent who invited them).
    CameOfAge,
    /// One computer of the person was withdrawn (`device`), lost or sold;
    /// their other computers keep their access.
    DeviceWithdrawn,
}

/// A field edited concurrently on two replicas: every value that was written.
/// `values[0]` is the one shown (the same on every replica).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Conflict {
    pub field: String,
    pub values: Vec<Value>,
}

/// One item (record or document) as the document holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item<T> {
    pub value: T,
    pub conflicts: Vec<Conflict>,
}

/// Which items a batch of changes touched, so only those rows are re-derived.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Touched {
    pub records: BTreeSet<String>,
    pub documents: BTreeSet<String>,
    pub access: bool,
    /// The profile's details (name, birth date…).
    pub details: bool,
    /// The people events.
    pub people: bool,
}

impl Touched {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
            && self.documents.is_empty()
            && !self.access
            && !self.details
            && !self.people
    }
}

/// Who last wrote an item, as the item says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// The person's name in their vault, or the professional's as registered.
    pub name: String,
    /// Set for a professional's deposit through the national space.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpps: Option<String>,
}

/// The automerge document of one profile.
#[derive(Debug)]
pub struct ProfileDoc {
    doc: AutoCommit,
    /// Heads at the last point everything was handed out for storage.
    saved_heads: Vec<ChangeHash>,
    /// Written as `by` on the items this replica writes.
    author: Option<String>,
}

impl ProfileDoc {
    /// A new, empty document for a replica identified by `actor` (16 random bytes
    /// per device and profile).
    pub fn new(actor: &[u8]) -> Result<Self> {
        let mut doc = genesis()?;
        doc.set_actor(ActorId::from(actor));
        let saved_heads = doc.get_heads();
        Ok(Self {
            doc,
            saved_heads,
            author: None,
        })
    }

    /// Loads a saved document plus the incremental changes saved after it.
    /// `saved` may be empty (nothing compacted yet).
    pub fn load(actor: &[u8], saved: &[u8], changes: &[Vec<u8>]) -> Result<Self> {
        let total = saved.len() + changes.iter().map(Vec::len).sum::<usize>();
        if total > MAX_DOC_BYTES {
            return Err(Error::TooLarge {
                max: MAX_DOC_BYTES as u64,
            });
        }
        // automerge 0.12 can panic on some malformed saved documents (found
        // by the `saved_document` fuzz target): damaged storage must read as
        // damaged, not take the program down.
        let loaded = std::panic::catch_unwind(|| -> Result<AutoCommit> {
            let mut doc = if saved.is_empty() {
                genesis()?
            } else {
                AutoCommit::load(saved).map_err(|_| Error::Damaged("saved document"))?
            };
            for change in changes {
                doc.load_incremental(change)
                    .map_err(|_| Error::Damaged("saved change"))?;
            }
            Ok(doc)
        });
        let mut doc = loaded.map_err(|_| Error::Damaged("saved document"))??;
        doc.set_actor(ActorId::from(actor));
        let saved_heads = doc.get_heads();
        let mut loaded = Self {
            doc,
            saved_heads,
            author: None,
        };
        if loaded.root(RECORDS).is_err() {
            return Err(Error::Damaged("document layout"));
        }
        // A complete document has no change waiting for a missing dependency.
        if !loaded.doc.get_missing_deps(&[]).is_empty() {
            return Err(Error::Damaged("saved changes incomplete"));
        }
        loaded.doc.update_diff_cursor();
        Ok(loaded)
    }

    /// The whole document, compacted.
    pub fn save(&mut self) -> Vec<u8> {
        self.doc.save()
    }

    /// The automerge document, for the sync protocol.
    pub(crate) fn inner(&mut self) -> &mut AutoCommit {
        &mut self.doc
    }

    /// The changes made after `heads`, to store after applying a peer's message.
    pub fn save_after(&mut self, heads: &[ChangeHash]) -> Vec<u8> {
        let bytes = self.doc.save_after(heads);
        self.saved_heads = self.doc.get_heads();
        bytes
    }

    pub fn heads(&mut self) -> Vec<ChangeHash> {
        self.doc.get_heads()
    }

    /// The heads before applying received changes, for [`Self::touched_since`]:
    /// from here automerge logs what changes, so the diff costs what was
    /// received instead of a scan of the whole document (tens of ms for a
    /// 20,000-record profile).
    pub fn heads_before_receiving(&mut self) -> Vec<ChangeHash> {
        self.doc.update_diff_cursor();
        self.doc.get_heads()
    }

    /// Commits pending edits as one change and returns the bytes of every
    /// change not yet handed out for storage, to be saved in the same
    /// transaction as the derived rows. `None` if nothing changed.
    pub fn commit(&mut self, message: &str) -> Option<Vec<u8>> {
        let timestamp = Utc::now().timestamp();
        self.doc.commit_with(
            CommitOptions::default()
                .with_message(message)
                .with_time(timestamp),
        )?;
        self.doc.update_diff_cursor();
        let before = std::mem::take(&mut self.saved_heads);
        Some(self.save_after(&before))
    }

    /// Drops edits that were not committed.
    pub fn rollback(&mut self) {
        self.doc.rollback();
    }

    // ---- writes -------------------------------------------------------

    /// Writes a record: creates its map or updates only the fields that changed.
    pub fn put_record(&mut self, record: &Record) -> Result<()> {
        let whole = serde_json::to_value(&record.body).map_err(Error::json)?;
        let mut fields = match whole.get("data") {
            Some(Value::Object(map)) => map.clone(),
            _ => return Err(Error::Invalid("record data")),
        };
        if let Some(notes) = &record.notes {
            fields.insert("notes".into(), Value::String(notes.clone()));
        }
        let item = self.item_obj(RECORDS, &record.id, record.created_at)?;
        put_str(&mut self.doc, &item, KIND, record.body.kind().as_str())?;
        put_str(&mut self.doc, &item, UPDATED, &time_text(record.updated_at))?;
        self.sign(&item)?;
        self.put_fields(&item, &fields)
    }

    /// Writes a document's metadata.
    pub fn put_document(&mut self, meta: &DocumentMeta) -> Result<()> {
        let mut fields = match serde_json::to_value(meta).map_err(Error::json)? {
            Value::Object(map) => map,
            _ => return Err(Error::Invalid("document metadata")),
        };
        for key in ["id", CREATED, UPDATED] {
            fields.remove(key);
        }
        let item = self.item_obj(DOCUMENTS, &meta.id, meta.created_at)?;
        put_str(&mut self.doc, &item, UPDATED, &time_text(meta.updated_at))?;
        self.sign(&item)?;
        self.put_fields(&item, &fields)
    }

    /// Hides or shows a document to professionals; touches only that field.
    pub fn set_hidden(&mut self, id: &str, hidden: bool) -> Result<()> {
        let item = self.existing(DOCUMENTS, id)?;
        let fields = self.child(&item, FIELDS)?;
        put_json(&mut self.doc, &fields, "hidden", &Value::Bool(hidden))?;
        self.sign(&item)?;
        put_str(&mut self.doc, &item, UPDATED, &time_text(Utc::now()))
    }

    pub fn delete_record(&mut self, id: &str) -> Result<()> {
        let item = self.existing(RECORDS, id)?;
        self.sign(&item)?;
        self.doc.put(&item, DELETED, GONE)?;
        Ok(())
    }

    pub fn delete_document(&mut self, id: &str) -> Result<()> {
        let item = self.existing(DOCUMENTS, id)?;
        self.sign(&item)?;
        self.doc.put(&item, DELETED, GONE)?;
        Ok(())
    }

    /// Names who writes from here on (see [`Author`]); `None` writes no `by`.
    pub fn set_author(&mut self, author: Option<&Author>) -> Result<()> {
        self.author = match author {
            Some(a) => Some(serde_json::to_string(a).map_err(Error::json)?),
            None => None,
        };
        Ok(())
    }

    /// Who last wrote a record (`record`) or a document, if the item says.
    pub fn item_author(&self, record: bool, id: &str) -> Option<Author> {
        let item = self
            .existing(if record { RECORDS } else { DOCUMENTS }, id)
            .ok()?;
        let text = self.str_at(&item, BY).ok()??;
        serde_json::from_str(&text).ok()
    }

    fn sign(&mut self, item: &ObjId) -> Result<()> {
        match self.author.clone() {
            Some(by) => put_str(&mut self.doc, item, BY, &by),
            None => Ok(()),
        }
    }

    /// Appends a professional's access to the history.
    pub fn append_access(&mut self, entry: &AccessEntry) -> Result<()> {
        let list = self.root(ACCESS)?;
        let len = self.doc.length(&list);
        let json = serde_json::to_string(entry).map_err(Error::json)?;
        self.doc.insert(&list, len, json)?;
        Ok(())
    }

    /// Writes who the profile is about: one root key per field
    /// (`details.name`…), so concurrent edits of different fields both apply
    /// and edits of one field are kept as a conflict, like a record's.
    pub fn put_details(&mut self, info: &ProfileInfo) -> Result<()> {
        let fields = match serde_json::to_value(info).map_err(Error::json)? {
            Value::Object(map) => map,
            _ => return Err(Error::Invalid("profile details")),
        };
        self.put_fields_in(&automerge::ROOT, DETAILS, &fields)
    }

    /// Appends an event of the people who can open the profile (the gateway
    /// writes them). Each is its own root key, so two never conflict.
    pub fn append_people_event(&mut self, event: &PeopleEvent) -> Result<()> {
        let json = serde_json::to_string(event).map_err(Error::json)?;
        let key = format!("{PEOPLE_EVENT}{}", carnet_model::new_id());
        self.doc.put(automerge::ROOT, key, json)?;
        Ok(())
    }

    // ---- reads --------------------------------------------------------

    /// Ids of every record, including deleted ones.
    pub fn record_ids(&self) -> Result<Vec<String>> {
        let map = self.root(RECORDS)?;
        Ok(self.doc.keys(&map).collect())
    }

    pub fn document_ids(&self) -> Result<Vec<String>> {
        let map = self.root(DOCUMENTS)?;
        Ok(self.doc.keys(&map).collect())
    }

    /// A live record, `Ok(None)` if deleted or unknown, `Err(Unreadable)` if
    /// the document holds something that is not a valid record.
    pub fn record(&self, id: &str) -> Result<Option<Item<Record>>> {
        let Some((item, fields, conflicts)) = self.read_item(RECORDS, id)? else {
            return Ok(None);
        };
        let kind = self.str_at(&item, KIND)?.ok_or(Error::Unreadable)?;
        let mut data = fields;
        let notes = match data.remove("notes") {
            Some(Value::String(s)) => Some(s),
            None | Some(Value::Null) => None,
            Some(_) => return Err(Error::Unreadable),
        };
        let body = serde_json::from_value(serde_json::json!({ "kind": kind, "data": data }))
            .map_err(|_| Error::Unreadable)?;
        let mut record = Record {
            id: id.to_string(),
            created_at: self.time_at(&item, CREATED)?,
            updated_at: self.time_at(&item, UPDATED)?,
            notes,
            body,
        };
        record.validate().map_err(|_| Error::Unreadable)?;
        Ok(Some(Item {
            value: record,
            conflicts,
        }))
    }

    /// A live document's metadata (see [`Self::record`]).
    pub fn document(&self, id: &str) -> Result<Option<Item<DocumentMeta>>> {
        let Some((item, mut fields, conflicts)) = self.read_item(DOCUMENTS, id)? else {
            return Ok(None);
        };
        fields.insert("id".into(), Value::String(id.into()));
        fields.insert(
            CREATED.into(),
            Value::String(time_text(self.time_at(&item, CREATED)?)),
        );
        fields.insert(
            UPDATED.into(),
            Value::String(time_text(self.time_at(&item, UPDATED)?)),
        );
        let mut meta: DocumentMeta =
            serde_json::from_value(Value::Object(fields)).map_err(|_| Error::Unreadable)?;
        meta.input.validate().map_err(|_| Error::Unreadable)?;
        // Fields a peer could make hostile (a size of 2^62, a name with a
        // path or a U+202E in it) are checked like any outside input.
        meta.check_stored().map_err(|_| Error::Unreadable)?;
        Ok(Some(Item {
            value: meta,
            conflicts,
        }))
    }

    /// Whether a live document may be shown to professionals, reading only
    /// its `hidden` field: `None` when there is no such live document. Kept
    /// this cheap so that asking for a hidden document costs what asking for
    /// a missing one does (the gateway answers both the same way).
    pub fn document_visible(&self, id: &str) -> Result<Option<bool>> {
        let Some(item) = self.live_item(DOCUMENTS, id)? else {
            return Ok(None);
        };
        let fields = self.child(&item, FIELDS)?;
        let hidden = self
            .str_at(&fields, "hidden")?
            .and_then(|text| serde_json::from_str::<bool>(&text).ok())
            .unwrap_or(false);
        Ok(Some(!hidden))
    }

    /// Who the profile is about, with fields edited at once on two devices;
    /// `None` before any device wrote them (a profile made before they were
    /// synced, until its owner's Carnet sends them).
    pub fn details(&self) -> Result<Option<Item<ProfileInfo>>> {
        let (fields, conflicts) = self.read_fields(&automerge::ROOT, DETAILS)?;
        if fields.is_empty() {
            return Ok(None);
        }
        let mut info: ProfileInfo =
            serde_json::from_value(Value::Object(fields)).map_err(|_| Error::Unreadable)?;
        info.validate().map_err(|_| Error::Unreadable)?;
        Ok(Some(Item {
            value: info,
            conflicts,
        }))
    }

    /// The people events, oldest first; events that do not parse are skipped.
    pub fn people_events(&self) -> Result<Vec<PeopleEvent>> {
        let mut events: Vec<PeopleEvent> = self
            .doc
            .keys(automerge::ROOT)
            .filter(|k| k.starts_with(PEOPLE_EVENT))
            .filter_map(|k| self.str_at(&automerge::ROOT, &k).ok().flatten())
            .filter_map(|text| serde_json::from_str(&text).ok())
            .collect();
        events.sort_by_key(|e| e.at);
        Ok(events)
    }

    /// The documents among `ids` whose `hidden` flag differs between
    /// `before` and now (a document new since `before` counts as shown then).
    pub fn visibility_changed_since(
        &self,
        before: &[ChangeHash],
        ids: &BTreeSet<String>,
    ) -> Result<Vec<String>> {
        let mut changed = Vec::new();
        for id in ids {
            if self.hidden_flag(id, Some(before))? != self.hidden_flag(id, None)? {
                changed.push(id.clone());
            }
        }
        Ok(changed)
    }

    /// The access history, oldest first; entries that do not parse are skipped.
    pub fn access(&self) -> Result<Vec<AccessEntry>> {
        let list = self.root(ACCESS)?;
        let mut entries = Vec::new();
        for i in 0..self.doc.length(&list) {
            if let Some((automerge::Value::Scalar(s), _)) = self.doc.get(&list, i)? {
                if let ScalarValue::Str(text) = s.as_ref() {
                    if let Ok(entry) = serde_json::from_str(text) {
                        entries.push(entry);
                    }
                }
            }
        }
        Ok(entries)
    }

    /// What the changes between `before` and the current heads touched.
    pub fn touched_since(&mut self, before: &[ChangeHash]) -> Touched {
        let after = self.doc.get_heads();
        let mut touched = Touched::default();
        if after.as_slice() == before {
            self.doc.reset_diff_cursor();
            return touched;
        }
        let patches = self.doc.diff(before, &after);
        // Stop logging: local writes until the next receive need no diff.
        self.doc.reset_diff_cursor();
        for patch in patches {
            let mut path: Vec<String> =
                patch.path.iter().map(|(_, prop)| prop_text(prop)).collect();
            match &patch.action {
                automerge::PatchAction::PutMap { key, .. }
                | automerge::PatchAction::DeleteMap { key } => path.push(key.clone()),
                // A value that loses against the one shown: no put, but a
                // new conflict on that key (a root key such as a detail).
                automerge::PatchAction::Conflict { prop } => path.push(prop_text(prop)),
                _ => path.push(String::new()),
            }
            match (path.first().map(String::as_str), path.get(1)) {
                (Some(RECORDS), Some(id)) if !id.is_empty() => {
                    touched.records.insert(id.clone());
                }
                (Some(DOCUMENTS), Some(id)) if !id.is_empty() => {
                    touched.documents.insert(id.clone());
                }
                (Some(ACCESS), _) => touched.access = true,
                (Some(key), None) if key.starts_with(DETAILS) => touched.details = true,
                (Some(key), None) if key.starts_with(PEOPLE_EVENT) => touched.people = true,
                _ => {}
            }
        }
        touched
    }

    /// Every item, as a [`Touched`] set: used to rebuild all derived rows.
    pub fn everything(&self) -> Result<Touched> {
        Ok(Touched {
            records: self.record_ids()?.into_iter().collect(),
            documents: self.document_ids()?.into_iter().collect(),
            access: true,
            details: true,
            people: true,
        })
    }

    // ---- helpers ------------------------------------------------------

    fn root(&self, name: &str) -> Result<ObjId> {
        match self.doc.get(automerge::ROOT, name)? {
            Some((automerge::Value::Object(_), id)) => Ok(id),
            _ => Err(Error::Damaged("document layout")),
        }
    }

    fn child(&self, obj: &ObjId, name: &str) -> Result<ObjId> {
        match self.doc.get(obj, name)? {
            Some((automerge::Value::Object(ObjType::Map), id)) => Ok(id),
            _ => Err(Error::Unreadable),
        }
    }

    fn existing(&self, section: &str, id: &str) -> Result<ObjId> {
        let root = self.root(section)?;
        match self.doc.get(&root, id)? {
            Some((automerge::Value::Object(ObjType::Map), obj)) => Ok(obj),
            _ => Err(Error::NotFound),
        }
    }

    /// The map of an item, created (with its creation time) if new; an edit
    /// also marks it alive, which is what keeps it through a concurrent delete.
    fn item_obj(&mut self, section: &str, id: &str, created: DateTime<Utc>) -> Result<ObjId> {
        let item = match self.existing(section, id) {
            Ok(obj) => obj,
            Err(Error::NotFound) => {
                let root = self.root(section)?;
                let obj = self.doc.put_object(&root, id, ObjType::Map)?;
                self.doc.put_object(&obj, FIELDS, ObjType::Map)?;
                put_str(&mut self.doc, &obj, CREATED, &time_text(created))?;
                obj
            }
            Err(e) => return Err(e),
        };
        // Written on every edit, with a value that differs from the last one
        // (automerge skips a put of an equal value), so that an edit
        // concurrent with a delete leaves its mark beside the delete's.
        // (A counter, not the heads: reading heads would close the pending
        // transaction and split the edit into two changes.)
        let last = self
            .doc
            .get_all(&item, DELETED)?
            .iter()
            .filter_map(|(v, _)| scalar_str(v))
            .filter_map(|s| s.strip_prefix(ALIVE).and_then(|n| n.parse::<u64>().ok()))
            .max()
            .unwrap_or(0);
        self.doc
            .put(&item, DELETED, format!("{ALIVE}{}", last + 1))?;
        Ok(item)
    }

    /// Puts the fields that differ (or are in conflict, so saving resolves
    /// the conflict) and removes those no longer present.
    fn put_fields(&mut self, item: &ObjId, fields: &Map<String, Value>) -> Result<()> {
        let obj = self.child(item, FIELDS)?;
        self.put_fields_in(&obj, "", fields)
    }

    /// [`Self::put_fields`] on the keys of `obj` that start with `prefix`.
    fn put_fields_in(
        &mut self,
        obj: &ObjId,
        prefix: &str,
        fields: &Map<String, Value>,
    ) -> Result<()> {
        let existing: Vec<String> = self.doc.keys(obj).collect();
        for key in existing {
            if key
                .strip_prefix(prefix)
                .is_some_and(|name| !fields.contains_key(name))
            {
                self.doc.delete(obj, key.as_str())?;
            }
        }
        for (name, value) in fields {
            let key = format!("{prefix}{name}");
            let current = self.doc.get_all(obj, key.as_str())?;
            let same = current.len() == 1
                && scalar_str(&current[0].0).as_deref() == Some(&json_text(value)?);
            if !same {
                put_json(&mut self.doc, obj, &key, value)?;
            }
        }
        Ok(())
    }

    /// An item's map, unless it is unknown or deleted.
    fn live_item(&self, section: &str, id: &str) -> Result<Option<ObjId>> {
        let item = match self.existing(section, id) {
            Ok(obj) => obj,
            Err(Error::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        let flags = self.doc.get_all(&item, DELETED)?;
        let deleted = !flags.is_empty()
            && flags
                .iter()
                .all(|(v, _)| scalar_str(v).as_deref() == Some(GONE));
        Ok((!deleted).then_some(item))
    }

    /// The map, fields and conflicts of a live item.
    #[allow(clippy::type_complexity)]
    fn read_item(
        &self,
        section: &str,
        id: &str,
    ) -> Result<Option<(ObjId, Map<String, Value>, Vec<Conflict>)>> {
        let Some(item) = self.live_item(section, id)? else {
            return Ok(None);
        };
        let obj = self.child(&item, FIELDS)?;
        let (fields, conflicts) = self.read_fields(&obj, "")?;
        Ok(Some((item, fields, conflicts)))
    }

    /// The fields of `obj` whose keys start with `prefix` (prefix removed),
    /// each with the value every replica shows, and the conflicts.
    fn read_fields(
        &self,
        obj: &ObjId,
        prefix: &str,
    ) -> Result<(Map<String, Value>, Vec<Conflict>)> {
        let mut fields = Map::new();
        let mut conflicts = Vec::new();
        for key in self.doc.keys(obj) {
            let Some(name) = key.strip_prefix(prefix) else {
                continue;
            };
            let values = self.doc.get_all(obj, key.as_str())?;
            let parsed: Vec<Value> = values
                .iter()
                .map(|(v, _)| {
                    scalar_str(v)
                        .and_then(|s| serde_json::from_str(&s).ok())
                        .ok_or(Error::Unreadable)
                })
                .collect::<Result<_>>()?;
            // The value get() picks is the same on every replica: show it first.
            let winner = self.doc.get(obj, key.as_str())?.map(|(_, id)| id);
            let mut ordered = Vec::with_capacity(parsed.len());
            let mut others = Vec::new();
            for ((_, op), value) in values.iter().zip(parsed) {
                if Some(op) == winner.as_ref() && ordered.is_empty() {
                    ordered.push(value);
                } else {
                    others.push(value);
                }
            }
            ordered.extend(others);
            // The same value written on two devices is no conflict.
            let mut distinct: Vec<Value> = Vec::with_capacity(ordered.len());
            for value in ordered {
                if !distinct.contains(&value) {
                    distinct.push(value);
                }
            }
            let ordered = distinct;
            if ordered.len() > 1 {
                conflicts.push(Conflict {
                    field: name.to_string(),
                    values: ordered.clone(),
                });
            }
            if let Some(first) = ordered.into_iter().next() {
                fields.insert(name.to_string(), first);
            }
        }
        Ok((fields, conflicts))
    }

    /// A document's `hidden` flag as the document shows it now, or at `heads`.
    fn hidden_flag(&self, id: &str, heads: Option<&[ChangeHash]>) -> Result<bool> {
        let get = |obj: &ObjId, key: &str| match heads {
            Some(h) => self.doc.get_at(obj, key, h),
            None => self.doc.get(obj, key),
        };
        let root = self.root(DOCUMENTS)?;
        let Some((automerge::Value::Object(_), item)) = get(&root, id)? else {
            return Ok(false);
        };
        let Some((automerge::Value::Object(_), fields)) = get(&item, FIELDS)? else {
            return Ok(false);
        };
        Ok(get(&fields, "hidden")?
            .and_then(|(v, _)| scalar_str(&v))
            .and_then(|text| serde_json::from_str::<bool>(&text).ok())
            .unwrap_or(false))
    }

    fn str_at(&self, obj: &ObjId, key: &str) -> Result<Option<String>> {
        Ok(self.doc.get(obj, key)?.and_then(|(v, _)| scalar_str(&v)))
    }

    fn time_at(&self, obj: &ObjId, key: &str) -> Result<DateTime<Utc>> {
        let text = self.str_at(obj, key)?.ok_or(Error::Unreadable)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| Error::Unreadable)
    }
}

/// The change every replica starts from: same actor, same time, same ops,
/// hence the same hash everywhere, so the containers are shared.
fn genesis() -> Result<AutoCommit> {
    let mut doc = AutoCommit::new().with_actor(ActorId::from([0u8; 16]));
    doc.put_object(automerge::ROOT, RECORDS, ObjType::Map)?;
    doc.put_object(automerge::ROOT, DOCUMENTS, ObjType::Map)?;
    doc.put_object(automerge::ROOT, ACCESS, ObjType::List)?;
    doc.commit_with(
        CommitOptions::default()
            .with_message("carnet profile v1")
            .with_time(0),
    );
    Ok(doc)
}

fn put_str(doc: &mut AutoCommit, obj: &ObjId, key: &str, value: &str) -> Result<()> {
    let current = doc.get_all(obj, key)?;
    if current.len() == 1 && scalar_str(&current[0].0).as_deref() == Some(value) {
        return Ok(());
    }
    doc.put(obj, key, value)?;
    Ok(())
}

fn put_json(doc: &mut AutoCommit, obj: &ObjId, key: &str, value: &Value) -> Result<()> {
    doc.put(obj, key, json_text(value)?)?;
    Ok(())
}

fn json_text(value: &Value) -> Result<String> {
    serde_json::to_string(value).map_err(Error::json)
}

fn scalar_str(value: &automerge::Value<'_>) -> Option<String> {
    match value {
        automerge::Value::Scalar(s) => match s.as_ref() {
            ScalarValue::Str(text) => Some(text.to_string()),
            _ => None,
        },
        _ => None,
    }
}

fn prop_text(prop: &Prop) -> String {
    match prop {
        Prop::Map(key) => key.clone(),
        Prop::Seq(i) => i.to_string(),
    }
}

pub(crate) fn time_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Lowercase hex SHA-256.
pub fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Sorted view used by tests and by the "rebuild equals derived" check.
pub fn snapshot(doc: &ProfileDoc) -> Result<BTreeMap<String, Value>> {
    let mut out = BTreeMap::new();
    for id in doc.record_ids()? {
        if let Ok(Some(item)) = doc.record(&id) {
            out.insert(
                format!("record/{id}"),
                serde_json::to_value(&item.value).map_err(Error::json)?,
            );
        }
    }
    for id in doc.document_ids()? {
        if let Ok(Some(item)) = doc.document(&id) {
            out.insert(
                format!("document/{id}"),
                serde_json::to_value(&item.value).map_err(Error::json)?,
            );
        }
    }
    Ok(out)
}
