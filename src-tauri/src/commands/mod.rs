//! Tauri commands, one module per area. Each is a few lines over carnet-api;
//! errors cross as `{code, message, field}`. Commands run off the main
//! thread (`async`), so a slow unlock or import never freezes the window.

pub mod backup;
pub mod documents;
pub mod family;
pub mod history;
pub mod profiles;
pub mod records;
pub mod session;
pub mod share;
pub mod sync;

use carnet_api::{ApiError, Carnet, ErrorCode};
use carnet_model::Lang;

use tauri::Manager;

use crate::AppState;

/// Runs `f` with the vault, turning a poisoned lock into an internal error.
pub(crate) fn with_carnet<T>(
    state: &tauri::State<'_, AppState>,
    f: impl FnOnce(&mut Carnet) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let mut carnet = state
        .carnet
        .lock()
        .map_err(|_| ApiError::new(ErrorCode::Internal, Lang::Fr))?;
    f(&mut carnet)
}

/// Runs `f` with the vault on the blocking pool.
pub(crate) async fn blocking<T: Send + 'static>(
    app: tauri::AppHandle,
    f: impl FnOnce(&mut Carnet, &AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let mut carnet = state
            .carnet
            .lock()
            .map_err(|_| ApiError::new(ErrorCode::Internal, Lang::Fr))?;
        f(&mut carnet, &state)
    })
    .await
    .map_err(|_| ApiError::new(ErrorCode::Internal, Lang::Fr))?
}

/// Lets a progress report through at each new percent and at the end, so a
/// channel to the window is not flooded with one message per buffer.
#[derive(Debug, Default)]
pub(crate) struct PercentSteps {
    last: Option<u64>,
}

impl PercentSteps {
    pub(crate) fn crossed(&mut self, done: u64, total: u64) -> bool {
        let step = (done.saturating_mul(100)).checked_div(total).unwrap_or(100);
        let crossed = self.last != Some(step) || done == total;
        self.last = Some(step);
        crossed
    }
}

/// The language messages are currently shown in.
pub(crate) fn lang(state: &tauri::State<'_, AppState>) -> Lang {
    state.carnet.lock().map(|c| c.lang()).unwrap_or(Lang::Fr)
}

/// The system "save as" dialog, titled in the user's language; `None` when cancelled.
pub(crate) fn save_dialog(
    app: &tauri::AppHandle,
    lang: Lang,
    file_name: &str,
) -> Option<std::path::PathBuf> {
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title(lang.pick("Enregistrer sous", "Save as"))
        .set_file_name(file_name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

#[cfg(test)]
mod tests {
    use super::PercentSteps;

    #[test]
    fn progress_goes_through_once_per_percent_and_at_the_end() {
        let mut steps = PercentSteps::default();
        let total = 10_000;
        let sent = (0..=total)
            .step_by(7)
            .filter(|&d| steps.crossed(d, total))
            .count();
        // 0 % to 99 % once each; 10,000 is not a multiple of 7, so the end
        // is reported below.
        assert_eq!(sent, 100);
        assert!(steps.crossed(total, total));
        assert!(steps.crossed(total, total), "the end always goes through");
        assert!(
            PercentSteps::default().crossed(0, 0),
            "an empty file ends at once"
        );
    }
}
