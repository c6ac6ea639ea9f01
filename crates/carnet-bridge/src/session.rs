//! One page's session: a fresh vault in a temporary folder, its own server,
//! and the events (progress channels) on their way to the page.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use carnet_api::Carnet;
use carnet_commands::{OpenChannel, Shell, Sink};
use carnet_model::Lang;
use serde_json::{json, Value};
use tokio::sync::broadcast;

use crate::gateway::Server;
use crate::host::{BrowserHost, Files};

/// How the page names a channel: `__CHANNEL__:<n>`, as Tauri's do.
const CHANNEL_PREFIX: &str = "__CHANNEL__:";

#[derive(Debug)]
pub struct Session {
    pub shell: Arc<Shell>,
    pub files: Arc<Files>,
    pub server: Server,
    pub events: broadcast::Sender<String>,
    /// Another device of the same person, once a test needed one.
    pub other: Mutex<Option<Carnet>>,
    /// Dr Claire Martin's token on this session's gateway, once registered.
    pub professional: Mutex<Option<String>>,
    /// Whether the professionals the gateway knows by name are registered.
    pub known: Mutex<bool>,
    uploads: AtomicU64,
    pub dir: tempfile::TempDir,
}

impl Session {
    pub async fn start() -> anyhow::Result<Arc<Self>> {
        let dir = tempfile::Builder::new()
            .prefix("carnet-bridge-")
            .tempdir()?;
        let files = Arc::new(Files::new(dir.path().join("outbox")));
        let carnet = Carnet::new(dir.path().join("vault"), Lang::Fr);
        let shell = Arc::new(Shell::new(carnet, BrowserHost(files.clone())));
        let server = Server::start(&dir.path().join("server"), Arc::downgrade(&shell)).await?;
        let (events, _) = broadcast::channel(1024);
        Ok(Arc::new(Self {
            shell,
            files,
            server,
            events,
            other: Mutex::new(None),
            professional: Mutex::new(None),
            known: Mutex::new(false),
            uploads: AtomicU64::new(0),
            dir,
        }))
    }

    /// Opens channels as messages on the session's event stream.
    pub fn channels(&self) -> Arc<dyn OpenChannel> {
        let events = self.events.clone();
        Arc::new(move |id: &str| {
            let n: u64 = id.strip_prefix(CHANNEL_PREFIX)?.parse().ok()?;
            let events = events.clone();
            let sink: Sink = Arc::new(move |message: Value| {
                let _ = events.send(json!({ "channel": n, "message": message }).to_string());
            });
            Some(sink)
        })
    }

    /// A new folder for one uploaded file.
    pub fn upload_dir(&self) -> std::io::Result<std::path::PathBuf> {
        let n = self.uploads.fetch_add(1, Ordering::SeqCst);
        let dir = self.dir.path().join("uploads").join(n.to_string());
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }
}
