//! Reads a deposit's JSON as it streams (from the file the body was written
//! to): the small values become a tree, at most [`MAX_JSON_VALUES`] of them
//! and strings of at most [`MAX_TEXT_BYTES`], while every `data` string (the
//! base64 of an attachment) is decoded straight to a file, hashed on the
//! way, and stands in the tree as a marker. Memory stays a few buffers
//! whatever the size of the body.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use struson::reader::{JsonReader, JsonStreamReader, ValueType};

use crate::body::TempFile;
use crate::outcome::Invalid;

/// Most JSON values (objects, arrays, and the items and members in them) a
/// deposit may hold: a real Bundle of 100 resources has a few thousand.
pub const MAX_JSON_VALUES: usize = 100_000;
/// Largest attachment a deposit may carry (decoded).
pub const MAX_ATTACHMENT_BYTES: usize = 32 * 1024 * 1024;
/// Longest string a deposit may hold, attachments aside.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// Bytes of an attachment kept to check what it is.
const START_BYTES: usize = 16;
/// What a `data` string becomes in the tree (no JSON string can hold it:
/// every `data` string is replaced, and the marker is never read elsewhere).
const MARKER: &str = "\u{0}attachment:";

/// An attachment decoded to a file; the file goes when this is dropped,
/// unless it was kept.
#[derive(Debug)]
pub struct Decoded {
    pub file: TempFile,
    pub sha256: String,
    pub size: u64,
    /// Its first bytes, to check its type.
    pub start: Vec<u8>,
}

/// Why an attachment was not kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentProblem {
    NotBase64,
    TooLarge,
}

/// The attachments of one deposit, by their marker.
#[derive(Debug, Default)]
pub struct Attachments {
    items: Vec<Option<Result<Decoded, AttachmentProblem>>>,
}

impl Attachments {
    /// The attachment a `data` value stands for; `None` for any other value
    /// (or one already taken).
    pub fn take(&mut self, data: &Value) -> Option<Result<Decoded, AttachmentProblem>> {
        let index: usize = data.as_str()?.strip_prefix(MARKER)?.parse().ok()?;
        self.items.get_mut(index)?.take()
    }
}

/// Reads one JSON value from `input`, decoding attachments into `dir`.
pub fn read(input: impl Read, dir: &Path) -> Result<(Value, Attachments), Invalid> {
    let mut reader = JsonStreamReader::new(input);
    let mut state = State {
        dir,
        values: 0,
        attachments: Attachments::default(),
    };
    let value = state.value(&mut reader, None)?;
    reader.consume_trailing_whitespace().map_err(not_json)?;
    Ok((value, state.attachments))
}

fn not_json(e: impl std::fmt::Display) -> Invalid {
    Invalid::new("", "structure", format!("not JSON: {e}"))
}

struct State<'a> {
    dir: &'a Path,
    values: usize,
    attachments: Attachments,
}

impl State<'_> {
    fn value<R: Read>(
        &mut self,
        reader: &mut JsonStreamReader<R>,
        key: Option<&str>,
    ) -> Result<Value, Invalid> {
        self.values += 1;
        if self.values > MAX_JSON_VALUES {
            return Err(Invalid::new(
                "",
                "too-costly",
                format!("more than {MAX_JSON_VALUES} JSON values"),
            ));
        }
        Ok(match reader.peek().map_err(not_json)? {
            ValueType::Object => {
                reader.begin_object().map_err(not_json)?;
                let mut map = Map::new();
                while reader.has_next().map_err(not_json)? {
                    let name = reader.next_name_owned().map_err(not_json)?;
                    let value = self.value(reader, Some(&name))?;
                    map.insert(name, value);
                }
                reader.end_object().map_err(not_json)?;
                Value::Object(map)
            }
            ValueType::Array => {
                reader.begin_array().map_err(not_json)?;
                let mut items = Vec::new();
                while reader.has_next().map_err(not_json)? {
                    items.push(self.value(reader, None)?);
                }
                reader.end_array().map_err(not_json)?;
                Value::Array(items)
            }
            ValueType::String if key == Some("data") => self.attachment(reader)?,
            ValueType::String => {
                let mut text = String::new();
                reader
                    .next_string_reader()
                    .map_err(not_json)?
                    .take(MAX_TEXT_BYTES as u64 + 1)
                    .read_to_string(&mut text)
                    .map_err(not_json)?;
                if text.len() > MAX_TEXT_BYTES {
                    return Err(Invalid::new(
                        key.unwrap_or(""),
                        "too-long",
                        format!("texts are limited to {MAX_TEXT_BYTES} bytes"),
                    ));
                }
                Value::String(text)
            }
            ValueType::Number => {
                let number = reader.next_number_as_str().map_err(not_json)?;
                serde_json::from_str(number).map_err(not_json)?
            }
            ValueType::Boolean => Value::Bool(reader.next_bool().map_err(not_json)?),
            ValueType::Null => {
                reader.next_null().map_err(not_json)?;
                Value::Null
            }
        })
    }

    /// Decodes a `data` string to a new file as it is read.
    fn attachment<R: Read>(&mut self, reader: &mut JsonStreamReader<R>) -> Result<Value, Invalid> {
        let stored = |e: std::io::Error| {
            tracing::error!(error = %e, "writing a deposited attachment failed");
            Invalid::new("", "exception", "the attachment could not be stored")
        };
        let path = self
            .dir
            .join(format!("deposit-{}.part", uuid::Uuid::new_v4().simple()));
        let mut decoded = Decoded {
            file: TempFile::new(path.clone()),
            sha256: String::new(),
            size: 0,
            start: Vec::new(),
        };
        let mut sink = Sink {
            file: BufWriter::new(File::create_new(&path).map_err(stored)?),
            hasher: Sha256::new(),
            size: 0,
            start: Vec::with_capacity(START_BYTES),
        };
        let string = reader.next_string_reader().map_err(not_json)?;
        let mut base64 = base64::read::DecoderReader::new(string, &STANDARD);
        let copied = std::io::copy(
            &mut (&mut base64).take(MAX_ATTACHMENT_BYTES as u64 + 1),
            &mut sink,
        );
        let outcome = match copied {
            Ok(n) if n > MAX_ATTACHMENT_BYTES as u64 => Err(AttachmentProblem::TooLarge),
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                Err(AttachmentProblem::NotBase64)
            }
            Err(e) => return Err(not_json(e)),
        };
        // The rest of the string is read (and dropped) so the JSON goes on.
        std::io::copy(&mut base64.into_inner(), &mut std::io::sink()).map_err(not_json)?;
        let item = match outcome {
            Ok(()) => {
                let mut file = sink.file.into_inner().map_err(|e| stored(e.into_error()))?;
                file.flush().map_err(stored)?;
                file.sync_all().map_err(stored)?;
                decoded.sha256 = hex::encode(sink.hasher.finalize());
                decoded.size = sink.size;
                decoded.start = sink.start;
                Ok(decoded)
            }
            Err(problem) => Err(problem),
        };
        self.attachments.items.push(Some(item));
        Ok(Value::String(format!(
            "{MARKER}{}",
            self.attachments.items.len() - 1
        )))
    }
}

/// Where decoded bytes go: the file, the hash, the count, the first bytes.
struct Sink {
    file: BufWriter<File>,
    hasher: Sha256,
    size: u64,
    start: Vec<u8>,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        let wanted = START_BYTES.saturating_sub(self.start.len()).min(n);
        self.start.extend_from_slice(&buf[..wanted]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn data_strings_are_decoded_to_files_and_the_rest_is_a_tree() {
        let dir = tempfile::tempdir().unwrap();
        let body =
            br#"{"a": [1, 2.5, true, null, "x\"y"], "data": "aGVsbG8=", "b": {"data": "!!"}}"#;
        let (value, mut attachments) = read(&body[..], dir.path()).unwrap();
        assert_eq!(value["a"], serde_json::json!([1, 2.5, true, null, "x\"y"]));
        let hello = attachments.take(&value["data"]).unwrap().unwrap();
        assert_eq!((hello.size, &hello.start[..]), (5, &b"hello"[..]));
        assert_eq!(hello.sha256, hex::encode(Sha256::digest(b"hello")));
        let path = hello.file.path().to_path_buf();
        assert_eq!(std::fs::read(&path).unwrap(), b"hello");
        assert_eq!(
            attachments.take(&value["b"]["data"]).unwrap().unwrap_err(),
            AttachmentProblem::NotBase64
        );
        // What is not a marker is no attachment; a marker serves once.
        assert!(attachments.take(&value["a"]).is_none());
        assert!(attachments.take(&value["data"]).is_none());
        drop(hello);
        drop(attachments);
        assert!(!path.exists(), "an attachment not kept is removed");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn counts_texts_and_syntax_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let many = format!("[{}0]", "0,".repeat(MAX_JSON_VALUES));
        assert_eq!(
            read(many.as_bytes(), dir.path()).unwrap_err().code,
            "too-costly"
        );
        let long = format!(r#"{{"title": "{}"}}"#, "a".repeat(MAX_TEXT_BYTES + 1));
        let refused = read(long.as_bytes(), dir.path()).unwrap_err();
        assert_eq!(
            (refused.code, refused.expression.as_str()),
            ("too-long", "title")
        );
        for bad in [&b"{not json"[..], b"[1, 2", b"{} {}", b"\"data"] {
            assert_eq!(read(bad, dir.path()).unwrap_err().code, "structure");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
