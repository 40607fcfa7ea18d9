//! The bridge's state: the real desk on a real database in a temporary folder, the clock it
//! runs on, and the test doubles' settings (dialog answers, the locale, recorded calls,
//! the event queue).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use cadence_desk::commands::Clock;
use cadence_desk::{AppError, Desk, ErrorCode};
use serde::Deserialize;
use serde_json::Value;

/// What the next native dialog answers (set by the test beforehand).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DialogAnswer {
    /// The planner picked (or typed) this path.
    Path(PathBuf),
    /// The planner kept the suggested file name, in this folder.
    AcceptIn(PathBuf),
    /// The planner cancelled.
    Cancel,
}

/// How `POST /test/reset` starts the next workspace.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ResetOptions {
    /// The system's `LANG` as the shell would read it ("de_DE.UTF-8"); none by default.
    pub lang: Option<String>,
    /// Another program holds the database locked, so the desk cannot open it.
    pub locked: bool,
}

/// One event the app would emit to the window.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Event {
    /// Its place in the queue (the page asks for those after the last it saw).
    pub id: u64,
    /// `export-progress`, `history-progress`, `menu-action`.
    pub event: String,
    /// What it carries.
    pub payload: Value,
}

/// What the tests set and what the bridge recorded, per workspace.
#[derive(Debug, Default)]
pub struct Doubles {
    /// The native dialogs' next answers, first first.
    pub dialogs: VecDeque<DialogAnswer>,
    /// The system's `LANG`.
    pub lang: Option<String>,
    /// The paths "Show in folder" was asked to reveal.
    pub revealed: Vec<String>,
    /// Emitted events.
    pub events: Vec<Event>,
    /// The running history import's cancel flag.
    pub cancel: Option<Arc<AtomicBool>>,
}

/// The bridge: one workspace at a time, replaced whole by [`Bridge::reset`].
pub struct Bridge {
    root: tempfile::TempDir,
    today: chrono::NaiveDate,
    generation: Mutex<u32>,
    desk: Mutex<Result<Desk, AppError>>,
    db: Mutex<PathBuf>,
    /// Holds the database locked while a test wants it so.
    locker: Mutex<Option<rusqlite::Connection>>,
    doubles: Mutex<Doubles>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Bridge {
    /// A bridge on a fresh sample workspace laid out around `today`, in a new temporary
    /// folder (removed when the bridge is dropped).
    pub fn new(today: chrono::NaiveDate) -> Result<Bridge, AppError> {
        let root = tempfile::Builder::new()
            .prefix("cadence-bridge-")
            .tempdir()
            .map_err(|err| AppError::new(ErrorCode::Io, format!("no temporary folder: {err}")))?;
        let bridge = Bridge {
            root,
            today,
            generation: Mutex::new(0),
            desk: Mutex::new(Err(AppError::new(ErrorCode::Internal, "not opened yet"))),
            db: Mutex::new(PathBuf::new()),
            locker: Mutex::new(None),
            doubles: Mutex::new(Doubles::default()),
        };
        bridge.reset(ResetOptions::default())?;
        Ok(bridge)
    }

    /// The moment a command runs in: the fixed today, and the real now (backup stamps).
    pub fn clock(&self) -> Clock {
        Clock {
            today: self.today,
            now: chrono::Utc::now(),
        }
    }

    /// Start over: a new database in a new folder, seeded with the sample agency as the
    /// app's first start does; the old folder is removed. Returns the database path.
    pub fn reset(&self, options: ResetOptions) -> Result<PathBuf, AppError> {
        let mut desk = lock(&self.desk);
        let mut locker = lock(&self.locker);
        *locker = None;
        let mut generation = lock(&self.generation);
        let old = self.root.path().join(format!("ws-{generation}"));
        let _ = std::fs::remove_dir_all(old);
        *generation += 1;
        let dir = self.root.path().join(format!("ws-{generation}"));
        std::fs::create_dir_all(&dir)
            .map_err(|err| AppError::new(ErrorCode::Io, format!("{}: {err}", dir.display())))?;
        std::fs::create_dir_all(self.scratch())
            .map_err(|err| AppError::new(ErrorCode::Io, format!("{}: {err}", dir.display())))?;
        let db = dir.join("cadence.db");
        if options.locked {
            *locker = Some(hold_locked(&db)?);
        }
        *desk = Desk::open(&db, self.today);
        *lock(&self.db) = db.clone();
        *lock(&self.doubles) = Doubles {
            lang: options.lang,
            ..Doubles::default()
        };
        Ok(db)
    }

    /// The database of the current workspace.
    pub fn db_path(&self) -> PathBuf {
        lock(&self.db).clone()
    }

    /// Run `f` on the desk; a desk that failed to open answers with its error.
    pub fn with_desk<T>(
        &self,
        f: impl FnOnce(&mut Desk) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        match lock(&self.desk).as_mut() {
            Ok(desk) => f(desk),
            Err(err) => Err(err.clone()),
        }
    }

    /// Run `f` on the database itself, for the ways out of a workspace the desk could not
    /// open (as the app does: restore a backup, replace it with a plan file); afterwards the
    /// desk is opened again. A test's lock is released first: the planner closed the other
    /// program.
    pub fn with_database<T>(
        &self,
        f: impl FnOnce(&Path) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut desk = lock(&self.desk);
        *lock(&self.locker) = None;
        let db = self.db_path();
        let result = f(&db);
        *desk = Desk::open(&db, self.today);
        result
    }

    /// Whether the desk is open.
    pub fn is_open(&self) -> bool {
        lock(&self.desk).is_ok()
    }

    /// The test doubles' settings and records.
    pub fn doubles(&self) -> MutexGuard<'_, Doubles> {
        lock(&self.doubles)
    }

    /// Queue an event for the page.
    pub fn emit(&self, event: &str, payload: Value) {
        let mut doubles = self.doubles();
        let id = doubles.events.last().map_or(1, |e| e.id + 1);
        doubles.events.push(Event {
            id,
            event: event.to_string(),
            payload,
        });
    }

    /// The events after `after`, oldest first.
    pub fn events_after(&self, after: u64) -> Vec<Event> {
        self.doubles()
            .events
            .iter()
            .filter(|e| e.id > after)
            .cloned()
            .collect()
    }

    /// The next dialog's answer, for a dialog that suggests `suggested` as the file name.
    pub fn next_dialog(&self, suggested: &str) -> Result<Option<PathBuf>, AppError> {
        let answer = self.doubles().dialogs.pop_front().ok_or_else(|| {
            AppError::new(
                ErrorCode::Internal,
                "the bridge has no answer for this dialog: POST /test/dialog first",
            )
        })?;
        Ok(match answer {
            DialogAnswer::Path(path) => Some(path),
            DialogAnswer::AcceptIn(folder) => Some(folder.join(suggested)),
            DialogAnswer::Cancel => None,
        })
    }

    /// A folder inside the bridge's temporary folder, for files the tests write (it exists
    /// after every reset).
    pub fn scratch(&self) -> PathBuf {
        self.root.path().join("files")
    }
}

/// A connection that holds `db` under an exclusive lock (another program mid-write).
fn hold_locked(db: &Path) -> Result<rusqlite::Connection, AppError> {
    let io = |err: rusqlite::Error| {
        AppError::new(ErrorCode::Io, format!("lock {}: {err}", db.display()))
    };
    let conn = rusqlite::Connection::open(db).map_err(io)?;
    conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;")
        .map_err(io)?;
    Ok(conn)
}
