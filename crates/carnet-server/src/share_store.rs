//! Where the relay keeps shares: one row per share (counts, limits, hashed
//! owner token and PIN verifier), the access log, and the ciphertext as a
//! file under `shares/`. Every check-and-count runs under the storage's one
//! connection, so concurrent opens are counted exactly.

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

use carnet_share::relay::{MAX_WRONG_PINS, MAX_WRONG_PINS_TOTAL};
use carnet_share::{Access, AccessOutcome, RelayStatus, ShareState};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use crate::storage::{SqliteStorage, StorageError, StorageResult};

/// Ended shares keep their row and access log this long after expiry.
pub const KEEP_LOG_DAYS: i64 = 30;

/// A share as created.
#[derive(Debug, Clone)]
pub struct NewShare {
    pub id: String,
    pub owner_hash: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub max_opens: Option<u32>,
    pub pin_verifier: Option<String>,
    /// The account (gateway profile) of the device that created it, whose
    /// quota its bytes count against.
    pub account: String,
    /// Bytes of its ciphertext.
    pub size: u64,
}

/// What an attempt to open a share gave.
pub enum OpenOutcome {
    /// Counted; `last` when it used the final allowed open. The content is
    /// already open, so removing the file afterwards (the last open, a
    /// revoke) cannot take it from an open that was counted.
    Opened {
        expires_at: DateTime<Utc>,
        last: bool,
        content: Box<dyn Read + Send>,
    },
    PinRequired,
    WrongPin {
        attempts_left: u32,
    },
    /// Unknown, expired, exhausted, revoked or locked: all the same outside.
    NotAvailable,
}

impl std::fmt::Debug for OpenOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Opened {
                expires_at, last, ..
            } => f
                .debug_struct("Opened")
                .field("expires_at", expires_at)
                .field("last", last)
                .finish_non_exhaustive(),
            Self::PinRequired => f.write_str("PinRequired"),
            Self::WrongPin { attempts_left } => f
                .debug_struct("WrongPin")
                .field("attempts_left", attempts_left)
                .finish(),
            Self::NotAvailable => f.write_str("NotAvailable"),
        }
    }
}

/// The relay's storage of shares.
pub trait ShareStorage: Send + Sync + std::fmt::Debug + 'static {
    /// Where a new share's ciphertext is written as it arrives, before
    /// [`Self::create_share`] keeps it.
    fn incoming_path(&self, id: &str) -> PathBuf;
    /// Bytes held by the account's shares that still have content.
    fn account_share_bytes(&self, account: &str) -> StorageResult<u64>;
    /// Keeps the ciphertext written at `incoming` as the share's, unless
    /// the account's shares would then hold more than `quota` bytes
    /// ([`StorageError::QuotaExceeded`]): checked and stored atomically.
    fn create_share(&self, share: &NewShare, incoming: &Path, quota: u64) -> StorageResult<()>;
    /// Checks the state and the PIN, counts the open, logs the access:
    /// atomically. `network` is the caller's network (hashed before it is
    /// stored), whose wrong PINs are counted apart.
    fn open_share(
        &self,
        id: &str,
        proof_hash: Option<&str>,
        client: &str,
        network: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<OpenOutcome>;
    /// Revokes when `owner_hash` matches; false otherwise.
    fn revoke_share(&self, id: &str, owner_hash: &str, now: DateTime<Utc>) -> StorageResult<bool>;
    fn share_status(
        &self,
        id: &str,
        owner_hash: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Option<RelayStatus>>;
    /// Deletes ciphertexts of ended shares and shares ended long ago; returns how many files went.
    fn purge_shares(&self, now: DateTime<Utc>) -> StorageResult<usize>;
}

fn held_bytes(conn: &Connection, account: &str) -> rusqlite::Result<u64> {
    let held: i64 = conn.query_row(
        "SELECT COALESCE(SUM(size), 0) FROM shares WHERE account = ?1 AND has_content = 1",
        [account],
        |r| r.get(0),
    )?;
    Ok(held.max(0) as u64)
}

struct Row {
    owner_hash: String,
    expires_at: i64,
    max_opens: Option<u32>,
    opens: u32,
    pin_verifier: Option<String>,
    wrong_pins: u32,
    revoked: bool,
}

impl Row {
    fn state(&self, now: i64) -> ShareState {
        if self.revoked {
            ShareState::Revoked
        } else if self.wrong_pins >= MAX_WRONG_PINS_TOTAL {
            ShareState::Locked
        } else if self.max_opens.is_some_and(|max| self.opens >= max) {
            ShareState::Exhausted
        } else if now >= self.expires_at {
            ShareState::Expired
        } else {
            ShareState::Active
        }
    }
}

fn row(conn: &Connection, id: &str) -> StorageResult<Option<Row>> {
    Ok(conn
        .query_row(
            "SELECT owner_hash, expires_at, max_opens, opens, pin_verifier, wrong_pins, revoked_at
             FROM shares WHERE id = ?1",
            [id],
            |r| {
                Ok(Row {
                    owner_hash: r.get(0)?,
                    expires_at: r.get(1)?,
                    max_opens: r.get(2)?,
                    opens: r.get(3)?,
                    pin_verifier: r.get(4)?,
                    wrong_pins: r.get(5)?,
                    revoked: r.get::<_, Option<i64>>(6)?.is_some(),
                })
            },
        )
        .optional()?)
}

fn log_access(
    conn: &Connection,
    id: &str,
    at: i64,
    client: &str,
    outcome: AccessOutcome,
) -> StorageResult<()> {
    let outcome = match outcome {
        AccessOutcome::Opened => "opened",
        AccessOutcome::WrongPin => "wrong_pin",
    };
    conn.execute(
        "INSERT INTO share_accesses (share, at, client, outcome) VALUES (?1, ?2, ?3, ?4)",
        params![id, at, client, outcome],
    )?;
    Ok(())
}

/// Equal strings, compared in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn time(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

impl SqliteStorage {
    fn share_path(&self, id: &str) -> PathBuf {
        self.dir().join("shares").join(id)
    }

    fn remove_ciphertext(&self, conn: &Connection, id: &str) -> StorageResult<()> {
        match fs::remove_file(self.share_path(id)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        conn.execute("UPDATE shares SET has_content = 0 WHERE id = ?1", [id])?;
        Ok(())
    }
}

impl ShareStorage for SqliteStorage {
    fn incoming_path(&self, id: &str) -> PathBuf {
        self.dir().join("shares").join(format!("{id}.incoming"))
    }

    fn account_share_bytes(&self, account: &str) -> StorageResult<u64> {
        self.with(|c| Ok(held_bytes(c, account)?))
    }

    fn create_share(&self, share: &NewShare, incoming: &Path, quota: u64) -> StorageResult<()> {
        self.with(|c| {
            // Under the one connection: two uploads cannot both fit the
            // last of the quota.
            if held_bytes(c, &share.account)?.saturating_add(share.size) > quota {
                return Err(StorageError::QuotaExceeded);
            }
            // The file first: a row never points at missing content.
            fs::rename(incoming, self.share_path(&share.id))?;
            let inserted = c.execute(
                "INSERT INTO shares (id, owner_hash, created_at, expires_at, max_opens, pin_verifier,
                                     account, size)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    share.id,
                    share.owner_hash,
                    share.created_at.timestamp(),
                    share.expires_at.timestamp(),
                    share.max_opens,
                    share.pin_verifier,
                    share.account,
                    share.size as i64,
                ],
            );
            if let Err(e) = inserted {
                let _ = fs::remove_file(self.share_path(&share.id));
                return Err(e.into());
            }
            Ok(())
        })
    }

    fn open_share(
        &self,
        id: &str,
        proof_hash: Option<&str>,
        client: &str,
        network: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<OpenOutcome> {
        let now = now.timestamp();
        let network = crate::auth::hash_secret(network);
        self.with(|c| {
            let Some(share) = row(c, id)? else {
                return Ok(OpenOutcome::NotAvailable);
            };
            if share.state(now) != ShareState::Active {
                return Ok(OpenOutcome::NotAvailable);
            }
            if let Some(verifier) = &share.pin_verifier {
                let tried: u32 = c
                    .query_row(
                        "SELECT wrong FROM share_pin_failures WHERE share = ?1 AND network = ?2",
                        params![id, network],
                        |r| r.get(0),
                    )
                    .optional()?
                    .unwrap_or(0);
                if tried >= MAX_WRONG_PINS {
                    // Blocked for this network only, even with the right PIN.
                    return Ok(OpenOutcome::NotAvailable);
                }
                let Some(proof_hash) = proof_hash else {
                    return Ok(OpenOutcome::PinRequired);
                };
                if !same_secret(verifier, proof_hash) {
                    c.execute(
                        "UPDATE shares SET wrong_pins = wrong_pins + 1 WHERE id = ?1",
                        [id],
                    )?;
                    c.execute(
                        "INSERT INTO share_pin_failures (share, network, wrong) VALUES (?1, ?2, 1)
                         ON CONFLICT (share, network) DO UPDATE SET wrong = wrong + 1",
                        params![id, network],
                    )?;
                    log_access(c, id, now, client, AccessOutcome::WrongPin)?;
                    let total_left = MAX_WRONG_PINS_TOTAL.saturating_sub(share.wrong_pins + 1);
                    if total_left == 0 {
                        self.remove_ciphertext(c, id)?;
                    }
                    let attempts_left = MAX_WRONG_PINS.saturating_sub(tried + 1).min(total_left);
                    return Ok(OpenOutcome::WrongPin { attempts_left });
                }
            }
            let content = match File::open(self.share_path(id)) {
                Ok(file) => file,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Ok(OpenOutcome::NotAvailable)
                }
                Err(e) => return Err(e.into()),
            };
            let counted = c.execute(
                "UPDATE shares SET opens = opens + 1
                 WHERE id = ?1 AND revoked_at IS NULL AND expires_at > ?2
                   AND (max_opens IS NULL OR opens < max_opens)",
                params![id, now],
            )?;
            if counted != 1 {
                return Ok(OpenOutcome::NotAvailable);
            }
            log_access(c, id, now, client, AccessOutcome::Opened)?;
            let last = share.max_opens == Some(share.opens + 1);
            if last {
                // Gone from disk as part of the counted open: the file stays
                // readable through `content` (already open), and a client that
                // drops the connection mid-download leaves nothing behind.
                self.remove_ciphertext(c, id)?;
            }
            Ok(OpenOutcome::Opened {
                expires_at: time(share.expires_at),
                last,
                content: Box::new(content),
            })
        })
    }

    fn revoke_share(&self, id: &str, owner_hash: &str, now: DateTime<Utc>) -> StorageResult<bool> {
        self.with(|c| {
            let Some(share) = row(c, id)? else {
                return Ok(false);
            };
            if !same_secret(&share.owner_hash, owner_hash) {
                return Ok(false);
            }
            c.execute(
                "UPDATE shares SET revoked_at = COALESCE(revoked_at, ?2) WHERE id = ?1",
                params![id, now.timestamp()],
            )?;
            self.remove_ciphertext(c, id)?;
            Ok(true)
        })
    }

    fn share_status(
        &self,
        id: &str,
        owner_hash: &str,
        now: DateTime<Utc>,
    ) -> StorageResult<Option<RelayStatus>> {
        self.with(|c| {
            let Some(share) = row(c, id)? else {
                return Ok(None);
            };
            if !same_secret(&share.owner_hash, owner_hash) {
                return Ok(None);
            }
            let mut stmt = c.prepare(
                "SELECT at, client, outcome FROM share_accesses WHERE share = ?1 ORDER BY at, rowid",
            )?;
            let accesses = stmt
                .query_map([id], |r| {
                    let outcome: String = r.get(2)?;
                    Ok(Access {
                        at: time(r.get(0)?),
                        client: r.get(1)?,
                        outcome: if outcome == "wrong_pin" {
                            AccessOutcome::WrongPin
                        } else {
                            AccessOutcome::Opened
                        },
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(RelayStatus {
                state: share.state(now.timestamp()),
                opens: share.opens,
                max_opens: share.max_opens,
                expires_at: time(share.expires_at),
                accesses,
            }))
        })
    }

    fn purge_shares(&self, now: DateTime<Utc>) -> StorageResult<usize> {
        let now = now.timestamp();
        self.with(|c| {
            // Exhausted shares lose their content with the last open; they
            // are here too, should anything have kept it.
            let ended: Vec<String> = c
                .prepare(
                    "SELECT id FROM shares WHERE has_content = 1
                     AND (expires_at <= ?1 OR revoked_at IS NOT NULL OR wrong_pins >= ?2
                          OR (max_opens IS NOT NULL AND opens >= max_opens))",
                )?
                .query_map(params![now, MAX_WRONG_PINS_TOTAL], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for id in &ended {
                self.remove_ciphertext(c, id)?;
            }
            let forget_before = now - KEEP_LOG_DAYS * 24 * 3600;
            let old: Vec<String> = c
                .prepare("SELECT id FROM shares WHERE expires_at <= ?1")?
                .query_map([forget_before], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for id in &old {
                self.remove_ciphertext(c, id)?;
                c.execute("DELETE FROM shares WHERE id = ?1", [id])?;
            }
            Ok(ended.len())
        })
    }
}
