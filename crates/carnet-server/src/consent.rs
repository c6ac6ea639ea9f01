//! Professionals' reads need the patient's consent, as in the national
//! space: a professional the patient authorised from a linked device, or
//! one who deposited for the patient, unless the patient withdrew them.
//! Anyone else is refused, and the refusal is in the patient's access
//! history. The patient lists, authorises and withdraws through
//! `http::consent`.

use carnet_sync::{AllowedBecause, AllowedProfessional};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

/// A patient's decision about one professional, or a deposit's effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// The patient authorised them (again).
    Patient,
    /// They deposited: allowed, unless the patient decided otherwise before.
    Deposit,
    /// The patient withdrew them: later deposits do not bring them back.
    Withdrawn,
}

impl Grant {
    fn as_str(self) -> &'static str {
        match self {
            Self::Patient => "patient",
            Self::Deposit => "deposit",
            Self::Withdrawn => "withdrawn",
        }
    }
}

pub(crate) fn set(
    conn: &Connection,
    profile: &str,
    rpps: &str,
    grant: Grant,
    at: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let sql = match grant {
        // A deposit never overrides what the patient decided.
        Grant::Deposit => {
            "INSERT INTO professional_access (profile, rpps, grant_kind, since)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (profile, rpps) DO NOTHING"
        }
        Grant::Patient | Grant::Withdrawn => {
            "INSERT INTO professional_access (profile, rpps, grant_kind, since)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (profile, rpps) DO UPDATE SET grant_kind = ?3, since = ?4
             WHERE grant_kind <> ?3"
        }
    };
    conn.execute(sql, params![profile, rpps, grant.as_str(), at])?;
    Ok(())
}

pub(crate) fn allowed(conn: &Connection, profile: &str, rpps: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM professional_access
         WHERE profile = ?1 AND rpps = ?2 AND grant_kind IN ('patient', 'deposit'))",
        params![profile, rpps],
        |r| r.get(0),
    )
}

pub(crate) fn list(conn: &Connection, profile: &str) -> rusqlite::Result<Vec<AllowedProfessional>> {
    let mut stmt = conn.prepare(
        "SELECT a.rpps, (SELECT MIN(p.name) FROM professionals p WHERE p.rpps = a.rpps),
                a.grant_kind, a.since
         FROM professional_access a
         WHERE a.profile = ?1 AND a.grant_kind IN ('patient', 'deposit')
         ORDER BY a.since, a.rowid",
    )?;
    let rows = stmt.query_map([profile], |r| {
        let since: String = r.get(3)?;
        Ok(AllowedProfessional {
            rpps: r.get(0)?,
            name: r.get(1)?,
            because: if r.get::<_, String>(2)? == "patient" {
                AllowedBecause::Patient
            } else {
                AllowedBecause::Deposit
            },
            since: DateTime::parse_from_rfc3339(&since)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default(),
        })
    })?;
    rows.collect()
}

/// Refused reads already written into a patient's history, so that each
/// professional's attempts appear once an hour, however many they make.
#[derive(Debug, Default)]
pub struct Refusals {
    last: std::sync::Mutex<std::collections::HashMap<(String, String), std::time::Instant>>,
}

/// How often a professional's refused attempts appear in the history.
const REFUSAL_LOG_EVERY: std::time::Duration = std::time::Duration::from_secs(3600);
/// Pairs remembered; beyond, the memory starts over (attempts then show again).
const MAX_REMEMBERED: usize = 10_000;

impl Refusals {
    /// True when this professional's attempt on this profile should be written.
    pub fn first_in_a_while(&self, profile: &str, rpps: &str) -> bool {
        let now = std::time::Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        let key = (profile.to_string(), rpps.to_string());
        if last
            .get(&key)
            .is_some_and(|at| now.duration_since(*at) < REFUSAL_LOG_EVERY)
        {
            return false;
        }
        if last.len() >= MAX_REMEMBERED {
            last.clear();
        }
        last.insert(key, now);
        true
    }
}
