//! The share viewer page, embedded at build time (see build.rs). It is the
//! same page for every share id, under a CSP that allows nothing but itself.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

include!(concat!(env!("OUT_DIR"), "/viewer_assets.rs"));

/// What the viewer page may load and do: only its own files, only its own API.
pub const VIEWER_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self' blob: data:; connect-src 'self'; worker-src 'self'; font-src 'self'; \
base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn asset_named(name: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS
        .iter()
        .find(|(path, _, _)| *path == name)
        .map(|(_, content_type, bytes)| (*content_type, *bytes))
}

fn serve(content_type: &'static str, bytes: &'static [u8]) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(VIEWER_CSP),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// `GET /s/{id}`: the page (the id is read by the page, never checked here).
pub async fn page(Path(_id): Path<String>) -> Response {
    match asset_named("viewer.html") {
        Some((content_type, bytes)) => serve(content_type, bytes),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /viewer/{path}`: the page's scripts, styles and worker.
pub async fn asset(Path(path): Path<String>) -> Response {
    match asset_named(&path) {
        Some((content_type, bytes)) => serve(content_type, bytes),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
