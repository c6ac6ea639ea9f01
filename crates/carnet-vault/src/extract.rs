//! Searchable text from imported documents (plain text and PDF).

use std::panic::{self, AssertUnwindSafe};

use zeroize::Zeroizing;

/// Largest document whose text is extracted; bigger ones are kept but not indexed.
pub(crate) const MAX_EXTRACT_BYTES: u64 = 32 * 1024 * 1024;
/// Longest text kept in the search index for one document.
const MAX_TEXT_CHARS: usize = 1_000_000;

/// Extracts text, or `None` when there is none or the file cannot be parsed.
/// A malformed PDF must never take the import down with it, so parser panics
/// are contained here.
pub(crate) fn extract_text(media_type: &str, content: &[u8]) -> Option<Zeroizing<String>> {
    let text = Zeroizing::new(match media_type {
        "text/plain" => String::from_utf8_lossy(content).into_owned(),
        "application/pdf" => panic::catch_unwind(AssertUnwindSafe(|| {
            pdf_extract::extract_text_from_mem(content)
        }))
        .ok()?
        .ok()?,
        _ => return None,
    });
    let mut out = Zeroizing::new(String::with_capacity(text.len().min(MAX_TEXT_CHARS * 4)));
    let mut chars = 0;
    for word in text.split_whitespace() {
        chars += word.chars().count() + 1;
        if chars > MAX_TEXT_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    (!out.is_empty()).then_some(out)
}
