//! Declares the app's commands (from carnet-commands' `src/list.rs`) so each
//! needs an explicit permission in a capability file: a command not granted
//! there is refused before it reaches the shell.

/// The names of the commands in the list.
macro_rules! command_list {
    ($($module:ident :: $name:ident),* $(,)?) => {
        const COMMANDS: &[&str] = &[$(stringify!($name)),*];
    };
}
include!("../crates/carnet-commands/src/list.rs");

fn main() {
    println!("cargo:rerun-if-changed=../crates/carnet-commands/src/list.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("Tauri build configuration");
}
