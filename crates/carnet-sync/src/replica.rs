//! What a local replica offers the sync client: the vault implements it.

use crate::Touched;

/// A document's content, addressed by the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BlobRef {
    pub sha256: String,
    pub size: u64,
}

/// A profile replica the client can sync: the document side, persisted per
/// peer, and the blob side.
pub trait Replica {
    type Error: std::error::Error + Send + Sync + 'static;

    /// The next sync message for `peer`, `None` if there is nothing to send.
    fn generate_message(&mut self, peer: &str) -> Result<Option<Vec<u8>>, Self::Error>;
    /// Applies the peer's message and persists the changes, the derived rows
    /// and the peer's sync state together.
    fn receive_message(&mut self, peer: &str, message: &[u8]) -> Result<Touched, Self::Error>;
    /// Forgets in-flight protocol state (after a connection error), keeping
    /// what both sides are known to share.
    fn reset_peer(&mut self, peer: &str) -> Result<(), Self::Error>;
    /// Content this replica has locally (candidates for upload).
    fn local_blobs(&mut self) -> Result<Vec<BlobRef>, Self::Error>;
    /// Content referenced by the document but not here yet.
    fn missing_blobs(&mut self) -> Result<Vec<BlobRef>, Self::Error>;
    /// The bytes of a local blob (held in memory only, wiped by the caller).
    fn read_blob(&mut self, blob: &BlobRef) -> Result<Vec<u8>, Self::Error>;
    /// Stores downloaded content; the replica checks its hash again.
    fn store_blob(&mut self, blob: &BlobRef, bytes: &[u8]) -> Result<(), Self::Error>;
}
