//! The sync protocol's messages and limits, shared by the client and the
//! gateway. Outside bytes are size-checked before decoding, and decoding or
//! applying them never takes the process down (automerge has panicked on
//! malformed input before: upstream issue #855).

use std::panic::{catch_unwind, AssertUnwindSafe};

use automerge::sync::{Message, State, SyncDoc};

use crate::{inflate, Error, ProfileDoc, Result};

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

/// Decodes a message from outside, checking its size first and what its
/// compressed parts inflate to (see [`crate::inflate`]).
pub fn decode(bytes: &[u8]) -> Result<Message> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(Error::TooLarge {
            max: MAX_MESSAGE_BYTES as u64,
        });
    }
    let message = match catch_unwind(|| Message::decode(bytes)) {
        Ok(Ok(message)) => message,
        Ok(Err(_)) => return Err(Error::Malformed("not a sync message")),
        Err(_) => return Err(Error::Malformed("undecodable sync message")),
    };
    match inflate::check_chunks(message.changes.iter(), inflate::MAX_INFLATED_BYTES) {
        Ok(_) => Ok(message),
        Err(inflate::Refused::Expands) => Err(Error::Malformed(
            "compressed changes that expand beyond the limit",
        )),
        Err(inflate::Refused::Malformed) => Err(Error::Malformed("changes that do not parse")),
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::io::Write;

    use super::*;

    /// A sync message whose one change is a compressed chunk of `mib` MiB of zeros.
    fn bomb(mib: usize) -> Vec<u8> {
        let mut encoder =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..mib {
            encoder.write_all(&zeros).unwrap();
        }
        let compressed = encoder.finish().unwrap();
        let mut chunk = vec![0x85, 0x6f, 0x4a, 0x83, 0, 0, 0, 0, 2];
        leb(compressed.len(), &mut chunk);
        chunk.extend(compressed);
        // Version 1; no heads, needs or haves; one change.
        let mut message = vec![0x42, 0, 0, 0, 1];
        leb(chunk.len(), &mut message);
        message.extend(chunk);
        message
    }

    fn leb(mut n: usize, out: &mut Vec<u8>) {
        while n >= 0x80 {
            out.push((n as u8 & 0x7f) | 0x80);
            n >>= 7;
        }
        out.push(n as u8);
    }

    #[test]
    fn a_decompression_bomb_is_refused_before_automerge_inflates_it() {
        let message = bomb(300);
        assert!(message.len() < MAX_MESSAGE_BYTES);
        let mut doc = ProfileDoc::new(&[3; 16]).unwrap();
        let heads = doc.inner().get_heads();
        let mut state = State::new();
        let refused = receive(&mut doc, &mut state, &message).unwrap_err();
        assert!(
            matches!(
                refused,
                Error::Malformed("compressed changes that expand beyond the limit")
            ),
            "{refused:?}"
        );
        assert_eq!(doc.inner().get_heads(), heads, "nothing applied");
        // Under the limit, the same shape passes this check and goes on to
        // automerge (which finds no valid change in it).
        assert!(decode(&bomb(1)).is_ok());
        let _ = receive(&mut doc, &mut state, &bomb(1));
        assert_eq!(doc.inner().get_heads(), heads);
    }
}
