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
        .invoke_handler(tauri::generate_handler![
            commands::session::app_status,
            commands::session::list_members,
            commands::session::create_vault,
            commands::session::unlock,
            commands::session::lock,
            commands::session::set_language,
            commands::session::change_passphrase,
            commands::session::save_recovery_kit,
            commands::family::add_member,
            commands::family::grant_access,
            commands::family::revoke_access,
            commands::profiles::list_profiles,
            commands::profiles::create_profile,
            commands::profiles::update_profile,
            commands::profiles::select_profile,
            commands::profiles::get_overview,
            commands::records::list_records,
            commands::records::add_record,
            commands::records::update_record,
            commands::records::delete_record,
            commands::documents::document_types,
            commands::documents::list_documents,
            commands::documents::choose_files,
            commands::documents::watch_dropped_files,
            commands::documents::import_document,
            commands::documents::cancel_import,
            commands::documents::get_document,
            commands::documents::document_content,
            commands::documents::export_document,
            commands::documents::update_document,
            commands::documents::set_document_hidden,
            commands::documents::delete_document,
            commands::history::search,
            commands::history::audit_log,
            commands::backup::backup_vault,
            commands::backup::restore_backup,
            commands::sync::sync_status,
            commands::sync::pair_sync,
            commands::sync::unpair_sync,
            commands::sync::sync_now,
            commands::sync::cancel_sync,
            commands::sync::new_pairing_code,
            commands::sync::access_history,
            commands::sync::allowed_professionals,
            commands::sync::allow_professional,
            commands::sync::withdraw_professional,
            commands::sync::list_conflicts,
            commands::share::share_relay,
            commands::share::set_share_relay,
            commands::share::shares,
            commands::share::create_share,
            commands::share::refresh_share,
            commands::share::revoke_share,
        ])
        .run(tauri::generate_context!())
        .expect("the Carnet window could not start");
}
