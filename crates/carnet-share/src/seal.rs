//! Encryption of a share: age to a fresh X25519 key, and the PIN proof.

use std::io::{Read, Write};
use std::iter;

use age::x25519;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The age header every share starts with.
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// A sealed share: the ciphertext for the relay, the key for the link.
#[derive(Debug)]
pub struct Sealed {
    pub ciphertext: Vec<u8>,
    /// `AGE-SECRET-KEY-1…`: goes only into the link's fragment.
    pub secret: SecretString,
}

/// Encrypts `plaintext` to a key made for this share alone.
pub fn seal(plaintext: &[u8]) -> Result<Sealed> {
    let identity = x25519::Identity::generate();
    let recipient = identity.to_public();
    let encryptor = age::Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient))
        .map_err(|_| Error::Seal)?;
    // age adds 16 bytes per 64 KiB chunk and a small header.
    let mut ciphertext = Vec::with_capacity(plaintext.len() + plaintext.len() / 4096 + 512);
    let mut writer = encryptor
        .wrap_output(&mut ciphertext)
        .map_err(|_| Error::Seal)?;
    writer.write_all(plaintext).map_err(|_| Error::Seal)?;
    writer.finish().map_err(|_| Error::Seal)?;
    Ok(Sealed {
        ciphertext,
        secret: identity.to_string(),
    })
}

/// Decrypts a whole share; any damage (or a wrong key) fails the whole.
pub fn open(ciphertext: &[u8], secret: &str) -> Result<Zeroizing<Vec<u8>>> {
    let identity: x25519::Identity = secret.trim().parse().map_err(|_| Error::BadLink)?;
    check_header(ciphertext)?;
    let decryptor = age::Decryptor::new_buffered(ciphertext).map_err(|_| Error::Damaged)?;
    let mut reader = decryptor
        .decrypt(iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => Error::WrongKey,
            _ => Error::Damaged,
        })?;
    let mut plaintext = Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    reader
        .read_to_end(&mut plaintext)
        .map_err(|_| Error::Damaged)?;
    Ok(plaintext)
}

/// Checks the header's stanza grammar strictly: every stanza body ends with
/// a line shorter than 64 columns (the age crate accepts a missing one; the
/// specification and the C2SP vectors do not).
fn check_header(file: &[u8]) -> Result<()> {
    let mut rest = file.strip_prefix(AGE_MAGIC).ok_or(Error::Damaged)?;
    let mut next_line = || -> Result<&[u8]> {
        let end = rest
            .iter()
            .position(|b| *b == b'\n')
            .ok_or(Error::Damaged)?;
        let line = &rest[..end];
        rest = &rest[end + 1..];
        Ok(line)
    };
    loop {
        let line = next_line()?;
        if line.starts_with(b"--- ") {
            return Ok(());
        }
        if !line.starts_with(b"-> ") {
            return Err(Error::Damaged);
        }
        loop {
            let body = next_line()?;
            let base64 = body
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'));
            if !base64 || body.len() > 64 {
                return Err(Error::Damaged);
            }
            if body.len() < 64 {
                break;
            }
        }
    }
}

/// Whether `file` has the shape of a share, checked without the key (what
/// a relay can check): the age header with exactly one X25519 stanza (and at
/// most one small "grease" stanza, which age adds to keep parsers honest),
/// then a 16-byte nonce and a payload whose length fits age's 64 KiB chunks
/// (each with its 16-byte tag). Random bytes behind a bare age header fail;
/// what the payload holds only the key can tell.
pub fn is_share_ciphertext(file: &[u8]) -> bool {
    let start = &file[..file.len().min(SHARE_HEADER_MAX)];
    is_share_start(start, file.len() as u64)
}

/// The most a share's age header takes: whoever receives a share as a
/// stream keeps this much of its start to check it.
pub const SHARE_HEADER_MAX: usize = 2048;

/// [`is_share_ciphertext`] from the first bytes of a file (at least
/// [`SHARE_HEADER_MAX`] of them, or all) and its whole length.
pub fn is_share_start(start: &[u8], total_len: u64) -> bool {
    const CHUNK_WITH_TAG: u64 = 64 * 1024 + 16;
    let b64 = |s: &[u8]| {
        s.iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
    };
    let Some(mut rest) = start.strip_prefix(AGE_MAGIC) else {
        return false;
    };
    let mut next_line = || -> Option<&[u8]> {
        let end = rest.iter().position(|b| *b == b'\n')?;
        let line = &rest[..end];
        rest = &rest[end + 1..];
        Some(line)
    };
    let (mut x25519, mut grease) = (0, 0);
    let header_len = loop {
        let Some(line) = next_line() else {
            return false;
        };
        if let Some(mac) = line.strip_prefix(b"--- ") {
            if mac.len() != 43 || !b64(mac) {
                return false;
            }
            break (start.len() - rest.len()) as u64;
        }
        let Some(args) = line.strip_prefix(b"-> ") else {
            return false;
        };
        // The stanza's body: full 64-column lines, then a shorter one.
        let mut body = Vec::new();
        loop {
            let Some(part) = next_line() else {
                return false;
            };
            if part.len() > 64 || !b64(part) {
                return false;
            }
            body.push(part.len());
            if part.len() < 64 {
                break;
            }
        }
        let mut words = args.split(|b| *b == b' ');
        match words.next() {
            Some(b"X25519") => {
                let key = words.next().unwrap_or_default();
                if key.len() != 43 || !b64(key) || words.next().is_some() || body != [43] {
                    return false;
                }
                x25519 += 1;
            }
            Some(tag) if tag.ends_with(b"-grease") && body.len() <= 3 => grease += 1,
            _ => return false,
        }
    };
    let Some(sealed) = total_len
        .checked_sub(header_len)
        .and_then(|n| n.checked_sub(16))
    else {
        return false;
    };
    let last = sealed % CHUNK_WITH_TAG;
    x25519 == 1 && grease <= 1 && sealed >= 16 && (last == 0 || last >= 16)
}

/// What the viewer sends to prove the PIN: HMAC-SHA256 keyed by the link's
/// secret, so the relay cannot try PINs offline without the link.
pub fn pin_proof(secret: &SecretString, pin: &str) -> Zeroizing<String> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.expose_secret().as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(b"carnet-share-pin/1:");
    mac.update(pin.as_bytes());
    Zeroizing::new(hex::encode(mac.finalize().into_bytes()))
}

/// What the relay stores to check a proof: SHA-256 of the proof's hex text.
pub fn pin_verifier(proof: &str) -> String {
    hex::encode(Sha256::digest(proof.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_seal_makes_has_the_shape_of_a_share() {
        for size in [0usize, 1, 64 * 1024, 64 * 1024 + 1, 200_000] {
            // age adds a random grease stanza: try a few of them.
            for _ in 0..20 {
                let sealed = seal(&vec![7u8; size]).unwrap();
                assert!(is_share_ciphertext(&sealed.ciphertext), "{size}");
            }
        }
        let sealed = seal(b"x").unwrap();
        let mut header_only = sealed.ciphertext.clone();
        header_only.truncate(header_only.len() - 20);
        let mut two_recipients = sealed.ciphertext.clone();
        let at = AGE_MAGIC.len();
        let stanza = two_recipients[at..at + 10 + 43 + 1 + 43 + 1].to_vec();
        assert!(stanza.starts_with(b"-> X25519 "));
        two_recipients.splice(at..at, stanza);
        for bad in [
            &b"age-encryption.org/v1\nnot a share"[..],
            &header_only,
            &two_recipients,
            b"",
        ] {
            assert!(!is_share_ciphertext(bad));
        }
    }

    #[test]
    fn a_sealed_share_opens_with_its_key_only() {
        let sealed = seal(b"{\"format\":\"carnet-share/1\"}").unwrap();
        assert!(sealed.ciphertext.starts_with(AGE_MAGIC));
        let secret = sealed.secret.expose_secret();
        assert!(secret.starts_with("AGE-SECRET-KEY-1") && secret.len() == 74);
        assert_eq!(
            open(&sealed.ciphertext, secret).unwrap().as_slice(),
            b"{\"format\":\"carnet-share/1\"}"
        );
        let other = seal(b"x").unwrap();
        assert!(matches!(
            open(&sealed.ciphertext, other.secret.expose_secret()),
            Err(Error::WrongKey)
        ));
    }

    #[test]
    fn each_share_has_its_own_key() {
        let a = seal(b"same").unwrap();
        let b = seal(b"same").unwrap();
        assert_ne!(a.secret.expose_secret(), b.secret.expose_secret());
        assert_ne!(a.ciphertext, b.ciphertext);
    }

    #[test]
    fn damage_anywhere_is_refused() {
        let plaintext = vec![7u8; 200_000];
        let sealed = seal(&plaintext).unwrap();
        let secret = sealed.secret.expose_secret();
        let mut flipped = sealed.ciphertext.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 1;
        let truncated = &sealed.ciphertext[..sealed.ciphertext.len() - 100];
        let mut extended = sealed.ciphertext.clone();
        extended.extend_from_slice(b"more");
        for bad in [&flipped[..], truncated, &extended[..], b"not age"] {
            assert!(matches!(open(bad, secret), Err(Error::Damaged)));
        }
    }

    #[test]
    fn the_pin_proof_depends_on_secret_and_pin() {
        let s1 = SecretString::from("AGE-SECRET-KEY-1AAAA".to_string());
        let s2 = SecretString::from("AGE-SECRET-KEY-1BBBB".to_string());
        let p = pin_proof(&s1, "1234");
        assert_eq!(p.len(), 64);
        assert_ne!(*p, *pin_proof(&s1, "1235"));
        assert_ne!(*p, *pin_proof(&s2, "1234"));
        assert_eq!(pin_verifier(&p).len(), 64);
        assert_ne!(pin_verifier(&p), *p);
    }
}
