//! Errors of the vault, one variant per thing a user or a caller can act on.

use std::io;

/// Result of a vault operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong in the vault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The passphrase does not unlock this member.
    #[error("wrong passphrase")]
    WrongPassphrase,
    /// The passphrase is too short to protect health data.
    #[error("passphrase too short (at least {min} characters)")]
    WeakPassphrase { min: usize },
    /// The member holds no key for this profile.
    #[error("this member has no access to this profile")]
    NoAccess,
    /// No vault, member, profile, record or document with this identifier.
    #[error("{what} not found")]
    NotFound { what: &'static str },
    /// Something with this name already exists.
    #[error("{what} already exists")]
    AlreadyExists { what: &'static str },
    /// The input fails validation.
    #[error(transparent)]
    Invalid(#[from] carnet_model::ValidationError),
    /// A stored file is damaged or was tampered with: nothing from it is trusted.
    #[error("damaged data: {what}")]
    Damaged { what: String },
    /// A file was changed outside Carnet (its authentication or binding
    /// fails): nothing from it was used and nothing was written.
    #[error("changed outside Carnet: {0}")]
    Altered(Altered),
    /// Another process has this vault open.
    #[error("the vault is open in another program")]
    Busy,
    /// The file type is not one Carnet keeps.
    #[error("unsupported file type")]
    UnsupportedFile,
    /// The file is larger than Carnet accepts.
    #[error("file too large (at most {max} bytes)")]
    TooLarge { max: u64 },
    /// The disk is full (or the file size limit was hit); nothing was half-written.
    #[error("disk full")]
    DiskFull,
    /// The operation was cancelled by the user; nothing was kept.
    #[error("cancelled")]
    Cancelled,
    /// The destination of a restore is not empty.
    #[error("the destination folder is not empty")]
    DestinationNotEmpty,
    /// The member's role on this profile does not allow this (`action` names it).
    #[error("your role on this profile does not allow this: {action}")]
    NotAllowed { action: &'static str },
    /// Removing this member would leave a profile nobody can open.
    #[error("this would leave the profile with nobody able to open it")]
    LastKeyHolder,
    /// The document's content has not been downloaded from the national space yet.
    #[error("content not downloaded yet")]
    ContentPending,
    /// A sync message from the other side was refused (malformed, too large).
    #[error("sync message refused: {0}")]
    SyncMessage(String),
    /// Any other input/output error.
    #[error("input/output error: {0}")]
    Io(io::Error),
    /// An unexpected database error.
    #[error("database error: {0}")]
    Database(rusqlite::Error),
}

/// What was found changed outside Carnet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Altered {
    /// `vault.json`: the members, the profiles or their keys.
    VaultFile,
    /// A member's key-protection parameters (the scrypt work factor).
    KeyProtection,
    /// A profile's database belongs to another profile or vault.
    ProfileDatabase,
    /// A profile's folder, or a file in it, is a link.
    ProfileFolder,
    /// A backup archive was not made by a member of this vault, or cannot be checked.
    Backup,
}

impl std::fmt::Display for Altered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Altered::VaultFile => "the list of members and profiles (vault.json)",
            Altered::KeyProtection => "a member's key-protection parameters",
            Altered::ProfileDatabase => "a profile's database belongs to another profile",
            Altered::ProfileFolder => "a profile's folder or file is a link",
            Altered::Backup => "the backup archive",
        })
    }
}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Self {
        // ENOSPC (28), EFBIG (27) and EDQUOT (122) all mean "no room left to write".
        match err.raw_os_error() {
            Some(28 | 27 | 122) => Error::DiskFull,
            _ if err.kind() == io::ErrorKind::StorageFull => Error::DiskFull,
            _ => Error::Io(err),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Error::Damaged {
                what: "database".into(),
            },
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy,
            _ => Error::Database(err),
        }
    }
}

impl Error {
    pub(crate) fn damaged(what: impl Into<String>) -> Self {
        Error::Damaged { what: what.into() }
    }
}

/// A JSON (de)serialisation failure of data the vault itself wrote.
pub(crate) fn json_err(e: serde_json::Error) -> Error {
    Error::Io(io::Error::other(e))
}

/// A sync-layer error seen from the vault.
pub(crate) fn sync_err(e: carnet_sync::Error) -> Error {
    match e {
        carnet_sync::Error::TooLarge { max } => Error::TooLarge { max },
        carnet_sync::Error::NotFound => Error::NotFound { what: "item" },
        other => Error::damaged(other.to_string()),
    }
}
