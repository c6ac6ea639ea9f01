//! The share-link relay for real on loopback: shares made by the real
//! client, opened over HTTP, counted exactly under concurrency, ended by
//! expiry (the relay's clock moved forward), by the last open, by revoking
//! and by wrong PINs, all looking the same from outside; the secret never on
//! the wire; age interop and the C2SP vectors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fixture;
mod interop;
mod proxy;
mod relay;

use std::sync::Arc;

use carnet_server::{Background, Limits, ManualClock};
use carnet_share::client::RelayClient;
use reqwest::blocking::{Client, Response};
use tempfile::TempDir;

/// A relay with a movable clock and its own data folder.
#[allow(missing_debug_implementations)]
pub struct Relay {
    pub dir: TempDir,
    pub clock: Arc<ManualClock>,
    pub state: Arc<carnet_server::AppState>,
    pub server: Background,
    /// Linked to an account on the relay: it can create shares.
    pub client: RelayClient,
    pub device_token: String,
}

impl Relay {
    pub fn start() -> Self {
        Self::start_with(Limits {
            opens_per_second: 10_000.0,
            opens_burst: 10_000.0,
            creates_per_second: 10_000.0,
            creates_burst: 10_000.0,
            ..Limits::default()
        })
    }

    pub fn start_with(limits: Limits) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new());
        let state = carnet_server::open_with_clock(dir.path(), limits, clock.clone()).unwrap();
        let server = Background::start(state.clone(), "127.0.0.1:0".parse().unwrap()).unwrap();
        let (client, device_token) =
            fixture::linked_client(&state, &format!("http://{}", server.addr));
        Self {
            dir,
            clock,
            state,
            server,
            client,
            device_token,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.server.addr)
    }

    /// `POST /v1/shares/{id}/open` with an optional PIN proof.
    pub fn open(&self, id: &str, pin_proof: Option<&str>) -> Response {
        self.open_from(id, pin_proof, None)
    }

    /// The same, as forwarded by a reverse proxy for client `from` (believed
    /// only by a relay started with `trusted_proxy` = 127.0.0.1).
    pub fn open_from(&self, id: &str, pin_proof: Option<&str>, from: Option<&str>) -> Response {
        let body = match pin_proof {
            Some(p) => serde_json::json!({ "pin_proof": p }),
            None => serde_json::json!({}),
        };
        let mut request = Client::new()
            .post(self.url(&format!("/v1/shares/{id}/open")))
            .header(
                "user-agent",
                "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36",
            );
        if let Some(from) = from {
            request = request.header("x-forwarded-for", from);
        }
        request.json(&body).send().unwrap()
    }

    /// Files of ciphertext the relay holds.
    pub fn stored_shares(&self) -> usize {
        std::fs::read_dir(self.dir.path().join("shares"))
            .unwrap()
            .count()
    }

    /// A client of this relay at `base` (another address reaching it),
    /// linked as [`Self::client`] is.
    pub fn client_at(&self, base: &str) -> RelayClient {
        RelayClient::new(base)
            .unwrap()
            .with_device_token(secrecy::SecretString::from(self.device_token.clone()))
    }
}
