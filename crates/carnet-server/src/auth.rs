//! Secrets the gateway hands out: device and professional tokens, one-time
//! pairing codes. Only their SHA-256 is stored, so a copy of the database
//! does not let anyone sync or read.

use base64::Engine;
use sha2::{Digest, Sha256};

/// Pairing codes: no 0/O, 1/I/L, so they can be read out and typed.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// 10 characters of a 31-letter alphabet: about 49 bits, single use, 15 minutes.
pub const CODE_LEN: usize = 10;
pub const CODE_MINUTES: i64 = 15;

/// Fresh random bytes.
fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS random source failing is not recoverable for a server handing out secrets.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("operating system random source");
    bytes
}

/// A new bearer token with a readable prefix (`cdt_` device, `cpt_` professional).
pub fn new_token(prefix: &str) -> String {
    format!(
        "{prefix}_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random::<32>())
    )
}

/// A new share id: 128 random bits as 32 lowercase hex digits.
pub fn new_share_id() -> String {
    hex::encode(random::<16>())
}

/// A new pairing code, e.g. `K7QM-X2PA9R` (the dash is for reading only).
pub fn new_pairing_code() -> String {
    let bytes = random::<CODE_LEN>();
    let chars: String = bytes
        .iter()
        .map(|b| CODE_ALPHABET[*b as usize % CODE_ALPHABET.len()] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// The form a code is stored and compared in: upper case, no dash or space.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// SHA-256 hex of a secret.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A new random identifier (profiles, devices).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
