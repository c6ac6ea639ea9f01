//! The desktop shell: builds the window and registers thin commands over
//! carnet-api. No business logic lives here.

mod commands;
mod files;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use carnet_api::Carnet;
use carnet_model::Lang;
use tauri::{DragDropEvent, Manager, WindowEvent};

pub use files::{ChosenFile, ChosenFiles, DropWatch};

/// What the window works on: one vault, the files the user chose, and the
/// cancel switches of the import or sync under way (outside the vault lock,
/// so a cancel is heard while an import or a sync holds it).
#[derive(Debug)]
pub struct AppState {
    pub carnet: Mutex<Carnet>,
    pub files: ChosenFiles,
    pub drops: DropWatch,
    pub cancel_import: AtomicBool,
    pub cancel_sync: AtomicBool,
}

fn vault_dir(app: &tauri::App) -> PathBuf {
    // Tests and power users can point the app at another vault.
    if let Some(dir) = std::env::var_os("CARNET_VAULT") {
        return PathBuf::from(dir);
    }
    app.path()
        .app_data_dir()
        .unwrap_or_else(|_| PathBuf::from("."))
        .join("vault")
}

fn initial_lang() -> Lang {
    Lang::from_locale(
        &std::env::var("LC_ALL")
            .or_else(|_| std::env::var("LANG"))
            .unwrap_or_default(),
    )
}

/// Files dropped on the window become chosen files, announced to the
/// webview by name and token only.
fn on_window_event(window: &tauri::Window, event: &WindowEvent) {
    if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
        let state = window.state::<AppState>();
        let chosen = state.files.register(paths.iter().cloned());
        if !chosen.is_empty() {
            state.drops.announce(chosen);
        }
    }
}

/// `COMMANDS` and the invoke handler, from the one list in `commands/list.rs`.
macro_rules! command_list {
    ($($module:ident :: $name:ident),* $(,)?) => {
        /// Every command the window may invoke, by the name it uses.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        fn invoke_handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$(commands::$module::$name),*]
        }
    };
}
include!("commands/list.rs");

/// Starts the desktop app.
pub fn run() {
    tauri::Builder::default()
        // A second launch brings the open window forward instead of fighting
        // over the vault lock.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let carnet = Carnet::new(vault_dir(app), initial_lang());
            app.manage(AppState {
                carnet: Mutex::new(carnet),
                files: ChosenFiles::default(),
                drops: DropWatch::default(),
                cancel_import: AtomicBool::new(false),
                cancel_sync: AtomicBool::new(false),
            });
            Ok(())
        })
        .on_window_event(on_window_event)
        .invoke_handler(invoke_handler())
        .run(tauri::generate_context!())
        .expect("the Carnet window could not start");
}
