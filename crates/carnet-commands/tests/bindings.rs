//! The interface's bindings are the command table's: regenerated, they must
//! equal the checked-in file (`CARNET_WRITE_BINDINGS=1` rewrites it).

use std::path::Path;

#[test]
fn the_checked_in_bindings_are_generated_from_the_command_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/ipc/bindings.ts");
    let fresh = carnet_commands::typescript();
    if std::env::var_os("CARNET_WRITE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write the bindings");
        return;
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == fresh,
        "ui/src/lib/ipc/bindings.ts is stale: run \
         `CARNET_WRITE_BINDINGS=1 cargo test -p carnet-commands --test bindings` and commit it"
    );
}

#[test]
fn every_command_has_a_typed_wrapper() {
    let ts = carnet_commands::typescript();
    for name in carnet_commands::COMMANDS {
        assert!(
            ts.contains(&format!("    {name}: (")),
            "no wrapper for {name}"
        );
    }
}
