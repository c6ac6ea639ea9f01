//! Small checks shared by every record: required text, length limits, dates.

use chrono::{NaiveDate, NaiveDateTime};

use crate::{Problem, Result, ValidationError};

/// Longest short text (a name, a substance, a dose).
pub(crate) const SHORT: usize = 200;
/// Longest batch number of a vaccine.
pub(crate) const LOT: usize = 64;
/// Longest free note.
pub(crate) const NOTES: usize = 10_000;

/// Trims and checks a required short text.
pub(crate) fn required(field: &'static str, value: &mut String) -> Result<()> {
    *value = value.trim().to_string();
    if value.is_empty() {
        return Err(ValidationError::new(field, Problem::Required));
    }
    max_len(field, value, SHORT)
}

/// Trims an optional text, turning blank into `None`, and checks its length.
pub(crate) fn optional(field: &'static str, value: &mut Option<String>, max: usize) -> Result<()> {
    if let Some(v) = value.as_mut() {
        *v = v.trim().to_string();
        if v.is_empty() {
            *value = None;
            return Ok(());
        }
        max_len(field, v, max)?;
    }
    Ok(())
}

pub(crate) fn max_len(field: &'static str, value: &str, max: usize) -> Result<()> {
    if value.chars().count() > max {
        return Err(ValidationError::new(field, Problem::TooLong { max }));
    }
    Ok(())
}

/// Tomorrow, to tolerate time zones when refusing future dates.
fn latest_allowed() -> NaiveDate {
    chrono::Local::now().date_naive() + chrono::Days::new(1)
}

pub(crate) fn not_future(field: &'static str, date: Option<NaiveDate>) -> Result<()> {
    match date {
        Some(d) if d > latest_allowed() => Err(ValidationError::new(field, Problem::InFuture)),
        _ => Ok(()),
    }
}

pub(crate) fn not_future_time(field: &'static str, at: NaiveDateTime) -> Result<()> {
    not_future(field, Some(at.date()))
}

pub(crate) fn not_before(
    field: &'static str,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<()> {
    match (start, end) {
        (Some(s), Some(e)) if e < s => Err(ValidationError::new(field, Problem::BeforeStart)),
        _ => Ok(()),
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(field: &'static str, value: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        ValidationError::new(
            field,
            Problem::InvalidDate {
                value: value.to_string(),
            },
        )
    })
}
