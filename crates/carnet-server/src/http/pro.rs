//! What professionals do: deposit FHIR resources for a patient (as changes
//! authored by the national space) and read the record the patient lets
//! them read.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Json;
use carnet_model::{DocumentMeta, Record};
use carnet_sync::{AccessAction, AccessEntry};
use chrono::Utc;
use serde_json::{json, Value};

use super::blobs::read_range;
use super::callers::{professional, reader};
use super::{blocking, ApiError, ApiResult, AppState, MAX_FHIR_BYTES};
use crate::fhir::{self, Deposit};
use crate::hub::Hub;
use crate::storage::{Professional, StorageError};

pub(super) async fn deposit(
    State(state): State<Arc<AppState>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(profile): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<(StatusCode, Json<Value>)> {
    // Who is calling is known before a byte of the body is read.
    let pro = {
        let (state, headers, profile) = (state.clone(), headers.clone(), profile.clone());
        blocking(move || professional(&state, &headers, &profile)).await?
    };
    let network = state.caller_key(peer, &headers);
    // To a file as it arrives, then read as a stream from there: neither the
    // body nor its attachment is ever whole in memory.
    let uploads = state.hub.storage().scratch_dir();
    let received = state
        .bodies
        .stream_to_file(
            &network,
            &headers,
            body,
            MAX_FHIR_BYTES,
            &uploads.join(format!("deposit-{}.json", uuid::Uuid::new_v4().simple())),
            0,
        )
        .await?;
    blocking(move || {
        let file = std::fs::File::open(received.file.path()).map_err(StorageError::from)?;
        let parsed = fhir::parse(std::io::BufReader::new(file), &uploads, &pro);
        drop(received);
        let deposits = parsed.map_err(|invalid| {
            ApiError::fhir(StatusCode::UNPROCESSABLE_ENTITY, invalid.outcome())
        })?;
        let mut created = Vec::new();
        for deposit in deposits {
            created.push(store_deposit(&state.hub, &profile, &pro, deposit)?);
        }
        // Who deposits for the patient may read the record, unless the
        // patient withdrew them.
        state.hub.storage().set_professional_access(
            &profile,
            &pro.rpps,
            crate::consent::Grant::Deposit,
            Utc::now(),
        )?;
        Ok((StatusCode::CREATED, Json(json!({ "created": created }))))
    })
    .await
}

/// Writes one deposit as a change authored by the national space.
fn store_deposit(
    hub: &Hub,
    profile: &str,
    pro: &Professional,
    deposit: Deposit,
) -> ApiResult<Value> {
    let now = carnet_now();
    let id = carnet_model::new_id();
    let access = |document_id: Option<String>| AccessEntry {
        at: now,
        rpps: pro.rpps.clone(),
        name: pro.name.clone(),
        action: AccessAction::Deposit,
        document_id,
    };
    let by = carnet_sync::Author {
        name: pro.name.clone(),
        rpps: Some(pro.rpps.clone()),
    };
    match deposit {
        Deposit::Record { body, notes } => {
            let kind = body.kind().as_str();
            let record = Record {
                id: id.clone(),
                created_at: now,
                updated_at: now,
                notes,
                body,
            };
            hub.author(profile, "deposit", |doc| {
                doc.set_author(Some(&by))?;
                doc.put_record(&record)?;
                doc.append_access(&access(None))
            })?;
            Ok(json!({ "id": id, "kind": kind }))
        }
        Deposit::Document {
            input,
            file_name,
            media_type,
            content,
        } => {
            let (sha256, size) = (content.sha256.clone(), content.size);
            hub.storage()
                .put_blob_file(profile, &sha256, &content.file.keep(), size)?;
            let meta = DocumentMeta {
                id: id.clone(),
                input,
                file_name,
                media_type,
                size,
                sha256,
                created_at: now,
                updated_at: now,
            };
            hub.author(profile, "deposit", |doc| {
                doc.set_author(Some(&by))?;
                doc.put_document(&meta)?;
                doc.append_access(&access(Some(meta.id.clone())))
            })?;
            Ok(json!({ "id": id, "kind": "document" }))
        }
    }
}

/// Now, at the precision the vault stores (microseconds).
fn carnet_now() -> chrono::DateTime<Utc> {
    use chrono::SubsecRound;
    Utc::now().trunc_subsecs(6)
}

pub(super) async fn record(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    blocking(move || {
        let pro = reader(&state, &headers, &profile)?;
        let view = state.hub.professional_view(&profile, &pro)?;
        Ok(Json(serde_json::to_value(view).map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error",
            )
        })?))
    })
    .await
}

pub(super) async fn document(
    State(state): State<Arc<AppState>>,
    Path((profile, doc_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    blocking(move || {
        let pro = reader(&state, &headers, &profile)?;
        let not_found = || {
            ApiError::fhir(
                StatusCode::NOT_FOUND,
                fhir::operation_outcome("not-found", "no such document", None),
            )
        };
        // A hidden document answers exactly like one that does not exist,
        // after the same work, and both requests are in the patient's history.
        let meta = state
            .hub
            .professional_document(&profile, &pro, &doc_id)?
            .ok_or_else(not_found)?;
        read_range(&state, &profile, &meta.sha256, &headers, &meta.media_type)
            .map_err(|_| not_found())
    })
    .await
}
