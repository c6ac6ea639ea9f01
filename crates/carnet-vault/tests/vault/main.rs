//! Integration tests of the vault on real SQLCipher files in temporary directories.

mod backup;
mod documents;
mod families;
mod plaintext;
mod records;
mod tampering;
mod util;
