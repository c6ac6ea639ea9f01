//! Carnet's national-space sync gateway: devices pair with a one-time code,
//! sync each profile's automerge document over HTTP, move document content
//! by hash; professionals deposit FHIR R4 resources and read what the
//! patient did not hide, and every read lands in the patient's access
//! history through the same document.

pub mod auth;
pub mod fhir;
pub mod http;
pub mod hub;
pub mod limits;
pub mod storage;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use tokio::net::TcpListener;

pub use http::{issue_pairing_code, AppState};
pub use hub::Hub;
pub use storage::{Professional, SqliteStorage, Storage};

/// Requests per second (and burst) a device or professional may make.
const RATE_PER_SECOND: f64 = 50.0;
const RATE_BURST: f64 = 200.0;
/// Pairing attempts per address: a slow trickle, so codes cannot be guessed.
const PAIRING_PER_SECOND: f64 = 0.5;
const PAIRING_BURST: f64 = 10.0;

/// The state of a server over the data folder `dir`.
pub fn open(dir: &Path) -> anyhow::Result<Arc<AppState>> {
    let storage: Arc<dyn Storage> = Arc::new(SqliteStorage::open(dir)?);
    Ok(Arc::new(AppState {
        hub: Hub::new(storage),
        limiter: limits::RateLimiter::new(RATE_PER_SECOND, RATE_BURST),
        pairing_limiter: limits::RateLimiter::new(PAIRING_PER_SECOND, PAIRING_BURST),
    }))
}

/// Serves the API on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = http::router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Creates a patient account (a profile on the gateway) and its first pairing code.
pub fn new_account(state: &AppState) -> anyhow::Result<(String, String)> {
    let id = auth::new_id();
    state.hub.storage().create_profile(&id)?;
    let (code, _) = issue_pairing_code(&state.hub, &id)?;
    Ok((id, code))
}

/// Registers a professional (RPPS checked) and returns their bearer token.
pub fn add_professional(state: &AppState, rpps: &str, name: &str) -> anyhow::Result<String> {
    let rpps = carnet_model::Rpps::parse(rpps).map_err(|e| anyhow::anyhow!("RPPS: {e}"))?;
    let name = name.trim();
    anyhow::ensure!(
        !name.is_empty() && name.len() <= 200,
        "a name of 1 to 200 characters"
    );
    let token = auth::new_token("cpt");
    state.hub.storage().add_professional(
        &Professional {
            rpps: rpps.as_str().to_string(),
            name: name.to_string(),
        },
        &auth::hash_secret(&token),
    )?;
    Ok(token)
}
