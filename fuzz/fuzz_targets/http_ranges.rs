//! The Content-Range and Range headers of content uploads and downloads.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some((start, end, total)) = carnet_server::http::parse_content_range(text) {
            assert!(start <= end && end < total);
        }
        let _ = carnet_server::http::parse_range(text);
    }
});
