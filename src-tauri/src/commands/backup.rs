//! Backup of the whole vault and restore on first run, with progress.

use carnet_api::{ApiError, ErrorCode};
use carnet_api::{BackupSummary, Secret};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri_plugin_dialog::DialogExt;

use super::{lang, save_dialog, with_carnet, PercentSteps};
use crate::AppState;

/// Bytes done and in all, streamed to the progress bar.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Transfer {
    done: u64,
    total: u64,
}

fn throttled(channel: &Channel<Transfer>) -> impl FnMut(u64, u64) + '_ {
    let mut steps = PercentSteps::default();
    move |done, total| {
        if steps.crossed(done, total) {
            let _ = channel.send(Transfer { done, total });
        }
    }
}

#[tauri::command(async)]
pub fn backup_vault(
    app: tauri::AppHandle,
    state: tauri::State<'_, AppState>,
    on_progress: Channel<Transfer>,
) -> Result<Option<BackupSummary>, ApiError> {
    let lang = lang(&state);
    let name = format!(
        "carnet-sauvegarde-{}.carnet",
        chrono::Local::now().format("%Y-%m-%d")
    );
    let Some(path) = save_dialog(&app, lang, &name) else {
        return Ok(None);
    };
    let mut progress = throttled(&on_progress);
    with_carnet(&state, |c| c.backup(None, &path, &mut progress)).map(Some)
}

#[tauri::command(async)]
pub fn restore_backup(
    app: tauri::AppHandle,
    state: tauri::State<'_, AppState>,
    member: String,
    passphrase: String,
    on_progress: Channel<Transfer>,
) -> Result<Option<BackupSummary>, ApiError> {
    let lang = lang(&state);
    let passphrase = Secret::from(passphrase);
    // Only offered before a vault exists: never over the user's data.
    if with_carnet(&state, |c| Ok(c.status().vault_exists))? {
        return Err(ApiError::new(ErrorCode::DestinationNotEmpty, lang));
    }
    let Some(archive) = app
        .dialog()
        .file()
        .set_title(lang.pick("Choisir une sauvegarde", "Choose a backup"))
        .add_filter("Carnet", &["carnet"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
    else {
        return Ok(None);
    };
    let mut progress = throttled(&on_progress);
    with_carnet(&state, |c| {
        c.restore_backup(&archive, &member, &passphrase, &mut progress)
    })
    .map(Some)
}
