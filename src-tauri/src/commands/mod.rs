//! Tauri commands, one module per area. Each is a few lines over carnet-api;
//! errors cross as `{code, message, field}`. Commands run off the main
//! thread (`async`), so a slow unlock or import never freezes the window.

pub mod backup;
pub mod documents;
pub mod family;
pub mod history;
pub mod profiles;
pub mod records;
pub mod session;
pub mod share;
pub mod sync;

use carnet_api::{ApiError, Carnet, ErrorCode};
use carnet_model::Lang;

use tauri::Manager;

use crate::AppState;

/// Runs `f` with the vault, turning a poisoned lock into an internal error.
pub(crate) fn with_carnet<T>(
    state: &tauri::State<'_, AppState>,
    f: impl FnOnce(&mut Carnet) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let mut carnet = state
        .carnet
        .lock()
        .map_err(|_| ApiError::new(ErrorCode::Internal, Lang::Fr))?;
    f(&mut carnet)
}

/// Runs `f` with the vault on the blocking pool.
pub(crate) async fn blocking<T: Send + 'static>(
    app: tauri::AppHandle,
    f: impl FnOnce(&mut Carnet, &AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let mut carnet = state
            .carnet
            .lock()
            .map_err(|_| ApiError::new(ErrorCode::Internal, Lang::Fr))?;
        f(&mut carnet, &state)
    })
    .await
    .map_err(|_| ApiError::new(ErrorCode::Internal, Lang::Fr))?
}

/// The language messages are currently shown in.
pub(crate) fn lang(state: &tauri::State<'_, AppState>) -> Lang {
    state.carnet.lock().map(|c| c.lang()).unwrap_or(Lang::Fr)
}

/// The system "save as" dialog, titled in the user's language; `None` when cancelled.
pub(crate) fn save_dialog(
    app: &tauri::AppHandle,
    lang: Lang,
    file_name: &str,
) -> Option<std::path::PathBuf> {
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title(lang.pick("Enregistrer sous", "Save as"))
        .set_file_name(file_name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}
