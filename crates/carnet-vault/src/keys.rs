//! Profile keys: random 256-bit SQLCipher keys, age-wrapped for each member.

use std::fmt;
use std::io::{Read, Write};
use std::iter;

use age::armor::{ArmoredReader, ArmoredWriter, Format};
use age::x25519;
use zeroize::Zeroizing;

use crate::{Error, Result};

/// The raw key of one profile database. Wiped from memory when dropped.
#[derive(Clone)]
pub(crate) struct ProfileKey(Zeroizing<[u8; 32]>);

impl ProfileKey {
    /// A fresh random key from the operating system.
    pub(crate) fn generate() -> Result<Self> {
        let mut key = Zeroizing::new([0u8; 32]);
        getrandom::fill(key.as_mut())
            .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
        Ok(Self(key))
    }

    /// The value for `PRAGMA key`: a raw key, so SQLCipher skips its own PBKDF2.
    pub(crate) fn pragma_value(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("\"x'{}'\"", hex::encode(&self.0[..])))
    }

    /// Encrypts the key to one member as an armored age file.
    pub(crate) fn wrap_for(&self, recipient: &x25519::Recipient) -> Result<String> {
        let encryptor =
            age::Encryptor::with_recipients(iter::once(recipient as &dyn age::Recipient))
                .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
        let mut armored = Vec::new();
        let armor = ArmoredWriter::wrap_output(&mut armored, Format::AsciiArmor)?;
        let mut writer = encryptor.wrap_output(armor)?;
        writer.write_all(self.0.as_ref())?;
        writer.finish()?.finish()?;
        String::from_utf8(armored).map_err(|_| Error::damaged("wrapped key"))
    }

    /// Decrypts a key wrapped by [`ProfileKey::wrap_for`].
    pub(crate) fn unwrap(wrapped: &str, identity: &x25519::Identity) -> Result<Self> {
        let decryptor = age::Decryptor::new(ArmoredReader::new(wrapped.as_bytes()))
            .map_err(|_| Error::damaged("wrapped profile key"))?;
        let mut reader = decryptor
            .decrypt(iter::once(identity as &dyn age::Identity))
            // The entry was picked by member id: if it does not open with that
            // member's identity, it is damaged, not someone else's.
            .map_err(|_| Error::damaged("wrapped profile key"))?;
        let mut key = Zeroizing::new([0u8; 32]);
        reader
            .read_exact(key.as_mut())
            .map_err(|_| Error::damaged("wrapped profile key"))?;
        let mut rest = [0u8; 1];
        if !matches!(reader.read(&mut rest), Ok(0)) {
            return Err(Error::damaged("wrapped profile key"));
        }
        Ok(Self(key))
    }

    /// Wraps 32 bytes held elsewhere (the vault key, for members upgrading).
    pub(crate) fn from_bytes(bytes: &[u8; 32]) -> Self {
        Self(Zeroizing::new(*bytes))
    }

    /// Raw bytes, for deriving subkeys.
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for ProfileKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProfileKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_key_opens_for_its_member_only() {
        let alice = x25519::Identity::generate();
        let bob = x25519::Identity::generate();
        let key = ProfileKey::generate().unwrap();
        let wrapped = key.wrap_for(&alice.to_public()).unwrap();
        assert_eq!(
            ProfileKey::unwrap(&wrapped, &alice).unwrap().bytes(),
            key.bytes()
        );
        assert!(matches!(
            ProfileKey::unwrap(&wrapped, &bob),
            Err(Error::Damaged { .. })
        ));
        assert!(!format!("{key:?}").contains(&hex::encode(key.bytes())));
    }
}
