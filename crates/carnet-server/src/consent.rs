//! Professionals' reads need the patient's consent, as in the national
//! space: a professional the patient authorised from a linked device, or
//! one who deposited for the patient, unless the patient withdrew them.
//! Anyone else is refused, and the refusal is in the patient's access
//! history. The patient lists, authorises and withdraws here.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, put};
use axum::{Json, Router};
use carnet_sync::{AllowedBecause, AllowedProfessional};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::http::{blocking, device, ApiError, ApiResult, AppState};

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

pub(crate) const CONSENT_SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS professional_access (
    profile TEXT NOT NULL REFERENCES profiles(id), rpps TEXT NOT NULL,
    grant_kind TEXT NOT NULL CHECK (grant_kind IN ('patient', 'deposit', 'withdrawn')),
    since TEXT NOT NULL, PRIMARY KEY (profile, rpps)
) STRICT;
"#;

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

/// The patient's routes (a linked device's token).
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/v1/profiles/{id}/professionals", get(list_allowed))
        .route(
            "/v1/profiles/{id}/professionals/{rpps}",
            put(authorise).delete(withdraw),
        )
}

async fn list_allowed(
    State(state): State<Arc<AppState>>,
    Path(profile): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Vec<AllowedProfessional>>> {
    blocking(move || {
        device(&state, &headers, Some(&profile))?;
        Ok(Json(state.hub.storage().allowed_professionals(&profile)?))
    })
    .await
}

fn checked_rpps(text: &str) -> ApiResult<String> {
    carnet_model::Rpps::parse(text)
        .map(|r| r.as_str().to_string())
        .map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_rpps",
                "an RPPS number has 11 digits",
            )
        })
}

async fn authorise(
    state: State<Arc<AppState>>,
    path: Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    decide(state, path, headers, Grant::Patient).await
}

async fn withdraw(
    state: State<Arc<AppState>>,
    path: Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<StatusCode> {
    decide(state, path, headers, Grant::Withdrawn).await
}

async fn decide(
    State(state): State<Arc<AppState>>,
    Path((profile, rpps)): Path<(String, String)>,
    headers: HeaderMap,
    grant: Grant,
) -> ApiResult<StatusCode> {
    blocking(move || {
        device(&state, &headers, Some(&profile))?;
        let rpps = checked_rpps(&rpps)?;
        state
            .hub
            .storage()
            .set_professional_access(&profile, &rpps, grant, Utc::now())?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}
