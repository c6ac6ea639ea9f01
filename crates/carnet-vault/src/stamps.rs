//! Timestamps as the vault stores them: UTC, RFC 3339, microseconds.

use chrono::{DateTime, Utc};

use crate::{Error, Result};

/// The current time at the precision stored (microseconds), so what a caller
/// gets back from a write equals what a later read returns.
pub(crate) fn now() -> DateTime<Utc> {
    use chrono::SubsecRound;
    Utc::now().trunc_subsecs(6)
}

pub(crate) fn time_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub(crate) fn now_text() -> String {
    time_text(now())
}

pub(crate) fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Error::damaged("timestamp"))
}
