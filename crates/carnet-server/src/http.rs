//! The gateway's HTTP API (see docs/sync-protocol.md). Handlers check the
//! caller and the input, then run the storage work on the blocking pool.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use carnet_model::{DocumentMeta, Record};
use carnet_sync::{is_sha256, protocol, AccessAction, AccessEntry};
use chrono::Utc;
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::auth::{self, hash_secret};
use crate::clock::Clock;
use crate::fhir::{self, Deposit};
use crate::hub::{Hub, HubError};
use crate::limits::RateLimiter;
use crate::share_store::ShareStorage;
use crate::storage::{Device, Professional, StorageError};

/// Largest chunk of content per request, both ways.
pub const MAX_CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// Largest FHIR deposit body (base64 attachment included).
pub const MAX_FHIR_BYTES: usize = 48 * 1024 * 1024;
/// Most hashes asked about in one request.
const MAX_HASHES: usize = 10_000;

/// Shared state of the server.
#[derive(Debug)]
pub struct AppState {
    pub hub: Hub,
    pub limiter: RateLimiter,
    pub pairing_limiter: RateLimiter,
    /// The share-link relay's storage, clock and per-address limits.
    pub shares: Arc<dyn ShareStorage>,
    pub clock: Arc<dyn Clock>,
    pub open_limiter: RateLimiter,
    pub create_limiter: RateLimiter,
    /// Whose `X-Forwarded-For` is believed (see [`crate::Limits`]).
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// Keys the stored hashes of pairing codes.
    pub pairing_key: auth::PairingKey,
    /// Admission of request bodies (read after the caller is checked).
    pub bodies: crate::body::BodyGate,
    /// Bytes of shares one account may keep on the relay at once.
    pub share_quota: u64,
    /// When each refused professional was last written into a history.
    pub refusals: crate::consent::Refusals,
}

impl AppState {
    /// The rate-limit bucket of an unauthenticated caller: its network.
    pub fn caller_key(&self, peer: SocketAddr, headers: &HeaderMap) -> String {
        crate::limits::network_key(crate::limits::client_ip(
            peer.ip(),
            headers,
            self.trusted_proxy,
        ))
    }
}

/// An error answer: status, stable code, sentence; or a FHIR OperationOutcome.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: Value,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: json!({ "error": code, "message": message.into() }),
        }
    }

    pub(crate) fn with_body(status: StatusCode, body: Value) -> Self {
        Self { status, body }
    }

    fn fhir(status: StatusCode, outcome: Value) -> Self {
        Self {
            status,
            body: outcome,
        }
    }

    fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing, unknown or revoked token",
        )
    }

    fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let content_type = if self.body.get("resourceType").is_some() {
            "application/fhir+json"
        } else {
            "application/json"
        };
        let mut response = (self.status, Json(self.body)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        response
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::WrongOffset { expected } => Self {
                status: StatusCode::CONFLICT,
                body: json!({ "error": "wrong_offset", "message": "upload continues elsewhere", "offset": expected }),
            },
            StorageError::HashMismatch => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "hash_mismatch",
                "the content does not match its SHA-256",
            ),
            StorageError::QuotaExceeded => crate::relay::quota_exceeded(),
            other => {
                tracing::error!(error = %other, "storage failure");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "storage",
                    "storage failure",
                )
            }
        }
    }
}

impl From<HubError> for ApiError {
    fn from(e: HubError) -> Self {
        match e {
            HubError::Storage(s) => s.into(),
            HubError::Sync(carnet_sync::Error::TooLarge { max }) => Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("sync messages are limited to {max} bytes"),
            ),
            HubError::Sync(carnet_sync::Error::Malformed(what)) => Self::new(
                StatusCode::BAD_REQUEST,
                "malformed_message",
                format!("malformed sync message: {what}"),
            ),
            HubError::Sync(other) => {
                tracing::error!(error = %other, "profile document failure");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "document",
                    "profile document failure",
                )
            }
            HubError::Poisoned => Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "try again"),
        }
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// Runs storage work off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(f).await.map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "internal error",
        )
    })?
}

/// The router of the whole API.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/health", get(|| async { "ok" }))
        .route("/v1/pair", post(pair))
        .route("/v1/devices/current", delete(unpair))
        .route("/v1/profiles/{id}/pairing-codes", post(new_pairing_code))
        // Routes with large bodies read them through `AppState::bodies`,
        // after the caller is checked, each with its own limit.
        .route("/v1/profiles/{id}/sync", post(sync))
        .route("/v1/profiles/{id}/blobs/missing", post(missing_blobs))
        .route(
            "/v1/profiles/{id}/blobs/{sha}",
            put(upload_blob).get(download_blob),
        )
        .route("/v1/pro/profiles/{id}/fhir", post(deposit))
        .route("/v1/pro/profiles/{id}/record", get(pro_record))
        .route("/v1/pro/profiles/{id}/documents/{doc}", get(pro_document))
        .merge(crate::consent::routes())
        .merge(crate::relay::routes())
        .layer(DefaultBodyLimit::max(64 * 1024))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(state)
}

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
async fn checked_device(
    state: &Arc<AppState>,
    headers: &HeaderMap,
    profile: &str,
) -> ApiResult<Device> {
    let (state, headers, profile) = (state.clone(), headers.clone(), profile.to_string());
    blocking(move || device(&state, &headers, Some(&profile))).await
}

/// The device behind the token, allowed on `profile` and within its rate.
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
fn reader(state: &AppState, headers: &HeaderMap, profile: &str) -> ApiResult<Professional> {
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

fn professional(state: &AppState, headers: &HeaderMap, profile: &str) -> ApiResult<Professional> {
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

#[derive(Deserialize)]
struct PairRequest {
    code: String,
    device_name: String,
}

async fn pair(
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
    let name: String = req
        .device_name
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    blocking(move || {
        let storage = state.hub.storage();
        let code_hash = state.pairing_key.code_hash(&req.code);
        let profile = storage
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
        };
        storage.add_device(&device, &hash_secret(&token), &name)?;
        Ok(Json(
            json!({ "profile_id": profile, "device_id": device.id, "token": token }),
        ))
    })
    .await
}

async fn unpair(State(state): State<Arc<AppState>>, headers: HeaderMap) -> ApiResult<StatusCode> {
    blocking(move || {
        let device = device(&state, &headers, None)?;
        state.hub.storage().revoke_device(&device.id)?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

async fn new_pairing_code(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    blocking(move || {
        device(&state, &headers, Some(&profile))?;
        let (code, expires) = issue_pairing_code(&state, &profile)?;
        Ok(Json(json!({ "code": code, "expires_at": expires })))
    })
    .await
}

/// Creates a one-time pairing code for `profile`.
pub fn issue_pairing_code(
    state: &AppState,
    profile: &str,
) -> Result<(String, chrono::DateTime<Utc>), StorageError> {
    let code = auth::new_pairing_code();
    let expires = Utc::now() + chrono::Duration::minutes(auth::CODE_MINUTES);
    state
        .hub
        .storage()
        .put_pairing_code(&state.pairing_key.code_hash(&code), profile, expires)?;
    Ok((code, expires))
}

async fn sync(
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
        let reply = state.hub.sync(&profile, &device.id, &body)?;
        Ok(([(header::CONTENT_TYPE, protocol::SYNC_CONTENT_TYPE)], reply).into_response())
    })
    .await
}

#[derive(Deserialize)]
struct MissingRequest {
    hashes: Vec<String>,
}

async fn missing_blobs(
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

async fn upload_blob(
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

async fn download_blob(
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
fn read_range(
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

async fn deposit(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(profile): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<Value>)> {
    // Who is calling is known before a byte of the body is read.
    let pro = {
        let (state, headers, profile) = (state.clone(), headers.clone(), profile.clone());
        blocking(move || professional(&state, &headers, &profile)).await?
    };
    let network = state.caller_key(peer, &headers);
    let body = state
        .bodies
        .read(&network, &headers, body, MAX_FHIR_BYTES)
        .await?;
    blocking(move || {
        let deposits = fhir::parse(&body, &pro).map_err(|invalid| {
            ApiError::fhir(StatusCode::UNPROCESSABLE_ENTITY, invalid.outcome())
        })?;
        let mut created = Vec::new();
        for deposit in deposits {
            created.push(store_deposit(&state.hub, &profile, &pro, deposit)?);
        }
        // Who deposits for the patient may read the record, unless the
        // patient withdrew them.
        state.hub.storage().set_professional_access(
            &profile,
            &pro.rpps,
            crate::consent::Grant::Deposit,
            Utc::now(),
        )?;
        Ok((StatusCode::CREATED, Json(json!({ "created": created }))))
    })
    .await
}

/// Writes one deposit as a change authored by the national space.
fn store_deposit(
    hub: &Hub,
    profile: &str,
    pro: &Professional,
    deposit: Deposit,
) -> ApiResult<Value> {
    let now = carnet_now();
    let id = carnet_model::new_id();
    let access = |document_id: Option<String>| AccessEntry {
        at: now,
        rpps: pro.rpps.clone(),
        name: pro.name.clone(),
        action: AccessAction::Deposit,
        document_id,
    };
    match deposit {
        Deposit::Record(body) => {
            let kind = body.kind().as_str();
            let record = Record {
                id: id.clone(),
                created_at: now,
                updated_at: now,
                notes: None,
                body,
            };
            hub.author(profile, "deposit", |doc| {
                doc.put_record(&record)?;
                doc.append_access(&access(None))
            })?;
            Ok(json!({ "id": id, "kind": kind }))
        }
        Deposit::Document {
            input,
            file_name,
            media_type,
            bytes,
        } => {
            let sha256 = hex::encode(Sha256::digest(&bytes));
            hub.storage().put_blob(profile, &sha256, &bytes)?;
            let meta = DocumentMeta {
                id: id.clone(),
                input,
                file_name,
                media_type,
                size: bytes.len() as u64,
                sha256,
                created_at: now,
                updated_at: now,
            };
            hub.author(profile, "deposit", |doc| {
                doc.put_document(&meta)?;
                doc.append_access(&access(Some(meta.id.clone())))
            })?;
            Ok(json!({ "id": id, "kind": "document" }))
        }
    }
}

/// Now, at the precision the vault stores (microseconds).
fn carnet_now() -> chrono::DateTime<Utc> {
    use chrono::SubsecRound;
    Utc::now().trunc_subsecs(6)
}

async fn pro_record(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    blocking(move || {
        let pro = reader(&state, &headers, &profile)?;
        let view = state.hub.professional_view(&profile, &pro)?;
        Ok(Json(serde_json::to_value(view).map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            )
        })?))
    })
    .await
}

async fn pro_document(
    State(state): State<Arc<AppState>>,
    Path((profile, doc_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    blocking(move || {
        let pro = reader(&state, &headers, &profile)?;
        let not_found = || {
            ApiError::fhir(
                StatusCode::NOT_FOUND,
                fhir::operation_outcome("not-found", "no such document", None),
            )
        };
        // A hidden document answers exactly like one that does not exist,
        // after the same work, and both requests are in the patient's history.
        let meta = state
            .hub
            .professional_document(&profile, &pro, &doc_id)?
            .ok_or_else(not_found)?;
        read_range(&state, &profile, &meta.sha256, &headers, &meta.media_type)
            .map_err(|_| not_found())
    })
    .await
}
