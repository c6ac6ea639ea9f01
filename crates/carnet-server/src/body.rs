//! Request bodies are read only once the caller is known (token checked,
//! rate counted, headers valid) and within bounds: a declared length over
//! the route's limit is refused before a byte is read, a body must arrive
//! within a deadline, and large bodies (over 1 MiB) are admitted a few at a
//! time, per network and in total, so memory held by uploads stays under
//! `MAX_LARGE_IN_FLIGHT` × the largest route limit. A share's ciphertext
//! is not held at all: it streams to its file as it arrives.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use http_body_util::BodyExt;
use tokio::io::AsyncWriteExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::ApiError;

/// Bodies above this size take a slot.
pub const LARGE_BODY: usize = 1024 * 1024;
/// Large bodies read at once, in total.
pub const MAX_LARGE_IN_FLIGHT: usize = 16;
/// Large bodies read at once from one network (IPv4 address, IPv6 /64).
pub const MAX_LARGE_PER_NETWORK: usize = 2;
/// Time a whole body may take to arrive.
pub const BODY_DEADLINE: Duration = Duration::from_secs(120);

/// Admission of large bodies.
#[derive(Debug)]
pub struct BodyGate {
    total: std::sync::Arc<Semaphore>,
    per_network: Mutex<HashMap<String, usize>>,
}

impl Default for BodyGate {
    fn default() -> Self {
        Self {
            total: std::sync::Arc::new(Semaphore::new(MAX_LARGE_IN_FLIGHT)),
            per_network: Mutex::new(HashMap::new()),
        }
    }
}

/// A large body being read; frees its place when dropped.
struct Slot<'a> {
    gate: &'a BodyGate,
    network: String,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut map = self
            .gate
            .per_network
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(n) = map.get_mut(&self.network) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.network);
            }
        }
    }
}

fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

fn too_large(max: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        format!("the request body is larger than {max} bytes"),
    )
}

impl BodyGate {
    fn enter(&self, network: &str) -> Result<Slot<'_>, ApiError> {
        let mut map = self.per_network.lock().unwrap_or_else(|p| p.into_inner());
        let used = map.get(network).copied().unwrap_or(0);
        if used >= MAX_LARGE_PER_NETWORK {
            return Err(ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "too many uploads at once from this network",
            ));
        }
        let permit = self.total.clone().try_acquire_owned().map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "the server is receiving many uploads: try again in a moment",
            )
        })?;
        map.insert(network.to_string(), used + 1);
        Ok(Slot {
            gate: self,
            network: network.to_string(),
            _permit: permit,
        })
    }

    /// A slot for a body of at most `max` bytes, if it is large; refuses a
    /// declared length over `max` at once.
    fn admit(
        &self,
        network: &str,
        headers: &HeaderMap,
        max: usize,
    ) -> Result<Option<Slot<'_>>, ApiError> {
        let declared = declared_length(headers);
        if declared.is_some_and(|len| len > max as u64) {
            return Err(too_large(max));
        }
        let large = declared.map_or(max > LARGE_BODY, |len| len > LARGE_BODY as u64);
        if large {
            self.enter(network).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Reads a whole body of at most `max` bytes from `network`.
    pub async fn read(
        &self,
        network: &str,
        headers: &HeaderMap,
        body: Body,
        max: usize,
    ) -> Result<Bytes, ApiError> {
        let _slot = self.admit(network, headers, max)?;
        match tokio::time::timeout(BODY_DEADLINE, axum::body::to_bytes(body, max)).await {
            Ok(Ok(bytes)) => Ok(bytes),
            Ok(Err(_)) => Err(too_large(max)),
            Err(_) => Err(timed_out()),
        }
    }

    /// Writes a body of at most `max` bytes from `network` to a new file at
    /// `path` as it arrives (memory holds one frame at a time), flushed to
    /// disk. Returns the file (removed when dropped unless kept), its length
    /// and its first `keep` bytes. Nothing is left at `path` on failure.
    pub async fn stream_to_file(
        &self,
        network: &str,
        headers: &HeaderMap,
        body: Body,
        max: usize,
        path: &Path,
        keep: usize,
    ) -> Result<Received, ApiError> {
        let _slot = self.admit(network, headers, max)?;
        let mut received = Received {
            file: TempFile::new(path.to_path_buf()),
            len: 0,
            start: Vec::new(),
        };
        let stored = |e: std::io::Error| {
            tracing::error!(error = %e, "writing an upload failed");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "storage",
                "storage failure",
            )
        };
        let mut file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .await
            .map_err(stored)?;
        let copy = async {
            let mut body = body;
            while let Some(frame) = body.frame().await {
                let frame = frame.map_err(|_| too_large(max))?;
                let Ok(data) = frame.into_data() else {
                    continue;
                };
                received.len += data.len() as u64;
                if received.len > max as u64 {
                    return Err(too_large(max));
                }
                let wanted = keep.saturating_sub(received.start.len()).min(data.len());
                received.start.extend_from_slice(&data[..wanted]);
                file.write_all(&data).await.map_err(stored)?;
            }
            file.sync_all().await.map_err(stored)
        };
        match tokio::time::timeout(BODY_DEADLINE, copy).await {
            Ok(Ok(())) => Ok(received),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(timed_out()),
        }
    }
}

fn timed_out() -> ApiError {
    ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        "body_timeout",
        "the request body did not arrive in time",
    )
}

/// A file on its way in: removed when dropped (a refused or cut-off body,
/// an attachment of a deposit that failed), unless kept.
#[derive(Debug)]
pub struct TempFile(Option<PathBuf>);

impl TempFile {
    pub fn new(path: PathBuf) -> Self {
        Self(Some(path))
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        self.0.as_deref().unwrap_or(Path::new(""))
    }

    /// Keeps the file: it is no longer removed on drop.
    pub fn keep(mut self) -> PathBuf {
        self.0.take().unwrap_or_default()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A body written to a file by [`BodyGate::stream_to_file`].
#[derive(Debug)]
pub struct Received {
    pub file: TempFile,
    pub len: u64,
    /// Its first bytes.
    pub start: Vec<u8>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_network_gets_two_large_slots_and_everyone_sixteen() {
        let gate = BodyGate::default();
        let a1 = gate.enter("a").unwrap();
        let _a2 = gate.enter("a").unwrap();
        assert!(gate.enter("a").is_err());
        drop(a1);
        let _a3 = gate.enter("a").unwrap();
        let others: Vec<_> = (0..MAX_LARGE_IN_FLIGHT - 2)
            .map(|i| gate.enter(&format!("n{i}")).unwrap())
            .collect();
        assert!(gate.enter("late").is_err());
        drop(others);
        assert!(gate.enter("late").is_ok());
    }
}
