//! A session's national space and share relay: one real carnet-server on
//! loopback, reached through two doors (one for the gateway's address, one
//! for the relay's) that a test can close, and a hold on the gateway's
//! requests of one sync phase.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Weak};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use carnet_commands::Shell;
use carnet_server::clock::ManualClock;
use carnet_server::AppState;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Which requests a held phase stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Records,
    Upload,
    Download,
}

fn phase_of(method: &Method, path: &str) -> Option<Phase> {
    let rest = path.strip_prefix("/v1/profiles/")?;
    let (_, what) = rest.split_once('/')?;
    match (method, what) {
        (&Method::POST, "sync") => Some(Phase::Records),
        (&Method::POST, "blobs/missing") => Some(Phase::Upload),
        (&Method::PUT, w) if w.starts_with("blobs/") => Some(Phase::Upload),
        (&Method::GET, w) if w.starts_with("blobs/") => Some(Phase::Download),
        _ => None,
    }
}

/// The hold, and the page's shell (to hear its cancel).
#[derive(Debug)]
struct Hold {
    phase: watch::Receiver<Option<Phase>>,
    shell: Weak<Shell>,
}

async fn hold(State(hold): State<Arc<Hold>>, request: Request, next: Next) -> Response {
    if let Some(phase) = phase_of(request.method(), request.uri().path()) {
        let mut held = hold.phase.clone();
        while *held.borrow_and_update() == Some(phase) {
            // A cancelled sync must not wait forever on its request: the
            // request fails, as a cut would, and the app sees its cancel.
            if hold
                .shell
                .upgrade()
                .is_none_or(|s| s.sync_cancel_requested())
            {
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
            let _ = tokio::time::timeout(Duration::from_millis(50), held.changed()).await;
        }
    }
    next.run(request).await
}

/// A door in front of the server: closed, it cuts every connection.
#[derive(Debug)]
pub struct Door {
    open: watch::Sender<bool>,
    pub addr: SocketAddr,
}

impl Door {
    async fn start(upstream: SocketAddr) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (open, opened) = watch::channel(true);
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let mut opened = opened.clone();
                if !*opened.borrow_and_update() {
                    continue; // dropped: the connection is refused at once
                }
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = opened.wait_for(|open| !open) => {}
                    }
                });
            }
        });
        Ok(Self { open, addr })
    }

    pub fn set_open(&self, open: bool) {
        self.open.send_replace(open);
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// The server of one session.
#[derive(Debug)]
pub struct Server {
    pub state: Arc<AppState>,
    pub clock: Arc<ManualClock>,
    /// Where the server itself listens (the other device goes there directly).
    pub addr: SocketAddr,
    pub gateway: Door,
    pub relay: Door,
    hold: watch::Sender<Option<Phase>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    pub async fn start(dir: &Path, shell: Weak<Shell>) -> anyhow::Result<Self> {
        let clock = Arc::new(ManualClock::new());
        let state = carnet_server::open_with_clock(dir, Default::default(), clock.clone())?;
        let (hold_phase, phase) = watch::channel(None);
        let held = Arc::new(Hold { phase, shell });
        let app = carnet_server::router(state.clone())
            .layer(from_fn_with_state(held, hold))
            .into_make_service_with_connect_info::<SocketAddr>();
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        Ok(Self {
            state,
            clock,
            addr,
            gateway: Door::start(addr).await?,
            relay: Door::start(addr).await?,
            hold: hold_phase,
            stop: Some(stop),
        })
    }

    pub fn hold(&self, phase: Option<Phase>) {
        self.hold.send_replace(phase);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
