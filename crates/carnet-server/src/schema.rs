//! The gateway's SQLite schema in one place: the gateway's own tables,
//! the patient's consent to professionals, the relay's shares, and the
//! migrations of tables that grew.

use rusqlite::Connection;

const GATEWAY_SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS profiles (id TEXT PRIMARY KEY, created_at TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS pairing_codes (
    code_hash TEXT PRIMARY KEY, profile TEXT NOT NULL REFERENCES profiles(id), expires_at TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY, profile TEXT NOT NULL REFERENCES profiles(id), token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS professionals (
    token_hash TEXT PRIMARY KEY, rpps TEXT NOT NULL, name TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS doc_parts (
    seq INTEGER PRIMARY KEY, profile TEXT NOT NULL REFERENCES profiles(id),
    snapshot INTEGER NOT NULL, bytes BLOB NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS doc_parts_by_profile ON doc_parts (profile, seq);
CREATE TABLE IF NOT EXISTS sync_states (
    profile TEXT NOT NULL, device TEXT NOT NULL, state BLOB NOT NULL, PRIMARY KEY (profile, device)
) STRICT;
CREATE TABLE IF NOT EXISTS profile_blobs (
    profile TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (profile, sha256)
) STRICT;
"#;

const CONSENT_SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS professional_access (
    profile TEXT NOT NULL REFERENCES profiles(id), rpps TEXT NOT NULL,
    grant_kind TEXT NOT NULL CHECK (grant_kind IN ('patient', 'deposit', 'withdrawn')),
    since TEXT NOT NULL, PRIMARY KEY (profile, rpps)
) STRICT;
"#;

const SHARE_SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS shares (
    id TEXT PRIMARY KEY, owner_hash TEXT NOT NULL, created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL, max_opens INTEGER, opens INTEGER NOT NULL DEFAULT 0,
    pin_verifier TEXT, wrong_pins INTEGER NOT NULL DEFAULT 0, revoked_at INTEGER,
    has_content INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE TABLE IF NOT EXISTS share_accesses (
    share TEXT NOT NULL REFERENCES shares(id) ON DELETE CASCADE,
    at INTEGER NOT NULL, client TEXT NOT NULL, outcome TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS share_accesses_by_share ON share_accesses (share, at);
CREATE TABLE IF NOT EXISTS share_pin_failures (
    share TEXT NOT NULL REFERENCES shares(id) ON DELETE CASCADE,
    network TEXT NOT NULL, wrong INTEGER NOT NULL,
    PRIMARY KEY (share, network)
) STRICT;
"#;

/// Columns added to `shares` since its first version (a relay's existing
/// shares, made before accounts, count against no one).
fn migrate_shares(conn: &Connection) -> rusqlite::Result<()> {
    let has_account: bool = conn.query_row(
        "SELECT COUNT(*) FROM pragma_table_info('shares') WHERE name = 'account'",
        [],
        |r| r.get(0),
    )?;
    if !has_account {
        conn.execute_batch(
            "ALTER TABLE shares ADD COLUMN account TEXT;
             ALTER TABLE shares ADD COLUMN size INTEGER NOT NULL DEFAULT 0;",
        )?;
    }
    conn.execute_batch(
        "CREATE INDEX IF NOT EXISTS shares_by_account ON shares (account) WHERE has_content = 1;",
    )
}

/// Pairing codes name the person whose new device they are for.
fn migrate_pairing_codes(conn: &Connection) -> rusqlite::Result<()> {
    let has_person: bool = conn.query_row(
        "SELECT COUNT(*) FROM pragma_table_info('pairing_codes') WHERE name = 'person'",
        [],
        |r| r.get(0),
    )?;
    if !has_person {
        conn.execute_batch("ALTER TABLE pairing_codes ADD COLUMN person TEXT;")?;
    }
    Ok(())
}

/// Profiles remember that their owner deleted them, so the devices still
/// holding a copy are told why at their next contact.
fn migrate_profiles(conn: &Connection) -> rusqlite::Result<()> {
    let has_deleted: bool = conn.query_row(
        "SELECT COUNT(*) FROM pragma_table_info('profiles') WHERE name = 'deleted_at'",
        [],
        |r| r.get(0),
    )?;
    if !has_deleted {
        conn.execute_batch("ALTER TABLE profiles ADD COLUMN deleted_at TEXT;")?;
    }
    Ok(())
}

/// Creates what is missing and migrates what grew, at every open.
pub(crate) fn create(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(GATEWAY_SCHEMA)?;
    migrate_profiles(conn)?;
    conn.execute_batch(CONSENT_SCHEMA)?;
    conn.execute_batch(SHARE_SCHEMA)?;
    migrate_shares(conn)?;
    conn.execute_batch(crate::people::SCHEMA)?;
    migrate_pairing_codes(conn)?;
    crate::people::migrate(conn)
}
