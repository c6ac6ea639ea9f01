//! What the shell and the command line receive and send. The vault's
//! reports are plain model types (`carnet_model::summaries`), handed on as
//! they are; nothing of the vault itself is re-exported, so neither the
//! shell nor the CLI depends on it.

pub use carnet_model::{
    AuditEntry, BackupSummary, KeyHolder, MemberSummary, ProfileSummary, Role, SearchHit,
};

/// A passphrase, wiped from memory when dropped.
pub use secrecy::SecretString as Secret;

/// Bytes done and in all, as a backup or a restore goes.
pub type TransferProgress<'a> = &'a mut dyn FnMut(u64, u64);
