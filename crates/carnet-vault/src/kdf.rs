//! Passphrase protection of a member's age identity.
//!
//! A member's X25519 identity is stored as a standard age file encrypted with
//! the member's passphrase (scrypt recipient, RFC-style `-> scrypt salt log_n`
//! stanza). The work factor is pinned rather than calibrated per call, so the
//! unlock time is predictable, and it sits inside the age header, which is
//! authenticated by the header MAC under the passphrase-derived key: it cannot
//! be lowered without knowing the passphrase. Unlock still refuses any file
//! whose factor is below this build's floor, so weak test parameters can never
//! protect a real vault. The file can be decrypted by any age implementation,
//! which is what a recovery kit relies on.

use std::io::{BufReader, Read, Write};
use std::iter;
use std::str::FromStr;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use age::secrecy::{ExposeSecret, SecretString};
use age::x25519;
use zeroize::Zeroizing;

use crate::{Error, Result};

/// Shortest passphrase accepted for a member.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The scrypt work factor (log2 N) used to protect member identities: 2^18
/// iterations with r = 8 uses 256 MiB and takes about half a second here.
pub const PRODUCTION_LOG_N: u8 = 18;

/// Work factors above this are refused, to bound the memory and time an unlock can cost.
const MAX_LOG_N: u8 = 22;

/// Which work factor to use for new keys and which floor to enforce on unlock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfPolicy {
    /// Work factor for newly protected identities.
    pub log_n: u8,
    /// Lowest work factor accepted on unlock.
    pub floor: u8,
}

impl KdfPolicy {
    /// The policy of shipped builds.
    pub const PRODUCTION: KdfPolicy = KdfPolicy {
        log_n: PRODUCTION_LOG_N,
        floor: PRODUCTION_LOG_N,
    };

    /// The policy in force: production, unless this is a test build that
    /// enables the `insecure-test-kdf` feature *and* sets `CARNET_INSECURE_TEST_KDF=1`.
    pub fn current() -> KdfPolicy {
        #[cfg(feature = "insecure-test-kdf")]
        if std::env::var_os("CARNET_INSECURE_TEST_KDF").is_some_and(|v| v == "1") {
            return KdfPolicy {
                log_n: 10,
                floor: 10,
            };
        }
        KdfPolicy::PRODUCTION
    }
}

/// Refuses passphrases too short to protect anything.
pub(crate) fn check_passphrase(passphrase: &SecretString) -> Result<()> {
    if passphrase.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::WeakPassphrase {
            min: MIN_PASSPHRASE_CHARS,
        });
    }
    Ok(())
}

/// Encrypts `identity` under `passphrase` as an armored age file.
pub(crate) fn seal_identity(
    identity: &x25519::Identity,
    passphrase: &SecretString,
    policy: KdfPolicy,
) -> Result<String> {
    check_passphrase(passphrase)?;
    let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
    recipient.set_work_factor(policy.log_n);
    let encryptor = age::Encryptor::with_recipients(iter::once(&recipient as &dyn age::Recipient))
        .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
    let mut armored = Vec::new();
    let armor = ArmoredWriter::wrap_output(&mut armored, Format::AsciiArmor)?;
    let mut writer = encryptor.wrap_output(armor)?;
    writer.write_all(identity.to_string().expose_secret().as_bytes())?;
    writer.finish()?.finish()?;
    String::from_utf8(armored).map_err(|_| Error::damaged("identity"))
}

/// Decrypts a member identity sealed by [`seal_identity`].
pub(crate) fn open_identity(
    sealed: &str,
    passphrase: &SecretString,
    policy: KdfPolicy,
) -> Result<x25519::Identity> {
    let found = scrypt_work_factor(sealed)?;
    if found < policy.floor {
        return Err(Error::WeakKdf {
            found,
            floor: policy.floor,
        });
    }
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(MAX_LOG_N);
    let decryptor = age::Decryptor::new(ArmoredReader::new(sealed.as_bytes()))
        .map_err(|_| Error::damaged("member identity"))?;
    let mut reader = decryptor
        .decrypt(iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                Error::WrongPassphrase
            }
            _ => Error::damaged("member identity"),
        })?;
    let mut text = Zeroizing::new(String::new());
    reader
        .read_to_string(&mut text)
        .map_err(|_| Error::damaged("member identity"))?;
    x25519::Identity::from_str(text.trim()).map_err(|_| Error::damaged("member identity"))
}

/// Reads the scrypt work factor from the age header without decrypting anything.
fn scrypt_work_factor(sealed: &str) -> Result<u8> {
    let damaged = || Error::damaged("member identity");
    let mut head = Vec::new();
    BufReader::new(ArmoredReader::new(sealed.as_bytes()))
        .take(256)
        .read_to_end(&mut head)
        .map_err(|_| damaged())?;
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.lines();
    if lines.next() != Some("age-encryption.org/v1") {
        return Err(damaged());
    }
    let stanza: Vec<&str> = lines.next().ok_or_else(damaged)?.split(' ').collect();
    match stanza.as_slice() {
        ["->", "scrypt", _salt, log_n] => log_n.parse().map_err(|_| damaged()),
        _ => Err(damaged()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfPolicy = KdfPolicy {
        log_n: 10,
        floor: 10,
    };

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    #[test]
    fn sealed_identity_opens_only_with_its_passphrase() {
        let id = x25519::Identity::generate();
        let sealed = seal_identity(&id, &secret("correct horse battery"), FAST).unwrap();
        assert!(sealed.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
        let opened = open_identity(&sealed, &secret("correct horse battery"), FAST).unwrap();
        assert_eq!(opened.to_public().to_string(), id.to_public().to_string());
        assert!(matches!(
            open_identity(&sealed, &secret("wrong horse battery"), FAST),
            Err(Error::WrongPassphrase)
        ));
    }

    #[test]
    fn production_policy_refuses_a_weak_work_factor() {
        let id = x25519::Identity::generate();
        let sealed = seal_identity(&id, &secret("correct horse battery"), FAST).unwrap();
        assert_eq!(scrypt_work_factor(&sealed).unwrap(), 10);
        assert!(matches!(
            open_identity(
                &sealed,
                &secret("correct horse battery"),
                KdfPolicy::PRODUCTION
            ),
            Err(Error::WeakKdf {
                found: 10,
                floor: 18
            })
        ));
    }

    #[test]
    fn short_passphrases_are_refused() {
        let id = x25519::Identity::generate();
        assert!(matches!(
            seal_identity(&id, &secret("short"), FAST),
            Err(Error::WeakPassphrase { .. })
        ));
    }

    #[test]
    fn garbage_is_reported_as_damaged() {
        assert!(matches!(
            open_identity("not an age file", &secret("whatever123"), FAST),
            Err(Error::Damaged { .. })
        ));
    }
}
