//! The gateway's replica of each profile: sync with devices, changes
//! authored by the national space (deposits, access history), and what
//! professionals may read.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use automerge::ChangeHash;
use carnet_model::{Action, DocumentMeta, ProfileInfo, Record};
use carnet_sync::{protocol, AccessAction, AccessEntry, PeopleEvent, ProfileDoc};
use chrono::Utc;

use crate::storage::{Device, Professional, Storage, StorageError};

/// The national space's replica id in every profile document.
const NATIONAL_SPACE_ACTOR: [u8; 16] = *b"espace-sante-fr\0";
/// Incremental changes kept before the saved document is compacted.
const COMPACT_AFTER: usize = 500;
/// Profile replicas kept in memory; idle ones beyond this are dropped (they
/// reload from storage on next use).
const MAX_REPLICAS: usize = 1000;

/// Failures of hub operations, mapped to HTTP statuses by the routes.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("{0}")]
    Sync(#[from] carnet_sync::Error),
    #[error("replica lock poisoned")]
    Poisoned,
    /// A device sent a change its person's role does not allow (what they tried).
    #[error("outside the person's role: {0}")]
    OutsideRole(&'static str),
    /// The profile was deleted by its owner (or never existed).
    #[error("no such profile")]
    Gone,
}

/// One profile's document in memory with its change count since compaction.
#[derive(Debug)]
struct Replica {
    doc: ProfileDoc,
    changes: usize,
}

/// Profile documents held in memory, loaded from storage on first use.
pub struct Hub {
    storage: Arc<dyn Storage>,
    replicas: Mutex<HashMap<String, Arc<Mutex<Option<Replica>>>>>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hub").finish_non_exhaustive()
    }
}

/// Refuses changes (between `before` and now) outside the device's role:
/// the same rule the vault applies on the device (`carnet_model::Role`).
/// Only the gateway writes the access history and the people events.
fn check_role(
    doc: &mut ProfileDoc,
    before: &[ChangeHash],
    device: &Device,
) -> Result<(), HubError> {
    let touched = doc.touched_since(before);
    let allows = |action| device.role.allows(action, device.may_hide);
    if touched.access || touched.people {
        return Err(HubError::OutsideRole("write the access history"));
    }
    if !allows(Action::Write) {
        return Err(HubError::OutsideRole("change the record (read only)"));
    }
    if touched.details && !allows(Action::EditDetails) {
        return Err(HubError::OutsideRole("change the profile's details"));
    }
    if !allows(Action::Hide)
        && !doc
            .visibility_changed_since(before, &touched.documents)?
            .is_empty()
    {
        return Err(HubError::OutsideRole("hide documents from professionals"));
    }
    Ok(())
}

/// What a professional may see of a profile: live records and the documents
/// the patient did not hide.
#[derive(Debug, serde::Serialize)]
pub struct ProfessionalView {
    pub records: Vec<Record>,
    pub documents: Vec<DocumentMeta>,
}

impl Hub {
    pub fn new(storage: Arc<dyn Storage>) -> Self {
        Self {
            storage,
            replicas: Mutex::new(HashMap::new()),
        }
    }

    pub fn storage(&self) -> &Arc<dyn Storage> {
        &self.storage
    }

    /// Runs `f` on the profile's replica, loading it if needed. A failure
    /// inside `f` drops the in-memory replica so the next call reloads it
    /// from storage: memory never holds what the disk does not.
    fn with_replica<T>(
        &self,
        profile: &str,
        f: impl FnOnce(&mut ProfileDoc, &dyn Storage) -> Result<T, HubError>,
    ) -> Result<T, HubError> {
        let slot = {
            let mut map = self.replicas.lock().map_err(|_| HubError::Poisoned)?;
            if map.len() >= MAX_REPLICAS && !map.contains_key(profile) {
                // Only replicas nobody is using right now (the map's own reference).
                map.retain(|_, slot| Arc::strong_count(slot) > 1);
            }
            map.entry(profile.to_string()).or_default().clone()
        };
        let mut guard = slot.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            // A deleted profile is never loaded again, so a request that
            // waited on its lock while it was deleted cannot bring it back.
            if !self.storage.profile_exists(profile)? {
                return Err(HubError::Gone);
            }
            let stored = self.storage.load_doc(profile)?;
            let doc = ProfileDoc::load(&NATIONAL_SPACE_ACTOR, &stored.saved, &stored.changes)?;
            *guard = Some(Replica {
                doc,
                changes: stored.changes.len(),
            });
        }
        let Some(replica) = guard.as_mut() else {
            return Err(HubError::Poisoned);
        };
        let before = replica.doc.heads();
        let result = f(&mut replica.doc, self.storage.as_ref());
        match result {
            Ok(value) => {
                if replica.doc.heads() != before {
                    replica.changes += 1;
                    if replica.changes > COMPACT_AFTER {
                        self.storage.compact(profile, &replica.doc.save())?;
                        replica.changes = 0;
                    }
                }
                Ok(value)
            }
            Err(e) => {
                *guard = None;
                Err(e)
            }
        }
    }

    /// One round of the sync protocol with a device: applies its message
    /// (if any), refuses it whole if it holds a change the device's person
    /// may not make, persists what changed, and returns the reply (empty
    /// when there is nothing to say).
    pub fn sync(
        &self,
        profile: &str,
        device: &Device,
        message: &[u8],
    ) -> Result<Vec<u8>, HubError> {
        self.with_replica(profile, |doc, storage| {
            // Each request starts from the stored state (shared heads only):
            // a device that lost a reply is never left waiting for it.
            let mut state = storage
                .sync_state(profile, &device.id)?
                .map(|b| protocol::decode_state(&b))
                .unwrap_or_default();
            if !message.is_empty() {
                let before = doc.heads_before_receiving();
                protocol::receive(doc, &mut state, message)?;
                if doc.heads() != before {
                    // An error here drops the replica: nothing of it stays.
                    check_role(doc, &before, device)?;
                    storage.append_change(profile, &doc.save_after(&before))?;
                }
            }
            let reply = protocol::generate(doc, &mut state).unwrap_or_default();
            storage.put_sync_state(profile, &device.id, &protocol::encode_state(&state))?;
            Ok(reply)
        })
    }

    /// Deletes a profile for good (see [`crate::people::PeopleStore::delete_profile`]),
    /// holding its replica's lock so no sync writes into it meanwhile, then
    /// forgets the replica.
    pub fn delete_profile(
        &self,
        profile: &str,
        actor: &str,
    ) -> Result<Result<String, crate::people::Refusal>, HubError> {
        let slot = {
            let mut map = self.replicas.lock().map_err(|_| HubError::Poisoned)?;
            map.entry(profile.to_string()).or_default().clone()
        };
        let mut guard = slot.lock().unwrap_or_else(|p| p.into_inner());
        let outcome = self
            .storage
            .delete_profile(profile, actor, chrono::Utc::now())?;
        if outcome.is_ok() {
            *guard = None;
            drop(guard);
            let mut map = self.replicas.lock().map_err(|_| HubError::Poisoned)?;
            map.remove(profile);
        }
        Ok(outcome)
    }

    /// Writes a people event into the profile's document.
    pub fn log_people(&self, profile: &str, event: &PeopleEvent) -> Result<(), HubError> {
        self.author(profile, "people", |doc| doc.append_people_event(event))
    }

    /// Who the profile is about, as the owner's devices last synced it.
    pub fn details(&self, profile: &str) -> Result<Option<ProfileInfo>, HubError> {
        self.with_replica(profile, |doc, _| Ok(doc.details()?.map(|item| item.value)))
    }

    /// The heads of the profile's document (hex, sorted): a device holding
    /// the same heads has nothing to sync.
    pub fn heads(&self, profile: &str) -> Result<Vec<String>, HubError> {
        self.with_replica(profile, |doc, _| {
            let mut heads: Vec<String> = doc.heads().iter().map(|h| h.to_string()).collect();
            heads.sort();
            Ok(heads)
        })
    }

    /// Applies an edit authored by the national space and stores its change.
    pub fn author(
        &self,
        profile: &str,
        message: &str,
        edit: impl FnOnce(&mut ProfileDoc) -> Result<(), carnet_sync::Error>,
    ) -> Result<(), HubError> {
        self.with_replica(profile, |doc, storage| {
            let edited = edit(doc);
            // The next edit names its own author, if any.
            let _ = doc.set_author(None);
            if let Err(e) = edited {
                doc.rollback();
                return Err(e.into());
            }
            if let Some(change) = doc.commit(message) {
                storage.append_change(profile, &change)?;
            }
            Ok(())
        })
    }

    /// Appends a professional's access to the profile's history.
    pub fn log_access(
        &self,
        profile: &str,
        pro: &Professional,
        action: AccessAction,
        document_id: Option<&str>,
    ) -> Result<(), HubError> {
        let entry = AccessEntry {
            at: Utc::now(),
            rpps: pro.rpps.clone(),
            name: pro.name.clone(),
            action,
            document_id: document_id.map(str::to_string),
        };
        self.author(profile, "access", |doc| doc.append_access(&entry))
    }

    /// The professional view, read and logged as one access.
    pub fn professional_view(
        &self,
        profile: &str,
        pro: &Professional,
    ) -> Result<ProfessionalView, HubError> {
        let view = self.with_replica(profile, |doc, _| {
            let mut records = Vec::new();
            for id in doc.record_ids()? {
                if let Ok(Some(item)) = doc.record(&id) {
                    records.push(item.value);
                }
            }
            let mut documents = Vec::new();
            for id in doc.document_ids()? {
                if let Ok(Some(item)) = doc.document(&id) {
                    if !item.value.input.hidden {
                        documents.push(item.value);
                    }
                }
            }
            records.sort_by_key(|r| std::cmp::Reverse(r.created_at));
            documents.sort_by_key(|d| std::cmp::Reverse(d.input.date));
            Ok(ProfessionalView { records, documents })
        })?;
        self.log_access(profile, pro, AccessAction::ReadRecord, None)?;
        Ok(view)
    }

    /// A professional's request for one document: the same work whether it
    /// is hidden or missing (one lookup, one entry in the patient's access
    /// history), so neither the answer nor its timing tells them apart.
    pub fn professional_document(
        &self,
        profile: &str,
        pro: &Professional,
        id: &str,
    ) -> Result<Option<DocumentMeta>, HubError> {
        self.with_replica(profile, |doc, storage| {
            // Only the `hidden` flag is read before the answer is known;
            // the metadata is parsed for a visible document only.
            let visible = match doc.document_visible(id) {
                Ok(Some(true)) => doc.document(id).ok().flatten().map(|item| item.value),
                _ => None,
            };
            let entry = AccessEntry {
                at: Utc::now(),
                rpps: pro.rpps.clone(),
                name: pro.name.clone(),
                action: if visible.is_some() {
                    AccessAction::ReadDocument
                } else {
                    AccessAction::DocumentUnavailable
                },
                // Only an id that could be a document goes into the history.
                document_id: carnet_model::is_id(id).then(|| id.to_string()),
            };
            if let Err(e) = doc.append_access(&entry) {
                doc.rollback();
                return Err(e.into());
            }
            if let Some(change) = doc.commit("access") {
                storage.append_change(profile, &change)?;
            }
            Ok(visible)
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::storage::SqliteStorage;

    #[test]
    fn idle_replicas_are_dropped_beyond_the_cap_and_reload_intact() {
        let tmp = tempfile::tempdir().unwrap();
        let storage: Arc<dyn Storage> = Arc::new(SqliteStorage::open(tmp.path()).unwrap());
        let hub = Hub::new(storage.clone());
        let pro = Professional {
            rpps: "10003591586".into(),
            name: "Dr Claire Martin".into(),
        };
        let ids: Vec<String> = (0..MAX_REPLICAS + 5).map(|i| format!("p{i}")).collect();
        for id in &ids {
            storage.create_profile(id, "Titulaire").unwrap();
            hub.log_access(id, &pro, AccessAction::ReadRecord, None)
                .unwrap();
        }
        assert!(hub.replicas.lock().unwrap().len() <= MAX_REPLICAS);
        // The first profile was dropped from memory; its history reloads from storage.
        let view = hub
            .with_replica(&ids[0], |doc, _| Ok(doc.access()?))
            .unwrap();
        assert_eq!(view.len(), 1);
        assert_eq!(view[0].name, "Dr Claire Martin");
    }
}
