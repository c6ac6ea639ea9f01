//! Members of the vault and who can open which profile.

use carnet_api::{ApiError, MemberSummary, Role, Secret};

use super::with_carnet;
use crate::AppState;

#[tauri::command(async)]
pub fn add_member(
    state: tauri::State<'_, AppState>,
    name: String,
    passphrase: String,
) -> Result<MemberSummary, ApiError> {
    let passphrase = Secret::from(passphrase);
    with_carnet(&state, |c| c.add_member(&name, &passphrase))
}

#[tauri::command(async)]
pub fn grant_access(
    state: tauri::State<'_, AppState>,
    profile_id: String,
    member_id: String,
    role: Role,
) -> Result<(), ApiError> {
    with_carnet(&state, |c| c.grant(&profile_id, &member_id, role))
}

#[tauri::command(async)]
pub fn revoke_access(
    state: tauri::State<'_, AppState>,
    profile_id: String,
    member_id: String,
) -> Result<(), ApiError> {
    with_carnet(&state, |c| c.revoke(&profile_id, &member_id))
}
