//! Campaign history in the store: imports and their rows (one transaction per import,
//! idempotent by the spec's identity keys), removal, the person-hash secret, saved mappings,
//! audience → segment maps and the reply target.
//!
//! Shared rows: a row belongs to the import that first brought it (`import_id`). A later
//! import that reads the same identity adds nothing but records a *claim*
//! (`history_claims`). Removing an import deletes the rows it owns that nobody else claims;
//! a row it owns that another import claims passes to the oldest such import. So removing
//! any import leaves exactly the rows the remaining imports would have brought.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use cadence_history::{
    ActivityRow, DailyRow, Event, InboxRow, Kind, Mapping, Metric, Names, PersonId, PersonKey,
    Rows, SendRow,
};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};
use serde::Serialize;

use crate::{Store, StoreError};

/// Rows per multi-row INSERT of activity.
const BATCH: usize = 100;

/// Why a history operation failed.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The import was cancelled; nothing was written.
    #[error("the import was cancelled; nothing was written")]
    Cancelled,
    /// The rows were hashed with another key than the database's (another import created
    /// the key meanwhile); nothing was written.
    #[error(
        "the database's person key changed during the import; nothing was written, import again"
    )]
    KeyChanged,
    /// A saved mapping in the database is not valid any more.
    #[error("saved mapping \"{name}\" of client \"{client}\" cannot be read: {detail}")]
    BadMapping {
        /// Client id.
        client: String,
        /// Mapping name.
        name: String,
        /// Why.
        detail: String,
    },
}

/// What an import writes besides its rows.
#[derive(Debug, Clone)]
pub struct NewImport<'a> {
    /// Client id.
    pub client_id: &'a str,
    /// File name as the user chose it (no folder).
    pub file_name: &'a str,
    /// File size in bytes.
    pub size: u64,
    /// SHA-256 of the file, hex.
    pub sha256: &'a str,
    /// Kind of the rows.
    pub kind: Kind,
    /// Preset used.
    pub preset: Option<&'a str>,
    /// Mapping used.
    pub mapping: Option<&'a Mapping>,
    /// When (read by the caller).
    pub imported_at: DateTime<Utc>,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// The key the rows' person ids were hashed with.
    pub key: &'a PersonKey,
    /// Count what would happen, then roll back.
    pub dry_run: bool,
}

/// The result of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// The new import's id (None for a dry run).
    pub import_id: Option<i64>,
    /// Records added.
    pub imported: u64,
    /// Records already there (from earlier imports or earlier in the file).
    pub duplicates: u64,
}

/// One import as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportRecord {
    /// Id.
    pub id: i64,
    /// Client id.
    pub client: String,
    /// File name.
    pub file: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
    /// Kind.
    pub kind: String,
    /// Preset.
    pub preset: Option<String>,
    /// Mapping JSON.
    pub mapping: Option<serde_json::Value>,
    /// When (RFC 3339, UTC).
    pub imported_at: String,
    /// Data rows read.
    pub rows: u64,
    /// Records added.
    pub imported: u64,
    /// Records already there.
    pub duplicates: u64,
    /// Rows rejected.
    pub rejected: u64,
}

/// What removing an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RemovedImport {
    /// The import.
    pub id: i64,
    /// Records deleted.
    pub deleted: u64,
    /// Records kept because another import also has them.
    pub kept: u64,
}

/// Kinds whose rows have a rowid (activity is keyed by its identity instead).
const KINDS: [(&str, &str); 3] = [
    ("sends", "history_sends"),
    ("daily", "history_daily"),
    ("inbox", "history_inbox"),
];

/// The identity of an activity row, for joining claims.
const ACTIVITY_KEY: &str = "c.client = t.client AND c.at = t.at AND c.person = t.person
    AND c.event = t.event AND c.campaign = t.campaign";

impl Store {
    /// Open a database for reading history only (insights): no integrity scan, no
    /// migration. Falls back to [`Store::open`] when the file is not already a current
    /// Cadence database, so the usual checks and errors apply then.
    pub fn open_for_history_reading(path: &std::path::Path) -> crate::Result<Store> {
        use rusqlite::OpenFlags;
        let current = |conn: &rusqlite::Connection| -> rusqlite::Result<bool> {
            let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            Ok(app == crate::schema::APPLICATION_ID && version == crate::schema::latest_version())
        };
        if path.is_file() {
            if let Ok(conn) = rusqlite::Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            ) {
                if conn.busy_timeout(crate::DEFAULT_BUSY_TIMEOUT).is_ok()
                    && current(&conn) == Ok(true)
                {
                    return Ok(Store {
                        conn,
                        path: path.to_path_buf(),
                    });
                }
            }
        }
        Store::open(path)
    }

    /// The person-hash secret, if the database has one yet.
    pub fn history_key(&self) -> Result<Option<PersonKey>, HistoryError> {
        let bytes: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT key FROM history_secret WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sqlite(e))?;
        Ok(bytes
            .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
            .map(PersonKey::from_bytes))
    }

    /// Store `rows` as one import, in one transaction: all or nothing. `progress(done,
    /// total)` is called every few thousand records; setting `cancel` rolls back.
    pub fn import_history(
        &mut self,
        new: &NewImport<'_>,
        rows: &Rows,
        progress: &mut dyn FnMut(u64, u64),
        cancel: &AtomicBool,
    ) -> Result<ImportOutcome, HistoryError> {
        let path = self.path.clone();
        let sqlite = |e| HistoryError::Store(StoreError::from_sqlite(&path, e));
        // A big cache keeps a big import's pages in memory until the commit (no spilling
        // into the WAL mid-transaction); back to the default afterwards.
        let cache: i64 = self
            .conn
            .query_row("PRAGMA cache_size", [], |r| r.get(0))
            .map_err(sqlite)?;
        self.conn
            .pragma_update(None, "cache_size", -262_144)
            .map_err(sqlite)?;
        let result = self.import_in_transaction(new, rows, progress, cancel);
        let _ = self.conn.pragma_update(None, "cache_size", cache);
        result
    }

    fn import_in_transaction(
        &mut self,
        new: &NewImport<'_>,
        rows: &Rows,
        progress: &mut dyn FnMut(u64, u64),
        cancel: &AtomicBool,
    ) -> Result<ImportOutcome, HistoryError> {
        let path = self.path.clone();
        let sqlite = |e| HistoryError::Store(StoreError::from_sqlite(&path, e));
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        let outcome = write_import(&tx, new, rows, progress, cancel)?;
        if new.dry_run {
            tx.rollback().map_err(sqlite)?;
            return Ok(ImportOutcome {
                import_id: None,
                ..outcome
            });
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(HistoryError::Cancelled);
        }
        tx.commit().map_err(sqlite)?;
        Ok(outcome)
    }

    /// The imports of a client (or of every client), oldest first.
    pub fn history_imports(
        &self,
        client_id: Option<&str>,
    ) -> Result<Vec<ImportRecord>, HistoryError> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, client_id, file_name, size, sha256, kind, preset, mapping, imported_at,
                        rows_read, imported, duplicates, rejected
                 FROM history_imports WHERE ?1 IS NULL OR client_id = ?1 ORDER BY id",
            )
            .map_err(|e| self.sqlite(e))?;
        let records = stmt
            .query_map([client_id], |r| {
                let mapping: Option<String> = r.get(7)?;
                Ok(ImportRecord {
                    id: r.get(0)?,
                    client: r.get(1)?,
                    file: r.get(2)?,
                    size: r.get::<_, i64>(3)? as u64,
                    sha256: r.get(4)?,
                    kind: r.get(5)?,
                    preset: r.get(6)?,
                    mapping: mapping.and_then(|m| serde_json::from_str(&m).ok()),
                    imported_at: r.get(8)?,
                    rows: r.get::<_, i64>(9)? as u64,
                    imported: r.get::<_, i64>(10)? as u64,
                    duplicates: r.get::<_, i64>(11)? as u64,
                    rejected: r.get::<_, i64>(12)? as u64,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(|e| self.sqlite(e))?;
        Ok(records)
    }

    /// Remove an import and exactly its rows (rows another import also has stay, now owned
    /// by the oldest such import). One transaction.
    pub fn remove_history_import(&mut self, import_id: i64) -> Result<RemovedImport, HistoryError> {
        let removed = self.in_transaction(|tx| {
            let exists: Option<i64> = tx
                .query_row("SELECT id FROM history_imports WHERE id = ?1", [import_id], |r| r.get(0))
                .optional()?;
            if exists.is_none() {
                return Ok(None);
            }
            let mut deleted = 0;
            let mut kept = 0;
            for (kind, table) in KINDS {
                kept += tx.execute(
                    &format!(
                        "UPDATE {table} SET import_id = (SELECT MIN(c.import_id) FROM history_claims c
                             WHERE c.kind = ?2 AND c.row_id = {table}.id AND c.import_id != ?1)
                         WHERE import_id = ?1 AND id IN
                             (SELECT row_id FROM history_claims WHERE kind = ?2 AND import_id != ?1)"
                    ),
                    params![import_id, kind],
                )? as u64;
                tx.execute(
                    &format!(
                        "DELETE FROM history_claims WHERE kind = ?1 AND EXISTS (SELECT 1 FROM {table} t
                             WHERE t.id = history_claims.row_id AND t.import_id = history_claims.import_id)"
                    ),
                    [kind],
                )?;
                deleted += tx.execute(&format!("DELETE FROM {table} WHERE import_id = ?1"), [import_id])? as u64;
            }
            kept += tx.execute(
                &format!(
                    "UPDATE history_activity AS t SET import_id = (SELECT MIN(c.import_id)
                         FROM history_activity_claims c WHERE {ACTIVITY_KEY} AND c.import_id != ?1)
                     WHERE t.import_id = ?1 AND EXISTS (SELECT 1 FROM history_activity_claims c
                         WHERE {ACTIVITY_KEY} AND c.import_id != ?1)"
                ),
                [import_id],
            )? as u64;
            tx.execute(
                &format!(
                    "DELETE FROM history_activity_claims AS c WHERE EXISTS (SELECT 1 FROM history_activity t
                         WHERE {ACTIVITY_KEY} AND t.import_id = c.import_id)"
                ),
                [],
            )?;
            deleted += tx.execute("DELETE FROM history_activity WHERE import_id = ?1", [import_id])? as u64;
            tx.execute("DELETE FROM history_activity_claims WHERE import_id = ?1", [import_id])?;
            tx.execute("DELETE FROM history_claims WHERE import_id = ?1", [import_id])?;
            tx.execute("DELETE FROM history_imports WHERE id = ?1", [import_id])?;
            Ok(Some(RemovedImport {
                id: import_id,
                deleted,
                kept,
            }))
        })?;
        removed.ok_or_else(|| {
            HistoryError::Store(StoreError::NotFound {
                kind: "import",
                id: import_id.to_string(),
            })
        })
    }

    /// Every stored row of a client, for the insights (activity rows without their
    /// campaign, which no insight uses).
    pub fn history_rows(&self, client_id: &str) -> Result<Rows, HistoryError> {
        load_rows(&self.conn, client_id).map_err(|e| HistoryError::Store(self.sqlite(e)))
    }

    /// Save a mapping under `name` for a client (replacing one of the same name).
    pub fn save_history_mapping(
        &mut self,
        client_id: &str,
        name: &str,
        mapping: &Mapping,
    ) -> Result<(), HistoryError> {
        let json = serde_json::to_string(mapping).unwrap_or_default();
        self.in_transaction(|tx| {
            tx.execute(
                "INSERT INTO history_mappings (client_id, name, mapping) VALUES (?1, ?2, ?3)
                 ON CONFLICT(client_id, name) DO UPDATE SET mapping = excluded.mapping",
                params![client_id, name, json],
            )
            .map(|_| ())
        })?;
        Ok(())
    }

    /// A client's saved mappings by name.
    pub fn history_mappings(
        &self,
        client_id: &str,
    ) -> Result<BTreeMap<String, Mapping>, HistoryError> {
        let pairs: Vec<(String, String)> = self
            .conn
            .prepare(
                "SELECT name, mapping FROM history_mappings WHERE client_id = ?1 ORDER BY name",
            )
            .and_then(|mut s| {
                s.query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect()
            })
            .map_err(|e| self.sqlite(e))?;
        pairs
            .into_iter()
            .map(|(name, json)| match Mapping::from_json(json.as_bytes()) {
                Ok(m) => Ok((name, m)),
                Err(e) => Err(HistoryError::BadMapping {
                    client: client_id.into(),
                    name,
                    detail: e.to_string(),
                }),
            })
            .collect()
    }

    /// Map an audience name (case-insensitive) to a segment, or remove the map with None.
    pub fn set_audience_segment(
        &mut self,
        client_id: &str,
        audience: &str,
        segment_id: Option<&str>,
    ) -> Result<(), HistoryError> {
        self.in_transaction(|tx| {
            match segment_id {
                Some(s) => tx.execute(
                    "INSERT INTO history_audience_segments (client_id, audience, segment_id) VALUES (?1, ?2, ?3)
                     ON CONFLICT(client_id, audience) DO UPDATE SET segment_id = excluded.segment_id",
                    params![client_id, audience, s],
                )?,
                None => tx.execute(
                    "DELETE FROM history_audience_segments WHERE client_id = ?1 AND audience = ?2",
                    params![client_id, audience],
                )?,
            };
            Ok(())
        })?;
        Ok(())
    }

    /// A client's saved audience → segment map.
    pub fn audience_segments(
        &self,
        client_id: &str,
    ) -> Result<BTreeMap<String, String>, HistoryError> {
        self.conn
            .prepare(
                "SELECT audience, segment_id FROM history_audience_segments WHERE client_id = ?1",
            )
            .and_then(|mut s| {
                s.query_map([client_id], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect()
            })
            .map_err(|e| HistoryError::Store(self.sqlite(e)))
    }

    /// Set a client's reply target in hours (must be above zero).
    pub fn set_reply_target_hours(
        &mut self,
        client_id: &str,
        hours: f64,
    ) -> Result<(), HistoryError> {
        self.in_transaction(|tx| {
            tx.execute(
                "INSERT INTO history_client_settings (client_id, reply_target_hours) VALUES (?1, ?2)
                 ON CONFLICT(client_id) DO UPDATE SET reply_target_hours = excluded.reply_target_hours",
                params![client_id, hours],
            )
            .map(|_| ())
        })?;
        Ok(())
    }

    /// A client's reply target in hours (24 unless set).
    pub fn reply_target_hours(&self, client_id: &str) -> Result<f64, HistoryError> {
        let hours: Option<f64> = self
            .conn
            .query_row(
                "SELECT reply_target_hours FROM history_client_settings WHERE client_id = ?1",
                [client_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))?;
        Ok(hours.unwrap_or(24.0))
    }
}

fn write_import(
    tx: &Transaction,
    new: &NewImport<'_>,
    rows: &Rows,
    progress: &mut dyn FnMut(u64, u64),
    cancel: &AtomicBool,
) -> Result<ImportOutcome, HistoryError> {
    let sq = |e: rusqlite::Error| {
        HistoryError::Store(StoreError::Sqlite {
            path: Default::default(),
            source: e,
        })
    };
    // The key: the database's, or this one when it has none yet.
    let stored: Option<Vec<u8>> = tx
        .query_row("SELECT key FROM history_secret WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(sq)?;
    match stored {
        Some(k) if k.as_slice() != new.key.bytes() => return Err(HistoryError::KeyChanged),
        Some(_) => {}
        None => {
            tx.execute(
                "INSERT INTO history_secret (id, key) VALUES (1, ?1)",
                [new.key.bytes().as_slice()],
            )
            .map_err(sq)?;
        }
    }
    let mapping = new
        .mapping
        .map(|m| serde_json::to_string(m).unwrap_or_default());
    tx.execute(
        "INSERT INTO history_imports (client_id, file_name, size, sha256, kind, preset, mapping,
             imported_at, rows_read, imported, duplicates, rejected)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, 0, ?10)",
        params![
            new.client_id,
            new.file_name,
            new.size as i64,
            new.sha256,
            new.kind.as_str(),
            new.preset,
            mapping,
            new.imported_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            new.rows_read as i64,
            new.rejected as i64,
        ],
    )
    .map_err(sq)?;
    let import_id = tx.last_insert_rowid();
    let mut w = Writer {
        tx,
        import_id,
        client: new.client_id,
        imported: 0,
        duplicates: 0,
        done: 0,
        total: rows.len() as u64,
        progress,
        cancel,
    };
    w.sends(&rows.sends).map_err(sq)?;
    w.activity(rows).map_err(sq)?;
    w.daily(&rows.daily).map_err(sq)?;
    w.inbox(&rows.inbox).map_err(sq)?;
    if cancel.load(Ordering::Relaxed) {
        return Err(HistoryError::Cancelled);
    }
    tx.execute(
        "UPDATE history_imports SET imported = ?2, duplicates = ?3 WHERE id = ?1",
        params![import_id, w.imported as i64, w.duplicates as i64],
    )
    .map_err(sq)?;
    (w.progress)(w.total, w.total);
    Ok(ImportOutcome {
        import_id: Some(import_id),
        imported: w.imported,
        duplicates: w.duplicates,
    })
}

struct Writer<'t, 'p> {
    tx: &'t Transaction<'t>,
    import_id: i64,
    client: &'t str,
    imported: u64,
    duplicates: u64,
    done: u64,
    total: u64,
    progress: &'p mut dyn FnMut(u64, u64),
    cancel: &'p AtomicBool,
}

impl Writer<'_, '_> {
    /// Count one batch; false when cancelled.
    fn tick(&mut self, n: u64) -> bool {
        let before = self.done / 10_000;
        self.done += n;
        if self.done / 10_000 != before {
            (self.progress)(self.done, self.total);
        }
        !self.cancel.load(Ordering::Relaxed)
    }

    /// After an ignored insert: claim the existing row if another import owns it.
    fn claim(&mut self, kind: &str, existing: Option<(i64, i64)>) -> rusqlite::Result<()> {
        self.duplicates += 1;
        if let Some((row_id, owner)) = existing {
            if owner != self.import_id {
                self.tx
                    .prepare_cached("INSERT OR IGNORE INTO history_claims (import_id, kind, row_id) VALUES (?1, ?2, ?3)")?
                    .execute(params![self.import_id, kind, row_id])?;
            }
        }
        Ok(())
    }

    fn sends(&mut self, sends: &[SendRow]) -> rusqlite::Result<()> {
        for r in sends {
            let added = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO history_sends (client_id, import_id, at, channel, audience, title,
                     recipients, delivered, opens, clicks, unsubscribes, complaints, bounces, replies,
                     reactions, comments, shares, revenue, external_id, line)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            )?
            .execute(params![
                self.client, self.import_id, r.at, r.channel, r.audience, r.title,
                r.recipients.map(|v| v as i64), r.delivered as i64, r.opens.map(|v| v as i64),
                r.clicks.map(|v| v as i64), r.unsubscribes.map(|v| v as i64),
                r.complaints.map(|v| v as i64), r.bounces.map(|v| v as i64),
                r.replies.map(|v| v as i64), r.reactions.map(|v| v as i64),
                r.comments.map(|v| v as i64), r.shares.map(|v| v as i64), r.revenue,
                r.external_id, r.line as i64,
            ])?;
            if added == 1 {
                self.imported += 1;
            } else {
                let existing = self.tx.prepare_cached(
                    "SELECT id, import_id FROM history_sends WHERE client_id = ?1 AND at = ?2 AND channel = ?3 AND audience = ?4 AND title = ?5",
                )?
                .query_row(params![self.client, r.at, r.channel, r.audience, r.title], |x| Ok((x.get(0)?, x.get(1)?)))
                .optional()?;
                self.claim("sends", existing)?;
            }
            if !self.tick(1) {
                return Ok(());
            }
        }
        Ok(())
    }

    fn activity(&mut self, rows: &Rows) -> rusqlite::Result<()> {
        if rows.activity.is_empty() {
            return Ok(());
        }
        let client = intern(self.tx, self.client)?;
        let ids: Vec<i64> = rows
            .names
            .all()
            .iter()
            .map(|n| intern(self.tx, n))
            .collect::<rusqlite::Result<_>>()?;
        let values = |n: usize| vec!["(?,?,?,?,?,?,?,?)"; n].join(",");
        let sql = |n: usize| {
            format!(
                "INSERT OR IGNORE INTO history_activity (client, at, person, event, campaign, import_id, audience, channel) VALUES {}",
                values(n)
            )
        };
        let full = sql(BATCH);
        let events: Vec<i64> = Event::ALL.iter().map(|e| i64::from(e.code())).collect();
        for chunk in rows.activity.chunks(BATCH) {
            let mut params: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(chunk.len() * 8);
            for r in chunk {
                params.extend([
                    &client as &dyn rusqlite::ToSql,
                    &r.at,
                    &r.person.0,
                    &events[r.event.code() as usize],
                    &ids[r.campaign as usize],
                    &self.import_id,
                    &ids[r.audience as usize],
                    &ids[r.channel as usize],
                ]);
            }
            let added = if chunk.len() == BATCH {
                self.tx.prepare_cached(&full)?.execute(params.as_slice())?
            } else {
                self.tx
                    .prepare_cached(&sql(chunk.len()))?
                    .execute(params.as_slice())?
            };
            self.imported += added as u64;
            if added < chunk.len() {
                // Some were already there: claim those another import owns.
                self.duplicates += (chunk.len() - added) as u64;
                for r in chunk {
                    let key = params![
                        client,
                        r.at,
                        r.person.0.as_slice(),
                        i64::from(r.event.code()),
                        ids[r.campaign as usize]
                    ];
                    let owner: Option<i64> = self.tx.prepare_cached(
                        "SELECT import_id FROM history_activity WHERE client = ?1 AND at = ?2 AND person = ?3 AND event = ?4 AND campaign = ?5",
                    )?
                    .query_row(key, |x| x.get(0))
                    .optional()?;
                    if owner.is_some_and(|o| o != self.import_id) {
                        self.tx
                            .prepare_cached("INSERT OR IGNORE INTO history_activity_claims (import_id, client, at, person, event, campaign) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?
                            .execute(params![self.import_id, client, r.at, r.person.0.as_slice(), i64::from(r.event.code()), ids[r.campaign as usize]])?;
                    }
                }
            }
            if !self.tick(chunk.len() as u64) {
                return Ok(());
            }
        }
        Ok(())
    }

    fn daily(&mut self, daily: &[DailyRow]) -> rusqlite::Result<()> {
        for r in daily {
            let date = r.date.to_string();
            let added = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO history_daily (client_id, import_id, date, channel, metric, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![self.client, self.import_id, date, r.channel, r.metric.as_str(), r.value as i64])?;
            if added == 1 {
                self.imported += 1;
            } else {
                let existing = self.tx.prepare_cached(
                    "SELECT id, import_id FROM history_daily WHERE client_id = ?1 AND date = ?2 AND channel = ?3 AND metric = ?4",
                )?
                .query_row(params![self.client, date, r.channel, r.metric.as_str()], |x| Ok((x.get(0)?, x.get(1)?)))
                .optional()?;
                self.claim("daily", existing)?;
            }
            if !self.tick(1) {
                return Ok(());
            }
        }
        Ok(())
    }

    fn inbox(&mut self, inbox: &[InboxRow]) -> rusqlite::Result<()> {
        for r in inbox {
            let added = self.tx.prepare_cached(
                "INSERT OR IGNORE INTO history_inbox (client_id, import_id, received_at, channel, sender, first_reply_at, thread) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![self.client, self.import_id, r.received_at, r.channel, r.from.0.as_slice(), r.first_reply_at, r.thread])?;
            if added == 1 {
                self.imported += 1;
            } else {
                let existing = self.tx.prepare_cached(
                    "SELECT id, import_id FROM history_inbox WHERE client_id = ?1 AND received_at = ?2 AND channel = ?3 AND sender = ?4",
                )?
                .query_row(params![self.client, r.received_at, r.channel, r.from.0.as_slice()], |x| Ok((x.get(0)?, x.get(1)?)))
                .optional()?;
                self.claim("inbox", existing)?;
            }
            if !self.tick(1) {
                return Ok(());
            }
        }
        Ok(())
    }
}

/// The id of a name in `history_names`, adding it when new.
fn intern(tx: &Transaction, name: &str) -> rusqlite::Result<i64> {
    tx.prepare_cached("INSERT OR IGNORE INTO history_names (name) VALUES (?1)")?
        .execute([name])?;
    tx.prepare_cached("SELECT id FROM history_names WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
}

fn person(bytes: &[u8]) -> PersonId {
    let mut out = [0u8; 16];
    let n = bytes.len().min(16);
    out[..n].copy_from_slice(&bytes[..n]);
    PersonId(out)
}

fn load_rows(conn: &rusqlite::Connection, client_id: &str) -> rusqlite::Result<Rows> {
    let mut rows = Rows::default();
    let u = |v: Option<i64>| v.map(|x| x.max(0) as u64);
    let mut stmt = conn.prepare(
        "SELECT at, channel, audience, title, recipients, delivered, opens, clicks, unsubscribes,
                complaints, bounces, replies, reactions, comments, shares, revenue, external_id, line
         FROM history_sends WHERE client_id = ?1 ORDER BY at, id",
    )?;
    rows.sends = stmt
        .query_map([client_id], |r| {
            Ok(SendRow {
                at: r.get(0)?,
                channel: r.get(1)?,
                audience: r.get(2)?,
                title: r.get(3)?,
                recipients: u(r.get(4)?),
                delivered: r.get::<_, i64>(5)?.max(0) as u64,
                opens: u(r.get(6)?),
                clicks: u(r.get(7)?),
                unsubscribes: u(r.get(8)?),
                complaints: u(r.get(9)?),
                bounces: u(r.get(10)?),
                replies: u(r.get(11)?),
                reactions: u(r.get(12)?),
                comments: u(r.get(13)?),
                shares: u(r.get(14)?),
                revenue: r.get(15)?,
                external_id: r.get(16)?,
                line: r.get::<_, i64>(17)? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;

    let client: Option<i64> = conn
        .query_row(
            "SELECT id FROM history_names WHERE name = ?1",
            [client_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(client) = client {
        let mut names = Names::default();
        // Every name (a small table): cheaper than finding the ones this client uses.
        let mut stmt = conn.prepare("SELECT id, name FROM history_names ORDER BY id")?;
        let pairs: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Database name id → this read's name id, by index (ids are small and dense).
        let mut map: Vec<u32> = Vec::new();
        for (id, name) in pairs {
            let Ok(i) = usize::try_from(id) else { continue };
            if map.len() <= i {
                map.resize(i + 1, 0);
            }
            map[i] = names.intern(&name);
        }
        // Two readers over the halves of the client's time span when it is big (each a
        // range of the primary key). Each reader sees the last committed state; rows change
        // only by whole imports and removals.
        let (min_at, max_at): (Option<i64>, Option<i64>) = conn.query_row(
            "SELECT MIN(at), MAX(at) FROM history_activity WHERE client = ?1",
            [client],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (lo, hi) = (min_at.unwrap_or(0), max_at.unwrap_or(-1));
        let path = conn.path().map(std::path::PathBuf::from);
        let ranges: Vec<(i64, i64)> = match path {
            Some(_) if hi - lo > 86_400 => {
                let mid = lo + (hi - lo) / 2;
                vec![(lo, mid), (mid + 1, hi)]
            }
            _ => vec![(lo, hi)],
        };
        let read_range = |conn: &rusqlite::Connection, (a, b): (i64, i64)| {
            let mut out = Vec::new();
            let mut stmt = conn.prepare(
                "SELECT at, person, event, audience, channel FROM history_activity
                 WHERE client = ?3 AND at BETWEEN ?1 AND ?2",
            )?;
            let mut q = stmt.query(params![a, b, client])?;
            let get = |id: i64| {
                usize::try_from(id)
                    .ok()
                    .and_then(|i| map.get(i).copied())
                    .unwrap_or(0)
            };
            while let Some(r) = q.next()? {
                let Some(event) = Event::from_code(r.get(2)?) else {
                    continue;
                };
                out.push(ActivityRow {
                    line: 0,
                    at: r.get(0)?,
                    person: person(r.get_ref(1)?.as_blob().unwrap_or_default()),
                    event,
                    // Insights do not use the campaign.
                    campaign: 0,
                    audience: get(r.get(3)?),
                    channel: get(r.get(4)?),
                });
            }
            rusqlite::Result::Ok(out)
        };
        if ranges.len() == 1 {
            rows.activity = read_range(conn, ranges[0])?;
        } else {
            let path = path.unwrap_or_default();
            let second = ranges[1];
            let (first, other) = std::thread::scope(|scope| {
                let handle = scope.spawn(|| {
                    let other = rusqlite::Connection::open_with_flags(
                        &path,
                        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                            | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                    )?;
                    other.busy_timeout(crate::DEFAULT_BUSY_TIMEOUT)?;
                    read_range(&other, second)
                });
                let first = read_range(conn, ranges[0]);
                let other = handle
                    .join()
                    .unwrap_or_else(|_| Err(rusqlite::Error::InvalidQuery));
                (first, other)
            });
            rows.activity = first?;
            rows.activity.extend(other?);
        }
        rows.names = names;
    }

    let mut stmt = conn.prepare(
        "SELECT date, channel, metric, value FROM history_daily WHERE client_id = ?1 ORDER BY date",
    )?;
    let daily: Vec<(String, String, String, i64)> = stmt
        .query_map([client_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.daily = daily
        .into_iter()
        .filter_map(|(date, channel, metric, value)| {
            Some(DailyRow {
                line: 0,
                date: date.parse::<NaiveDate>().ok()?,
                channel,
                metric: Metric::parse(&metric)?,
                value: value.max(0) as u64,
            })
        })
        .collect();

    let mut stmt = conn.prepare(
        "SELECT received_at, channel, sender, first_reply_at, thread FROM history_inbox WHERE client_id = ?1 ORDER BY received_at",
    )?;
    rows.inbox = stmt
        .query_map([client_id], |r| {
            Ok(InboxRow {
                line: 0,
                received_at: r.get(0)?,
                channel: r.get(1)?,
                from: person(r.get_ref(2)?.as_blob().unwrap_or_default()),
                first_reply_at: r.get(3)?,
                thread: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
