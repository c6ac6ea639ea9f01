//! Share links. Creating, refreshing and revoking talk to the relay, so
//! they run on the blocking pool.

use carnet_api::{ApiError, ShareDetails, ShareRequest, ShareSummary};

use super::{blocking, with_carnet};
use crate::AppState;

#[tauri::command(async)]
pub fn share_relay(state: tauri::State<'_, AppState>) -> Result<Option<String>, ApiError> {
    with_carnet(&state, |c| c.share_relay())
}

/// Links this device to an account on the relay (a network call).
#[tauri::command]
pub async fn set_share_relay(
    app: tauri::AppHandle,
    address: String,
    code: String,
    device_name: String,
) -> Result<String, ApiError> {
    blocking(app, move |c, _| {
        c.set_share_relay(&address, &code, &device_name)
    })
    .await
}

#[tauri::command(async)]
pub fn shares(state: tauri::State<'_, AppState>) -> Result<Vec<ShareSummary>, ApiError> {
    with_carnet(&state, |c| c.shares())
}

#[tauri::command]
pub async fn create_share(
    app: tauri::AppHandle,
    request: ShareRequest,
) -> Result<ShareSummary, ApiError> {
    blocking(app, move |c, _| c.create_share(request)).await
}

#[tauri::command]
pub async fn refresh_share(app: tauri::AppHandle, id: String) -> Result<ShareDetails, ApiError> {
    blocking(app, move |c, _| c.refresh_share(&id)).await
}

#[tauri::command]
pub async fn revoke_share(app: tauri::AppHandle, id: String) -> Result<ShareSummary, ApiError> {
    blocking(app, move |c, _| c.revoke_share(&id)).await
}
