//! Who is calling: a linked device (by its token) or a professional (by
//! theirs, and whether the patient lets them read), within their rate.

use std::sync::Arc;

use axum::http::{header, HeaderMap, StatusCode};
use carnet_sync::AccessAction;

use super::{blocking, ApiError, ApiResult, AppState};
use crate::auth::hash_secret;
use crate::fhir;
use crate::storage::{Device, Professional};

pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() < 200)
}

/// [`device`] on the blocking pool, before any body is read.
pub(super) async fn checked_device(
    state: &Arc<AppState>,
    headers: &HeaderMap,
    profile: &str,
) -> ApiResult<Device> {
    let (state, headers, profile) = (state.clone(), headers.clone(), profile.to_string());
    blocking(move || device(&state, &headers, Some(&profile))).await
}

/// The device behind the token, allowed on `profile` and within its rate;
/// a device whose person's access was withdrawn gets `403 access_withdrawn`.
pub(crate) fn device(
    state: &AppState,
    headers: &HeaderMap,
    profile: Option<&str>,
) -> ApiResult<Device> {
    let token = bearer(headers).ok_or_else(ApiError::unauthorized)?;
    let hash = hash_secret(token);
    // Known tokens only get a bucket: random ones cannot fill the table.
    let device = state
        .hub
        .storage()
        .device_by_token(&hash)?
        .ok_or_else(ApiError::unauthorized)?;
    if !state.limiter.allow(&hash) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "too many requests",
        ));
    }
    if let Some(by) = &device.withdrawn_by {
        return Err(ApiError::withdrawn(
            by,
            device.profile_deleted,
            device.only_device,
        ));
    }
    if profile.is_some_and(|p| p != device.profile) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "not this device's profile",
        ));
    }
    Ok(device)
}

/// A professional the patient allows to read `profile`. Anyone else gets
/// 403, and the patient's access history shows the attempt (once an hour
/// per professional, so a flood of attempts cannot fill it).
pub(super) fn reader(
    state: &AppState,
    headers: &HeaderMap,
    profile: &str,
) -> ApiResult<Professional> {
    let pro = professional(state, headers, profile)?;
    if state
        .hub
        .storage()
        .professional_allowed(profile, &pro.rpps)?
    {
        return Ok(pro);
    }
    if state.refusals.first_in_a_while(profile, &pro.rpps) {
        state
            .hub
            .log_access(profile, &pro, AccessAction::Refused, None)?;
    }
    Err(ApiError::fhir(
        StatusCode::FORBIDDEN,
        fhir::operation_outcome(
            "forbidden",
            "the patient has not authorised this professional to read the record",
            None,
        ),
    ))
}

pub(super) fn professional(
    state: &AppState,
    headers: &HeaderMap,
    profile: &str,
) -> ApiResult<Professional> {
    let outcome = |status, code, text: &str| {
        ApiError::fhir(status, fhir::operation_outcome(code, text, None))
    };
    let token = bearer(headers)
        .ok_or_else(|| outcome(StatusCode::UNAUTHORIZED, "login", "missing token"))?;
    let hash = hash_secret(token);
    let pro = state
        .hub
        .storage()
        .professional_by_token(&hash)?
        .ok_or_else(|| outcome(StatusCode::UNAUTHORIZED, "login", "unknown token"))?;
    if !state.limiter.allow(&hash) {
        return Err(outcome(
            StatusCode::TOO_MANY_REQUESTS,
            "throttled",
            "too many requests",
        ));
    }
    if !state.hub.storage().profile_exists(profile)? {
        return Err(outcome(
            StatusCode::NOT_FOUND,
            "not-found",
            "no such patient",
        ));
    }
    Ok(pro)
}
