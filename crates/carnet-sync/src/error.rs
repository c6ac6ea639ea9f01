//! Errors of the sync layer.

/// What went wrong while reading, changing or syncing a profile document.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("the {0} is damaged")]
    Damaged(&'static str),
    #[error("an item of the document is not valid Carnet data")]
    Unreadable,
    #[error("no such item in the document")]
    NotFound,
    #[error("invalid {0}")]
    Invalid(&'static str),
    #[error("larger than the {max} bytes allowed")]
    TooLarge { max: u64 },
    #[error("malformed sync message: {0}")]
    Malformed(&'static str),
    #[error("document error: {0}")]
    Automerge(String),
    #[error("serialization error: {0}")]
    Json(String),
}

impl Error {
    pub(crate) fn json(e: serde_json::Error) -> Self {
        Self::Json(e.to_string())
    }
}

impl From<automerge::AutomergeError> for Error {
    fn from(e: automerge::AutomergeError) -> Self {
        Self::Automerge(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
