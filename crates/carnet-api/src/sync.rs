//! Sync with the national space: pairing, sync now, status, access history.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;

use carnet_sync::client::{self, ClientError, Progress, SyncClient, SyncReport};
use carnet_sync::{AccessEntry, AllowedProfessional, Conflict};
use carnet_vault::SyncLink;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{ApiError, ApiResult, Carnet, ErrorCode};

/// Transient failures retried within one "sync now".
const ATTEMPTS: u32 = 3;

/// What the sync settings screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SyncStatus {
    pub paired: bool,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<DateTime<Utc>>,
    /// Documents whose content is still to download.
    pub pending_documents: usize,
}

impl Carnet {
    pub(crate) fn sync_error(&self, err: ClientError) -> ApiError {
        let code = match err {
            ClientError::Offline(_) => ErrorCode::Offline,
            ClientError::Unauthorized => ErrorCode::NotPaired,
            ClientError::InvalidCode => ErrorCode::InvalidCode,
            ClientError::Forbidden(_) => ErrorCode::NotAllowed,
            ClientError::Cancelled => {
                // Unlike an import, a stopped sync keeps what already arrived.
                let mut api = ApiError::new(ErrorCode::Cancelled, self.lang());
                api.message = self
                    .lang()
                    .pick(
                        "Synchronisation arrêtée. Ce qui est déjà arrivé est gardé ; la prochaine synchronisation fera le reste.",
                        "Sync stopped. What already arrived is kept; the next sync will do the rest.",
                    )
                    .to_string();
                return api;
            }
            ClientError::Local(inner) => match inner.downcast::<carnet_vault::Error>() {
                Ok(vault) => return ApiError::from_vault(*vault, self.lang()),
                Err(_) => ErrorCode::Internal,
            },
            _ => ErrorCode::ServerError,
        };
        ApiError::new(code, self.lang())
    }

    /// A gateway address as typed, checked and normalised (the error names the field).
    pub(crate) fn server_address(&self, server: &str) -> ApiResult<String> {
        client::normalize_server(server).map_err(|_| ApiError {
            field: Some("server".into()),
            ..ApiError::new(ErrorCode::InvalidAddress, self.lang())
        })
    }

    /// Pairs the current profile with a gateway using a one-time code.
    pub fn pair_sync(
        &mut self,
        server: &str,
        code: &str,
        device_name: &str,
    ) -> ApiResult<SyncStatus> {
        let server = self.server_address(server)?;
        self.profile()?;
        let paired = self.pair_device(&server, code, device_name)?;
        let link = SyncLink {
            server,
            remote_profile: paired.profile_id,
            token: paired.token,
            last_sync: None,
            role: None,
            may_hide: false,
        };
        self.with_profile(|p| p.set_sync_link(Some(&link)))?;
        // The code may be for another device of a helper: their role
        // applies on this computer from the start.
        // (Best effort: the first sync refreshes it too.)
        let client = self.sync_client()?;
        let _ = self.refresh_role(&client);
        self.sync_status()
    }

    /// Pairs a vault that does not hold the profile yet: the profile is made
    /// from the details the account's other devices sent, under the
    /// unlocked member's key, and becomes current; its records come with
    /// the first sync.
    pub fn pair_new_profile(
        &mut self,
        server: &str,
        code: &str,
        device_name: &str,
    ) -> ApiResult<carnet_model::ProfileSummary> {
        let server = self.server_address(server)?;
        self.session()?;
        let paired = self.pair_device(&server, code, device_name)?;
        let Some(details) = paired.details.clone() else {
            let mut api = ApiError::new(ErrorCode::NotFound, self.lang());
            api.message = self
                .lang()
                .pick(
                    "Ce compte n'a encore reçu aucun profil : synchronisez d'abord depuis l'ordinateur qui le tient, ou créez le profil ici puis reliez-le.",
                    "This account has not received a profile yet: sync first from the computer that holds it, or create the profile here and then link it.",
                )
                .to_string();
            return Err(api);
        };
        let link = SyncLink {
            server,
            remote_profile: paired.profile_id,
            token: paired.token,
            last_sync: None,
            role: None,
            may_hide: false,
        };
        let summary = self.with_session(|s| s.join_profile(details, &link))?;
        self.select_profile(&summary.id)?;
        let client = self.sync_client()?;
        let _ = self.refresh_role(&client);
        Ok(summary)
    }

    /// Links this device to the account of `server` whose one-time code
    /// this is: the device token, for sync or for shares.
    pub(crate) fn pair_device(
        &self,
        server: &str,
        code: &str,
        device_name: &str,
    ) -> ApiResult<client::Paired> {
        client::pair(server, code, device_name).map_err(|e| {
            let mut api = self.sync_error(e);
            if api.code == ErrorCode::InvalidCode {
                api.field = Some("code".into());
            }
            api
        })
    }

    /// Unpairs: revokes the device token if the server can be reached, and
    /// forgets the link locally either way (local data stays).
    pub fn unpair_sync(&mut self) -> ApiResult<()> {
        if let Some(link) = self.with_profile(|p| p.sync_link())? {
            if let Ok(client) = SyncClient::new(&link.server, &link.remote_profile, &link.token) {
                let _ = client.unpair();
            }
        }
        self.with_profile(|p| p.set_sync_link(None))
    }

    /// The linked gateway's client for the current profile.
    pub(crate) fn sync_client(&mut self) -> ApiResult<SyncClient> {
        let link = self
            .with_profile(|p| p.sync_link())?
            .ok_or_else(|| ApiError::new(ErrorCode::NotPaired, self.lang()))?;
        SyncClient::new(&link.server, &link.remote_profile, &link.token)
            .map_err(|e| self.sync_error(e))
    }

    /// The professionals who may read this profile through the national
    /// space: those the patient authorised and those who deposited for them.
    pub fn allowed_professionals(&mut self) -> ApiResult<Vec<AllowedProfessional>> {
        let client = self.sync_client()?;
        client
            .allowed_professionals()
            .map_err(|e| self.sync_error(e))
    }

    /// Authorises a professional (by RPPS number) to read this profile
    /// through the national space; returns the list as it now stands.
    pub fn allow_professional(&mut self, rpps: &str) -> ApiResult<Vec<AllowedProfessional>> {
        self.decide_professional(rpps, true)
    }

    /// Withdraws a professional's access (also one who deposited: later
    /// deposits do not bring it back); returns the list as it now stands.
    pub fn withdraw_professional(&mut self, rpps: &str) -> ApiResult<Vec<AllowedProfessional>> {
        self.decide_professional(rpps, false)
    }

    fn decide_professional(
        &mut self,
        rpps: &str,
        allow: bool,
    ) -> ApiResult<Vec<AllowedProfessional>> {
        let lang = self.lang();
        let rpps = carnet_model::Rpps::parse(rpps).map_err(|e| ApiError {
            code: ErrorCode::Invalid,
            message: e.short_message(lang),
            field: Some(e.field.to_string()),
        })?;
        let client = self.sync_client()?;
        client
            .decide_professional(rpps.as_str(), allow)
            .and_then(|()| client.allowed_professionals())
            .map_err(|e| self.sync_error(e))
    }

    /// A one-time code to pair another device of the same patient.
    pub fn sync_pairing_code(&mut self) -> ApiResult<String> {
        let client = self.sync_client()?;
        client.pairing_code().map_err(|e| self.sync_error(e))
    }

    /// The sync settings of the current profile.
    pub fn sync_status(&mut self) -> ApiResult<SyncStatus> {
        self.with_profile(|p| {
            let link = p.sync_link()?;
            Ok(SyncStatus {
                paired: link.is_some(),
                server: link.as_ref().map(|l| l.server.clone()),
                last_sync: link.and_then(|l| l.last_sync),
                pending_documents: p.pending_documents()?.len(),
            })
        })
    }

    /// Syncs the current profile now. Edits made offline were already saved
    /// locally; a failed sync loses nothing and the next one resumes.
    pub fn sync_now(
        &mut self,
        progress: &mut dyn FnMut(&Progress),
        cancel: &AtomicBool,
    ) -> ApiResult<SyncReport> {
        let client = self.sync_client()?;
        let report = self.sync_with(&client, progress, cancel)?;
        // The user is looking at this profile: what just arrived is seen.
        self.with_profile(|p| p.mark_activity_seen())?;
        Ok(report)
    }

    /// Syncs the current profile through `client` (see [`Self::sync_now`]).
    pub(crate) fn sync_with(
        &mut self,
        client: &SyncClient,
        progress: &mut dyn FnMut(&Progress),
        cancel: &AtomicBool,
    ) -> ApiResult<SyncReport> {
        let lang = self.lang();
        let profile = self.profile()?;
        let result = client.sync_with_retries(profile, ATTEMPTS, progress, cancel);
        let mut report = match result {
            Ok(report) => report,
            Err(ClientError::Forbidden(_)) => return Err(self.refused_by_gateway(client)),
            Err(e) => return Err(self.client_failure(client, e)),
        };
        // Details the account did not have yet (a profile made before they
        // were synced) go at once, in a second pass.
        let published = self
            .profile()?
            .publish_details()
            .map_err(|e| ApiError::from_vault(e, lang))?;
        if published {
            let profile = self.profile()?;
            // A few hundred bytes: not worth a second progress bar.
            match client.sync_with_retries(profile, ATTEMPTS, &mut |_| {}, cancel) {
                Ok(more) => {
                    report.rounds += more.rounds;
                    report.bytes_sent += more.bytes_sent;
                    report.bytes_received += more.bytes_received;
                }
                Err(e) => return Err(self.client_failure(client, e)),
            }
        }
        self.profile()?
            .mark_synced(Utc::now())
            .map_err(|e| ApiError::from_vault(e, lang))?;
        self.refresh_role(client)?;
        Ok(report)
    }

    /// The gateway refused this computer's changes: the role it gives now
    /// does not allow them (changed while they were made offline). The
    /// role is taken, the copy rebuilt from the gateway's, and the user told
    /// that those changes were not kept.
    fn refused_by_gateway(&mut self, client: &SyncClient) -> ApiError {
        let lang = self.lang();
        let rebuilt = self.refresh_role(client).and_then(|()| {
            self.with_profile(|p| p.reset_replica())?;
            let profile = self.profile()?;
            client
                .sync_with_retries(profile, ATTEMPTS, &mut |_| {}, &AtomicBool::new(false))
                .map_err(|e| self.sync_error(e))
        });
        if let Err(e) = rebuilt {
            return e;
        }
        let mut api = ApiError::new(ErrorCode::NotAllowed, lang);
        api.message = lang
            .pick(
                "Votre rôle sur ce profil a changé : vos dernières modifications n'ont pas été gardées. Le profil est de nouveau à jour.",
                "Your role on this profile changed: your latest changes were not kept. The profile is up to date again.",
            )
            .to_string();
        api
    }

    /// Who consulted the record through the national space, newest first.
    pub fn access_history(&mut self, limit: usize) -> ApiResult<Vec<AccessEntry>> {
        self.with_profile(|p| p.access_history(limit))
    }

    /// Whether the profile's rows equal its sync document (a consistency check).
    pub fn rows_match_document(&mut self) -> ApiResult<bool> {
        self.with_profile(|p| p.rows_match_document())
    }

    /// Fields edited on two devices at once, by record or document id.
    pub fn conflicts(&mut self) -> ApiResult<HashMap<String, Vec<Conflict>>> {
        self.with_profile(|p| p.conflicts())
    }
}
