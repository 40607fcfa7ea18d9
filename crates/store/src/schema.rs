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
    // 4: campaign history (shared/spec/history.md): imports, their rows per kind with the
    // spec's identity keys (activity: one WITHOUT ROWID b-tree keyed by its identity, for
    // million-row imports), claims of rows also in later imports, the person-hash secret,
    // saved mappings, audience → segment maps and the reply target. Row tables have no
    // foreign keys (speed, and plan replacement must not touch history); removal is explicit.
    r#"
    CREATE TABLE history_secret (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key BLOB NOT NULL CHECK (length(key) = 32)
    );
    CREATE TABLE history_imports (
        id INTEGER PRIMARY KEY,
        client_id TEXT NOT NULL,
        file_name TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('sends', 'activity', 'daily', 'inbox')),
        preset TEXT,
        mapping TEXT,
        imported_at TEXT NOT NULL,
        rows_read INTEGER NOT NULL,
        imported INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        rejected INTEGER NOT NULL
    );
    CREATE INDEX history_imports_by_client ON history_imports(client_id, id);
    CREATE TABLE history_names (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
    );
    CREATE TABLE history_sends (
        id INTEGER PRIMARY KEY,
        client_id TEXT NOT NULL,
        import_id INTEGER NOT NULL,
        at INTEGER NOT NULL,
        channel TEXT NOT NULL,
        audience TEXT NOT NULL,
        title TEXT NOT NULL,
        recipients INTEGER,
        delivered INTEGER NOT NULL,
        opens INTEGER,
        clicks INTEGER,
        unsubscribes INTEGER,
        complaints INTEGER,
        bounces INTEGER,
        replies INTEGER,
        reactions INTEGER,
        comments INTEGER,
        shares INTEGER,
        revenue REAL,
        external_id TEXT,
        line INTEGER NOT NULL,
        UNIQUE (client_id, at, channel, audience, title)
    );
    CREATE INDEX history_sends_by_import ON history_sends(import_id);
    CREATE TABLE history_activity (
        client INTEGER NOT NULL,
        at INTEGER NOT NULL,
        person BLOB NOT NULL,
        event INTEGER NOT NULL,
        campaign INTEGER NOT NULL,
        import_id INTEGER NOT NULL,
        audience INTEGER NOT NULL,
        channel INTEGER NOT NULL,
        PRIMARY KEY (client, at, person, event, campaign)
    ) WITHOUT ROWID;
    CREATE TABLE history_activity_claims (
        import_id INTEGER NOT NULL,
        client INTEGER NOT NULL,
        at INTEGER NOT NULL,
        person BLOB NOT NULL,
        event INTEGER NOT NULL,
        campaign INTEGER NOT NULL,
        PRIMARY KEY (import_id, client, at, person, event, campaign)
    ) WITHOUT ROWID;
    CREATE INDEX history_activity_claims_by_row
        ON history_activity_claims(client, at, person, event, campaign);
    CREATE TABLE history_daily (
        id INTEGER PRIMARY KEY,
        client_id TEXT NOT NULL,
        import_id INTEGER NOT NULL,
        date TEXT NOT NULL,
        channel TEXT NOT NULL,
        metric TEXT NOT NULL,
        value INTEGER NOT NULL,
        UNIQUE (client_id, date, channel, metric)
    );
    CREATE INDEX history_daily_by_import ON history_daily(import_id);
    CREATE TABLE history_inbox (
        id INTEGER PRIMARY KEY,
        client_id TEXT NOT NULL,
        import_id INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        channel TEXT NOT NULL,
        sender BLOB NOT NULL,
        first_reply_at INTEGER,
        thread TEXT,
        UNIQUE (client_id, received_at, channel, sender)
    );
    CREATE INDEX history_inbox_by_import ON history_inbox(import_id);
    CREATE TABLE history_claims (
        import_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        PRIMARY KEY (import_id, kind, row_id)
    ) WITHOUT ROWID;
    CREATE INDEX history_claims_by_row ON history_claims(kind, row_id);
    CREATE TABLE history_mappings (
        client_id TEXT NOT NULL,
        name TEXT NOT NULL,
        mapping TEXT NOT NULL,
        PRIMARY KEY (client_id, name)
    );
    CREATE TABLE history_audience_segments (
        client_id TEXT NOT NULL,
        audience TEXT NOT NULL COLLATE NOCASE,
        segment_id TEXT NOT NULL,
        PRIMARY KEY (client_id, audience)
    );
    CREATE TABLE history_client_settings (
        client_id TEXT PRIMARY KEY,
        reply_target_hours REAL NOT NULL CHECK (reply_target_hours > 0)
    );
    "#,
    // 5: small per-workspace settings the app remembers (the last export choices), as
    // key → JSON text.
    r#"
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    "#,
    // 6: the workspace revision, bumped by every plan write in the same transaction, so a
    // write built from an older read (another program wrote meanwhile) can be refused.
    r#"
    CREATE TABLE workspace_revision (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        revision INTEGER NOT NULL
    );
    INSERT INTO workspace_revision (id, revision) VALUES (1, 0);
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
