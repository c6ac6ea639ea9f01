//! The gateway's HTTP API (see docs/sync-protocol.md), one module per
//! concern: who is calling (`callers`), devices and sync (`devices`),
//! content (`blobs`), professionals (`pro`), the patient's consent
//! (`consent`), the people who can open a profile (`people`).
//! Handlers check the caller and the input, then run the storage work on the
//! blocking pool.

mod blobs;
mod callers;
mod consent;
mod devices;
mod people;
mod pro;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::auth;
use crate::clock::Clock;
use crate::hub::Hub;
use crate::limits::RateLimiter;
use crate::share_store::ShareStorage;

pub use crate::error::ApiError;
pub(crate) use crate::error::ApiResult;
pub use blobs::{parse_content_range, parse_range};
pub(crate) use callers::{bearer, device};
pub use devices::issue_pairing_code;
pub use people::{person_name, DEFAULT_INVITATION_HOURS, MAX_INVITATION_HOURS};

/// Largest chunk of content per request, both ways.
pub const MAX_CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// Largest FHIR deposit body (base64 attachment included).
pub const MAX_FHIR_BYTES: usize = 48 * 1024 * 1024;

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

/// The gateway's routes (devices, sync, content, professionals, consent);
/// the server puts them together with the relay's.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/v1/health", get(|| async { "ok" }))
        .route("/v1/pair", post(devices::pair))
        .route("/v1/devices/current", delete(devices::unpair))
        .route(
            "/v1/profiles/{id}/pairing-codes",
            post(devices::new_pairing_code),
        )
        // Routes with large bodies read them through `AppState::bodies`,
        // after the caller is checked, each with its own limit.
        .route("/v1/profiles/{id}/sync", post(devices::sync))
        .route("/v1/profiles/{id}/heads", get(devices::heads))
        .route("/v1/profiles/{id}/blobs/missing", post(blobs::missing))
        .route(
            "/v1/profiles/{id}/blobs/{sha}",
            put(blobs::upload).get(blobs::download),
        )
        .route("/v1/pro/profiles/{id}/fhir", post(pro::deposit))
        .route("/v1/pro/profiles/{id}/record", get(pro::record))
        .route("/v1/pro/profiles/{id}/documents/{doc}", get(pro::document))
        .merge(consent::routes())
        .merge(people::routes())
}
