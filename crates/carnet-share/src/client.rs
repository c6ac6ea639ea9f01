//! The relay client (feature `client`): create, revoke, read the access log.

use std::time::Duration;

use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};

use crate::relay::{
    Created, RelayStatus, EXPIRES_IN_HEADER, MAX_OPENS_HEADER, PIN_VERIFIER_HEADER, QUOTA_ERROR,
};
use crate::{normalize_relay, Error, Result};

/// A client of one relay.
#[derive(Clone)]
pub struct RelayClient {
    http: Client,
    base: String,
    /// The token of a device linked to an account on the relay: creating a
    /// share needs it (owner tokens cover the rest).
    device_token: Option<SecretString>,
}

// The device token opens the account: never in a log line.
impl std::fmt::Debug for RelayClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelayClient")
            .field("base", &self.base)
            .field("linked", &self.device_token.is_some())
            .finish_non_exhaustive()
    }
}

impl RelayClient {
    /// A client of the relay at `address` (`http(s)://host[:port]`).
    pub fn new(address: &str) -> Result<Self> {
        let http = Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(300))
            .user_agent(concat!("carnet/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Offline(e.to_string()))?;
        Ok(Self {
            http,
            base: normalize_relay(address)?,
            device_token: None,
        })
    }

    /// The same client, creating shares as the device with this token.
    pub fn with_device_token(mut self, token: SecretString) -> Self {
        self.device_token = Some(token);
        self
    }

    /// The relay's normalised address.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Uploads a sealed share as the linked device (see
    /// [`Self::with_device_token`]); the relay sets the expiry from its own
    /// clock and counts the bytes against the device's account.
    pub fn create(
        &self,
        ciphertext: Vec<u8>,
        expires_in: Duration,
        max_opens: Option<u32>,
        pin_verifier: Option<&str>,
    ) -> Result<Created> {
        let mut request = self
            .http
            .post(format!("{}/v1/shares", self.base))
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .header(EXPIRES_IN_HEADER, expires_in.as_secs().to_string());
        if let Some(n) = max_opens {
            request = request.header(MAX_OPENS_HEADER, n.to_string());
        }
        if let Some(v) = pin_verifier {
            request = request.header(PIN_VERIFIER_HEADER, v);
        }
        let Some(token) = &self.device_token else {
            return Err(Error::Unauthorized);
        };
        let response = request
            .bearer_auth(token.expose_secret())
            .body(ciphertext)
            .send()
            .map_err(offline)?;
        let created: Created = check(response)?
            .json()
            .map_err(|e| relay_error(0, e.to_string()))?;
        // The id goes into URLs and the vault: a relay cannot choose a path.
        if !crate::link::is_share_id(&created.id)
            || created.owner_token.is_empty()
            || created.owner_token.len() > 256
            || !created.owner_token.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(relay_error(
                0,
                "the relay answered with an invalid share id".into(),
            ));
        }
        Ok(created)
    }

    /// Withdraws a share: the relay deletes its ciphertext at once.
    pub fn revoke(&self, id: &str, owner_token: &str) -> Result<()> {
        let response = self
            .http
            .delete(format!("{}/v1/shares/{id}", self.base))
            .bearer_auth(owner_token)
            .send()
            .map_err(offline)?;
        check(response).map(|_| ())
    }

    /// The share's state and every access to it.
    pub fn status(&self, id: &str, owner_token: &str) -> Result<RelayStatus> {
        let response = self
            .http
            .get(format!("{}/v1/shares/{id}/accesses", self.base))
            .bearer_auth(owner_token)
            .send()
            .map_err(offline)?;
        check(response)?
            .json()
            .map_err(|e| relay_error(0, e.to_string()))
    }
}

fn offline(e: reqwest::Error) -> Error {
    Error::Offline(e.to_string())
}

fn relay_error(status: u16, message: String) -> Error {
    Error::Relay { status, message }
}

fn check(response: Response) -> Result<Response> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    if status == StatusCode::NOT_FOUND {
        return Err(Error::NotFound);
    }
    if status == StatusCode::UNAUTHORIZED {
        return Err(Error::Unauthorized);
    }
    let body = response.json::<serde_json::Value>().ok();
    let field = |name: &str| {
        body.as_ref()
            .and_then(|v| v.get(name)?.as_str().map(str::to_string))
    };
    if field("error").as_deref() == Some(QUOTA_ERROR) {
        return Err(Error::Quota);
    }
    let message = field("message").unwrap_or_else(|| status.to_string());
    Err(relay_error(status.as_u16(), message))
}
