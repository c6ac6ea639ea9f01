//! Passphrase protection of a member's age identity.
//!
//! A member's X25519 identity is stored as a standard age file encrypted with
//! the member's passphrase (scrypt recipient, RFC-style `-> scrypt salt log_n`
//! stanza). The work factor is pinned rather than calibrated per call, so the
//! unlock time is predictable, and it sits inside the age header, which is
//! authenticated by the header MAC under the passphrase-derived key: it cannot
//! be lowered without knowing the passphrase. Unlock still refuses any file
//! whose factor is outside this build's accepted range before running the KDF,
//! so weak test parameters can never protect a real vault and a raised factor
//! cannot make unlock spend gigabytes. The file can be decrypted by any age
//! implementation, which is what a recovery kit relies on: it is an age
//! identity file whose comment line also carries the vault key (see
//! `manifest`), which only someone with the passphrase can have written.

use std::io::{BufReader, Read, Write};
use std::iter;
use std::str::FromStr;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use age::secrecy::{ExposeSecret, SecretString};
use age::x25519;
use zeroize::Zeroizing;

use crate::manifest::{is_canonical_id, VaultKey};
use crate::{Error, Result};

/// Shortest passphrase accepted for a member.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The scrypt work factor (log2 N) used to protect member identities: 2^18
/// iterations with r = 8 uses 256 MiB and takes about half a second here.
pub const PRODUCTION_LOG_N: u8 = 18;

/// Work factors above this are refused before any work, to bound the memory
/// and time an unlock can cost (one step above production: 512 MiB).
const MAX_LOG_N: u8 = PRODUCTION_LOG_N + 1;

/// Prefix of the comment line that carries the vault key in a sealed identity.
const VAULT_KEY_LINE: &str = "# carnet-vault-key: ";

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

/// Which vault and member a sealed identity belongs to, and the vault key.
pub(crate) struct Binding {
    pub vault_id: String,
    pub member_id: String,
    pub key: VaultKey,
}

/// What a passphrase opens: the member's identity and, unless the identity
/// was sealed by a Carnet older than authenticated vaults, its binding.
pub(crate) struct Opened {
    pub identity: x25519::Identity,
    pub binding: Option<Binding>,
}

/// Encrypts `identity` and its binding under `passphrase` as an armored age file.
pub(crate) fn seal_identity(
    identity: &x25519::Identity,
    binding: &Binding,
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
    let text = Zeroizing::new(format!(
        "# Carnet member key (an age identity)\n{}\n{VAULT_KEY_LINE}{} {} {}\n",
        identity.to_string().expose_secret(),
        binding.vault_id,
        binding.member_id,
        Zeroizing::new(hex::encode(&binding.key[..])).as_str(),
    ));
    writer.write_all(text.as_bytes())?;
    writer.finish()?.finish()?;
    String::from_utf8(armored).map_err(|_| Error::damaged("identity"))
}

/// Decrypts a member identity sealed by [`seal_identity`].
pub(crate) fn open_identity(
    sealed: &str,
    passphrase: &SecretString,
    policy: KdfPolicy,
) -> Result<Opened> {
    let found = scrypt_work_factor(sealed)?;
    if !(policy.floor..=MAX_LOG_N).contains(&found) {
        // Only this build's parameters are accepted, checked before the KDF
        // runs: anything else was not written by this Carnet.
        return Err(Error::Altered(crate::Altered::KeyProtection));
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
    parse_opened(&text)
}

fn parse_opened(text: &str) -> Result<Opened> {
    let damaged = || Error::damaged("member identity");
    let mut identity = None;
    let mut binding = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(rest) = line.strip_prefix(VAULT_KEY_LINE) {
            let parts: Vec<&str> = rest.split(' ').collect();
            let [vault_id, member_id, key_hex] = parts.as_slice() else {
                return Err(damaged());
            };
            let mut key = Zeroizing::new([0u8; 32]);
            hex::decode_to_slice(key_hex, key.as_mut()).map_err(|_| damaged())?;
            if binding.is_some() || !is_canonical_id(vault_id) || !is_canonical_id(member_id) {
                return Err(damaged());
            }
            binding = Some(Binding {
                vault_id: vault_id.to_string(),
                member_id: member_id.to_string(),
                key,
            });
        } else if !line.starts_with('#') {
            if identity.is_some() {
                return Err(damaged());
            }
            identity = Some(x25519::Identity::from_str(line).map_err(|_| damaged())?);
        }
    }
    Ok(Opened {
        identity: identity.ok_or_else(damaged)?,
        binding,
    })
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

    fn binding() -> Binding {
        Binding {
            vault_id: carnet_model::new_id(),
            member_id: carnet_model::new_id(),
            key: Zeroizing::new([7u8; 32]),
        }
    }

    #[test]
    fn sealed_identity_opens_only_with_its_passphrase() {
        let id = x25519::Identity::generate();
        let sealed =
            seal_identity(&id, &binding(), &secret("correct horse battery"), FAST).unwrap();
        assert!(sealed.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
        let opened = open_identity(&sealed, &secret("correct horse battery"), FAST).unwrap();
        assert_eq!(
            opened.identity.to_public().to_string(),
            id.to_public().to_string()
        );
        assert_eq!(*opened.binding.unwrap().key, [7u8; 32]);
        assert!(matches!(
            open_identity(&sealed, &secret("wrong horse battery"), FAST),
            Err(Error::WrongPassphrase)
        ));
    }

    #[test]
    fn production_policy_refuses_a_weak_work_factor() {
        let id = x25519::Identity::generate();
        let sealed =
            seal_identity(&id, &binding(), &secret("correct horse battery"), FAST).unwrap();
        assert_eq!(scrypt_work_factor(&sealed).unwrap(), 10);
        assert!(matches!(
            open_identity(
                &sealed,
                &secret("correct horse battery"),
                KdfPolicy::PRODUCTION
            ),
            Err(Error::Altered(crate::Altered::KeyProtection))
        ));
    }

    #[test]
    fn short_passphrases_are_refused() {
        let id = x25519::Identity::generate();
        assert!(matches!(
            seal_identity(&id, &binding(), &secret("short"), FAST),
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
