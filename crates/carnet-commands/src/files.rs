//! Files the user picked in a dialog or dropped on the window. The page only
//! ever sees a random token, a name and a size: it cannot name a path of its
//! own, so it can read no file the user did not choose.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use serde::Serialize;

use crate::progress::Channel;

/// A chosen file as the page sees it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct ChosenFile {
    pub token: String,
    pub name: String,
    pub size: u64,
}

/// Chosen files waiting to be imported, by token.
#[derive(Debug, Default)]
pub struct ChosenFiles(Mutex<HashMap<String, PathBuf>>);

impl ChosenFiles {
    /// Registers the regular files among `paths`; folders and unreadable entries are skipped.
    pub fn register(&self, paths: impl IntoIterator<Item = PathBuf>) -> Vec<ChosenFile> {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        paths
            .into_iter()
            .filter_map(|path| {
                let meta = std::fs::metadata(&path).ok().filter(|m| m.is_file())?;
                let name = carnet_model::clean_file_name(&path.file_name()?.to_string_lossy());
                let token = uuid::Uuid::new_v4().simple().to_string();
                map.insert(token.clone(), path);
                Some(ChosenFile {
                    token,
                    name,
                    size: meta.len(),
                })
            })
            .collect()
    }

    /// The path behind a token, used once.
    pub fn take(&self, token: &str) -> Option<PathBuf> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(token)
    }

    /// Forgets every chosen file (on lock).
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

/// Where dropped files are announced: a channel the page opened with a
/// command. The window is granted no event listening at all, so Tauri's own
/// drag-and-drop events, which carry the dropped paths, never reach it.
#[derive(Debug, Default)]
pub(crate) struct DropWatch(Mutex<Option<Channel<Vec<ChosenFile>>>>);

impl DropWatch {
    /// Replaces the channel (the documents screen opens a new one each time).
    pub(crate) fn watch(&self, channel: Channel<Vec<ChosenFile>>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(channel);
    }

    /// Tells the page about dropped files, by name and token only.
    pub(crate) fn announce(&self, files: &Vec<ChosenFile>) {
        if let Some(channel) = &*self.0.lock().unwrap_or_else(|p| p.into_inner()) {
            channel.send(files);
        }
    }
}
