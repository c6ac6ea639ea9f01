//! Searchable text from imported documents (plain text and PDF).

use std::panic::{self, AssertUnwindSafe};

/// Largest document whose text is extracted; bigger ones are kept but not indexed.
pub(crate) const MAX_EXTRACT_BYTES: u64 = 32 * 1024 * 1024;
/// Longest text kept in the search index for one document.
const MAX_TEXT_CHARS: usize = 1_000_000;

/// Extracts text, or `None` when there is none or the file cannot be parsed.
/// A malformed PDF must never take the import down with it, so parser panics
/// are contained here.
pub(crate) fn extract_text(media_type: &str, content: &[u8]) -> Option<String> {
    let text = match media_type {
        "text/plain" => String::from_utf8_lossy(content).into_owned(),
        "application/pdf" => panic::catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::extract_text_from_mem(content)
        }))
        .ok()?
        .ok()?,
        _ => return None,
    };
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text: String = text.chars().take(MAX_TEXT_CHARS).collect();
    (!text.is_empty()).then_some(text)
}
