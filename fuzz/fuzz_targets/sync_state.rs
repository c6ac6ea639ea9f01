//! A stored per-peer sync state (read back from storage).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let state = carnet_sync::protocol::decode_state(data);
    let _ = carnet_sync::protocol::encode_state(&state);
});
