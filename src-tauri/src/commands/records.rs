//! Records of the current profile.

use carnet_api::{parse_record_body, ApiError};
use carnet_model::{Record, RecordKind};
use serde_json::Value;

use super::with_carnet;
use crate::AppState;

#[tauri::command(async)]
pub fn list_records(
    state: tauri::State<'_, AppState>,
    kind: Option<RecordKind>,
) -> Result<Vec<Record>, ApiError> {
    with_carnet(&state, |c| c.records(kind))
}

#[tauri::command(async)]
pub fn add_record(
    state: tauri::State<'_, AppState>,
    body: Value,
    notes: Option<String>,
) -> Result<Record, ApiError> {
    with_carnet(&state, |c| {
        let body = parse_record_body(body, c.lang())?;
        c.add_record(body, notes)
    })
}

#[tauri::command(async)]
pub fn update_record(
    state: tauri::State<'_, AppState>,
    id: String,
    body: Value,
    notes: Option<String>,
) -> Result<Record, ApiError> {
    with_carnet(&state, |c| {
        let body = parse_record_body(body, c.lang())?;
        c.update_record(&id, body, notes)
    })
}

#[tauri::command(async)]
pub fn delete_record(state: tauri::State<'_, AppState>, id: String) -> Result<(), ApiError> {
    with_carnet(&state, |c| c.delete_record(&id))
}
