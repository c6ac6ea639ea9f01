//! Carnet's encrypted vault: members, profiles, records, documents, search,
//! audit log and backups, all stored encrypted on the local disk.
//!
//! Each profile is a SQLCipher database opened with a random 256-bit key;
//! that key is age-wrapped to every member allowed to open the profile, and
//! each member's age identity is sealed under their passphrase with scrypt.
//! Document content is streamed into age files beside the database.
//!
//! ```no_run
//! use carnet_vault::{Vault, SecretString};
//! # fn main() -> carnet_vault::Result<()> {
//! let pass = SecretString::from("une phrase de passe longue".to_string());
//! let mut session = Vault::create("/tmp/vault".as_ref(), "Alice", &pass)?;
//! let vault = session.lock();
//! let alice = vault.find_member("Alice")?;
//! let session = vault.into_session(&alice.id, &pass)?;
//! # Ok(()) }
//! ```

mod activity;
mod audit;
mod backup;
mod blobs;
mod crdt;
mod db;
mod documents;
mod error;
mod extract;
mod fsutil;
mod kdf;
mod keys;
mod manifest;
mod media;
mod profile;
mod records;
mod rows;
mod search;
mod shares;
mod stamps;
mod sync;
mod vault;

pub use activity::{ActivityAction, ActivityEntry};
pub use age::secrecy::{ExposeSecret, SecretString};
pub use audit::AuditAction;
pub use backup::{restore, TransferProgress};
pub use blobs::{Progress, MAX_DOCUMENT_BYTES};
pub use crdt::DETAILS_CONFLICTS_ID;
pub use documents::MAX_PREVIEW_BYTES;
pub use error::{Altered, Error, Result};
pub use kdf::{KdfPolicy, MIN_PASSPHRASE_CHARS, PRODUCTION_LOG_N};
pub use profile::Profile;
pub use shares::StoredShare;
pub use sync::SyncLink;
pub use vault::{MemberKey, Session, Vault};
// What the vault reports, defined in the model so carnet-api hands it on
// without exposing the vault.
pub use carnet_model::{
    AuditEntry, BackupSummary, KeyHolder, MemberSummary, ProfileSummary, Role, SearchHit,
};
