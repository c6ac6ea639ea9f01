//! Search and the audit log of the current profile.

use carnet_api::ApiError;
use carnet_api::{AuditEntry, SearchHit};

use super::with_carnet;
use crate::AppState;

/// Most audit lines one call returns.
const MAX_AUDIT: usize = 1000;

#[tauri::command(async)]
pub fn search(
    state: tauri::State<'_, AppState>,
    query: String,
) -> Result<Vec<SearchHit>, ApiError> {
    with_carnet(&state, |c| c.search(&query))
}

#[tauri::command(async)]
pub fn audit_log(
    state: tauri::State<'_, AppState>,
    limit: usize,
) -> Result<Vec<AuditEntry>, ApiError> {
    with_carnet(&state, |c| c.audit_log(limit.min(MAX_AUDIT)))
}
