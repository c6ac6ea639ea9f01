//! End-to-end tests of the `carnet` binary on real vaults in temporary directories.

mod commands;
mod crash;
mod util;
