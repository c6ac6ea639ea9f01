//! The share viewer page (built by `npm run build` in ui/, into
//! ui/dist-viewer), embedded in release builds and read from that folder in
//! debug ones. It is the same page for every share id, under a CSP that
//! allows nothing but itself. A server built before the page answers 503
//! with a message that says how to build it, and says so when it starts.

use std::borrow::Cow;

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "../../ui/dist-viewer/"]
#[allow_missing = true]
struct Assets;

/// What a relay without its page answers, and logs when it starts.
pub const NOT_BUILT: &str = "The share viewer page is not built into this server: \
run `npm ci && npm run build` in ui/ (scripts/run.sh and scripts/test.sh do), then build the server again.";

/// Whether the viewer page is there to serve.
pub fn is_built() -> bool {
    Assets::get("viewer.html").is_some()
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "pfb" | "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

/// What the viewer page may load and do: only its own files, only its own API.
pub const VIEWER_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
img-src 'self' blob: data:; connect-src 'self'; worker-src 'self'; font-src 'self'; \
base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn asset_named(name: &str) -> Option<(&'static str, Cow<'static, [u8]>)> {
    // Source maps (if a build made any) describe the code: not for visitors.
    if name.ends_with(".map") {
        return None;
    }
    Assets::get(name).map(|file| (content_type(name), file.data))
}

fn serve(content_type: &'static str, bytes: Cow<'static, [u8]>) -> Response {
    let mut response = match bytes {
        Cow::Borrowed(bytes) => bytes.into_response(),
        Cow::Owned(bytes) => bytes.into_response(),
    };
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
        None => (StatusCode::SERVICE_UNAVAILABLE, NOT_BUILT).into_response(),
    }
}

/// `GET /viewer/{path}`: the page's scripts, styles and worker.
pub async fn asset(Path(path): Path<String>) -> Response {
    match asset_named(&path) {
        Some((content_type, bytes)) => serve(content_type, bytes),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_the_pages_own_files_are_served() {
        // Debug builds read the folder at each request: a path that climbs
        // out of it is not a file of the page.
        for outside in ["../package.json", "../../../Cargo.toml", "/etc/passwd"] {
            let response = asset(Path(outside.to_string())).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{outside}");
        }
        assert_eq!(content_type("viewer.html"), "text/html; charset=utf-8");
        // The tests run after the page is built (scripts/test.sh): a folder
        // path the embedding misread would leave the relay without its page.
        assert!(is_built(), "{NOT_BUILT}");
        assert_eq!(
            content_type("pdf.worker.mjs"),
            "text/javascript; charset=utf-8"
        );
    }
}
