//! The app's state: the open desk, or why it could not be opened, and where its database is.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

use cadence_desk::history::HistoryState;
use cadence_desk::{AppError, Desk, ErrorCode};

/// Told what undo and redo would do after every command that touched the desk.
type HistoryHook = Box<dyn Fn(&HistoryState) + Send + Sync>;

/// Shared by every command.
pub struct AppState {
    desk: Mutex<Result<Desk, AppError>>,
    /// The database file (`None` when the system has no data folder).
    path: Option<PathBuf>,
    /// The native Edit menu's follower (set once the menu exists).
    on_history: OnceLock<HistoryHook>,
}

impl AppState {
    /// State around an opened desk, or the error that stopped it from opening.
    pub fn new(desk: Result<Desk, AppError>, path: Option<PathBuf>) -> Self {
        AppState {
            desk: Mutex::new(desk),
            path,
            on_history: OnceLock::new(),
        }
    }

    /// Call `hook` with the undo/redo state now and after every later command.
    pub fn watch_history(&self, hook: impl Fn(&HistoryState) + Send + Sync + 'static) {
        let state = Self::history_of(&self.lock());
        if self.on_history.set(Box::new(hook)).is_ok() {
            self.tell_history(&state);
        }
    }

    fn history_of(desk: &Result<Desk, AppError>) -> HistoryState {
        desk.as_ref().map(Desk::history).unwrap_or_default()
    }

    /// Outside the lock: the menu may need the main thread, which may be waiting for the lock.
    fn tell_history(&self, state: &HistoryState) {
        if let Some(hook) = self.on_history.get() {
            hook(state);
        }
    }

    /// The database file.
    pub fn path(&self) -> Result<PathBuf, AppError> {
        self.path.clone().ok_or_else(|| {
            AppError::new(
                ErrorCode::Io,
                "this system has no data folder for Cadence's database; set CADENCE_DB to a file path",
            )
        })
    }

    /// The lock, whatever an earlier panic left (the desk is reopened after one).
    fn lock(&self) -> MutexGuard<'_, Result<Desk, AppError>> {
        self.desk
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Run `f` on the desk; a desk that failed to open answers with its error. A panic in
    /// `f` never reaches the user as a crash: it is reported, and the desk is reopened from
    /// the database, where every finished action is whole and an unfinished one left nothing.
    pub fn with<T>(&self, f: impl FnOnce(&mut Desk) -> Result<T, AppError>) -> Result<T, AppError> {
        let (result, history) = self.with_locked(f);
        self.tell_history(&history);
        result
    }

    fn with_locked<T>(
        &self,
        f: impl FnOnce(&mut Desk) -> Result<T, AppError>,
    ) -> (Result<T, AppError>, HistoryState) {
        let mut guard = self.lock();
        let outcome = catch_unwind(AssertUnwindSafe(|| match guard.as_mut() {
            Ok(desk) => f(desk),
            Err(err) => Err(err.clone()),
        }));
        let result = match outcome {
            Ok(result) => result,
            Err(panic) => {
                let what = cadence_desk::panic_text(panic.as_ref());
                tracing::error!(
                    panic = %what,
                    "a command failed unexpectedly; reloading the workspace from the database"
                );
                *guard = self.reopen();
                Err(AppError::new(
                    ErrorCode::Internal,
                    format!(
                        "That action failed unexpectedly ({what}). Nothing was half-written; Cadence reloaded the workspace from the database. Please report this."
                    ),
                ))
            }
        };
        (result, Self::history_of(&guard))
    }

    /// Run `f` on the database itself, for the ways out of a workspace the desk could not
    /// open (restore a backup, replace it with a plan file); afterwards the desk is opened
    /// again from the database.
    pub fn with_database<T>(
        &self,
        f: impl FnOnce(&std::path::Path) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut guard = self.lock();
        let path = self.path()?;
        let result = catch_unwind(AssertUnwindSafe(|| f(&path))).unwrap_or_else(|_| {
            tracing::error!("a database action failed unexpectedly; reopening the workspace");
            Err(AppError::new(
                ErrorCode::Internal,
                "That action failed unexpectedly; nothing was half-written.",
            ))
        });
        *guard = self.reopen();
        let history = Self::history_of(&guard);
        drop(guard);
        self.tell_history(&history);
        result
    }

    /// Whether the desk is open (false: the workspace could not be opened).
    pub fn is_open(&self) -> bool {
        self.lock().is_ok()
    }

    fn reopen(&self) -> Result<Desk, AppError> {
        Desk::open(&self.path()?, crate::commands::today())
    }
}
