//! Carnet's national-space sync gateway: devices pair with a one-time code,
//! sync each profile's automerge document over HTTP, move document content
//! by hash; professionals deposit FHIR R4 resources and read what the
//! patient did not hide, and every read lands in the patient's access
//! history through the same document. It is also the share-link relay:
//! it keeps age ciphertexts it cannot read and serves them to the viewer
//! page within their expiry and open count.

pub mod auth;
pub mod body;
pub mod clock;
pub mod consent;
pub mod error;
pub mod fhir;
pub mod fhir_stream;
pub mod http;
pub mod hub;
pub mod limits;
pub mod outcome;
pub mod people;
pub mod relay;
mod schema;
pub mod share_store;
pub mod storage;
pub mod viewer;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::net::TcpListener;

pub use clock::{Clock, ManualClock, SystemClock};
pub use http::{issue_pairing_code, AppState};
pub use hub::Hub;
pub use share_store::ShareStorage;
pub use storage::{Professional, SqliteStorage, Storage};

/// Request rates the gateway allows.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests per second (and burst) per device or professional token.
    pub per_second: f64,
    pub burst: f64,
    /// Pairing attempts per second (and burst) per address: a slow trickle,
    /// so one-time codes cannot be guessed.
    pub pairing_per_second: f64,
    pub pairing_burst: f64,
    /// Share opens (and PIN tries) per second (and burst) per address.
    pub opens_per_second: f64,
    pub opens_burst: f64,
    /// Share creations per second (and burst) per address.
    pub creates_per_second: f64,
    pub creates_burst: f64,
    /// The reverse proxy in front of the server, if any: only from it is
    /// `X-Forwarded-For` believed (off by default).
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// Bytes of shares one account may keep on the relay at once.
    pub share_quota_bytes: u64,
}

/// The default quota of shares per account: a few large shares, or many
/// small ones, at a time.
pub const SHARE_QUOTA_BYTES: u64 = 256 * 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Self {
            per_second: 50.0,
            burst: 200.0,
            pairing_per_second: 0.5,
            pairing_burst: 10.0,
            opens_per_second: 2.0,
            opens_burst: 30.0,
            creates_per_second: 1.0,
            creates_burst: 20.0,
            trusted_proxy: None,
            share_quota_bytes: SHARE_QUOTA_BYTES,
        }
    }
}

/// The state of a server over the data folder `dir`, with the default limits.
pub fn open(dir: &Path) -> anyhow::Result<Arc<AppState>> {
    open_with(dir, Limits::default())
}

/// The state of a server over `dir` with the given limits.
pub fn open_with(dir: &Path, limits: Limits) -> anyhow::Result<Arc<AppState>> {
    open_with_clock(dir, limits, Arc::new(SystemClock))
}

/// The state of a server over `dir` whose shares expire by `clock`.
pub fn open_with_clock(
    dir: &Path,
    limits: Limits,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<Arc<AppState>> {
    let sqlite = Arc::new(SqliteStorage::open(dir)?);
    let storage: Arc<dyn Storage> = sqlite.clone();
    let rate = |per_second, burst| limits::RateLimiter::new(per_second, burst);
    Ok(Arc::new(AppState {
        hub: Hub::new(storage),
        limiter: rate(limits.per_second, limits.burst),
        pairing_limiter: rate(limits.pairing_per_second, limits.pairing_burst),
        shares: sqlite,
        clock,
        open_limiter: rate(limits.opens_per_second, limits.opens_burst),
        create_limiter: rate(limits.creates_per_second, limits.creates_burst),
        trusted_proxy: limits.trusted_proxy,
        pairing_key: auth::PairingKey::load_or_create(dir)?,
        bodies: body::BodyGate::default(),
        share_quota: limits.share_quota_bytes,
        refusals: consent::Refusals::default(),
    }))
}

/// How often ended shares lose their content.
const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Deletes the content of ended shares, and shares ended long ago.
pub fn purge_shares(state: &AppState) -> anyhow::Result<usize> {
    Ok(state.shares.purge_shares(state.clock.now())?)
}

/// The whole API: the gateway (with the patient's consent), the share relay and
/// its viewer page; headers every answer carries; a 64 KiB body limit for
/// routes that do not read theirs through `AppState::bodies`.
pub fn router(state: Arc<AppState>) -> axum::Router {
    use axum::http::{header, HeaderValue};
    use tower_http::set_header::SetResponseHeaderLayer;
    http::routes()
        .merge(relay::routes())
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024))
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

/// Serves the API on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if !viewer::is_built() {
        tracing::error!("{}", viewer::NOT_BUILT);
    }
    if let Err(e) = state.hub.storage().remove_leftovers() {
        tracing::error!(error = %e, "removing cut-off uploads failed");
    }
    let purge_state = state.clone();
    let purge = tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            every.tick().await;
            let state = purge_state.clone();
            match tokio::task::spawn_blocking(move || purge_shares(&state)).await {
                Ok(Ok(n)) if n > 0 => tracing::info!(shares = n, "ended shares purged"),
                Ok(Err(e)) => tracing::error!(error = %e, "purging shares failed"),
                _ => {}
            }
        }
    });
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    purge.abort();
    served
}

/// A server on its own thread and runtime (tests, benchmarks, embedding);
/// stopped when dropped.
#[derive(Debug)]
pub struct Background {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Background {
    /// Serves `state` on `addr` (port 0 picks a free one) until stopped.
    pub fn start(state: Arc<AppState>, addr: SocketAddr) -> anyhow::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        let listener = runtime.block_on(TcpListener::bind(addr))?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let served = runtime.block_on(serve(listener, state, async {
                let _ = stopped.await;
            }));
            if let Err(e) = served {
                tracing::error!(error = %e, "server stopped");
            }
        });
        Ok(Self {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Stops serving and waits for the thread to end.
    pub fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Creates a patient account (a profile on the gateway) whose holder is
/// `owner`, and the first pairing code of the holder's devices.
pub fn new_account(state: &AppState, owner: &str) -> anyhow::Result<(String, String)> {
    let owner = http::person_name(owner)
        .ok_or_else(|| anyhow::anyhow!("a holder's name of 1 to 100 characters"))?;
    let id = auth::new_id();
    state.hub.storage().create_profile(&id, &owner)?;
    let (code, _) = issue_pairing_code(state, &id, None)?;
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
