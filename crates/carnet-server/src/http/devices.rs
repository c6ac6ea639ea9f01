//! Linking a device with a pairing code, unlinking, new codes, and the
//! sync loop's one request.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use carnet_sync::protocol;
use chrono::Utc;
use serde::Deserialize;
use serde_json::{json, Value};

use super::callers::{checked_device, device};
use super::{blocking, ApiError, ApiResult, AppState};
use crate::auth::{self, hash_secret};
use crate::hub::HubError;
use crate::storage::{Device, StorageError};

#[derive(Deserialize)]
pub(super) struct PairRequest {
    code: String,
    device_name: String,
}

pub(super) async fn pair(
    State(state): State<Arc<AppState>>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<PairRequest>,
) -> ApiResult<Json<Value>> {
    if !state
        .pairing_limiter
        .allow(&state.caller_key(addr, &headers))
    {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many pairing attempts",
        ));
    }
    let name = device_name(&req.device_name);
    blocking(move || {
        let storage = state.hub.storage();
        let code_hash = state.pairing_key.code_hash(&req.code);
        let (profile, person) = storage
            .take_pairing_code(&code_hash, Utc::now())?
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "invalid_code",
                    "unknown, used or expired pairing code",
                )
            })?;
        let token = auth::new_token("cdt");
        let device = Device {
            id: auth::new_id(),
            profile: profile.clone(),
            person,
            person_name: String::new(),
            role: carnet_model::Role::Owner,
            may_hide: false,
            withdrawn_by: None,
            profile_deleted: false,
            only_device: false,
        };
        storage.add_device(&device, &hash_secret(&token), &name)?;
        // Who the profile is about, so a device with no profile yet can make it.
        let details = state.hub.details(&profile)?;
        Ok(Json(
            json!({ "profile_id": profile, "device_id": device.id, "token": token, "details": details }),
        ))
    })
    .await
}

pub(super) async fn unpair(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    blocking(move || {
        let device = device(&state, &headers, None)?;
        state.hub.storage().revoke_device(&device.id)?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

pub(super) async fn new_pairing_code(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    blocking(move || {
        let caller = device(&state, &headers, Some(&profile))?;
        let (code, expires) = issue_pairing_code(&state, &profile, Some(&caller.person))?;
        Ok(Json(json!({ "code": code, "expires_at": expires })))
    })
    .await
}

/// Creates a one-time pairing code for another device of `person` on
/// `profile` (`None`: the account's holder).
pub fn issue_pairing_code(
    state: &AppState,
    profile: &str,
    person: Option<&str>,
) -> Result<(String, chrono::DateTime<Utc>), StorageError> {
    let code = auth::new_pairing_code();
    let expires = Utc::now() + chrono::Duration::minutes(auth::CODE_MINUTES);
    state.hub.storage().put_pairing_code(
        &state.pairing_key.code_hash(&code),
        profile,
        person,
        expires,
    )?;
    Ok((code, expires))
}

/// A device's name as shown to the people of a profile: no control
/// characters, at most 100 characters.
pub(super) fn device_name(name: &str) -> String {
    let name: String = name.chars().filter(|c| !c.is_control()).take(100).collect();
    match name.trim() {
        "" => "Ordinateur".to_string(),
        name => name.to_string(),
    }
}

/// The heads of the profile's document, for a device to tell without a sync
/// round (and without loading its own document) that nothing changed.
/// Counts as the device's contact, like a sync.
pub(super) async fn heads(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let device = checked_device(&state, &headers, &profile).await?;
    blocking(move || {
        let heads = state.hub.heads(&profile)?;
        state
            .hub
            .storage()
            .mark_device_synced(&device.id, Utc::now())?;
        Ok(Json(json!({ "heads": heads })))
    })
    .await
}

pub(super) async fn sync(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(profile): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let device = checked_device(&state, &headers, &profile).await?;
    let network = state.caller_key(peer, &headers);
    let body = state
        .bodies
        .read(&network, &headers, body, protocol::MAX_MESSAGE_BYTES)
        .await?;
    blocking(move || {
        let reply = match state.hub.sync(&profile, &device, &body) {
            Err(HubError::OutsideRole(what)) => {
                super::people::log_refused_write(&state, &device);
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "outside_role",
                    format!(
                        "{} may not {what}: nothing of this change was kept",
                        device.person_name
                    ),
                ));
            }
            other => other?,
        };
        state
            .hub
            .storage()
            .mark_device_synced(&device.id, Utc::now())?;
        super::people::keep_first_birth_date(&state, &profile)?;
        Ok(([(header::CONTENT_TYPE, protocol::SYNC_CONTENT_TYPE)], reply).into_response())
    })
    .await
}
