//! Cadence's store: the whole workspace in one SQLite file.
//!
//! Foreign keys on, WAL journal, versioned migrations (`schema.rs`), and every change in one
//! transaction. Plans are validated before anything is written, so a bad import or edit leaves
//! the file as it was. Damaged, locked and newer-version files give their own errors.

pub mod backup;
mod error;
mod history;
mod read;
pub mod schema;
mod write;

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use cadence_model::{validate, EditIndex, Plan};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use backup::{backup_dir, list_backups, Backup, BACKUPS_KEPT};
pub use error::{Result, StoreError};
pub use history::{HistoryError, ImportOutcome, ImportRecord, NewImport, RemovedImport};

use read::ReadError;

/// How long a write waits for another program's lock before giving up.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(3);

/// An open Cadence database.
///
/// Other programs (the CLI, another window, a sync tool) may write the same file. Every plan
/// write bumps the workspace revision in its own transaction, and the store remembers the
/// revision it last read or wrote: a plan write built from an older read is refused with
/// [`StoreError::Stale`] before anything is written (see [`Store::load_plan`]).
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The workspace revision this connection last read or wrote; `None` before the first.
    seen: Cell<Option<i64>>,
    /// `PRAGMA data_version` when [`Store::changed_by_others`] last looked.
    data_version: i64,
    /// The ids and work of the clients last written, so an edit checks its client only.
    edit_index: EditIndex,
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

    /// Open the database at `path`, which must exist: a mistyped path is an error, never a
    /// new empty database.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Self::open(path)
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

        let (app_id, version, tables) = Self::identify(&mut conn).map_err(sqlite)?;
        if app_id != schema::APPLICATION_ID && (app_id != 0 || tables > 0) {
            return Err(StoreError::Damaged {
                path: path.to_path_buf(),
                detail: "it is an SQLite file of another program".to_string(),
            });
        }
        check_version(path, version)?;
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
        let mode = use_write_ahead_log(&conn, busy_timeout).map_err(sqlite)?;
        debug_assert_eq!(mode.to_ascii_lowercase(), "wal");
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sqlite)?;
        Self::migrate(&mut conn, path)?;
        let data_version = data_version(&conn).map_err(sqlite)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            seen: Cell::new(None),
            data_version,
            edit_index: EditIndex::default(),
        })
    }

    /// Bring the schema up to date under the write lock: the version is read again inside
    /// one immediate transaction, so two programs opening a new or old file at once never
    /// both migrate it, and a failed migration leaves the file as it was.
    fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
        let sqlite = |err| StoreError::from_sqlite(path, err);
        let latest = schema::latest_version();
        let current: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sqlite)?;
        if current == latest {
            return Ok(());
        }
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sqlite)?;
        check_version(path, version)?;
        schema::migrate(&tx, version, latest).map_err(sqlite)?;
        tx.commit().map_err(sqlite)
    }

    /// (application_id, user_version, number of tables): reading them also proves the file
    /// is an SQLite database at all.
    fn identify(conn: &mut Connection) -> rusqlite::Result<(i32, i64, i64)> {
        // One read transaction, so another program's migration is seen whole or not at all.
        let tx = conn.transaction()?;
        let app_id = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables = tx.query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?;
        tx.commit()?;
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

    /// Read the whole workspace (in one read transaction, so another program's write is
    /// seen whole or not at all). The store remembers the revision read: later plan writes
    /// through this store are refused with [`StoreError::Stale`] if another program wrote
    /// the workspace in between.
    pub fn load_plan(&self) -> Result<Plan> {
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(|e| self.sqlite(e))?;
        let revision = read::revision(&tx).map_err(|e| self.sqlite(e))?;
        let plan = read::load_plan(&tx).map_err(|err| read_error(&self.path, err))?;
        tx.commit().map_err(|e| self.sqlite(e))?;
        self.seen.set(Some(revision));
        Ok(plan)
    }

    /// The workspace revision stored now: every plan write by any program increases it.
    pub fn revision(&self) -> Result<i64> {
        read::revision(&self.conn).map_err(|e| self.sqlite(e))
    }

    /// The revision this store last read or wrote (`None` before the first).
    pub fn seen_revision(&self) -> Option<i64> {
        self.seen.get()
    }

    /// Whether another connection (another program or window) committed anything to the
    /// database since the last call (or since the store was opened): a cheap check,
    /// `PRAGMA data_version`, that never touches the tables. This store's own writes do not
    /// count. Campaign-history writes count too; compare [`Store::revision`] with
    /// [`Store::seen_revision`] to know whether the workspace itself changed.
    pub fn changed_by_others(&mut self) -> Result<bool> {
        let now = data_version(&self.conn).map_err(|e| self.sqlite(e))?;
        let changed = now != self.data_version;
        self.data_version = now;
        Ok(changed)
    }

    /// Whether the stored workspace is newer than the one this store last read or wrote.
    pub fn is_stale(&self) -> Result<bool> {
        Ok(match self.seen.get() {
            Some(seen) => self.revision()? != seen,
            None => false,
        })
    }

    /// Read the workspace, work out the next one from it, and write that, all under one
    /// write lock: another program's write can neither slip in between nor be overwritten.
    /// Refused with [`StoreError::Stale`] when this store has read the workspace and another
    /// program wrote it since (the caller's idea of the workspace is out of date). `next` gets the stored workspace (`None` for a new database) and may refuse; the
    /// plan it returns is validated before anything is written.
    pub fn update_plan<E: From<StoreError>>(
        &mut self,
        next: impl FnOnce(Option<Plan>) -> std::result::Result<Plan, E>,
    ) -> std::result::Result<Plan, E> {
        let path = self.path.clone();
        let sqlite = |e| StoreError::from_sqlite(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        check_current(&tx, &path, self.seen.get())?;
        let current = if read::has_workspace(&tx).map_err(sqlite)? {
            Some(read::load_plan(&tx).map_err(|err| read_error(&path, err))?)
        } else {
            None
        };
        let plan = next(current)?;
        validate(&plan).map_err(StoreError::Invalid)?;
        write::write_plan(&tx, &plan).map_err(sqlite)?;
        let revision = write::bump_revision(&tx).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        self.seen.set(Some(revision));
        Ok(plan)
    }

    /// Replace the whole workspace with `plan`, after validating it; all or nothing. Like
    /// every plan write, refused with [`StoreError::Stale`] if another program wrote the
    /// workspace since this store read it.
    pub fn replace_plan(&mut self, plan: &Plan) -> Result<()> {
        validate(plan).map_err(StoreError::Invalid)?;
        self.plan_transaction(|tx| write::write_plan(tx, plan))
    }

    /// Write the client `client_id` of `plan` (the workspace after an edit) whole, with the
    /// workspace's channels, horizon and client order; all or nothing. `plan` is validated
    /// first.
    pub fn save_client(&mut self, plan: &Plan, client_id: &str) -> Result<()> {
        validate(plan).map_err(StoreError::Invalid)?;
        let (position, client) = client_at(plan, client_id)?;
        self.plan_transaction(|tx| {
            write::write_channels(tx, plan)?;
            write::write_client(tx, client, position)?;
            write::write_client_order(tx, plan)
        })
    }

    /// Write an edit of the client `client_id`: `before` is the workspace as this store last
    /// read or wrote it, `after` the workspace after the edit. Only the rows that differ are
    /// written (one message edited writes one message); the result is the same as
    /// [`Store::save_client`]'s. `after` is validated first; like every plan write, the edit
    /// is refused with [`StoreError::Stale`] if another program wrote the workspace since,
    /// and a store that has read nothing yet writes the client whole.
    pub fn save_client_edit(&mut self, before: &Plan, after: &Plan, client_id: &str) -> Result<()> {
        let (position, client) = client_at(after, client_id)?;
        // `before` is the stored workspace, so it is valid: when nothing outside the client
        // changed, checking the client (and what it can collide with) is the whole check.
        if only_client_changed(before, after, position) {
            self.edit_index
                .validate_edit(after, position)
                .map_err(StoreError::Invalid)?;
        } else {
            validate(after).map_err(StoreError::Invalid)?;
        }
        let old = before.clients.iter().find(|c| c.id == client_id);
        let known = self.seen.get().is_some();
        self.plan_transaction(|tx| {
            if before.channels != after.channels || before.horizon != after.horizon {
                write::write_channels(tx, after)?;
            }
            match old {
                Some(old) if known => write::write_client_change(tx, old, client, position)?,
                _ => write::write_client(tx, client, position)?,
            }
            let same_order = before.clients.len() == after.clients.len()
                && before
                    .clients
                    .iter()
                    .zip(&after.clients)
                    .all(|(a, b)| a.id == b.id);
            if !same_order {
                write::write_client_order(tx, after)?;
            }
            Ok(())
        })
    }

    /// A remembered setting of this workspace (JSON text by convention), if it was set.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Remember `value` under `key` for this workspace (replacing what was there).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(|_| ())
            .map_err(|e| self.sqlite(e))
    }

    /// Delete the client `client_id` and everything it owns; all or nothing.
    pub fn delete_client(&mut self, client_id: &str) -> Result<()> {
        let removed = self.plan_transaction(|tx| write::delete_client(tx, client_id))?;
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

    /// [`Store::in_transaction`] for a plan write: refused with [`StoreError::Stale`] if
    /// another program wrote the workspace since this store read it, and bumps the revision.
    fn plan_transaction<T>(
        &mut self,
        work: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<T>,
    ) -> Result<T> {
        let path = self.path.clone();
        let sqlite = |e| StoreError::from_sqlite(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        check_current(&tx, &path, self.seen.get())?;
        let value = work(&tx).map_err(sqlite)?;
        let revision = write::bump_revision(&tx).map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
        self.seen.set(Some(revision));
        Ok(value)
    }

    fn sqlite(&self, err: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path, err)
    }
}

/// The position and content of the client `client_id` in `plan`.
fn client_at<'p>(plan: &'p Plan, client_id: &str) -> Result<(usize, &'p cadence_model::Client)> {
    plan.clients
        .iter()
        .enumerate()
        .find(|(_, c)| c.id == client_id)
        .map(|(i, c)| (i, &**c))
        .ok_or_else(|| StoreError::NotFound {
            kind: "client",
            id: client_id.to_string(),
        })
}

/// `after` is `before` with at most the client at `index` changed or appended.
fn only_client_changed(before: &Plan, after: &Plan, index: usize) -> bool {
    let same_count = before.clients.len() == after.clients.len()
        || (before.clients.len() + 1 == after.clients.len() && index == before.clients.len());
    same_count
        && before.format == after.format
        && before.version == after.version
        && before.horizon == after.horizon
        && before.channels == after.channels
        && before
            .clients
            .iter()
            .zip(&after.clients)
            .enumerate()
            .all(|(i, (a, b))| i == index || Arc::ptr_eq(a, b) || a == b)
}

/// `PRAGMA data_version`: changes when another connection commits.
fn data_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
}

/// Refuse a plan write (inside its transaction) when the stored revision is not the one the
/// writer last saw; a writer that has seen none writes unconditionally.
fn check_current(conn: &Connection, path: &Path, seen: Option<i64>) -> Result<()> {
    let Some(seen) = seen else {
        return Ok(());
    };
    let stored = read::revision(conn).map_err(|e| StoreError::from_sqlite(path, e))?;
    if stored != seen {
        return Err(StoreError::Stale {
            path: path.to_path_buf(),
            seen,
            stored,
        });
    }
    Ok(())
}

/// A schema version this build can open: not negative, not newer than it knows.
fn check_version(path: &Path, version: i64) -> Result<()> {
    if version < 0 {
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: format!("its schema version is {version}, which Cadence never writes"),
        });
    }
    if version > schema::latest_version() {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: schema::latest_version(),
        });
    }
    Ok(())
}

/// A failed read of the workspace as a store error.
fn read_error(path: &Path, err: ReadError) -> StoreError {
    match err {
        ReadError::Sqlite(rusqlite::Error::QueryReturnedNoRows) => StoreError::NotFound {
            kind: "workspace",
            id: "1".to_string(),
        },
        ReadError::Sqlite(e) => StoreError::from_sqlite(path, e),
        ReadError::Bad(bad) => StoreError::Damaged {
            path: path.to_path_buf(),
            detail: bad.0,
        },
    }
}

/// Switch the file to write-ahead logging and return the journal mode now in effect.
///
/// SQLite answers `SQLITE_BUSY` at once, without calling the busy handler, when another
/// program is switching the same new file at that moment; so this waits and retries for up
/// to `busy_timeout`, like every other lock wait.
fn use_write_ahead_log(conn: &Connection, busy_timeout: Duration) -> rusqlite::Result<String> {
    let started = std::time::Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Err(rusqlite::Error::SqliteFailure(err, _))
                if err.code == rusqlite::ErrorCode::DatabaseBusy
                    && started.elapsed() < busy_timeout =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            answer => return answer,
        }
    }
}
