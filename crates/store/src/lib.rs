//! Cadence's store: the whole workspace in one SQLite file.
//!
//! Foreign keys on, WAL journal, versioned migrations (`schema.rs`), and every change in one
//! transaction. Plans are validated before anything is written, so a bad import or edit leaves
//! the file as it was. Damaged, locked and newer-version files give their own errors.

mod error;
mod history;
mod read;
pub mod schema;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use cadence_model::{validate, Plan};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use error::{Result, StoreError};
pub use history::{HistoryError, ImportOutcome, ImportRecord, NewImport, RemovedImport};

use read::ReadError;

/// How long a write waits for another program's lock before giving up.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(3);

/// An open Cadence database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (or create) the database at `path`, migrating it to the current schema.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with_timeout(path, DEFAULT_BUSY_TIMEOUT)
    }

    /// [`Store::open`] with a chosen wait for other programs' locks.
    pub fn open_with_timeout(path: &Path, busy_timeout: Duration) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        }
        if path.is_dir() {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::other("it is a folder, not a file"),
            });
        }
        let sqlite = |err| StoreError::from_sqlite(path, err);
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite)?;
        conn.busy_timeout(busy_timeout).map_err(sqlite)?;

        let (app_id, version, tables) = Self::identify(&conn).map_err(sqlite)?;
        let latest = schema::latest_version();
        if app_id != schema::APPLICATION_ID && (app_id != 0 || tables > 0) {
            return Err(StoreError::Damaged {
                path: path.to_path_buf(),
                detail: "it is an SQLite file of another program".to_string(),
            });
        }
        if version > latest {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: latest,
            });
        }
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(sqlite)?;
        if check != "ok" {
            return Err(StoreError::Damaged {
                path: path.to_path_buf(),
                detail: format!("integrity check: {check}"),
            });
        }
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(sqlite)?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(sqlite)?;
        debug_assert_eq!(mode.to_ascii_lowercase(), "wal");
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sqlite)?;
        schema::migrate(&mut conn, version, latest).map_err(sqlite)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// (application_id, user_version, number of tables): reading them also proves the file
    /// is an SQLite database at all.
    fn identify(conn: &Connection) -> rusqlite::Result<(i32, i64, i64)> {
        let app_id = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables = conn.query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        Ok((app_id, version, tables))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.sqlite(e))
    }

    /// False until a workspace has been written (a brand-new file).
    pub fn has_workspace(&self) -> Result<bool> {
        read::has_workspace(&self.conn).map_err(|e| self.sqlite(e))
    }

    /// Read the whole workspace.
    pub fn load_plan(&self) -> Result<Plan> {
        read::load_plan(&self.conn).map_err(|err| match err {
            ReadError::Sqlite(rusqlite::Error::QueryReturnedNoRows) => StoreError::NotFound {
                kind: "workspace",
                id: "1".to_string(),
            },
            ReadError::Sqlite(e) => self.sqlite(e),
            ReadError::Bad(bad) => StoreError::Damaged {
                path: self.path.clone(),
                detail: bad.0,
            },
        })
    }

    /// Replace the whole workspace with `plan`, after validating it; all or nothing.
    pub fn replace_plan(&mut self, plan: &Plan) -> Result<()> {
        validate(plan).map_err(StoreError::Invalid)?;
        self.in_transaction(|tx| write::write_plan(tx, plan))
    }

    /// Write the client `client_id` of `plan` (the workspace after an edit) whole, with the
    /// workspace's channels, horizon and client order; all or nothing. `plan` is validated
    /// first.
    pub fn save_client(&mut self, plan: &Plan, client_id: &str) -> Result<()> {
        validate(plan).map_err(StoreError::Invalid)?;
        let (position, client) = plan
            .clients
            .iter()
            .enumerate()
            .find(|(_, c)| c.id == client_id)
            .ok_or_else(|| StoreError::NotFound {
                kind: "client",
                id: client_id.to_string(),
            })?;
        self.in_transaction(|tx| {
            write::write_channels(tx, plan)?;
            write::write_client(tx, client, position)?;
            write::write_client_order(tx, plan)
        })
    }

    /// Delete the client `client_id` and everything it owns; all or nothing.
    pub fn delete_client(&mut self, client_id: &str) -> Result<()> {
        let removed = self.in_transaction(|tx| write::delete_client(tx, client_id))?;
        if removed == 0 {
            return Err(StoreError::NotFound {
                kind: "client",
                id: client_id.to_string(),
            });
        }
        Ok(())
    }

    /// Run `work` in one immediate transaction: it takes the write lock up front, so a
    /// locked file fails before anything is done, and any error rolls everything back.
    fn in_transaction<T>(
        &mut self,
        work: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let path = self.path.clone();
        let sqlite = |e| StoreError::from_sqlite(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        let value = work(&tx).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        Ok(value)
    }

    fn sqlite(&self, err: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path, err)
    }
}
