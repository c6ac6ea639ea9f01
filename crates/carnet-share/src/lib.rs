//! Time-limited share links for chosen professionals.
//!
//! The patient picks records and documents; [`bundle`] turns them into a
//! FHIR R4 document bundle, [`seal`] encrypts it with age to a fresh X25519
//! key, the relay stores the ciphertext, and the key travels only in the
//! link's fragment ([`link`]). See docs/share-links.md.

pub mod bundle;
#[cfg(feature = "client")]
pub mod client;
mod error;
pub mod link;
pub mod relay;
pub mod request;
pub mod seal;

pub use bundle::{payload, BundleInput, PAYLOAD_FORMAT};
pub use error::Error;
pub use link::{normalize_relay, ShareLink};
pub use relay::{Access, AccessOutcome, Created, RelayStatus, ShareState};
pub use request::{choice_issues, Professional, ShareLimits, ShareOptions, LIMITS as SHARE_LIMITS};
pub use seal::{open, pin_proof, pin_verifier, seal, Sealed};

/// Result of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
