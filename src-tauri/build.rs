//! Declares the app's commands (from `src/commands/list.rs`) so each needs
//! an explicit permission in a capability file: a command not granted there
//! is refused.

/// The names of the commands in `src/commands/list.rs`.
macro_rules! command_list {
    ($($module:ident :: $name:ident),* $(,)?) => {
        const COMMANDS: &[&str] = &[$(stringify!($name)),*];
    };
}
include!("src/commands/list.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/commands/list.rs");
    let commands = COMMANDS;
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("Tauri build configuration");
}
