//! The sync protocol's messages and limits, shared by the client and the
//! gateway. Outside bytes are size-checked before decoding, and decoding or
//! applying them never takes the process down (automerge has panicked on
//! malformed input before: upstream issue #855).

use std::panic::{catch_unwind, AssertUnwindSafe};

use automerge::sync::{Message, State, SyncDoc};

use crate::{Error, ProfileDoc, Result};

/// Largest sync message either side accepts.
pub const MAX_MESSAGE_BYTES: usize = 16 * 1024 * 1024;
/// Largest encoded per-peer sync state accepted from storage.
pub const MAX_STATE_BYTES: usize = 1024 * 1024;
/// Rounds after which a sync gives up instead of looping.
pub const MAX_ROUNDS: usize = 64;
/// Content type of sync messages on the wire.
pub const SYNC_CONTENT_TYPE: &str = "application/x-automerge-sync";
/// Size of blob chunks on the wire.
pub const BLOB_CHUNK_BYTES: usize = 512 * 1024;

/// The next message for `peer`, encoded; `None` when there is nothing to say.
/// A state that makes automerge panic (it came from outside once) is
/// replaced by a fresh one: the sync costs more bytes but stays correct.
pub fn generate(doc: &mut ProfileDoc, state: &mut State) -> Option<Vec<u8>> {
    let attempt = catch_unwind(AssertUnwindSafe(|| {
        doc.inner()
            .sync()
            .generate_sync_message(state)
            .map(Message::encode)
    }));
    match attempt {
        Ok(message) => message,
        Err(_) => {
            *state = State::new();
            doc.inner()
                .sync()
                .generate_sync_message(state)
                .map(Message::encode)
        }
    }
}

/// Decodes a message from outside, checking its size first.
pub fn decode(bytes: &[u8]) -> Result<Message> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(Error::TooLarge {
            max: MAX_MESSAGE_BYTES as u64,
        });
    }
    match catch_unwind(|| Message::decode(bytes)) {
        Ok(Ok(message)) => Ok(message),
        Ok(Err(_)) => Err(Error::Malformed("not a sync message")),
        Err(_) => Err(Error::Malformed("undecodable sync message")),
    }
}

/// Applies a message from the peer. On any failure the document is left as
/// it was before the call (the caller reloads it if this returns an error
/// after a panic).
pub fn receive(doc: &mut ProfileDoc, state: &mut State, bytes: &[u8]) -> Result<()> {
    let message = decode(bytes)?;
    let result = catch_unwind(AssertUnwindSafe(|| {
        doc.inner().sync().receive_sync_message(state, message)
    }));
    match result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => Err(Error::Malformed("changes that do not apply")),
        Err(_) => Err(Error::Malformed("changes that do not apply")),
    }
}

/// A stored per-peer state; a damaged one is replaced by a fresh state
/// (the next sync then costs more bytes but stays correct). automerge
/// decodes unsorted or repeated heads that its encoder then refuses (found
/// by the `sync_state` fuzz target): they are put in order here.
pub fn decode_state(bytes: &[u8]) -> State {
    if bytes.len() > MAX_STATE_BYTES {
        return State::new();
    }
    match catch_unwind(|| State::decode(bytes)) {
        Ok(Ok(mut state)) => {
            state.shared_heads.sort();
            state.shared_heads.dedup();
            state
        }
        _ => State::new(),
    }
}

/// Encodes the part of a state worth keeping (the shared heads).
pub fn encode_state(state: &State) -> Vec<u8> {
    catch_unwind(AssertUnwindSafe(|| state.encode())).unwrap_or_else(|_| State::new().encode())
}
