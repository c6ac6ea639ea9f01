//! Share links: build the bundle from the current profile, seal it, upload
//! it to the relay, keep the link; list, refresh, revoke (docs/share-links.md).

use std::time::Duration;

use carnet_share::client::RelayClient;
use carnet_share::{
    normalize_relay, payload, pin_proof, pin_verifier, seal, Access, BundleInput, Professional,
    ShareLink, ShareOptions, ShareState,
};
use carnet_vault::{ExposeSecret, StoredShare};
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::{ApiError, ApiResult, Carnet, ErrorCode};

/// The bounds a share request is held to (the wizard says them first).
pub fn share_limits() -> carnet_share::ShareLimits {
    carnet_share::SHARE_LIMITS
}

/// Most items in one share (records and documents together).
const MAX_ITEMS: usize = 5_000;

/// Every problem with the share wizard's answers so far, by field, in the
/// user's language: the same rules `create_share` applies, all at once, so
/// each step can say what to fix before going on. Numbers come as typed
/// (the wizard sends 0 for one it cannot read).
pub fn share_issues(
    items: usize,
    mut professional: Professional,
    expires_in_hours: i64,
    max_opens: Option<i64>,
    pin: Option<&str>,
    lang: carnet_model::Lang,
) -> Vec<ApiError> {
    professional.normalise();
    let mut issues = Vec::new();
    if items == 0 || items > MAX_ITEMS {
        issues.push(carnet_model::ValidationError::new(
            "items",
            carnet_model::Problem::NothingChosen,
        ));
    }
    let pin = pin.filter(|p| !p.is_empty());
    issues.extend(carnet_share::choice_issues(
        &professional,
        expires_in_hours,
        max_opens,
        pin,
    ));
    issues
        .into_iter()
        .map(|e| ApiError {
            code: ErrorCode::Invalid,
            message: e.short_message(lang),
            field: Some(e.field.to_string()),
        })
        .collect()
}

/// What the share wizard sends.
#[derive(Debug, Deserialize, ts_rs::TS)]
pub struct ShareRequest {
    pub record_ids: Vec<String>,
    pub document_ids: Vec<String>,
    pub professional: Professional,
    pub expires_in_hours: u32,
    /// `None`: unlimited within the expiry.
    pub max_opens: Option<u32>,
    pub pin: Option<String>,
}

/// A share as the list shows it. `link` only while it can still be opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ShareSummary {
    pub id: String,
    pub link: Option<String>,
    pub professional: Professional,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub max_opens: Option<u32>,
    pub opens: u32,
    pub has_pin: bool,
    pub state: ShareState,
    pub record_count: usize,
    pub document_count: usize,
    pub checked_at: Option<DateTime<Utc>>,
}

/// A share and who opened it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ShareDetails {
    pub share: ShareSummary,
    pub accesses: Vec<Access>,
}

fn summary(share: &StoredShare, now: DateTime<Utc>) -> ShareSummary {
    // The relay's clock decides; between two checks, expiry is known here too.
    let state = match share.state {
        ShareState::Active if now >= share.expires_at => ShareState::Expired,
        state => state,
    };
    let link = (state == ShareState::Active).then(|| {
        ShareLink {
            relay: share.relay.clone(),
            id: share.id.clone(),
            secret: share.secret.clone(),
        }
        .url()
        .to_string()
    });
    ShareSummary {
        id: share.id.clone(),
        link,
        professional: share.professional.clone(),
        created_at: share.created_at,
        expires_at: share.expires_at,
        max_opens: share.max_opens,
        opens: share.opens,
        has_pin: share.has_pin,
        state,
        record_count: share.record_ids.len(),
        document_count: share.document_ids.len(),
        checked_at: share.checked_at,
    }
}

impl Carnet {
    fn share_error(&self, err: carnet_share::Error) -> ApiError {
        let lang = self.lang();
        match err {
            carnet_share::Error::Invalid(e) => ApiError {
                code: ErrorCode::Invalid,
                message: e.short_message(lang),
                field: Some(e.field.to_string()),
            },
            carnet_share::Error::Offline(_) => ApiError::new(ErrorCode::Offline, lang),
            carnet_share::Error::NotFound => ApiError::new(ErrorCode::NotFound, lang),
            carnet_share::Error::InvalidAddress => ApiError {
                field: Some("relay".into()),
                ..ApiError::new(ErrorCode::InvalidAddress, lang)
            },
            carnet_share::Error::Relay { .. } => ApiError::new(ErrorCode::ServerError, lang),
            carnet_share::Error::Unauthorized => ApiError::new(ErrorCode::RelayNotLinked, lang),
            carnet_share::Error::Quota => ApiError::new(ErrorCode::ShareQuota, lang),
            _ => ApiError::new(ErrorCode::Internal, lang),
        }
    }

    /// The relay shares go to: the one set for this profile, else the
    /// national-space gateway it syncs with (which is also a relay).
    pub fn share_relay(&mut self) -> ApiResult<Option<String>> {
        let set = self.with_profile(|p| p.share_relay())?;
        if set.is_some() {
            return Ok(set);
        }
        Ok(self.with_profile(|p| p.sync_link())?.map(|l| l.server))
    }

    /// Sets the relay address, linking this device to an account there with
    /// the one-time `code` its operator gave (as for sync); returns the
    /// address normalised.
    pub fn set_share_relay(
        &mut self,
        address: &str,
        code: &str,
        device_name: &str,
    ) -> ApiResult<String> {
        let address = normalize_relay(address).map_err(|e| self.share_error(e))?;
        self.profile()?;
        let paired = self.pair_device(&address, code, device_name)?;
        self.with_profile(|p| p.set_share_relay(&address, &paired.token))?;
        Ok(address)
    }

    /// The relay shares go to, as this device's client there: the relay set
    /// for the profile (with the token of its link), else the linked gateway
    /// (with the sync link's token).
    fn share_client(&mut self) -> ApiResult<RelayClient> {
        let lang = self.lang();
        let (address, token) = match self.with_profile(|p| p.share_relay())? {
            Some(address) => (address, self.with_profile(|p| p.share_relay_token())?),
            None => match self.with_profile(|p| p.sync_link())? {
                Some(link) => (link.server, Some(SecretString::from(link.token))),
                None => return Err(ApiError::new(ErrorCode::NoRelay, lang)),
            },
        };
        let token = token.ok_or_else(|| ApiError::new(ErrorCode::RelayNotLinked, lang))?;
        Ok(RelayClient::new(&address)
            .map_err(|e| self.share_error(e))?
            .with_device_token(token))
    }

    /// Builds, seals and uploads a share of the chosen items; keeps its link.
    pub fn create_share(&mut self, request: ShareRequest) -> ApiResult<ShareSummary> {
        let lang = self.lang();
        let ShareRequest {
            mut record_ids,
            mut document_ids,
            professional,
            expires_in_hours,
            max_opens,
            pin,
        } = request;
        let mut options = ShareOptions {
            professional,
            expires_in_hours,
            max_opens,
            pin: pin.filter(|p| !p.is_empty()).map(SecretString::from),
        };
        options.validate().map_err(|e| self.share_error(e.into()))?;
        record_ids.sort();
        record_ids.dedup();
        document_ids.sort();
        document_ids.dedup();
        let count = record_ids.len() + document_ids.len();
        if count == 0 || count > MAX_ITEMS {
            return Err(self.share_error(
                carnet_model::ValidationError::new("items", carnet_model::Problem::NothingChosen)
                    .into(),
            ));
        }
        let client = self.share_client()?;

        let patient = self.profile_info()?;
        let records = record_ids
            .iter()
            .map(|id| self.record(id))
            .collect::<ApiResult<Vec<_>>>()?;
        let documents = document_ids
            .iter()
            .map(|id| self.document_bytes(id))
            .collect::<ApiResult<Vec<_>>>()?;
        let now = Utc::now();
        let lifetime = chrono::Duration::hours(i64::from(options.expires_in_hours));
        let plaintext = payload(&BundleInput {
            patient: &patient,
            records: &records,
            documents: &documents,
            professional: &options.professional,
            created_at: now,
            expires_at: now + lifetime,
            max_opens: options.max_opens,
            lang,
        });
        drop(documents);
        let sealed = seal(&plaintext).map_err(|e| self.share_error(e))?;
        drop(plaintext);
        let verifier = options
            .pin
            .as_ref()
            .map(|pin| pin_verifier(&pin_proof(&sealed.secret, pin.expose_secret())));
        let created = client
            .create(
                sealed.ciphertext,
                Duration::from_secs(u64::from(options.expires_in_hours) * 3600),
                options.max_opens,
                verifier.as_deref(),
            )
            .map_err(|e| self.share_error(e))?;
        let stored = StoredShare {
            id: created.id,
            relay: client.base().to_string(),
            secret: sealed.secret,
            owner_token: SecretString::from(created.owner_token),
            professional: options.professional,
            record_ids,
            document_ids,
            created_at: now,
            expires_at: created.expires_at,
            max_opens: created.max_opens,
            has_pin: options.pin.is_some(),
            state: ShareState::Active,
            opens: 0,
            accesses: Vec::new(),
            checked_at: None,
        };
        self.with_profile(|p| p.add_share(&stored))?;
        Ok(summary(&stored, Utc::now()))
    }

    /// Every share of the current profile, newest first (no network).
    pub fn shares(&mut self) -> ApiResult<Vec<ShareSummary>> {
        let now = Utc::now();
        Ok(self
            .with_profile(|p| p.shares())?
            .iter()
            .map(|s| summary(s, now))
            .collect())
    }

    /// Asks the relay for a share's state and access log, and keeps them.
    pub fn refresh_share(&mut self, id: &str) -> ApiResult<ShareDetails> {
        let share = self.with_profile(|p| p.share(id))?;
        let client = RelayClient::new(&share.relay).map_err(|e| self.share_error(e))?;
        match client.status(&share.id, share.owner_token.expose_secret()) {
            Ok(status) => {
                self.with_profile(|p| p.update_share(id, &status, Utc::now()))?;
            }
            // Purged by the relay long after it ended: what is kept here stays.
            Err(carnet_share::Error::NotFound) if share.state != ShareState::Active => {}
            Err(e) => return Err(self.share_error(e)),
        }
        let share = self.with_profile(|p| p.share(id))?;
        Ok(ShareDetails {
            share: summary(&share, Utc::now()),
            accesses: share.accesses,
        })
    }

    /// Withdraws a share: the relay deletes it, the link stops working.
    pub fn revoke_share(&mut self, id: &str) -> ApiResult<ShareSummary> {
        let share = self.with_profile(|p| p.share(id))?;
        let client = RelayClient::new(&share.relay).map_err(|e| self.share_error(e))?;
        match client.revoke(&share.id, share.owner_token.expose_secret()) {
            // Already gone from the relay (purged): nothing left to open.
            Ok(()) | Err(carnet_share::Error::NotFound) => {}
            Err(e) => return Err(self.share_error(e)),
        }
        self.with_profile(|p| p.mark_share_revoked(id))?;
        let share = self.with_profile(|p| p.share(id))?;
        Ok(summary(&share, Utc::now()))
    }
}
