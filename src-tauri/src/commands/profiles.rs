//! Profiles: list, create, choose, overview.

use carnet_api::ProfileSummary;
use carnet_api::{parse_input, ApiError, Overview};
use carnet_model::ProfileInfo;
use serde_json::Value;

use super::with_carnet;
use crate::AppState;

#[tauri::command(async)]
pub fn list_profiles(state: tauri::State<'_, AppState>) -> Result<Vec<ProfileSummary>, ApiError> {
    with_carnet(&state, |c| c.profiles())
}

#[tauri::command(async)]
pub fn create_profile(
    state: tauri::State<'_, AppState>,
    info: Value,
) -> Result<ProfileSummary, ApiError> {
    with_carnet(&state, |c| {
        let info: ProfileInfo = parse_input(info, c.lang())?;
        c.create_profile(info)
    })
}

#[tauri::command(async)]
pub fn select_profile(state: tauri::State<'_, AppState>, id: String) -> Result<(), ApiError> {
    with_carnet(&state, |c| c.select_profile(&id))
}

#[tauri::command(async)]
pub fn get_overview(state: tauri::State<'_, AppState>) -> Result<Overview, ApiError> {
    with_carnet(&state, |c| c.overview())
}

#[tauri::command(async)]
pub fn update_profile(
    state: tauri::State<'_, AppState>,
    info: Value,
) -> Result<ProfileInfo, ApiError> {
    with_carnet(&state, |c| {
        let info: ProfileInfo = parse_input(info, c.lang())?;
        c.update_profile(info)
    })
}
