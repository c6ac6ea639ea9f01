//! Document content by SHA-256: which a device still has to send,
//! resumable uploads by chunk, downloads by byte range.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use carnet_sync::is_sha256;
use serde::Deserialize;
use serde_json::{json, Value};

use super::callers::{checked_device, device};
use super::{blocking, ApiError, ApiResult, AppState, MAX_CHUNK_BYTES};

/// Most hashes asked about in one request.
const MAX_HASHES: usize = 10_000;

#[derive(Deserialize)]
pub(super) struct MissingRequest {
    hashes: Vec<String>,
}

pub(super) async fn missing(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
    Json(req): Json<MissingRequest>,
) -> ApiResult<Json<Value>> {
    if req.hashes.len() > MAX_HASHES || !req.hashes.iter().all(|h| is_sha256(h)) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_hashes",
            "lowercase SHA-256 hashes only, at most 10,000",
        ));
    }
    blocking(move || {
        device(&state, &headers, Some(&profile))?;
        let storage = state.hub.storage();
        let mut missing = Vec::new();
        for hash in req.hashes {
            if !storage.has_blob(&profile, &hash)? {
                let offset = storage.upload_offset(&profile, &hash)?;
                missing.push(json!({ "sha256": hash, "offset": offset }));
            }
        }
        Ok(Json(json!({ "missing": missing })))
    })
    .await
}

fn content_range(headers: &HeaderMap) -> Option<(u64, u64, u64)> {
    parse_content_range(headers.get(header::CONTENT_RANGE)?.to_str().ok()?)
}

/// `bytes START-END/TOTAL` (END inclusive), as sent with an upload chunk.
pub fn parse_content_range(text: &str) -> Option<(u64, u64, u64)> {
    let rest = text.strip_prefix("bytes ")?;
    let (range, total) = rest.split_once('/')?;
    let (start, end) = range.split_once('-')?;
    let (start, end, total) = (
        start.parse().ok()?,
        end.parse::<u64>().ok()?,
        total.parse().ok()?,
    );
    (start <= end && end < total).then_some((start, end, total))
}

pub(super) async fn upload(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((profile, sha)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<Value>> {
    if !is_sha256(&sha) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_hash",
            "not a lowercase SHA-256",
        ));
    }
    let (start, end, total) = content_range(&headers).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "content_range",
            "Content-Range: bytes START-END/TOTAL required",
        )
    })?;
    checked_device(&state, &headers, &profile).await?;
    let network = state.caller_key(peer, &headers);
    let body = state
        .bodies
        .read(&network, &headers, body, MAX_CHUNK_BYTES)
        .await?;
    if end - start + 1 != body.len() as u64 || total > carnet_vault_limit() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "content_range",
            "Content-Range does not match the body",
        ));
    }
    blocking(move || {
        let storage = state.hub.storage();
        if storage.has_blob(&profile, &sha)? {
            return Ok(Json(json!({ "offset": total, "complete": true })));
        }
        let offset = storage.append_upload(&profile, &sha, start, total, &body)?;
        Ok(Json(
            json!({ "offset": offset, "complete": offset == total }),
        ))
    })
    .await
}

/// The largest document a patient may keep (the vault's own limit).
fn carnet_vault_limit() -> u64 {
    2 * 1024 * 1024 * 1024
}

fn range_start(headers: &HeaderMap) -> Option<(u64, Option<u64>)> {
    parse_range(headers.get(header::RANGE)?.to_str().ok()?)
}

/// `bytes=START-` or `bytes=START-END`, as asked by a download.
pub fn parse_range(text: &str) -> Option<(u64, Option<u64>)> {
    let (start, end) = text.strip_prefix("bytes=")?.split_once('-')?;
    let end = if end.is_empty() {
        None
    } else {
        Some(end.parse().ok()?)
    };
    Some((start.parse().ok()?, end))
}

pub(super) async fn download(
    State(state): State<Arc<AppState>>,
    Path((profile, sha)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    blocking(move || {
        device(&state, &headers, Some(&profile))?;
        read_range(&state, &profile, &sha, &headers, "application/octet-stream")
    })
    .await
}

/// Content (or the asked range of it), at most one chunk per request.
pub(super) fn read_range(
    state: &AppState,
    profile: &str,
    sha: &str,
    headers: &HeaderMap,
    media_type: &str,
) -> ApiResult<Response> {
    let storage = state.hub.storage();
    let size = storage
        .blob_size(profile, sha)?
        .ok_or_else(|| ApiError::not_found("content"))?;
    let (start, end) = match range_start(headers) {
        Some((start, end)) => (start, end.unwrap_or(u64::MAX).min(size.saturating_sub(1))),
        None if size as usize <= MAX_CHUNK_BYTES => (0, size.saturating_sub(1)),
        None => {
            return Err(ApiError::new(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "use_range",
                "large content: ask for byte ranges",
            ))
        }
    };
    if size == 0 {
        return Ok(([(header::CONTENT_TYPE, media_type.to_string())], Vec::new()).into_response());
    }
    if start > end || start >= size {
        return Err(ApiError::new(
            StatusCode::RANGE_NOT_SATISFIABLE,
            "range",
            "range outside the content",
        ));
    }
    let len = ((end - start + 1) as usize).min(MAX_CHUNK_BYTES);
    let bytes = storage.read_blob(profile, sha, start, len)?;
    let last = start + bytes.len() as u64 - 1;
    let mut response = ([(header::CONTENT_TYPE, media_type.to_string())], bytes).into_response();
    if headers.contains_key(header::RANGE) {
        *response.status_mut() = StatusCode::PARTIAL_CONTENT;
        if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{last}/{size}")) {
            response.headers_mut().insert(header::CONTENT_RANGE, v);
        }
    }
    Ok(response)
}
