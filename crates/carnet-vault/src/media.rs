//! Recognizing the kind of file a person imports, from its first bytes.

/// Media types Carnet keeps. Anything else is refused with a clear message.
pub(crate) fn sniff(head: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| head.starts_with(magic);
    if head.is_empty() {
        return None;
    }
    if starts(b"%PDF-") {
        return Some("application/pdf");
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some("image/gif");
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        return Some("image/tiff");
    }
    if head.len() >= 12
        && &head[4..8] == b"ftyp"
        && matches!(&head[8..12], b"heic" | b"heix" | b"mif1" | b"avif")
    {
        return Some(if &head[8..12] == b"avif" {
            "image/avif"
        } else {
            "image/heic"
        });
    }
    if head.len() >= 132 && &head[128..132] == b"DICM" {
        return Some("application/dicom");
    }
    if starts(b"{\\rtf") {
        return Some("application/rtf");
    }
    if looks_like_text(head) {
        return Some("text/plain");
    }
    None
}

/// UTF-8 without control characters other than whitespace; a multi-byte
/// character cut at the end of the sample is tolerated.
fn looks_like_text(head: &[u8]) -> bool {
    let valid = match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() => match std::str::from_utf8(&head[..e.valid_up_to()]) {
            Ok(s) => s,
            Err(_) => return false,
        },
        Err(_) => return false,
    };
    let valid = valid.strip_prefix('\u{feff}').unwrap_or(valid);
    !valid.is_empty()
        && valid
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
}

/// Whether search text can be extracted from this media type.
pub(crate) fn has_text(media_type: &str) -> bool {
    matches!(media_type, "application/pdf" | "text/plain")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_types_are_recognized() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(
            sniff("Compte rendu : tension normale.\n".as_bytes()),
            Some("text/plain")
        );
        // A multi-byte character cut by the sample boundary is still text.
        assert_eq!(sniff(&"é".as_bytes()[..1]), None);
        assert_eq!(sniff(&[b'a', b'b', 0xC3]), Some("text/plain"));
    }

    #[test]
    fn executables_and_empty_files_are_refused() {
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01\0"), None);
        assert_eq!(sniff(b"MZ\x90\0\x03\0"), None);
        assert_eq!(sniff(b"PK\x03\x04"), None);
        assert_eq!(sniff(b""), None);
    }
}
