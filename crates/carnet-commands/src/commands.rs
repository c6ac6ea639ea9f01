//! The commands, one module per area. Each is a few lines over carnet-api;
//! errors cross as `{code, message, field}`.

pub mod backup;
pub mod documents;
pub mod family;
pub mod history;
pub mod people;
pub mod profiles;
pub mod records;
pub mod session;
pub mod share;
pub mod sync;
pub mod vaccines;
