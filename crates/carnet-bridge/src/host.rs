//! Files for a browser: what the user picked was uploaded first and is
//! handed to the next command that asks; what a command saves is kept for
//! the page to download.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use carnet_commands::{Host, Pick};

/// A file a command saved, for the page to fetch once.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Saved {
    pub id: String,
    pub name: String,
    #[serde(skip)]
    pub path: PathBuf,
}

#[derive(Debug, Default)]
pub struct Files {
    /// The files the current invoke was sent with, for its pick.
    pub picked: Mutex<Option<Vec<PathBuf>>>,
    /// Files written since the page last asked.
    pub saved: Mutex<Vec<Saved>>,
    /// Where save dialogs point.
    pub outbox: PathBuf,
}

impl Files {
    pub fn new(outbox: PathBuf) -> Self {
        Self {
            outbox,
            ..Self::default()
        }
    }
}

/// The host of one session, sharing its [`Files`] with the HTTP side.
#[derive(Debug)]
pub struct BrowserHost(pub Arc<Files>);

impl Host for BrowserHost {
    fn pick_files(&self, pick: Pick<'_>) -> Option<Vec<PathBuf>> {
        let mut picked = self
            .0
            .picked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()?;
        if !pick.multiple {
            picked.truncate(1);
        }
        Some(picked)
    }

    fn save_path(&self, _title: &str, file_name: &str) -> Option<PathBuf> {
        let dir = self
            .0
            .outbox
            .join(uuid::Uuid::new_v4().simple().to_string());
        std::fs::create_dir_all(&dir).ok()?;
        Some(dir.join(carnet_model::clean_file_name(file_name)))
    }

    fn saved(&self, path: &Path) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let saved = Saved {
            id: uuid::Uuid::new_v4().simple().to_string(),
            name,
            path: path.to_path_buf(),
        };
        self.0
            .saved
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(saved);
    }
}
