//! Every linked profile syncs, not only the open one: a parent sees the
//! lab report deposited for the child, a caregiver her father's new
//! treatment, without opening each profile.
//!
//! Each profile other than the current one is opened quietly (no audit
//! entry), asked first whether anything changed at all (the gateway's heads
//! against those kept at its last full sync: one small request, no
//! document loaded), and only then synced in full, with a bound on the
//! document content downloaded per cycle; the rest comes at the next cycle
//! or when the profile is opened.

use std::sync::atomic::{AtomicBool, Ordering};

use carnet_sync::client::{ClientError, SyncClient};
use carnet_vault::Profile;
use serde::Serialize;

use crate::{ApiResult, Carnet, ErrorCode, State};

/// Document content one background cycle downloads per profile.
pub const BACKGROUND_DOWNLOAD_BYTES: u64 = 16 * 1024 * 1024;

/// How one linked profile's background sync went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum LinkedOutcome {
    /// Nothing changed on either side.
    Unchanged,
    Synced,
    Offline,
    /// Access was withdrawn or the profile deleted: its copy is erased.
    Withdrawn,
    Failed,
}

/// One linked profile after a background cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct LinkedSync {
    pub profile_id: String,
    pub name: String,
    pub outcome: LinkedOutcome,
    /// Activity not seen yet on that profile (its badge).
    pub unseen_activity: u32,
    /// What went wrong, in the user's language.
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Carnet {
    /// Syncs every linked profile except the current one (the window syncs
    /// that one on its own). Profiles without a link are left out.
    pub fn sync_linked_profiles(&mut self, cancel: &AtomicBool) -> ApiResult<Vec<LinkedSync>> {
        let current = self.status().profile_id;
        let others: Vec<(String, String)> = self
            .profiles()?
            .into_iter()
            .filter(|p| current.as_deref() != Some(p.id.as_str()))
            .map(|p| (p.id, p.info.map(|i| i.name).unwrap_or_default()))
            .collect();
        let mut out = Vec::new();
        for (id, name) in others {
            if cancel.load(Ordering::Relaxed) {
                break;
            }
            let Ok(profile) = self.with_session(|s| s.open_profile_quietly(&id)) else {
                continue; // damaged: listed as such elsewhere
            };
            let Ok(Some(link)) = profile.sync_link() else {
                continue;
            };
            let client = match SyncClient::new(&link.server, &link.remote_profile, &link.token) {
                Ok(c) => c.with_download_budget(BACKGROUND_DOWNLOAD_BYTES),
                Err(_) => continue,
            };
            let result = self.sync_one(profile, &client, cancel);
            let (outcome, message) = match result {
                Ok(outcome) => (outcome, None),
                Err(e) => {
                    let outcome = match e.code {
                        ErrorCode::Offline => LinkedOutcome::Offline,
                        ErrorCode::AccessWithdrawn => LinkedOutcome::Withdrawn,
                        _ => LinkedOutcome::Failed,
                    };
                    (outcome, Some(e.message))
                }
            };
            let unseen_activity = match outcome {
                LinkedOutcome::Withdrawn => 0,
                _ => self
                    .with_session(|s| s.open_profile_quietly(&id))
                    .and_then(|p| p.unseen_activity().map_err(|e| self.err(e)))
                    .unwrap_or(0),
            };
            out.push(LinkedSync {
                profile_id: id,
                name,
                outcome,
                unseen_activity,
                message,
            });
        }
        Ok(out)
    }

    /// One profile's background sync: the cheap check, then (if needed) a
    /// full sync with that profile standing in as the current one, so the
    /// rules of [`Self::sync_now`] (roles, withdrawal, refused changes)
    /// apply unchanged.
    fn sync_one(
        &mut self,
        mut profile: Profile,
        client: &SyncClient,
        cancel: &AtomicBool,
    ) -> ApiResult<LinkedOutcome> {
        if let Some(kept) = profile.unchanged_since_sync().map_err(|e| self.err(e))? {
            match client.heads() {
                Ok(heads) if heads == kept => {
                    if !profile
                        .pending_documents()
                        .map_err(|e| self.err(e))?
                        .is_empty()
                    {
                        client
                            .download_missing(&mut profile, cancel)
                            .map_err(|e| self.sync_error(e))?;
                    }
                    return Ok(LinkedOutcome::Unchanged);
                }
                Ok(_) => {}
                Err(e @ ClientError::Withdrawn { .. }) => {
                    let previous = self.swap_current(Some(profile));
                    let err = self.client_failure(client, e);
                    self.swap_current(previous);
                    return Err(err);
                }
                Err(e) => return Err(self.sync_error(e)),
            }
        }
        let previous = self.swap_current(Some(profile));
        let result = self.sync_with(client, &mut |_| {}, cancel);
        // The profile goes back to being closed (dropped here); the one the
        // user has open comes back as it was.
        self.swap_current(previous);
        result.map(|_| LinkedOutcome::Synced)
    }

    /// Puts `profile` in place of the current one, returning the one that
    /// was there (`None` if the vault is not unlocked).
    fn swap_current(&mut self, profile: Option<Profile>) -> Option<Profile> {
        match &mut self.state {
            State::Unlocked {
                profile: current, ..
            } => std::mem::replace(current, profile),
            _ => None,
        }
    }
}
