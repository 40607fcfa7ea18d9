//! Automatic backups: a consistent copy of the database before anything replaces much of it
//! (a plan import, `--replace`, a reset, a history import, a restore), the newest
//! [`BACKUPS_KEPT`] kept in a `backups` folder beside the database, each restorable.
//!
//! A backup is written with `VACUUM INTO` to a temporary name and renamed, so a crash never
//! leaves half a backup. Its name says when and why it was taken:
//! `cadence-20261201T181500Z-before-import.db` for a database `cadence.db`.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::error::{Result, StoreError};
use crate::{schema, Store};

/// How many backups of one database are kept; older ones are deleted as new ones come.
pub const BACKUPS_KEPT: usize = 10;

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Backup {
    /// The backup file.
    pub path: PathBuf,
    /// When it was taken (UTC).
    pub taken_at: DateTime<Utc>,
    /// Why: "before-import", "before-replace", "before-reset", "before-restore"...
    pub reason: String,
    /// Its size in bytes.
    pub size: u64,
}

/// The folder the backups of the database at `db` live in.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// The file-name prefix of `db`'s backups ("cadence-" for `cadence.db`).
fn prefix(db: &Path) -> String {
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "cadence".into());
    format!("{stem}-")
}

/// Every backup of the database at `db`, newest first. A missing folder means none.
pub fn list_backups(db: &Path) -> Result<Vec<Backup>> {
    let dir = backup_dir(db);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => {
            return Err(StoreError::Backup {
                path: dir,
                detail: err.to_string(),
            })
        }
    };
    let prefix = prefix(db);
    let mut backups: Vec<Backup> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix(&prefix)?.strip_suffix(".db")?;
            let (stamp, reason) = rest.split_once('-')?;
            let taken_at = NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S%.3fZ")
                .ok()?
                .and_utc();
            Some(Backup {
                path: entry.path(),
                taken_at,
                reason: reason.to_string(),
                size: entry.metadata().ok()?.len(),
            })
        })
        .collect();
    backups.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(b.path.cmp(&a.path)));
    Ok(backups)
}

impl Store {
    /// Take a backup now (`at`, given by the caller) because of `reason` (a short word such
    /// as "before-import"), then keep only the newest [`BACKUPS_KEPT`].
    pub fn backup(&self, at: DateTime<Utc>, reason: &str) -> Result<Backup> {
        let dir = backup_dir(&self.path);
        let fail = |path: &Path, detail: String| StoreError::Backup {
            path: path.to_path_buf(),
            detail,
        };
        std::fs::create_dir_all(&dir).map_err(|e| fail(&dir, e.to_string()))?;
        let reason: String = reason
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let name = format!(
            "{}{}-{reason}.db",
            prefix(&self.path),
            at.format("%Y%m%dT%H%M%S%.3fZ")
        );
        let path = dir.join(&name);
        // The partial name is this process's own: two programs backing up in the same
        // millisecond never write into one temporary file.
        let partial = dir.join(format!(".{name}.{}.partial", std::process::id()));
        let _ = std::fs::remove_file(&partial);
        self.conn
            .execute("VACUUM INTO ?1", [partial.to_string_lossy()])
            .map_err(|e| fail(&partial, e.to_string()))?;
        std::fs::rename(&partial, &path).map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            fail(&path, e.to_string())
        })?;
        for old in list_backups(&self.path)?.into_iter().skip(BACKUPS_KEPT) {
            let _ = std::fs::remove_file(&old.path);
        }
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        Ok(Backup {
            path,
            taken_at: at,
            reason,
            size,
        })
    }

    /// Put the backup at `backup` in place of this database's contents, after taking a
    /// backup of what is there now (so a restore can be undone by restoring that one). The
    /// backup must be a Cadence database that this build can read; it is brought up to the
    /// current schema. All or nothing.
    pub fn restore(&mut self, backup: &Path, at: DateTime<Utc>) -> Result<Backup> {
        check_backup(backup)?;
        let before = self.backup(at, "before-restore")?;
        let revision = self.revision()?;
        let fail = |detail: String| StoreError::Backup {
            path: backup.to_path_buf(),
            detail,
        };
        self.conn
            .restore(
                rusqlite::MAIN_DB,
                backup,
                None::<fn(rusqlite::backup::Progress)>,
            )
            .map_err(|e| fail(e.to_string()))?;
        Store::migrate(&mut self.conn, &self.path)?;
        // The restored file has its own (older) revision: move past both, so every other
        // program's next write based on what it read before the restore is refused.
        let next = self.revision()?.max(revision).saturating_add(1);
        self.conn
            .execute(
                "UPDATE workspace_revision SET revision = ?1 WHERE id = 1",
                [next],
            )
            .map_err(|e| self.sqlite(e))?;
        self.seen.set(Some(next));
        Ok(before)
    }
}

/// A backup must be a readable Cadence database of a schema this build knows.
fn check_backup(path: &Path) -> Result<()> {
    let damaged = |detail: String| StoreError::Backup {
        path: path.to_path_buf(),
        detail,
    };
    if !path.is_file() {
        return Err(damaged("there is no such backup file".into()));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| damaged(e.to_string()))?;
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| damaged(format!("not an SQLite database ({e})")))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    if app_id != schema::APPLICATION_ID {
        return Err(damaged("it is not a Cadence database".into()));
    }
    if !(1..=schema::latest_version()).contains(&version) {
        return Err(damaged(format!(
            "its schema version {version} is not one this Cadence reads"
        )));
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| damaged(e.to_string()))?;
    if check != "ok" {
        return Err(damaged(format!("it is damaged ({check})")));
    }
    Ok(())
}
