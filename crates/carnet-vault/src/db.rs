//! Opening a profile's SQLCipher database: raw key, pragmas, schema, checks.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use crate::keys::ProfileKey;
use crate::{Error, Result};

/// Schema migrations, applied in order; the index + 1 is the `user_version`.
/// 2: the automerge document (`crdt`), per-peer sync states, the access
/// history, and conflicts beside each row. A document row whose `blob` is
/// empty has content still to download.
/// 3: share links this profile made (secret and owner token stay inside
/// SQLCipher), with their last known state and access log.
/// 4: the activity of changes from elsewhere (see `activity.rs`), and
/// triggers that forget the heads of the last sync as soon as the
/// document's stored changes move (a background sync then knows it must
/// run in full; see `Profile::unchanged_since_sync`).
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE records (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    data TEXT NOT NULL,
    notes TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX records_by_kind ON records (kind, created_at);
CREATE TABLE documents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    meta TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    blob TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX documents_by_blob ON documents (blob);
CREATE VIRTUAL TABLE search USING fts5 (
    kind UNINDEXED, ref_id UNINDEXED, title, body,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    member TEXT NOT NULL,
    action TEXT NOT NULL,
    target_kind TEXT,
    target_id TEXT
) STRICT;
"#,
    r#"
CREATE TABLE crdt (
    seq INTEGER PRIMARY KEY,
    snapshot INTEGER NOT NULL,
    bytes BLOB NOT NULL
) STRICT;
CREATE TABLE sync_peers (
    peer TEXT PRIMARY KEY,
    state BLOB NOT NULL
) STRICT;
CREATE TABLE access_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    rpps TEXT NOT NULL,
    name TEXT NOT NULL,
    action TEXT NOT NULL,
    document_id TEXT
) STRICT;
ALTER TABLE records ADD COLUMN conflicts TEXT;
ALTER TABLE documents ADD COLUMN conflicts TEXT;
"#,
    r#"
CREATE TABLE shares (
    id TEXT PRIMARY KEY,
    relay TEXT NOT NULL,
    secret TEXT NOT NULL,
    owner_token TEXT NOT NULL,
    professional TEXT NOT NULL,
    record_ids TEXT NOT NULL,
    document_ids TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    max_opens INTEGER,
    has_pin INTEGER NOT NULL,
    state TEXT NOT NULL,
    opens INTEGER NOT NULL DEFAULT 0,
    accesses TEXT NOT NULL DEFAULT '[]',
    checked_at TEXT
) STRICT;
"#,
    r#"
CREATE TABLE activity (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    rpps TEXT,
    action TEXT NOT NULL,
    item TEXT NOT NULL,
    count INTEGER NOT NULL,
    item_id TEXT,
    seen INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TRIGGER crdt_added AFTER INSERT ON crdt
BEGIN DELETE FROM meta WHERE key = 'synced_heads'; END;
CREATE TRIGGER crdt_removed AFTER DELETE ON crdt
BEGIN DELETE FROM meta WHERE key = 'synced_heads'; END;
"#,
];

/// Page cache per connection: with SQLCipher's default 2 MiB, point lookups
/// ran 3x slower than plain SQLite; 64 MiB keeps them level.
const CACHE_KIB: i64 = 64 * 1024;

/// Opens (or creates, if `create`) an encrypted profile database.
pub(crate) fn open(path: &Path, key: Option<&ProfileKey>, create: bool) -> Result<Connection> {
    // NOFOLLOW: a database path that is a symlink is refused by SQLite itself.
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_NOFOLLOW;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if !path.exists() {
        return Err(Error::NotFound {
            what: "profile database",
        });
    }
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher logs decryption failures to stderr by default; errors reach
    // the caller as typed errors instead.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    if let Some(key) = key {
        let sql = zeroize::Zeroizing::new(format!("PRAGMA key = {};", key.pragma_value().as_str()));
        conn.execute_batch(&sql)?;
    }
    configure(&conn)?;
    // The first read is where a wrong key or a damaged first page shows.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))
        .map_err(|e| match Error::from(e) {
            Error::Database(_) => Error::damaged("database"),
            other => other,
        })?;
    migrate(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.execute_batch(&format!(
        "PRAGMA cache_size = -{CACHE_KIB};
         PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA wal_autocheckpoint = 8192;"
    ))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::damaged("database journal"));
    }
    Ok(())
}

fn migrate(conn: &Connection) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version < 0 || version as usize > MIGRATIONS.len() {
        // Written by a newer Carnet: do not touch it.
        return Err(Error::damaged("database version"));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Checks, without changing anything, that `path` is a complete Carnet
/// profile database under `key`. A wrong key shows as `Damaged`.
pub(crate) fn verify_profile(path: &Path, key: &ProfileKey) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    let sql = zeroize::Zeroizing::new(format!("PRAGMA key = {};", key.pragma_value().as_str()));
    conn.execute_batch(&sql)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let has_profile: i64 =
        conn.query_row("SELECT count(*) FROM meta WHERE key = 'profile'", [], |r| {
            r.get(0)
        })?;
    if version as usize != MIGRATIONS.len() || has_profile != 1 {
        return Err(Error::damaged("database copy"));
    }
    quick_check(&conn)
}

/// Full structural and cryptographic check: every page's HMAC and every b-tree.
pub(crate) fn integrity_check(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let problems: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !problems.is_empty() {
        return Err(Error::damaged("database pages"));
    }
    let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(Error::damaged("database structure"));
    }
    Ok(())
}

/// Cheap check run on every open: a database file shorter than the page
/// count recorded in its (authenticated) first page has been truncated.
/// Pages that are merely altered fail their HMAC when read.
pub(crate) fn size_check(conn: &Connection, path: &Path) -> Result<()> {
    let wal_len = std::fs::metadata(path.with_extension("db-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    if wal_len > 0 {
        // After a crash, recent pages live in the log until the next checkpoint.
        return Ok(());
    }
    let pages = pragma_number(conn, "page_count")?;
    let page_size = pragma_number(conn, "page_size")?;
    if std::fs::metadata(path)?.len() < pages * page_size {
        return Err(Error::damaged("database truncated"));
    }
    Ok(())
}

/// A numeric pragma; SQLCipher answers some of them as text.
fn pragma_number(conn: &Connection, name: &str) -> Result<u64> {
    use rusqlite::types::Value;
    let value: Value = conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))?;
    match value {
        Value::Integer(n) if n >= 0 => Ok(n as u64),
        Value::Text(t) => t
            .trim()
            .parse()
            .map_err(|_| Error::damaged("database header")),
        _ => Err(Error::damaged("database header")),
    }
}

/// Structural check of every b-tree, used after a re-key.
pub(crate) fn quick_check(conn: &Connection) -> Result<()> {
    let ok: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(Error::from)?;
    if ok != "ok" {
        return Err(Error::damaged("database structure"));
    }
    Ok(())
}
