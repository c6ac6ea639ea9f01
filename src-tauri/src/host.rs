//! The system's file dialogs, titled in the user's language.

use std::path::PathBuf;

use carnet_commands::{Host, Pick};
use tauri_plugin_dialog::DialogExt;

pub(crate) struct Dialogs(pub(crate) tauri::AppHandle);

impl std::fmt::Debug for Dialogs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Dialogs")
    }
}

impl Host for Dialogs {
    fn pick_files(&self, pick: Pick<'_>) -> Option<Vec<PathBuf>> {
        let mut dialog = self.0.dialog().file().set_title(pick.title);
        if let Some((name, extensions)) = pick.filter {
            dialog = dialog.add_filter(name, extensions);
        }
        let paths = if pick.multiple {
            dialog.blocking_pick_files()?
        } else {
            vec![dialog.blocking_pick_file()?]
        };
        Some(
            paths
                .into_iter()
                .filter_map(|p| p.into_path().ok())
                .collect(),
        )
    }

    fn save_path(&self, title: &str, file_name: &str) -> Option<PathBuf> {
        self.0
            .dialog()
            .file()
            .set_title(title)
            .set_file_name(file_name)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
    }
}
