//! The HTTP client of the gateway (blocking reqwest over rustls): pairing,
//! the sync message loop, content up and down by hash, resumable, with
//! progress and cancel.
//!
//! Every received message is applied and persisted atomically by the
//! [`Replica`], so a sync cut at any byte leaves a consistent replica and the
//! next sync sends only what is still missing.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use reqwest::blocking::{Client, Response};
use reqwest::header::{AUTHORIZATION, CONTENT_RANGE, CONTENT_TYPE, RANGE};
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::protocol::{BLOB_CHUNK_BYTES, MAX_MESSAGE_BYTES, MAX_ROUNDS, SYNC_CONTENT_TYPE};
use crate::{BlobRef, Replica};

mod people;
pub use people::{accept_invitation, preview_invitation};

/// Why a sync or a pairing did not finish. Nothing local is lost in any case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// The gateway could not be reached (no network, server down, cut).
    #[error("the server cannot be reached: {0}")]
    Offline(String),
    /// The device token is unknown or was revoked: pair again.
    #[error("this device is no longer paired")]
    Unauthorized,
    /// The pairing code is unknown, used or expired.
    #[error("unknown, used or expired pairing code")]
    InvalidCode,
    /// The owner (or a co-parent) withdrew this person's access: the local
    /// copy of the profile is to be erased.
    /// `deleted`: the owner deleted the profile itself.
    #[error("access withdrawn by {by}")]
    /// `device`: only this computer was withdrawn (lost or sold).
    Withdrawn {
        by: String,
        deleted: bool,
        device: bool,
    },
    /// The person's role does not allow this (the gateway's message).
    #[error("not allowed for this role: {0}")]
    Forbidden(String),
    /// The server refused the request or failed.
    #[error("the server answered {status}: {message}")]
    Server { status: u16, message: String },
    /// The server's answer is not what the protocol allows.
    #[error("unexpected answer from the server: {0}")]
    Protocol(String),
    /// The user cancelled; what was already received is kept.
    #[error("cancelled")]
    Cancelled,
    /// The local replica failed (disk full, damaged vault…).
    #[error(transparent)]
    Local(Box<dyn std::error::Error + Send + Sync>),
}

impl ClientError {
    /// Errors worth an automatic retry (the network, the server restarting).
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Offline(_) => true,
            Self::Server { status, .. } => *status >= 500 || *status == 429,
            _ => false,
        }
    }
}

pub(crate) fn offline(e: reqwest::Error) -> ClientError {
    ClientError::Offline(e.to_string())
}

/// What a sync is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "SyncPhase")]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Records,
    Upload,
    Download,
}

/// Progress of a sync: bytes both ways and items (documents) done/total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "SyncProgress")]
pub struct Progress {
    pub phase: Phase,
    pub bytes_sent: u64,
    pub bytes_received: u64,
    pub items_done: u64,
    pub items_total: u64,
}

/// What a finished sync did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SyncReport {
    pub rounds: u32,
    pub bytes_sent: u64,
    pub bytes_received: u64,
    pub records_changed: u64,
    pub documents_changed: u64,
    pub uploaded: u64,
    pub downloaded: u64,
    /// Documents whose content the server does not have yet either.
    pub still_missing: u64,
    /// Documents left for a later sync: this one had a download budget
    /// (a background sync) and spent it.
    pub deferred: u64,
}

/// The answer to a pairing.
#[derive(Clone, Deserialize)]
pub struct Paired {
    pub profile_id: String,
    pub token: String,
    /// Who the profile is about, when the account's devices have sent it.
    #[serde(default)]
    pub details: Option<carnet_model::ProfileInfo>,
}

/// A client of one gateway for one profile.
#[derive(Clone)]
pub struct SyncClient {
    pub(crate) http: Client,
    pub(crate) base: String,
    profile: String,
    token: String,
    /// Bytes of document content one sync may download (`None`: all).
    download_budget: Option<u64>,
}

// The device token opens the profile on the gateway: never in a log line.
impl std::fmt::Debug for Paired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paired")
            .field("profile_id", &self.profile_id)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for SyncClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncClient")
            .field("base", &self.base)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

pub(crate) fn http_client() -> Result<Client, ClientError> {
    Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(120))
        .user_agent(concat!("carnet/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(offline)
}

/// Checks and normalises a server address: `https://host[:port]`, or
/// `http://` on this computer only (a gateway on loopback, as in tests), since
/// the device token and health data must never cross a network in clear.
pub fn normalize_server(address: &str) -> Result<String, ClientError> {
    let trimmed = address.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed)
        .map_err(|_| ClientError::Protocol("not a web address".into()))?;
    let secure = match (url.scheme(), url.host_str()) {
        ("https", Some(_)) => true,
        ("http", Some(host)) => is_loopback(host),
        _ => return Err(ClientError::Protocol("not a web address".into())),
    };
    if !secure {
        return Err(ClientError::Protocol(
            "an address on another computer must start with https://".into(),
        ));
    }
    Ok(trimmed.to_string())
}

/// Whether a URL's host is this computer (`localhost`, 127.0.0.0/8, `[::1]`).
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Exchanges a one-time pairing code for a device token.
pub fn pair(server: &str, code: &str, device_name: &str) -> Result<Paired, ClientError> {
    let base = normalize_server(server)?;
    let response = http_client()?
        .post(format!("{base}/v1/pair"))
        .json(&serde_json::json!({ "code": code, "device_name": device_name }))
        .send()
        .map_err(offline)?;
    if response.status() == StatusCode::UNAUTHORIZED {
        return Err(ClientError::InvalidCode);
    }
    check(response)?
        .json()
        .map_err(|e| ClientError::Protocol(e.to_string()))
}

/// Turns a non-success status into an error.
pub(crate) fn check(response: Response) -> Result<Response, ClientError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    if status == StatusCode::UNAUTHORIZED {
        return Err(ClientError::Unauthorized);
    }
    let body = response.json::<serde_json::Value>().unwrap_or_default();
    let text = |key: &str| body.get(key).and_then(|m| m.as_str()).map(str::to_string);
    let message = text("message").unwrap_or_default();
    if status == StatusCode::FORBIDDEN {
        match text("error").as_deref() {
            Some("access_withdrawn") => {
                return Err(ClientError::Withdrawn {
                    by: text("by").unwrap_or_default(),
                    deleted: body.get("deleted").and_then(|d| d.as_bool()) == Some(true),
                    device: body.get("device").and_then(|d| d.as_bool()) == Some(true),
                })
            }
            Some("outside_role") => return Err(ClientError::Forbidden(message)),
            _ => {}
        }
    }
    Err(ClientError::Server {
        status: status.as_u16(),
        message,
    })
}

fn local<E: std::error::Error + Send + Sync + 'static>(e: E) -> ClientError {
    ClientError::Local(Box::new(e))
}

impl SyncClient {
    pub fn new(server: &str, profile: &str, token: &str) -> Result<Self, ClientError> {
        Ok(Self {
            http: http_client()?,
            base: normalize_server(server)?,
            profile: profile.to_string(),
            token: token.to_string(),
            download_budget: None,
        })
    }

    /// Bounds the document content each sync downloads: once `bytes` are
    /// spent, the remaining documents wait for a later sync (counted in
    /// [`SyncReport::deferred`]). Records always sync in full.
    pub fn with_download_budget(mut self, bytes: u64) -> Self {
        self.download_budget = Some(bytes);
        self
    }

    /// The heads of the gateway's copy (hex, sorted): equal to the heads of
    /// the last sync here, with nothing stored since, there is nothing to
    /// exchange. One small request; the device's contact is recorded.
    pub fn heads(&self) -> Result<Vec<String>, ClientError> {
        #[derive(Deserialize)]
        struct Heads {
            heads: Vec<String>,
        }
        let response = self
            .http
            .get(self.url("heads"))
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        let mut heads: Heads = check(response)?
            .json()
            .map_err(|e| ClientError::Protocol(e.to_string()))?;
        heads.heads.sort();
        Ok(heads.heads)
    }

    /// Downloads document content still missing here (within the budget),
    /// without a message exchange: for a replica already in step.
    pub fn download_missing<R: Replica>(
        &self,
        replica: &mut R,
        cancel: &AtomicBool,
    ) -> Result<SyncReport, ClientError> {
        let mut report = SyncReport::default();
        self.download(replica, &mut report, &mut |_| {}, cancel)?;
        Ok(report)
    }

    /// The name the replica keeps this peer's sync state under.
    pub fn peer(&self) -> String {
        format!("{}#{}", self.base, self.profile)
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}/v1/profiles/{}/{path}", self.base, self.profile)
    }

    pub(crate) fn auth(&self) -> String {
        format!("Bearer {}", self.token)
    }

    /// Revokes this device's token on the server.
    pub fn unpair(&self) -> Result<(), ClientError> {
        let response = self
            .http
            .delete(format!("{}/v1/devices/current", self.base))
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        check(response).map(|_| ())
    }

    /// A new one-time pairing code for another device of the same patient.
    pub fn pairing_code(&self) -> Result<String, ClientError> {
        let response = self
            .http
            .post(self.url("pairing-codes"))
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        let value: serde_json::Value = check(response)?
            .json()
            .map_err(|e| ClientError::Protocol(e.to_string()))?;
        value["code"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| ClientError::Protocol("no code".into()))
    }

    /// The professionals who may read this profile through the national space.
    pub fn allowed_professionals(&self) -> Result<Vec<crate::AllowedProfessional>, ClientError> {
        let response = self
            .http
            .get(self.url("professionals"))
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        check(response)?
            .json()
            .map_err(|e| ClientError::Protocol(e.to_string()))
    }

    /// Authorises (`allow`) or withdraws a professional, by RPPS number
    /// (11 digits, checked by the caller).
    pub fn decide_professional(&self, rpps: &str, allow: bool) -> Result<(), ClientError> {
        if rpps.len() != 11 || !rpps.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ClientError::Protocol("not an RPPS number".into()));
        }
        let url = self.url(&format!("professionals/{rpps}"));
        let request = if allow {
            self.http.put(url)
        } else {
            self.http.delete(url)
        };
        let response = request
            .header(AUTHORIZATION, self.auth())
            .send()
            .map_err(offline)?;
        check(response).map(|_| ())
    }

    /// Syncs, retrying transient failures up to `attempts` times in all.
    pub fn sync_with_retries<R: Replica>(
        &self,
        replica: &mut R,
        attempts: u32,
        progress: &mut dyn FnMut(&Progress),
        cancel: &AtomicBool,
    ) -> Result<SyncReport, ClientError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.sync(replica, progress, cancel) {
                // A request that failed while the user was stopping the sync
                // ends it as they asked, not as a server error.
                Err(_) if cancel.load(Ordering::Relaxed) => return Err(ClientError::Cancelled),
                Err(e) if e.is_transient() && attempt < attempts => {
                    std::thread::sleep(Duration::from_millis(200 * u64::from(attempt)));
                }
                other => return other,
            }
        }
    }

    /// One full sync: message rounds until neither side has anything to
    /// send, then content up, then content down.
    pub fn sync<R: Replica>(
        &self,
        replica: &mut R,
        progress: &mut dyn FnMut(&Progress),
        cancel: &AtomicBool,
    ) -> Result<SyncReport, ClientError> {
        let peer = self.peer();
        // What was in flight in an earlier, interrupted sync may never have arrived.
        replica.reset_peer(&peer).map_err(local)?;
        let mut report = SyncReport::default();
        let result = self.exchange(replica, &peer, &mut report, progress, cancel);
        if result.is_err() {
            let _ = replica.reset_peer(&peer);
        }
        result?;
        self.upload(replica, &mut report, progress, cancel)?;
        self.download(replica, &mut report, progress, cancel)?;
        Ok(report)
    }

    fn exchange<R: Replica>(
        &self,
        replica: &mut R,
        peer: &str,
        report: &mut SyncReport,
        progress: &mut dyn FnMut(&Progress),
        cancel: &AtomicBool,
    ) -> Result<(), ClientError> {
        for _ in 0..MAX_ROUNDS {
            if cancel.load(Ordering::Relaxed) {
                return Err(ClientError::Cancelled);
            }
            let Some(message) = replica.generate_message(peer).map_err(local)? else {
                return Ok(());
            };
            report.rounds += 1;
            report.bytes_sent += message.len() as u64;
            let response = self
                .http
                .post(self.url("sync"))
                .header(AUTHORIZATION, self.auth())
                .header(CONTENT_TYPE, SYNC_CONTENT_TYPE)
                .body(message)
                .send()
                .map_err(offline)?;
            let reply = check(response)?.bytes().map_err(offline)?;
            if reply.len() > MAX_MESSAGE_BYTES {
                return Err(ClientError::Protocol("oversized sync message".into()));
            }
            report.bytes_received += reply.len() as u64;
            if !reply.is_empty() {
                let touched = replica.receive_message(peer, &reply).map_err(local)?;
                report.records_changed += touched.records.len() as u64;
                report.documents_changed += touched.documents.len() as u64;
            }
            progress(&Progress {
                phase: Phase::Records,
                bytes_sent: report.bytes_sent,
                bytes_received: report.bytes_received,
                items_done: 0,
                items_total: 0,
            });
        }
        Err(ClientError::Protocol(format!(
            "no agreement after {MAX_ROUNDS} rounds"
        )))
    }

    fn upload<R: Replica>(
        &self,
        replica: &mut R,
        report: &mut SyncReport,
        progress: &mut dyn FnMut(&Progress),
        cancel: &AtomicBool,
    ) -> Result<(), ClientError> {
        let local_blobs = replica.local_blobs().map_err(local)?;
        if local_blobs.is_empty() {
            return Ok(());
        }
        #[derive(Deserialize)]
        struct Missing {
            sha256: String,
            offset: u64,
        }
        #[derive(Deserialize)]
        struct MissingList {
            missing: Vec<Missing>,
        }
        let mut missing = Vec::new();
        for batch in local_blobs.chunks(1000) {
            let hashes: Vec<&str> = batch.iter().map(|b| b.sha256.as_str()).collect();
            let response = self
                .http
                .post(self.url("blobs/missing"))
                .header(AUTHORIZATION, self.auth())
                .json(&serde_json::json!({ "hashes": hashes }))
                .send()
                .map_err(offline)?;
            let list: MissingList = check(response)?
                .json()
                .map_err(|e| ClientError::Protocol(e.to_string()))?;
            missing.extend(list.missing);
        }
        let total = missing.len() as u64;
        if total > 0 {
            progress(&Progress {
                phase: Phase::Upload,
                bytes_sent: report.bytes_sent,
                bytes_received: report.bytes_received,
                items_done: 0,
                items_total: total,
            });
        }
        for (done, item) in missing.into_iter().enumerate() {
            let Some(blob) = local_blobs.iter().find(|b| b.sha256 == item.sha256) else {
                continue;
            };
            let bytes = zeroize::Zeroizing::new(replica.read_blob(blob).map_err(local)?);
            self.upload_one(blob, &bytes, item.offset, report, cancel)?;
            report.uploaded += 1;
            progress(&Progress {
                phase: Phase::Upload,
                bytes_sent: report.bytes_sent,
                bytes_received: report.bytes_received,
                items_done: done as u64 + 1,
                items_total: total,
            });
        }
        Ok(())
    }

    /// Sends content chunk by chunk from `offset`, following the server's
    /// offset if it already holds more (an earlier, cut upload).
    fn upload_one(
        &self,
        blob: &BlobRef,
        bytes: &[u8],
        mut offset: u64,
        report: &mut SyncReport,
        cancel: &AtomicBool,
    ) -> Result<(), ClientError> {
        let total = bytes.len() as u64;
        if total == 0 {
            return Err(ClientError::Protocol("empty document".into()));
        }
        while offset < total {
            if cancel.load(Ordering::Relaxed) {
                return Err(ClientError::Cancelled);
            }
            let start = offset as usize;
            let end = (start + BLOB_CHUNK_BYTES).min(bytes.len());
            let response = self
                .http
                .put(self.url(&format!("blobs/{}", blob.sha256)))
                .header(AUTHORIZATION, self.auth())
                .header(CONTENT_RANGE, format!("bytes {start}-{}/{total}", end - 1))
                .body(bytes[start..end].to_vec())
                .send()
                .map_err(offline)?;
            #[derive(Deserialize)]
            struct Offset {
                offset: u64,
            }
            if response.status() == StatusCode::CONFLICT {
                let at: Offset = response
                    .json()
                    .map_err(|e| ClientError::Protocol(e.to_string()))?;
                offset = at.offset;
                continue;
            }
            let at: Offset = check(response)?
                .json()
                .map_err(|e| ClientError::Protocol(e.to_string()))?;
            report.bytes_sent += (end - start) as u64;
            offset = at.offset;
        }
        Ok(())
    }

    fn download<R: Replica>(
        &self,
        replica: &mut R,
        report: &mut SyncReport,
        progress: &mut dyn FnMut(&Progress),
        cancel: &AtomicBool,
    ) -> Result<(), ClientError> {
        let missing = replica.missing_blobs().map_err(local)?;
        let total = missing.len() as u64;
        if total > 0 {
            // Say what comes next before the first document arrives.
            progress(&Progress {
                phase: Phase::Download,
                bytes_sent: report.bytes_sent,
                bytes_received: report.bytes_received,
                items_done: 0,
                items_total: total,
            });
        }
        let mut spent = 0u64;
        for (done, blob) in missing.iter().enumerate() {
            if self.download_budget.is_some_and(|budget| spent >= budget) {
                report.deferred = total - done as u64;
                break;
            }
            spent += blob.size;
            match self.download_one(blob, report, cancel)? {
                Some(bytes) => {
                    replica.store_blob(blob, &bytes).map_err(local)?;
                    report.downloaded += 1;
                }
                None => report.still_missing += 1,
            }
            progress(&Progress {
                phase: Phase::Download,
                bytes_sent: report.bytes_sent,
                bytes_received: report.bytes_received,
                items_done: done as u64 + 1,
                items_total: total,
            });
        }
        Ok(())
    }

    /// The content in memory (never in a plaintext file), checked against
    /// its hash; `None` if the server does not have it (yet).
    fn download_one(
        &self,
        blob: &BlobRef,
        report: &mut SyncReport,
        cancel: &AtomicBool,
    ) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, ClientError> {
        let mut bytes =
            zeroize::Zeroizing::new(Vec::with_capacity(blob.size.min(1 << 26) as usize));
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Err(ClientError::Cancelled);
            }
            let start = bytes.len() as u64;
            let end = start + BLOB_CHUNK_BYTES as u64 - 1;
            // A cut connection resumes at the same byte (a few times) rather
            // than starting the document over.
            let mut tries = 0;
            let chunk = loop {
                tries += 1;
                match self.fetch_range(blob, start, end) {
                    Err(e) if e.is_transient() && tries < 4 && !cancel.load(Ordering::Relaxed) => {
                        continue
                    }
                    other => break other?,
                }
            };
            let Some(chunk) = chunk else {
                return Ok(None);
            };
            report.bytes_received += chunk.len() as u64;
            if chunk.is_empty() || bytes.len() as u64 + chunk.len() as u64 > blob.size {
                return Err(ClientError::Protocol(
                    "content longer or shorter than announced".into(),
                ));
            }
            append_wiping(&mut bytes, &chunk);
            if bytes.len() as u64 == blob.size {
                break;
            }
        }
        if hex::encode(Sha256::digest(&bytes[..])) != blob.sha256 {
            return Err(ClientError::Protocol(
                "content does not match its hash".into(),
            ));
        }
        Ok(Some(bytes))
    }

    fn fetch_range(
        &self,
        blob: &BlobRef,
        start: u64,
        end: u64,
    ) -> Result<Option<bytes::Bytes>, ClientError> {
        let response = self
            .http
            .get(self.url(&format!("blobs/{}", blob.sha256)))
            .header(AUTHORIZATION, self.auth())
            .header(RANGE, format!("bytes={start}-{end}"))
            .send()
            .map_err(offline)?;
        if response.status() == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        check(response)?.bytes().map(Some).map_err(offline)
    }
}

/// Appends to a buffer of health data without leaving unwiped copies: when
/// the buffer must grow, it moves to a larger one and the old one is
/// zeroed on drop (a plain `Vec` growth would free it as it is).
fn append_wiping(buffer: &mut zeroize::Zeroizing<Vec<u8>>, chunk: &[u8]) {
    let needed = buffer.len() + chunk.len();
    if needed > buffer.capacity() {
        let mut larger = zeroize::Zeroizing::new(Vec::with_capacity(
            needed.max(buffer.capacity().saturating_mul(2)),
        ));
        larger.extend_from_slice(buffer);
        *buffer = larger;
    }
    buffer.extend_from_slice(chunk);
}

#[cfg(test)]
mod tests {
    use super::{append_wiping, normalize_server};

    #[test]
    fn plain_http_is_for_this_computer_only() {
        for ok in [
            "https://espace.example",
            "http://127.0.0.1:8787/",
            "http://localhost:1",
            "http://[::1]:2",
        ] {
            assert!(normalize_server(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://espace.example",
            "http://192.168.1.10:8787",
            "ftp://espace.example",
            "espace.example",
        ] {
            assert!(normalize_server(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn growing_keeps_every_byte_in_order() {
        let mut buffer = zeroize::Zeroizing::new(Vec::with_capacity(2));
        for chunk in [&b"ab"[..], b"cde", b"", b"fghij"] {
            append_wiping(&mut buffer, chunk);
        }
        assert_eq!(&buffer[..], b"abcdefghij");
    }
}
