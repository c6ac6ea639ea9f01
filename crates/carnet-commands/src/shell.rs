//! What the commands work on: one vault, the files the user chose, and the
//! cancel switches of the import or sync under way (outside the vault lock,
//! so a cancel is heard while an import or a sync holds it).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Mutex;

use carnet_api::{ApiError, Carnet, ErrorCode};
use carnet_model::Lang;

use crate::files::{ChosenFiles, DropWatch};
use crate::host::Host;

#[derive(Debug)]
pub struct Shell {
    carnet: Mutex<Carnet>,
    pub(crate) files: ChosenFiles,
    pub(crate) drops: DropWatch,
    pub(crate) cancel_import: AtomicBool,
    pub(crate) cancel_sync: AtomicBool,
    pub(crate) host: Box<dyn Host>,
    /// The language last seen, for answers while a long command holds the vault.
    last_lang: AtomicU8,
}

impl Shell {
    pub fn new(carnet: Carnet, host: impl Host) -> Self {
        Self {
            carnet: Mutex::new(carnet),
            files: ChosenFiles::default(),
            drops: DropWatch::default(),
            cancel_import: AtomicBool::new(false),
            cancel_sync: AtomicBool::new(false),
            host: Box::new(host),
            last_lang: AtomicU8::new(0),
        }
    }

    /// The language messages are currently shown in. Never waits: while an
    /// import or a sync holds the vault, a cancel must still be heard.
    pub fn lang(&self) -> Lang {
        match self.carnet.try_lock() {
            Ok(carnet) => {
                let lang = carnet.lang();
                self.last_lang
                    .store(u8::from(lang == Lang::En), Ordering::Relaxed);
                lang
            }
            Err(_) if self.last_lang.load(Ordering::Relaxed) == 1 => Lang::En,
            Err(_) => Lang::Fr,
        }
    }

    /// Runs `f` with the vault, turning a poisoned lock into an internal error.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Carnet) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut carnet = self
            .carnet
            .lock()
            .map_err(|_| ApiError::new(ErrorCode::Internal, Lang::Fr))?;
        f(&mut carnet)
    }

    /// Files dropped on the window: registered, then announced to the page.
    pub fn drop_files(&self, paths: impl IntoIterator<Item = PathBuf>) {
        let chosen = self.files.register(paths);
        if !chosen.is_empty() {
            self.drops.announce(&chosen);
        }
    }

    /// Whether the user asked to stop the sync under way.
    pub fn sync_cancel_requested(&self) -> bool {
        self.cancel_sync.load(Ordering::SeqCst)
    }
}
