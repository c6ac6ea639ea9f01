//! The profile's audit log: what was done, by which member, when; never
//! any health content.

use carnet_model::AuditEntry;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::stamps::{now_text, parse_time};
use crate::Result;

/// Something that happened to a profile, recorded without any health content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AuditAction {
    ProfileCreated,
    ProfileOpened,
    ProfileUpdated,
    RecordCreated,
    RecordUpdated,
    RecordDeleted,
    DocumentImported,
    DocumentOpened,
    DocumentExported,
    DocumentUpdated,
    DocumentDeleted,
    AccessGranted,
    AccessRevoked,
    BackupCreated,
    Synced,
    ShareCreated,
    ShareRevoked,
    /// An action outside the member's role was refused.
    Refused,
}

impl AuditAction {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::ProfileCreated => "profile_created",
            Self::ProfileOpened => "profile_opened",
            Self::ProfileUpdated => "profile_updated",
            Self::RecordCreated => "record_created",
            Self::RecordUpdated => "record_updated",
            Self::RecordDeleted => "record_deleted",
            Self::DocumentImported => "document_imported",
            Self::DocumentOpened => "document_opened",
            Self::DocumentExported => "document_exported",
            Self::DocumentUpdated => "document_updated",
            Self::DocumentDeleted => "document_deleted",
            Self::AccessGranted => "access_granted",
            Self::AccessRevoked => "access_revoked",
            Self::BackupCreated => "backup_created",
            Self::Synced => "synced",
            Self::ShareCreated => "share_created",
            Self::ShareRevoked => "share_revoked",
            Self::Refused => "refused",
        }
    }
}

/// The audit log on `conn`, newest first, at most `limit` entries.
pub(crate) fn audit_log(conn: &Connection, limit: usize) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT at, member, action, target_kind, target_id FROM audit ORDER BY seq DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
        ))
    })?;
    rows.map(|row| {
        let (at, member, action, target_kind, target_id) = row?;
        Ok(AuditEntry {
            at: parse_time(&at)?,
            member,
            action,
            target_kind,
            target_id,
        })
    })
    .collect()
}

/// Appends one audit line on `conn` for `actor`.
pub(crate) fn audit_row(
    conn: &Connection,
    actor: &str,
    action: AuditAction,
    target_kind: Option<&str>,
    target_id: Option<&str>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO audit (at, member, action, target_kind, target_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![now_text(), actor, action.as_str(), target_kind, target_id],
    )?;
    Ok(())
}
