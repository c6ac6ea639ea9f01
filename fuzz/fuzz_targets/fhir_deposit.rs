//! A professional's FHIR deposit body.
#![no_main]

use carnet_server::storage::Professional;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pro = Professional {
        rpps: "10003591586".into(),
        name: "Dr Fuzz".into(),
    };
    let _ = carnet_server::fhir::parse(data, &pro);
});
