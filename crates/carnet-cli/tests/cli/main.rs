//! End-to-end tests of the `carnet` binary on real vaults in temporary directories.
#![allow(clippy::unwrap_used)] // test helpers panic on purpose: a failed setup is a failed test

mod checkups;
mod commands;
mod crash;
mod faults;
mod people;
mod profile;
mod share;
mod sync;
mod util;
mod vaccines;
