//! Secrets the gateway hands out: device and professional tokens, one-time
//! pairing codes. Only their SHA-256 is stored, so a copy of the database
//! does not let anyone sync or read. Pairing codes are short (about 49
//! bits), so theirs is an HMAC under a server key kept in a file beside the
//! database, not in it: a copy of the database alone cannot be searched.

use std::path::Path;

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

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
/// Bytes past the largest multiple of the alphabet's size are drawn again,
/// so every letter is equally likely.
pub fn new_pairing_code() -> String {
    let chars = random_code(CODE_LEN);
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// `len` letters of the code alphabet, each equally likely.
fn random_code(len: usize) -> String {
    let limit = (256 / CODE_ALPHABET.len() * CODE_ALPHABET.len()) as u8;
    let mut chars = String::with_capacity(len);
    while chars.len() < len {
        for b in random::<16>() {
            if b < limit && chars.len() < len {
                chars.push(CODE_ALPHABET[b as usize % CODE_ALPHABET.len()] as char);
            }
        }
    }
    chars
}

/// Invitation codes: 16 characters of the same alphabet, about 79 bits.
/// An invitation lives up to 7 days (not 15 minutes) and may sit on paper,
/// so it carries more entropy than a pairing code; with the per-address
/// throttle, guessing one is out of reach either way.
pub const INVITATION_CODE_LEN: usize = 16;

/// A new invitation code, e.g. `K7QM-X2PA-9RTB-CD3E`.
pub fn new_invitation_code() -> String {
    let chars = random_code(INVITATION_CODE_LEN);
    chars
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The server's key for pairing-code hashes (`pairing.key`, owner-only).
pub struct PairingKey(Zeroizing<[u8; 32]>);

impl std::fmt::Debug for PairingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PairingKey(<redacted>)")
    }
}

impl PairingKey {
    const FILE: &'static str = "pairing.key";

    /// Reads the key in `dir`, or makes it on first start.
    pub fn load_or_create(dir: &Path) -> std::io::Result<Self> {
        let path = dir.join(Self::FILE);
        let mut key = Zeroizing::new([0u8; 32]);
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() == 32 => key.copy_from_slice(&bytes),
            Ok(_) => {
                return Err(std::io::Error::other(format!(
                    "{} is damaged (expected 32 bytes)",
                    path.display()
                )))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                key.copy_from_slice(&random::<32>());
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                let mut file = options.open(&path)?;
                std::io::Write::write_all(&mut file, key.as_ref())?;
                file.sync_all()?;
            }
            Err(e) => return Err(e),
        }
        Ok(Self(key))
    }

    /// What is stored for a code: HMAC-SHA256 of its normalised form.
    pub fn code_hash(&self, code: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0[..])
            .expect("HMAC takes keys of any length");
        mac.update(normalize_code(code).as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_whole_alphabet_and_hash_under_the_server_key_only() {
        let code = new_pairing_code();
        assert_eq!(code.len(), CODE_LEN + 1);
        assert!(normalize_code(&code)
            .bytes()
            .all(|b| CODE_ALPHABET.contains(&b)));
        let tmp = tempfile::tempdir().expect("temp");
        let key = PairingKey::load_or_create(tmp.path()).expect("key");
        let again = PairingKey::load_or_create(tmp.path()).expect("key");
        assert_eq!(key.code_hash(&code), again.code_hash(&code.to_lowercase()));
        assert_ne!(key.code_hash(&code), hash_secret(&normalize_code(&code)));
        let other = tempfile::tempdir().expect("temp");
        let other = PairingKey::load_or_create(other.path()).expect("key");
        assert_ne!(key.code_hash(&code), other.code_hash(&code));
    }
}
