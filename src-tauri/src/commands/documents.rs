//! Documents of the current profile: choose or drop files, import with
//! progress and cancel, preview, export, hide, edit, delete.

use std::ops::ControlFlow;
use std::sync::atomic::Ordering;

use carnet_api::{parse_input, ApiError, ErrorCode};
use carnet_model::{DocumentInput, DocumentMeta, DocumentType, DOCUMENT_TYPES};
use serde::Serialize;
use serde_json::Value;
use tauri::ipc::{Channel, Response};
use tauri_plugin_dialog::DialogExt;

use super::{lang, save_dialog, with_carnet, PercentSteps};
use crate::{AppState, ChosenFile};

/// Bytes of the file imported so far, streamed to the progress bar.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ImportProgress {
    done: u64,
    total: u64,
}

#[tauri::command(async)]
pub fn document_types() -> Vec<DocumentType> {
    DOCUMENT_TYPES.to_vec()
}

#[tauri::command(async)]
pub fn list_documents(state: tauri::State<'_, AppState>) -> Result<Vec<DocumentMeta>, ApiError> {
    with_carnet(&state, |c| c.documents())
}

/// Files dropped on the window from now on arrive on `on_drop`.
#[tauri::command]
pub fn watch_dropped_files(
    state: tauri::State<'_, AppState>,
    on_drop: tauri::ipc::Channel<Vec<ChosenFile>>,
) {
    state.drops.watch(on_drop);
}

/// Opens the system dialog (several files); `None` when cancelled.
#[tauri::command(async)]
pub fn choose_files(
    app: tauri::AppHandle,
    state: tauri::State<'_, AppState>,
) -> Result<Option<Vec<ChosenFile>>, ApiError> {
    let lang = lang(&state);
    let picked = app
        .dialog()
        .file()
        .set_title(lang.pick("Choisir des documents", "Choose documents"))
        .blocking_pick_files();
    Ok(picked.map(|files| {
        state
            .files
            .register(files.into_iter().filter_map(|f| f.into_path().ok()))
    }))
}

#[tauri::command(async)]
pub fn import_document(
    state: tauri::State<'_, AppState>,
    token: String,
    input: Value,
    on_progress: Channel<ImportProgress>,
) -> Result<DocumentMeta, ApiError> {
    let lang = lang(&state);
    let input: DocumentInput = parse_input(input, lang)?;
    let path = state
        .files
        .take(&token)
        .ok_or_else(|| ApiError::new(ErrorCode::NotFound, lang))?;
    state.cancel_import.store(false, Ordering::SeqCst);
    let mut steps = PercentSteps::default();
    with_carnet(&state, |c| {
        c.import_document(&path, input, &mut |done, total| {
            if state.cancel_import.load(Ordering::SeqCst) {
                return ControlFlow::Break(());
            }
            if steps.crossed(done, total) {
                let _ = on_progress.send(ImportProgress { done, total });
            }
            ControlFlow::Continue(())
        })
    })
}

#[tauri::command(async)]
pub fn cancel_import(state: tauri::State<'_, AppState>) {
    state.cancel_import.store(true, Ordering::SeqCst);
}

/// The decrypted content for the in-app preview, in one answer: its media
/// type on the first line (a known type: no line break), then the raw bytes.
#[tauri::command(async)]
pub fn document_content(
    state: tauri::State<'_, AppState>,
    id: String,
) -> Result<Response, ApiError> {
    let (meta, bytes) = with_carnet(&state, |c| c.document_bytes(&id))?;
    Ok(Response::new(preview_body(&meta.media_type, &bytes)))
}

fn preview_body(media_type: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(media_type.len() + 1 + bytes.len());
    body.extend_from_slice(media_type.as_bytes());
    body.push(b'\n');
    body.extend_from_slice(bytes);
    body
}

/// Asks where to save, then exports there; `false` when cancelled.
#[tauri::command(async)]
pub fn export_document(
    app: tauri::AppHandle,
    state: tauri::State<'_, AppState>,
    id: String,
) -> Result<bool, ApiError> {
    let lang = lang(&state);
    let meta = with_carnet(&state, |c| c.document(&id))?;
    let Some(dest) = save_dialog(&app, lang, &meta.file_name) else {
        return Ok(false);
    };
    with_carnet(&state, |c| c.export_document(&id, &dest)).map(|_| true)
}

#[tauri::command(async)]
pub fn update_document(
    state: tauri::State<'_, AppState>,
    id: String,
    input: Value,
) -> Result<DocumentMeta, ApiError> {
    with_carnet(&state, |c| {
        let input: DocumentInput = parse_input(input, c.lang())?;
        c.update_document(&id, input)
    })
}

#[tauri::command(async)]
pub fn set_document_hidden(
    state: tauri::State<'_, AppState>,
    id: String,
    hidden: bool,
) -> Result<DocumentMeta, ApiError> {
    with_carnet(&state, |c| c.set_document_hidden(&id, hidden))
}

#[tauri::command(async)]
pub fn delete_document(state: tauri::State<'_, AppState>, id: String) -> Result<(), ApiError> {
    with_carnet(&state, |c| c.delete_document(&id))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_preview_is_its_media_type_on_one_line_then_its_bytes() {
        let body = super::preview_body("image/png", b"\x89PNG\n\x1a");
        assert_eq!(body, b"image/png\n\x89PNG\n\x1a");
    }
}
