//! Documents of the current profile: choose or drop files, import with
//! progress and cancel, preview, export, hide, edit, delete.

use std::ops::ControlFlow;
use std::sync::atomic::Ordering;

use carnet_api::{parse_input, ApiError, ErrorCode};
use carnet_model::{DocumentInput, DocumentMeta, DocumentType, DOCUMENT_TYPES};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::progress::{Channel, PercentSteps, Transfer};
use crate::{command, Bytes, ChosenFile, Pick};

command! {
    /// The document types of the national space.
    fn document_types(_shell) -> Vec<DocumentType> {
        Ok(DOCUMENT_TYPES.to_vec())
    }
}

command! {
    /// The current profile's documents, newest first.
    fn list_documents(shell) -> Vec<DocumentMeta> {
        shell.with(|c| c.documents())
    }
}

command! {
    /// Files dropped on the window from now on arrive on `onDrop`.
    fn watch_dropped_files(shell, on_drop: Channel<Vec<ChosenFile>>) -> () {
        shell.drops.watch(on_drop);
        Ok(())
    }
}

command! {
    /// Opens the system dialog (several files); `null` when cancelled.
    fn choose_files(shell) -> Option<Vec<ChosenFile>> {
        let lang = shell.lang();
        let picked = shell.host.pick_files(Pick {
            title: lang.pick("Choisir des documents", "Choose documents"),
            multiple: true,
            filter: None,
        });
        Ok(picked.map(|paths| shell.files.register(paths)))
    }
}

command! {
    /// Imports a chosen file with its details, streaming progress; a cancel leaves nothing behind.
    fn import_document(shell, token: String, #[ts(as = "DocumentInput")] input: Value, on_progress: Channel<Transfer>) -> DocumentMeta {
        let lang = shell.lang();
        let input: DocumentInput = parse_input(input, lang)?;
        let path = shell
            .files
            .take(&token)
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, lang))?;
        shell.cancel_import.store(false, Ordering::SeqCst);
        let mut steps = PercentSteps::default();
        shell.with(|c| {
            c.import_document(&path, input, &mut |done, total| {
                if shell.cancel_import.load(Ordering::SeqCst) {
                    return ControlFlow::Break(());
                }
                if steps.crossed(done, total) {
                    on_progress.send(&Transfer { done, total });
                }
                ControlFlow::Continue(())
            })
        })
    }
}

command! {
    /// Stops the import under way (heard while it holds the vault).
    fn cancel_import(shell) -> () {
        shell.cancel_import.store(true, Ordering::SeqCst);
        Ok(())
    }
}

command! {
    /// The decrypted content for the in-app preview, in one answer: its media
    /// type on the first line (a known type: no line break), then the raw bytes.
    fn document_content(shell, id: String) -> Bytes {
        let (meta, bytes) = shell.with(|c| c.document_bytes(&id))?;
        Ok(Bytes(preview_body(&meta.media_type, &bytes)))
    }
}

/// The media type, a newline, the file: one answer for the preview.
fn preview_body(media_type: &str, bytes: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut body = Zeroizing::new(Vec::with_capacity(media_type.len() + 1 + bytes.len()));
    body.extend_from_slice(media_type.as_bytes());
    body.push(b'\n');
    body.extend_from_slice(bytes);
    body
}

command! {
    /// Asks where to save, then exports there; `false` when cancelled.
    fn export_document(shell, id: String) -> bool {
        let lang = shell.lang();
        let meta = shell.with(|c| c.document(&id))?;
        let title = lang.pick("Enregistrer sous", "Save as");
        let Some(dest) = shell.host.save_path(title, &meta.file_name) else {
            return Ok(false);
        };
        shell.with(|c| c.export_document(&id, &dest))?;
        shell.host.saved(&dest);
        Ok(true)
    }
}

command! {
    /// Changes a document's details.
    fn update_document(shell, id: String, #[ts(as = "DocumentInput")] input: Value) -> DocumentMeta {
        shell.with(|c| {
            let input: DocumentInput = parse_input(input, c.lang())?;
            c.update_document(&id, input)
        })
    }
}

command! {
    /// Hides a document from professionals, or shows it again.
    fn set_document_hidden(shell, id: String, hidden: bool) -> DocumentMeta {
        shell.with(|c| c.set_document_hidden(&id, hidden))
    }
}

command! {
    /// Deletes a document and its content.
    fn delete_document(shell, id: String) -> () {
        shell.with(|c| c.delete_document(&id))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_preview_is_its_media_type_on_one_line_then_its_bytes() {
        let body = super::preview_body("image/png", b"\x89PNG\n\x1a");
        assert_eq!(body.as_slice(), b"image/png\n\x89PNG\n\x1a");
    }
}
