//! The gateway for real on loopback, with real vaults (SQLCipher files) as
//! devices: sync, deposits, hidden documents, access history, faults.
#![allow(clippy::unwrap_used)]

mod background;
mod bodies;
mod coming_of_age;
mod common;
mod delete_profile;
mod faults;
mod flows;
mod limits;
mod people;
mod people_property;
mod probing;
mod round_trip;
