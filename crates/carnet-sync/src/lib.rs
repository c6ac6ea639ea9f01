//! Carnet's sync layer: one automerge document per profile ([`ProfileDoc`]),
//! the automerge sync protocol over HTTP ([`client`], feature `client`), and
//! the limits both sides enforce on outside input ([`protocol`]).
//!
//! The document is the source of truth for a profile's records and document
//! metadata; the vault's SQL tables are derived from it and can be rebuilt.

mod consent;
mod doc;
mod error;
pub mod inflate;
mod people;
pub mod protocol;
mod replica;

#[cfg(feature = "client")]
pub mod client;

pub use automerge::sync::State as PeerState;
pub use consent::{AllowedBecause, AllowedProfessional};
pub use doc::{
    is_sha256, snapshot, AccessAction, AccessEntry, Author, Conflict, Item, PeopleAction,
    PeopleEvent, ProfileDoc, Touched, MAX_DOC_BYTES,
};
pub use error::{Error, Result};
pub use people::{
    Accepted, CreatedInvitation, Invitation, InvitationPreview, Keep, People, Person, PersonBrief,
    PersonDevice,
};
pub use replica::{BlobRef, Replica};
