//! The patient's say over professionals: list who may read the record,
//! authorise one by RPPS number, withdraw one (a linked device's token).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, put};
use axum::{Json, Router};
use carnet_sync::AllowedProfessional;
use chrono::Utc;

use super::{blocking, device, ApiError, ApiResult, AppState};
use crate::consent::Grant;

/// The patient's routes (a linked device's token).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/v1/profiles/{id}/professionals", get(list_allowed))
        .route(
            "/v1/profiles/{id}/professionals/{rpps}",
            put(authorise).delete(withdraw),
        )
}

async fn list_allowed(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Vec<AllowedProfessional>>> {
    blocking(move || {
        device(&state, &headers, Some(&profile))?;
        Ok(Json(state.hub.storage().allowed_professionals(&profile)?))
    })
    .await
}

fn checked_rpps(text: &str) -> ApiResult<String> {
    carnet_model::Rpps::parse(text)
        .map(|r| r.as_str().to_string())
        .map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_rpps",
                "an RPPS number has 11 digits",
            )
        })
}

async fn authorise(
    state: State<Arc<AppState>>,
    path: Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    decide(state, path, headers, Grant::Patient).await
}

async fn withdraw(
    state: State<Arc<AppState>>,
    path: Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    decide(state, path, headers, Grant::Withdrawn).await
}

async fn decide(
    State(state): State<Arc<AppState>>,
    Path((profile, rpps)): Path<(String, String)>,
    headers: HeaderMap,
    grant: Grant,
) -> ApiResult<StatusCode> {
    blocking(move || {
        device(&state, &headers, Some(&profile))?;
        let rpps = checked_rpps(&rpps)?;
        state
            .hub
            .storage()
            .set_professional_access(&profile, &rpps, grant, Utc::now())?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}
