//! The database schema as a list of migrations, applied in order by `PRAGMA user_version`.
//!
//! A migration is never edited once released: add a new one at the end.

use rusqlite::Connection;

/// Marks a database file as Cadence's (`PRAGMA application_id`, "CDNC").
pub const APPLICATION_ID: i32 = 0x4344_4E43;

/// Migrations: index + 1 is the schema version a database has after applying it.
pub const MIGRATIONS: &[&str] = &[
    // 1: the plan-format core.
    r#"
    CREATE TABLE workspace (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        horizon_start TEXT NOT NULL,
        horizon_end TEXT NOT NULL
    );
    CREATE TABLE channels (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        requires_consent INTEGER NOT NULL
    );
    CREATE TABLE clients (
        id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        timezone TEXT NOT NULL,
        checklist TEXT NOT NULL,
        rules TEXT NOT NULL
    );
    CREATE TABLE segments (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        parent_id TEXT REFERENCES segments(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        timezone TEXT,
        size INTEGER NOT NULL,
        opt_in TEXT NOT NULL,
        interests TEXT NOT NULL,
        shared_values TEXT NOT NULL,
        rules TEXT NOT NULL
    );
    CREATE TABLE campaigns (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        objective TEXT NOT NULL,
        start_date TEXT,
        end_date TEXT
    );
    CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        channel_id TEXT NOT NULL REFERENCES channels(id) DEFERRABLE INITIALLY DEFERRED,
        at TEXT NOT NULL,
        timezone TEXT,
        local_delivery INTEGER NOT NULL,
        transactional INTEGER NOT NULL,
        rrule TEXT,
        checklist TEXT NOT NULL
    );
    CREATE TABLE message_targets (
        message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        segment_id TEXT NOT NULL REFERENCES segments(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        position INTEGER NOT NULL,
        PRIMARY KEY (message_id, segment_id)
    );
    "#,
    // 2: message brief and approval status; indexes for per-client loads.
    r#"
    ALTER TABLE messages ADD COLUMN brief TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('draft', 'planned', 'approved'));
    CREATE INDEX segments_by_client ON segments(client_id, position);
    CREATE INDEX campaigns_by_client ON campaigns(client_id, position);
    CREATE INDEX messages_by_campaign ON messages(campaign_id, position);
    CREATE INDEX targets_by_segment ON message_targets(segment_id);
    "#,
    // 3: occurrences a recurring message skips (moved on their own), as a JSON list.
    r#"
    ALTER TABLE messages ADD COLUMN exdates TEXT NOT NULL DEFAULT '[]';
    "#,
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Apply the migrations after `from` up to `to` on `conn`, which the caller holds in one
/// immediate transaction (so they land together, or not at all).
pub fn migrate(conn: &Connection, from: i64, to: i64) -> rusqlite::Result<()> {
    for version in from.max(0)..to.min(latest_version()) {
        conn.execute_batch(MIGRATIONS[version as usize])?;
        conn.pragma_update(None, "user_version", version + 1)?;
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)
}
