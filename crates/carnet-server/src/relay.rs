//! The share-link relay (docs/share-links.md): stores age ciphertexts it
//! cannot read, serves them to the viewer page a limited number of times
//! until they expire, behind an optional PIN, and tells the owner who opened.

use std::io::Read;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use carnet_share::link::is_share_id;
use carnet_share::relay::{
    Created, EXPIRES_AT_HEADER, EXPIRES_IN_HEADER, MAX_CIPHERTEXT_BYTES, MAX_OPENS_HEADER,
    PIN_VERIFIER_HEADER,
};
use carnet_share::request::{MAX_EXPIRY_HOURS, MAX_OPENS, MIN_EXPIRY_HOURS};
use carnet_share::seal::{is_share_start, SHARE_HEADER_MAX};
use serde::Deserialize;
use serde_json::json;

use crate::auth::{self, hash_secret};
use crate::http::{blocking, ApiError, ApiResult, AppState};
use crate::share_store::{NewShare, OpenOutcome};
use crate::viewer;

/// The relay's routes: the API and the viewer page.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/v1/shares", post(create))
        .route("/v1/shares/{id}", axum::routing::delete(revoke))
        .route("/v1/shares/{id}/open", post(open))
        .route("/v1/shares/{id}/accesses", get(accesses))
        .route("/s/{id}", get(viewer::page))
        .route("/viewer/{*path}", get(viewer::asset))
}

/// The one answer for every share that cannot be opened, whatever the reason.
fn not_available() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_available",
        "This link is not available.",
    )
}

fn rate_limited() -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "too many attempts, wait a moment",
    )
}

fn bad_request(code: &str, message: &str) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, message)
}

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

async fn create(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let network = state.caller_key(peer, &headers);
    if !state.create_limiter.allow(&network) {
        return Err(rate_limited());
    }
    let min = u64::from(MIN_EXPIRY_HOURS) * 3600;
    let max = u64::from(MAX_EXPIRY_HOURS) * 3600;
    let expires_in = header_text(&headers, EXPIRES_IN_HEADER)
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|s| (min..=max).contains(s))
        .ok_or_else(|| {
            bad_request(
                "invalid_expiry",
                "Carnet-Expires-In must be 3600 to 2592000 seconds",
            )
        })?;
    let max_opens = match header_text(&headers, MAX_OPENS_HEADER) {
        None => None,
        Some(v) => Some(
            v.parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_OPENS).contains(n))
                .ok_or_else(|| {
                    bad_request("invalid_max_opens", "Carnet-Max-Opens must be 1 to 1000")
                })?,
        ),
    };
    let pin_verifier = match header_text(&headers, PIN_VERIFIER_HEADER) {
        None => None,
        Some(v) if is_hex64(v) => Some(v.to_ascii_lowercase()),
        Some(_) => {
            return Err(bad_request(
                "invalid_pin_verifier",
                "Carnet-Pin-Verifier must be 64 hex digits",
            ))
        }
    };
    // Only a device linked to an account creates shares; its bytes count
    // against that account. Checked before a byte of the body is read.
    let device = {
        let (state, headers) = (state.clone(), headers.clone());
        blocking(move || crate::http::device(&state, &headers, None)).await?
    };
    let declared = header_text(&headers, header::CONTENT_LENGTH.as_str())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    let held = {
        let (storage, account) = (state.shares.clone(), device.profile.clone());
        blocking(move || Ok(storage.account_share_bytes(&account)?)).await?
    };
    if held.saturating_add(declared) > state.share_quota {
        return Err(ApiError::quota_exceeded());
    }
    let id = auth::new_share_id();
    // Streamed to its file: the ciphertext is never held in memory.
    let received = state
        .bodies
        .stream_to_file(
            &network,
            &headers,
            body,
            MAX_CIPHERTEXT_BYTES,
            &state.shares.incoming_path(&id),
            SHARE_HEADER_MAX,
        )
        .await?;
    if !is_share_start(&received.start, received.len) {
        return Err(bad_request("not_age", "the body is not an age file"));
    }
    let now = state.clock.now();
    let owner_token = auth::new_token("cso");
    let share = NewShare {
        id,
        owner_hash: hash_secret(&owner_token),
        created_at: now,
        expires_at: now + chrono::Duration::seconds(expires_in as i64),
        max_opens,
        pin_verifier,
        account: device.profile,
        size: received.len,
    };
    let stored = share.clone();
    let storage = state.shares.clone();
    let quota = state.share_quota;
    blocking(move || {
        let incoming = received.file.keep();
        let created = storage.create_share(&stored, &incoming, quota);
        if created.is_err() {
            let _ = std::fs::remove_file(&incoming);
        }
        Ok(created?)
    })
    .await?;
    let created = Created {
        id: share.id,
        owner_token,
        expires_at: share.expires_at,
        max_opens,
    };
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

fn is_hex64(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[derive(Deserialize, Default)]
struct OpenRequest {
    #[serde(default)]
    pin_proof: Option<String>,
}

async fn open(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let network = state.caller_key(peer, &headers);
    if !state.open_limiter.allow(&network) {
        return Err(rate_limited());
    }
    if !is_share_id(&id) {
        return Err(not_available());
    }
    let request: OpenRequest = if body.iter().all(u8::is_ascii_whitespace) {
        OpenRequest::default()
    } else {
        serde_json::from_slice(&body)
            .map_err(|_| bad_request("malformed", "expected {} or {\"pin_proof\": \"…\"}"))?
    };
    let proof_hash = match request.pin_proof.as_deref() {
        None => None,
        Some(p) if is_hex64(p) => Some(carnet_share::pin_verifier(&p.to_ascii_lowercase())),
        Some(_) => return Err(bad_request("malformed", "pin_proof must be 64 hex digits")),
    };
    let client = coarse_client(header_text(&headers, header::USER_AGENT.as_str()).unwrap_or(""));
    let now = state.clock.now();
    let storage = state.shares.clone();
    let share = id.clone();
    let outcome = blocking(move || {
        Ok(storage.open_share(&share, proof_hash.as_deref(), &client, &network, now)?)
    })
    .await?;
    match outcome {
        OpenOutcome::NotAvailable => Err(not_available()),
        OpenOutcome::PinRequired => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "pin_required",
            "this link needs its PIN",
        )),
        OpenOutcome::WrongPin { attempts_left } => Err(ApiError::with_body(
            StatusCode::FORBIDDEN,
            json!({ "error": "wrong_pin", "message": "wrong PIN", "attempts_left": attempts_left }),
        )),
        OpenOutcome::Opened {
            expires_at,
            mut content,
            ..
        } => {
            let bytes = blocking(move || {
                let mut bytes = Vec::new();
                content
                    .read_to_end(&mut bytes)
                    .map_err(crate::storage::StorageError::from)?;
                Ok(bytes)
            })
            .await?;
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            );
            if let Ok(v) = HeaderValue::from_str(
                &expires_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ) {
                headers.insert(EXPIRES_AT_HEADER, v);
            }
            Ok(response)
        }
    }
}

/// The hash of the owner token sent, for a well-formed id; else the common 404.
fn owner_hash(headers: &HeaderMap, id: &str) -> ApiResult<String> {
    crate::http::bearer(headers)
        .filter(|_| is_share_id(id))
        .map(hash_secret)
        .ok_or_else(not_available)
}

async fn revoke(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let owner = owner_hash(&headers, &id)?;
    let now = state.clock.now();
    let storage = state.shares.clone();
    if blocking(move || Ok(storage.revoke_share(&id, &owner, now)?)).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(not_available())
    }
}

async fn accesses(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let owner = owner_hash(&headers, &id)?;
    let now = state.clock.now();
    let storage = state.shares.clone();
    blocking(move || Ok(storage.share_status(&id, &owner, now)?))
        .await?
        .map(|status| Json(status).into_response())
        .ok_or_else(not_available)
}

/// User-Agent markers of browser families, checked in order (Edge and
/// Opera also say "Chrome/", every Chromium says "Safari/").
const BROWSERS: &[(&str, &str)] = &[
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("OPR/", "Opera"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chrome"),
    ("Safari/", "Safari"),
    ("carnet/", "Carnet"),
];

/// User-Agent markers of systems, checked in order (Android says "Linux",
/// iOS says "Mac OS X").
const SYSTEMS: &[(&str, &str)] = &[
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
];

/// Browser family and system from a User-Agent, nothing finer.
pub fn coarse_client(user_agent: &str) -> String {
    let first = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(marker, _)| user_agent.contains(marker))
            .map_or("?", |(_, name)| *name)
    };
    format!("{} · {}", first(BROWSERS), first(SYSTEMS))
}

#[cfg(test)]
mod tests {
    use super::coarse_client;

    #[test]
    fn client_information_stays_coarse() {
        assert_eq!(
            coarse_client("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36"),
            "Chrome · Linux"
        );
        assert_eq!(
            coarse_client("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"),
            "Safari · iOS"
        );
        assert_eq!(
            coarse_client(
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
            ),
            "Firefox · Windows"
        );
        assert_eq!(coarse_client(""), "? · ?");
    }
}
