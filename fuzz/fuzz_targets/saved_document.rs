//! A saved profile document and changes, as loaded from storage.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (saved, change) = data.split_at(data.len() / 2);
    if let Ok(doc) = carnet_sync::ProfileDoc::load(&[5; 16], saved, &[change.to_vec()]) {
        let _ = carnet_sync::snapshot(&doc);
        let _ = doc.access();
    }
});
