//! Store errors: each says which file and what the user can do.

use std::path::PathBuf;

use cadence_model::PlanIssue;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file is not a Cadence database, or it is damaged.
    #[error("{path} is not a Cadence database or is damaged ({detail}). Nothing was changed. Restore it from a backup, or move it aside to start a new workspace.")]
    Damaged {
        /// The database file.
        path: PathBuf,
        /// What SQLite or the check said.
        detail: String,
    },
    /// No database at the path (and the command was not one that creates it).
    #[error("there is no Cadence database at {path}. Check the path; `cadence plan import FILE --db PATH` creates a new one, and the app creates its own on first start.")]
    Missing {
        /// The path given.
        path: PathBuf,
    },
    /// A backup file could not be made, listed or restored.
    #[error("backup {path}: {detail}")]
    Backup {
        /// The backup file or folder.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// Another program holds a lock on the database.
    #[error("{path} is locked by another program (another Cadence window or the cadence CLI?). Close it and try again.")]
    Locked {
        /// The database file.
        path: PathBuf,
    },
    /// The database was written by a newer Cadence.
    #[error("{path} was written by a newer version of Cadence (schema {found}; this version reads up to {supported}). Update Cadence to open it; the file was not changed.")]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build reads.
        supported: i64,
    },
    /// The folder or file could not be created or read.
    #[error("cannot open {path}: {source}")]
    Io {
        /// The database file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The plan to write is not valid; nothing was written.
    #[error("the plan is not valid: {}", .0.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<PlanIssue>),
    /// Asked for something that is not in the database.
    #[error("no {kind} with id \"{id}\"")]
    NotFound {
        /// Entity kind.
        kind: &'static str,
        /// Its id.
        id: String,
    },
    /// The workspace was written by another program (or another window) since this
    /// connection read it: a write built from the older read was refused, nothing was written.
    #[error("the workspace in {path} was changed by another program (the cadence CLI, another Cadence window or a sync tool) since it was read; nothing was written")]
    Stale {
        /// The database file.
        path: PathBuf,
        /// The revision this connection last read or wrote.
        seen: i64,
        /// The revision stored now.
        stored: i64,
    },
    /// Any other SQLite failure.
    #[error("database error in {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Classify a SQLite error on `path`: locks and damage get their own variants.
    pub(crate) fn from_sqlite(path: &std::path::Path, err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        let path = path.to_path_buf();
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
                StoreError::Locked { path }
            }
            Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => {
                StoreError::Damaged {
                    path,
                    detail: err.to_string(),
                }
            }
            _ => StoreError::Sqlite { path, source: err },
        }
    }
}

/// Result with [`StoreError`].
pub type Result<T> = std::result::Result<T, StoreError>;
