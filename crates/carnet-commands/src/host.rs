//! What the place the interface runs in provides: the desktop window opens
//! the system's file dialogs; the development bridge answers with the files
//! the browser uploaded and hands saved files back to it.

use std::path::{Path, PathBuf};

/// A request to pick files.
#[derive(Debug, Clone, Copy)]
pub struct Pick<'a> {
    /// The dialog's title, in the user's language.
    pub title: &'a str,
    pub multiple: bool,
    /// A filter's name and the extensions it lets through.
    pub filter: Option<(&'a str, &'a [&'a str])>,
}

pub trait Host: Send + Sync + std::fmt::Debug + 'static {
    /// The files the user picked; `None` when cancelled.
    fn pick_files(&self, pick: Pick<'_>) -> Option<Vec<PathBuf>>;

    /// Where the user wants `file_name` saved; `None` when cancelled.
    fn save_path(&self, title: &str, file_name: &str) -> Option<PathBuf>;

    /// A file was written at a path [`Host::save_path`] gave.
    fn saved(&self, _path: &Path) {}
}
