//! Share links this profile made: what was shared with whom, the link's
//! secret and the owner token (inside SQLCipher only), and the last state
//! and access log read from the relay.

use std::fmt;

use carnet_share::{Access, Professional, RelayStatus, ShareState};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, Row};
use secrecy::SecretString;

use crate::audit::{audit_row, AuditAction};
use crate::error::json_err;
use crate::profile::Profile;
use crate::stamps::{parse_time, time_text};
use crate::{Error, Result};

const META_RELAY: &str = "share_relay";
/// This device's token on that relay (an account's device, as for sync).
const META_RELAY_TOKEN: &str = "share_relay_token";

/// A share as the profile keeps it.
pub struct StoredShare {
    pub id: String,
    pub relay: String,
    pub secret: SecretString,
    pub owner_token: SecretString,
    pub professional: Professional,
    pub record_ids: Vec<String>,
    pub document_ids: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub max_opens: Option<u32>,
    pub has_pin: bool,
    /// As last known (the relay's word, or revoked from here).
    pub state: ShareState,
    pub opens: u32,
    pub accesses: Vec<Access>,
    pub checked_at: Option<DateTime<Utc>>,
}

impl fmt::Debug for StoredShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredShare")
            .field("id", &self.id)
            .field("relay", &self.relay)
            .field("state", &self.state)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

const COLUMNS: &str = "id, relay, secret, owner_token, professional, record_ids, document_ids, \
    created_at, expires_at, state, accesses, max_opens, has_pin, opens, checked_at";

/// A row as stored: JSON and times still in text.
struct RawShare {
    id: String,
    relay: String,
    secret: String,
    owner_token: String,
    professional: String,
    record_ids: String,
    document_ids: String,
    created_at: String,
    expires_at: String,
    state: String,
    accesses: String,
    max_opens: Option<u32>,
    has_pin: bool,
    opens: u32,
    checked_at: Option<String>,
}

fn raw(r: &Row<'_>) -> rusqlite::Result<RawShare> {
    Ok(RawShare {
        id: r.get(0)?,
        relay: r.get(1)?,
        secret: r.get(2)?,
        owner_token: r.get(3)?,
        professional: r.get(4)?,
        record_ids: r.get(5)?,
        document_ids: r.get(6)?,
        created_at: r.get(7)?,
        expires_at: r.get(8)?,
        state: r.get(9)?,
        accesses: r.get(10)?,
        max_opens: r.get(11)?,
        has_pin: r.get::<_, i64>(12)? != 0,
        opens: r.get(13)?,
        checked_at: r.get(14)?,
    })
}

fn damaged() -> Error {
    Error::damaged("share list")
}

fn assemble(raw: RawShare) -> Result<StoredShare> {
    Ok(StoredShare {
        professional: serde_json::from_str(&raw.professional).map_err(|_| damaged())?,
        record_ids: serde_json::from_str(&raw.record_ids).map_err(|_| damaged())?,
        document_ids: serde_json::from_str(&raw.document_ids).map_err(|_| damaged())?,
        created_at: parse_time(&raw.created_at)?,
        expires_at: parse_time(&raw.expires_at)?,
        state: ShareState::parse(&raw.state).ok_or_else(damaged)?,
        accesses: serde_json::from_str(&raw.accesses).map_err(|_| damaged())?,
        checked_at: raw.checked_at.as_deref().map(parse_time).transpose()?,
        id: raw.id,
        relay: raw.relay,
        secret: SecretString::from(raw.secret),
        owner_token: SecretString::from(raw.owner_token),
        max_opens: raw.max_opens,
        has_pin: raw.has_pin,
        opens: raw.opens,
    })
}

impl Profile {
    /// Keeps a share just created on the relay.
    pub fn add_share(&mut self, share: &StoredShare) -> Result<()> {
        use secrecy::ExposeSecret;
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            &format!(
                "INSERT INTO shares ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
            ),
            params![
                share.id,
                share.relay,
                share.secret.expose_secret(),
                share.owner_token.expose_secret(),
                serde_json::to_string(&share.professional).map_err(json_err)?,
                serde_json::to_string(&share.record_ids).map_err(json_err)?,
                serde_json::to_string(&share.document_ids).map_err(json_err)?,
                time_text(share.created_at),
                time_text(share.expires_at),
                share.state.as_str(),
                serde_json::to_string(&share.accesses).map_err(json_err)?,
                share.max_opens,
                share.has_pin,
                share.opens,
                share.checked_at.map(time_text),
            ],
        )?;
        audit_row(
            &tx,
            &self.actor,
            AuditAction::ShareCreated,
            Some("share"),
            Some(&share.id),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every share this profile made, newest first.
    pub fn shares(&self) -> Result<Vec<StoredShare>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM shares ORDER BY rowid DESC"))?;
        let rows = stmt
            .query_map([], raw)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(assemble).collect()
    }

    /// One share by id.
    pub fn share(&self, id: &str) -> Result<StoredShare> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM shares WHERE id = ?1"),
                [id],
                raw,
            )
            .optional()?
            .ok_or(Error::NotFound { what: "share" })?;
        assemble(row)
    }

    /// Keeps what the relay said about a share.
    pub fn update_share(
        &mut self,
        id: &str,
        status: &RelayStatus,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE shares SET state = ?2, opens = ?3, accesses = ?4, expires_at = ?5, checked_at = ?6
             WHERE id = ?1",
            params![
                id,
                status.state.as_str(),
                status.opens,
                serde_json::to_string(&status.accesses).map_err(json_err)?,
                time_text(status.expires_at),
                time_text(at),
            ],
        )?;
        if changed == 0 {
            return Err(Error::NotFound { what: "share" });
        }
        Ok(())
    }

    /// Marks a share revoked (after the relay confirmed) and forgets its secret.
    pub fn mark_share_revoked(&mut self, id: &str) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        let changed = tx.execute(
            "UPDATE shares SET state = 'revoked', secret = '' WHERE id = ?1",
            [id],
        )?;
        if changed == 0 {
            return Err(Error::NotFound { what: "share" });
        }
        audit_row(
            &tx,
            &self.actor,
            AuditAction::ShareRevoked,
            Some("share"),
            Some(id),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The relay address chosen for this profile's shares, if any.
    pub fn share_relay(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [META_RELAY], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// The token of this device's link to the relay set for shares, if any
    /// (a relay set before links were needed has none).
    pub fn share_relay_token(&self) -> Result<Option<SecretString>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [META_RELAY_TOKEN],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(SecretString::from))
    }

    /// Sets the relay address (already checked by the caller) and this
    /// device's token there, together.
    pub fn set_share_relay(&mut self, address: &str, device_token: &str) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        for (key, value) in [(META_RELAY, address), (META_RELAY_TOKEN, device_token)] {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = ?2",
                params![key, value],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
