//! Error answers: a status, a stable code and a sentence, or a FHIR
//! OperationOutcome; and what storage and sync failures become.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::hub::HubError;
use crate::storage::StorageError;

/// An error answer: status, stable code, sentence; or a FHIR OperationOutcome.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: Value,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: json!({ "error": code, "message": message.into() }),
        }
    }

    pub(crate) fn with_body(status: StatusCode, body: Value) -> Self {
        Self { status, body }
    }

    pub(crate) fn fhir(status: StatusCode, outcome: Value) -> Self {
        Self {
            status,
            body: outcome,
        }
    }

    pub(crate) fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing, unknown or revoked token",
        )
    }

    /// A share refused because the account's shares hold its quota.
    pub(crate) fn quota_exceeded() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            carnet_share::relay::QUOTA_ERROR,
            "this account's shares already hold all the space it is allowed: revoke some or wait for them to end",
        )
    }

    /// An action outside the caller's role.
    pub(crate) fn forbidden(message: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, "outside_role", message)
    }

    /// A device whose person's access was withdrawn: what it shows its user.
    /// The person's access was withdrawn, or the whole profile deleted, by `by`.
    /// A withdrawn device's answer: by whom, and whether the profile was
    /// deleted or only this computer withdrawn (its person keeps access).
    pub(crate) fn withdrawn(by: &str, deleted: bool, only_device: bool) -> Self {
        let message = if deleted {
            format!("profile deleted by {by}")
        } else if only_device {
            format!("this computer was withdrawn by {by}")
        } else {
            format!("access withdrawn by {by}")
        };
        Self::with_body(
            StatusCode::FORBIDDEN,
            json!({
                "error": "access_withdrawn", "message": message, "by": by,
                "deleted": deleted, "device": only_device,
            }),
        )
    }

    pub(crate) fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let content_type = if self.body.get("resourceType").is_some() {
            "application/fhir+json"
        } else {
            "application/json"
        };
        let mut response = (self.status, Json(self.body)).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        response
    }
}

impl From<StorageError> for ApiError {
    fn from(e: StorageError) -> Self {
        match e {
            StorageError::WrongOffset { expected } => Self {
                status: StatusCode::CONFLICT,
                body: json!({ "error": "wrong_offset", "message": "upload continues elsewhere", "offset": expected }),
            },
            StorageError::HashMismatch => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "hash_mismatch",
                "the content does not match its SHA-256",
            ),
            StorageError::QuotaExceeded => Self::quota_exceeded(),
            other => {
                tracing::error!(error = %other, "storage failure");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "storage",
                    "storage failure",
                )
            }
        }
    }
}

impl From<HubError> for ApiError {
    fn from(e: HubError) -> Self {
        match e {
            HubError::Storage(s) => s.into(),
            HubError::Sync(carnet_sync::Error::TooLarge { max }) => Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!("sync messages are limited to {max} bytes"),
            ),
            HubError::Sync(carnet_sync::Error::Malformed(what)) => Self::new(
                StatusCode::BAD_REQUEST,
                "malformed_message",
                format!("malformed sync message: {what}"),
            ),
            HubError::Sync(other) => {
                tracing::error!(error = %other, "profile document failure");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "document",
                    "profile document failure",
                )
            }
            HubError::Poisoned => Self::new(StatusCode::SERVICE_UNAVAILABLE, "busy", "try again"),
            HubError::OutsideRole(what) => Self::forbidden(&format!("this role may not {what}")),
            HubError::Gone => Self::not_found("profile"),
        }
    }
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;
