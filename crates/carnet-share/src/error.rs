use carnet_model::ValidationError;

/// What can go wrong while making, reading or managing a share.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A choice of the patient's is not acceptable (field and reason).
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// Encryption failed (out of memory, in practice).
    #[error("the share could not be encrypted")]
    Seal,
    /// The ciphertext or the payload inside does not verify.
    #[error("the share is damaged")]
    Damaged,
    /// The key does not open this share.
    #[error("the key does not open this share")]
    WrongKey,
    /// Not a share link (`<relay>/s/<id>#<secret>`).
    #[error("not a share link")]
    BadLink,
    /// Not a web address (`http(s)://host[:port]`).
    #[error("not a web address")]
    InvalidAddress,
    /// The relay could not be reached.
    #[error("the relay is unreachable: {0}")]
    Offline(String),
    /// The relay does not know this share (or the owner token is wrong).
    #[error("the relay does not know this share")]
    NotFound,
    /// The relay does not know this device: creating a share needs a
    /// device linked to an account on the relay.
    #[error("the relay does not know this device")]
    Unauthorized,
    /// The account's shares on the relay already hold all the space it allows.
    #[error("the relay's space for this account is used up")]
    Quota,
    /// The relay refused or failed.
    #[error("the relay answered {status}: {message}")]
    Relay { status: u16, message: String },
}
