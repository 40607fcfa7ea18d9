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

use cadence_history::{Kind, Mapping, PersonKey, Rows};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use crate::{Store, StoreError};

mod load;
mod write;

use load::load_rows;
use write::write_import;

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
                // Pages mapped rather than copied: the insights read every page once.
                let _ = conn.pragma_update(None, "mmap_size", 1i64 << 30);
                if conn.busy_timeout(crate::DEFAULT_BUSY_TIMEOUT).is_ok()
                    && current(&conn) == Ok(true)
                {
                    return Ok(Store {
                        conn,
                        path: path.to_path_buf(),
                        seen: std::cell::Cell::new(None),
                        data_version: 0,
                        edit_index: Default::default(),
                    });
                }
            }
        }
        Store::open_existing(path)
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
        let outcome = write_import(&tx, &self.path, new, rows, progress, cancel)?;
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

    /// The insight options of `client` as stored (its segments, audience → segment map and
    /// reply target), over all of its history and every audience and channel.
    pub fn insight_options(
        &self,
        client: &cadence_model::Client,
    ) -> Result<cadence_history::insights::InsightOptions, HistoryError> {
        Ok(cadence_history::insights::InsightOptions {
            reply_target_hours: self.reply_target_hours(&client.id)?,
            segments: client
                .segments
                .iter()
                .map(|s| cadence_history::insights::SegmentRef {
                    id: s.id.clone(),
                    name: s.name.clone(),
                })
                .collect(),
            audience_map: self.audience_segments(&client.id)?,
            ..Default::default()
        })
    }

    /// The insights of `client`'s imported history (spec history.md §5), or `None` when it
    /// has none to show: what the PDF report's history section draws.
    pub fn client_insights(
        &self,
        client: &cadence_model::Client,
    ) -> Result<Option<cadence_history::insights::Insights>, HistoryError> {
        let rows = self.history_rows(&client.id)?;
        let found = cadence_history::insights::insights(&rows, &self.insight_options(client)?);
        Ok((!found.fatigue.is_empty() || !found.response.is_empty()).then_some(found))
    }
}
