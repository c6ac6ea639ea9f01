//! Integration tests of the vault on real SQLCipher files in temporary directories.
#![allow(clippy::unwrap_used)] // test helpers panic on purpose: a failed setup is a failed test

mod backup;
mod document_rows;
mod documents;
mod families;
mod plaintext;
mod records;
mod tampering;
mod trust;
mod util;
