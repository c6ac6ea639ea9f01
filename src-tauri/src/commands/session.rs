//! Vault creation, unlock, lock, language, passphrase and recovery kit.

use carnet_api::{ApiError, ErrorCode, Status};
use carnet_api::{MemberSummary, Secret};
use carnet_model::Lang;

use super::{lang, with_carnet};
use crate::AppState;

#[tauri::command(async)]
pub fn app_status(state: tauri::State<'_, AppState>) -> Result<Status, ApiError> {
    with_carnet(&state, |c| Ok(c.status()))
}

#[tauri::command(async)]
pub fn list_members(state: tauri::State<'_, AppState>) -> Result<Vec<MemberSummary>, ApiError> {
    with_carnet(&state, |c| c.members())
}

#[tauri::command(async)]
pub fn create_vault(
    state: tauri::State<'_, AppState>,
    member_name: String,
    passphrase: String,
) -> Result<MemberSummary, ApiError> {
    let passphrase = Secret::from(passphrase);
    with_carnet(&state, |c| c.create_vault(&member_name, &passphrase))
}

#[tauri::command(async)]
pub fn unlock(
    state: tauri::State<'_, AppState>,
    member: String,
    passphrase: String,
) -> Result<MemberSummary, ApiError> {
    let passphrase = Secret::from(passphrase);
    with_carnet(&state, |c| c.unlock(&member, &passphrase))
}

#[tauri::command(async)]
pub fn lock(state: tauri::State<'_, AppState>) -> Result<(), ApiError> {
    state.files.clear();
    with_carnet(&state, |c| {
        c.lock();
        Ok(())
    })
}

#[tauri::command(async)]
pub fn set_language(state: tauri::State<'_, AppState>, lang: Lang) -> Result<(), ApiError> {
    with_carnet(&state, |c| {
        c.set_lang(lang);
        Ok(())
    })
}

#[tauri::command(async)]
pub fn change_passphrase(
    state: tauri::State<'_, AppState>,
    current: String,
    next: String,
) -> Result<(), ApiError> {
    let (current, next) = (Secret::from(current), Secret::from(next));
    with_carnet(&state, |c| {
        c.change_passphrase(&current, &next).map_err(|mut e| {
            // Tell the form which field is at fault.
            if e.code == ErrorCode::WrongPassphrase {
                e.field = Some("current".into());
            } else if e.code == ErrorCode::WeakPassphrase {
                e.field = Some("next".into());
            }
            e
        })
    })
}

/// Asks where to save the recovery kit, then writes it; `false` when cancelled.
#[tauri::command(async)]
pub fn save_recovery_kit(
    app: tauri::AppHandle,
    state: tauri::State<'_, AppState>,
) -> Result<bool, ApiError> {
    let lang = lang(&state);
    let kit = with_carnet(&state, |c| c.recovery_kit())?;
    let Some(path) = super::save_dialog(&app, lang, "carnet-kit-de-secours.age") else {
        return Ok(false);
    };
    std::fs::write(&path, kit).map_err(|e| ApiError::io(e, lang))?;
    Ok(true)
}
