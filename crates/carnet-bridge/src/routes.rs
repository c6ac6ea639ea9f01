//! The bridge's HTTP side: sessions, invokes, the event stream, uploaded
//! and saved files, dropped files, the control of the test's servers, and
//! the interface's files.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use carnet_commands::Reply;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::session::Session;

#[derive(Debug)]
pub struct Bridge {
    token: String,
    ui: PathBuf,
    sessions: Mutex<HashMap<String, Arc<Session>>>,
}

type Shared = State<Arc<Bridge>>;
type Failure = (StatusCode, String);

fn fail(status: StatusCode, why: impl std::fmt::Display) -> Failure {
    (status, why.to_string())
}

/// Who calls: the token and the session, from headers or (for an event
/// stream or a download, which cannot set headers) the query.
#[derive(Debug, Default, Deserialize)]
struct Caller {
    token: Option<String>,
    session: Option<String>,
}

impl Bridge {
    fn authorised(&self, headers: &HeaderMap, query: &Caller) -> Result<(), Failure> {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        match bearer.or(query.token.as_deref()) {
            Some(t) if t == self.token => Ok(()),
            _ => Err(fail(StatusCode::UNAUTHORIZED, "missing or wrong token")),
        }
    }

    fn session(&self, headers: &HeaderMap, query: &Caller) -> Result<Arc<Session>, Failure> {
        self.authorised(headers, query)?;
        let id = headers
            .get("x-carnet-session")
            .and_then(|v| v.to_str().ok())
            .or(query.session.as_deref())
            .unwrap_or_default();
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
            .ok_or_else(|| fail(StatusCode::NOT_FOUND, "no such session"))
    }
}

pub async fn serve(ui: PathBuf) -> anyhow::Result<()> {
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let bridge = Arc::new(Bridge {
        token: token.clone(),
        ui,
        sessions: Mutex::default(),
    });
    let app = Router::new()
        .route("/api/session", post(new_session))
        .route("/api/invoke/{command}", post(invoke))
        .route("/api/events", get(events))
        .route("/api/upload", post(upload))
        .route("/api/saved/{id}", get(saved))
        .route("/api/drop", post(dropped))
        .route("/api/control/{*path}", post(control))
        .route("/", get(index))
        .route("/{*path}", get(asset))
        .layer(DefaultBodyLimit::max(256 * 1024 * 1024))
        .with_state(bridge);
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    println!(
        "{}",
        json!({ "url": format!("http://{addr}/?token={token}") })
    );
    let stdin_closed = async {
        // The test harness holds stdin: when it goes, so does the bridge.
        let _ = tokio::task::spawn_blocking(|| {
            let mut sink = Vec::new();
            let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink);
        })
        .await;
    };
    tokio::select! {
        served = axum::serve(listener, app) => served?,
        _ = stdin_closed => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

async fn new_session(
    State(bridge): Shared,
    headers: HeaderMap,
    Query(query): Query<Caller>,
) -> Result<Json<Value>, Failure> {
    bridge.authorised(&headers, &query)?;
    let session = Session::start()
        .await
        .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    bridge
        .sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(id.clone(), session);
    Ok(Json(json!({ "session": id })))
}

/// A request's JSON body; an empty body is `null` (a command without arguments).
fn json_body(body: &Bytes) -> Result<Value, Failure> {
    if body.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|e| fail(StatusCode::BAD_REQUEST, e))
}

/// Runs one command of the table, as the window's IPC would.
async fn invoke(
    State(bridge): Shared,
    UrlPath(command): UrlPath<String>,
    headers: HeaderMap,
    Query(query): Query<Caller>,
    body: Bytes,
) -> Result<Response, Failure> {
    let session = bridge.session(&headers, &query)?;
    let args = json_body(&body)?;
    let picked = headers
        .get("x-carnet-picked")
        .and_then(|v| v.to_str().ok())
        .map(|ids| {
            ids.split(',')
                .filter(|id| !id.is_empty())
                .filter_map(|id| uploaded(&session, id))
                .collect::<Vec<_>>()
        });
    let answer = tokio::task::spawn_blocking(move || {
        *session
            .files
            .picked
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = picked;
        let before = session.files.saved.lock().map(|s| s.len()).unwrap_or(0);
        let reply = carnet_commands::dispatch(&session.shell, &command, args, session.channels());
        // What this command saved, for the page to download.
        let saved: Vec<_> = session
            .files
            .saved
            .lock()
            .map(|s| s.get(before..).unwrap_or_default().to_vec())
            .unwrap_or_default();
        (reply, saved)
    })
    .await
    .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    Ok(match answer {
        (Ok(Reply::Bytes(mut bytes)), _) => {
            let body = std::mem::take(&mut *bytes);
            ([(header::CONTENT_TYPE, "application/octet-stream")], body).into_response()
        }
        (Ok(Reply::Json(value)), saved) => {
            Json(json!({ "ok": value, "saved": saved })).into_response()
        }
        (Err(error), saved) => Json(json!({ "err": error, "saved": saved })).into_response(),
    })
}

/// The path of an uploaded file, by the id `upload` gave.
fn uploaded(session: &Session, id: &str) -> Option<PathBuf> {
    if !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let dir = session.dir.path().join("uploads").join(id);
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .next()
}

/// Channel messages, as server-sent events.
async fn events(
    State(bridge): Shared,
    headers: HeaderMap,
    Query(query): Query<Caller>,
) -> Result<impl IntoResponse, Failure> {
    let session = bridge.session(&headers, &query)?;
    let receiver = session.events.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(message) => {
                    return Some((
                        Ok::<_, std::convert::Infallible>(Event::default().data(message)),
                        receiver,
                    ))
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    // The first event says the stream is open, so the page can wait for it.
    let ready =
        futures_util::stream::once(async { Ok(Event::default().event("ready").data("open")) });
    Ok(Sse::new(futures_util::StreamExt::chain(ready, stream)).keep_alive(KeepAlive::default()))
}

#[derive(Debug, Deserialize)]
struct UploadQuery {
    name: String,
    #[serde(flatten)]
    caller: Caller,
}

/// A file the user picked or dropped in the browser, kept for the next command.
async fn upload(
    State(bridge): Shared,
    headers: HeaderMap,
    Query(query): Query<UploadQuery>,
    body: Bytes,
) -> Result<Json<Value>, Failure> {
    let session = bridge.session(&headers, &query.caller)?;
    let name = carnet_model::clean_file_name(&query.name);
    let dir = session
        .upload_dir()
        .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    std::fs::write(dir.join(&name), &body)
        .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let id = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Json(json!({ "id": id })))
}

/// A file a command saved, downloaded once.
async fn saved(
    State(bridge): Shared,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    Query(query): Query<Caller>,
) -> Result<Response, Failure> {
    let session = bridge.session(&headers, &query)?;
    let found = {
        let mut saved = session
            .files
            .saved
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let at = saved.iter().position(|s| s.id == id);
        at.map(|i| saved.remove(i))
    };
    let saved = found.ok_or_else(|| fail(StatusCode::NOT_FOUND, "no such file"))?;
    let bytes =
        std::fs::read(&saved.path).map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let _ = std::fs::remove_file(&saved.path);
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"{}\"",
        saved.name.replace('"', "")
    ))
    .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
struct Dropped {
    ids: Vec<String>,
}

/// Files dropped on the page, announced as the window announces its drops.
async fn dropped(
    State(bridge): Shared,
    headers: HeaderMap,
    Query(query): Query<Caller>,
    Json(dropped): Json<Dropped>,
) -> Result<StatusCode, Failure> {
    let session = bridge.session(&headers, &query)?;
    let paths: Vec<PathBuf> = dropped
        .ids
        .iter()
        .filter_map(|id| uploaded(&session, id))
        .collect();
    tokio::task::spawn_blocking(move || session.shell.drop_files(paths))
        .await
        .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    Ok(StatusCode::NO_CONTENT)
}

async fn control(
    State(bridge): Shared,
    UrlPath(path): UrlPath<String>,
    headers: HeaderMap,
    Query(query): Query<Caller>,
    body: Bytes,
) -> Result<Json<Value>, Failure> {
    let session = bridge.session(&headers, &query)?;
    let body = json_body(&body)?;
    tokio::task::spawn_blocking(move || crate::control::run(&session, &path, body))
        .await
        .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, e))?
        .map(Json)
        .map_err(|e| fail(StatusCode::BAD_REQUEST, format!("{e:#}")))
}

async fn index(State(bridge): Shared) -> Response {
    file(&bridge.ui, Path::new("index.html"))
}

async fn asset(State(bridge): Shared, UrlPath(path): UrlPath<String>) -> Response {
    file(&bridge.ui, Path::new(&path))
}

/// A file of the built interface; nothing outside its folder.
fn file(root: &Path, relative: &Path) -> Response {
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Ok(bytes) = std::fs::read(root.join(relative)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let kind = match relative.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        Some("json" | "map") => "application/json",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    };
    ([(header::CONTENT_TYPE, kind)], bytes).into_response()
}
