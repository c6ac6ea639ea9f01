//! Backup of the whole vault and restore on first run, with progress.

use carnet_api::{ApiError, BackupSummary, ErrorCode, Secret};

use crate::progress::{throttled, Channel, Transfer};
use crate::{command, Pick};

command! {
    /// Asks where to save, then backs up the whole vault; `null` when cancelled.
    fn backup_vault(shell, on_progress: Channel<Transfer>) -> Option<BackupSummary> {
        let lang = shell.lang();
        let name = format!(
            "carnet-sauvegarde-{}.carnet",
            chrono::Local::now().format("%Y-%m-%d")
        );
        let title = lang.pick("Enregistrer sous", "Save as");
        let Some(path) = shell.host.save_path(title, &name) else {
            return Ok(None);
        };
        let mut progress = throttled(&on_progress);
        let summary = shell.with(|c| c.backup(None, &path, &mut progress))?;
        shell.host.saved(&path);
        Ok(Some(summary))
    }
}

command! {
    /// First run only: asks for an archive and restores it; `null` when cancelled.
    fn restore_backup(shell, member: String, passphrase: String, on_progress: Channel<Transfer>) -> Option<BackupSummary> {
        let lang = shell.lang();
        let passphrase = Secret::from(passphrase);
        // Only offered before a vault exists: never over the user's data.
        if shell.with(|c| Ok(c.status().vault_exists))? {
            return Err(ApiError::new(ErrorCode::DestinationNotEmpty, lang));
        }
        let picked = shell.host.pick_files(Pick {
            title: lang.pick("Choisir une sauvegarde", "Choose a backup"),
            multiple: false,
            filter: Some(("Carnet", &["carnet"])),
        });
        let Some(archive) = picked.and_then(|p| p.into_iter().next()) else {
            return Ok(None);
        };
        let mut progress = throttled(&on_progress);
        shell
            .with(|c| c.restore_backup(&archive, &member, &passphrase, &mut progress))
            .map(Some)
    }
}
