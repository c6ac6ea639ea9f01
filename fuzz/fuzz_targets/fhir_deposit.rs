//! A professional's FHIR deposit body, read as a stream; its attachments are
//! decoded into a folder that must be empty again once the deposits go.
#![no_main]

use std::sync::OnceLock;

use carnet_server::storage::Professional;
use libfuzzer_sys::fuzz_target;

fn scratch() -> &'static std::path::Path {
    static DIR: OnceLock<std::path::PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("carnet-fuzz-fhir-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let pro = Professional {
        rpps: "10003591586".into(),
        name: "Dr Fuzz".into(),
    };
    let dir = scratch();
    drop(carnet_server::fhir::parse(data, dir, &pro));
    let left = std::fs::read_dir(dir).expect("readable").count();
    assert_eq!(left, 0, "attachments of a dropped deposit are removed");
});
