//! Sync with the national space. The HTTP client blocks, so each command
//! runs on the blocking pool, never on the async runtime's threads.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use carnet_api::{
    AccessEntry, AllowedProfessional, ApiError, Conflict, SyncProgress, SyncReport, SyncStatus,
};
use tauri::ipc::Channel;

use super::{blocking, with_carnet};
use crate::AppState;

#[tauri::command(async)]
pub fn sync_status(state: tauri::State<'_, AppState>) -> Result<SyncStatus, ApiError> {
    with_carnet(&state, |c| c.sync_status())
}

#[tauri::command]
pub async fn pair_sync(
    app: tauri::AppHandle,
    server: String,
    code: String,
    device_name: String,
) -> Result<SyncStatus, ApiError> {
    blocking(app, move |c, _| c.pair_sync(&server, &code, &device_name)).await
}

#[tauri::command]
pub async fn unpair_sync(app: tauri::AppHandle) -> Result<(), ApiError> {
    blocking(app, |c, _| c.unpair_sync()).await
}

#[tauri::command]
pub async fn sync_now(
    app: tauri::AppHandle,
    on_progress: Channel<SyncProgress>,
) -> Result<SyncReport, ApiError> {
    blocking(app, move |c, state| {
        state.cancel_sync.store(false, Ordering::SeqCst);
        c.sync_now(
            &mut |p| {
                let _ = on_progress.send(*p);
            },
            &state.cancel_sync,
        )
    })
    .await
}

/// Heard while a sync holds the vault: the switch lives outside its lock.
#[tauri::command(async)]
pub fn cancel_sync(state: tauri::State<'_, AppState>) {
    state.cancel_sync.store(true, Ordering::SeqCst);
}

#[tauri::command]
pub async fn new_pairing_code(app: tauri::AppHandle) -> Result<String, ApiError> {
    blocking(app, |c, _| c.sync_pairing_code()).await
}

#[tauri::command(async)]
pub fn access_history(
    state: tauri::State<'_, AppState>,
    limit: usize,
) -> Result<Vec<AccessEntry>, ApiError> {
    with_carnet(&state, |c| c.access_history(limit.min(10_000)))
}

/// Who may read the profile through the national space (a network call).
#[tauri::command]
pub async fn allowed_professionals(
    app: tauri::AppHandle,
) -> Result<Vec<AllowedProfessional>, ApiError> {
    blocking(app, |c, _| c.allowed_professionals()).await
}

#[tauri::command]
pub async fn allow_professional(
    app: tauri::AppHandle,
    rpps: String,
) -> Result<Vec<AllowedProfessional>, ApiError> {
    blocking(app, move |c, _| c.allow_professional(&rpps)).await
}

#[tauri::command]
pub async fn withdraw_professional(
    app: tauri::AppHandle,
    rpps: String,
) -> Result<Vec<AllowedProfessional>, ApiError> {
    blocking(app, move |c, _| c.withdraw_professional(&rpps)).await
}

#[tauri::command(async)]
pub fn list_conflicts(
    state: tauri::State<'_, AppState>,
) -> Result<HashMap<String, Vec<Conflict>>, ApiError> {
    with_carnet(&state, |c| c.conflicts())
}
