//! The app's state: the open desk, or why it could not be opened, and where its database is.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};

use cadence_desk::commands::Target;
use cadence_desk::history::HistoryState;
use cadence_desk::{AppError, Desk, ErrorCode, Snapshots};

/// Told what undo and redo would do after every command that touched the desk.
type HistoryHook = Box<dyn Fn(&HistoryState) + Send + Sync>;

/// Shared by every command: writes (and reads that need the desk) take the desk's lock, one
/// at a time; reads take the desk's published state ([`Snapshots`]) and never wait for a
/// write's database work.
pub struct AppState {
    desk: Mutex<Result<Desk, AppError>>,
    /// Where reads take the open desk's current state from (none while it is not open).
    snapshots: Mutex<Option<Snapshots>>,
    /// True until the desk opened by [`AppState::open`] is in place; commands wait for it.
    opening: Mutex<bool>,
    /// Wakes the commands waiting for the opening.
    opened: Condvar,
    /// The database file (`None` when the system has no data folder).
    path: Option<PathBuf>,
    /// The native Edit menu's follower (set once the menu exists).
    on_history: OnceLock<HistoryHook>,
}

impl AppState {
    /// State around an opened desk, or the error that stopped it from opening.
    pub fn new(desk: Result<Desk, AppError>, path: Option<PathBuf>) -> Self {
        AppState {
            snapshots: Mutex::new(desk.as_ref().ok().map(Desk::snapshots)),
            desk: Mutex::new(desk),
            opening: Mutex::new(false),
            opened: Condvar::new(),
            path,
            on_history: OnceLock::new(),
        }
    }

    /// State whose desk is still to be opened by [`AppState::open`]: every command waits
    /// for it, so the window can show itself while the database is opened.
    pub fn opening(path: Option<PathBuf>) -> Self {
        let state = Self::new(
            Err(AppError::new(
                ErrorCode::Internal,
                "the workspace is being opened",
            )),
            path,
        );
        *state.opening.lock().unwrap_or_else(|p| p.into_inner()) = true;
        state
    }

    /// Open the desk with `open` (on the calling thread), put it in place and wake the
    /// commands waiting for it; the error that stopped it from opening, if any.
    pub fn open(&self, open: impl FnOnce() -> Result<Desk, AppError>) -> Option<AppError> {
        let desk = catch_unwind(AssertUnwindSafe(open)).unwrap_or_else(|_| {
            Err(AppError::new(
                ErrorCode::Internal,
                "opening the workspace failed unexpectedly",
            ))
        });
        let failed = desk.as_ref().err().cloned();
        let history = Self::history_of(&desk);
        self.track(&desk);
        *self.desk.lock().unwrap_or_else(|p| p.into_inner()) = desk;
        *self.opening.lock().unwrap_or_else(|p| p.into_inner()) = false;
        self.opened.notify_all();
        self.tell_history(&history);
        failed
    }

    fn is_opening(&self) -> bool {
        *self.opening.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Call `hook` with the undo/redo state now (or once the desk is open) and after every
    /// later command. Never waits for the opening.
    pub fn watch_history(&self, hook: impl Fn(&HistoryState) + Send + Sync + 'static) {
        if self.on_history.set(Box::new(hook)).is_ok() && !self.is_opening() {
            let state = Self::history_of(&self.lock());
            self.tell_history(&state);
        }
    }

    /// Readers follow `desk` (the one in place now), whose state is published again.
    fn track(&self, desk: &Result<Desk, AppError>) {
        let snapshots = desk.as_ref().ok().map(|desk| {
            desk.publish();
            desk.snapshots()
        });
        *self.snapshots.lock().unwrap_or_else(|p| p.into_inner()) = snapshots;
    }

    /// The open desk's current state, if one is published now (not while a write makes
    /// its change, nor while the desk is opening or could not be opened).
    fn snapshot(&self) -> Option<std::sync::Arc<cadence_desk::Current>> {
        let snapshots = self.snapshots.lock().unwrap_or_else(|p| p.into_inner());
        snapshots.as_ref().and_then(Snapshots::current)
    }

    /// Serve a command: on a snapshot when `on_snapshot` and one is published (never
    /// waiting for a write), else on the desk like [`AppState::with`]. A panic on a
    /// snapshot is reported; the snapshot is immutable, so nothing needs reloading.
    pub fn serve<T>(
        &self,
        on_snapshot: bool,
        f: impl FnOnce(Target<'_>) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        if on_snapshot {
            if let Some(current) = self.snapshot() {
                return catch_unwind(AssertUnwindSafe(|| f(Target::Snapshot(&current))))
                    .unwrap_or_else(|panic| {
                        let what = cadence_desk::panic_text(panic.as_ref());
                        tracing::error!(panic = %what, "a read failed unexpectedly");
                        Err(AppError::new(
                            ErrorCode::Internal,
                            format!("That view failed unexpectedly ({what}). Please report this."),
                        ))
                    });
            }
        }
        self.with(|desk| f(Target::Desk(desk)))
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

    /// The lock, once the desk is opened, whatever an earlier panic left (the desk is
    /// reopened after one).
    fn lock(&self) -> MutexGuard<'_, Result<Desk, AppError>> {
        let opening = self.opening.lock().unwrap_or_else(|p| p.into_inner());
        drop(
            self.opened
                .wait_while(opening, |opening| *opening)
                .unwrap_or_else(|p| p.into_inner()),
        );
        self.desk
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Run `f` on the desk; a desk that failed to open is opened again first, and answers
    /// with its error if it still cannot be opened. A panic in
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
        if guard.is_err() {
            // "Try again" on the error screen: the other program may have let go of the
            // file, or the user fixed what stopped it from opening.
            *guard = self.reopen();
        }
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
        self.track(&guard);
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
        self.track(&guard);
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::sync::Arc;
    use std::time::Duration;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn a_command_waits_for_the_opening_and_then_gets_the_desk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        let state = Arc::new(AppState::opening(Some(path.clone())));
        let (sent, received) = mpsc::channel();
        let waiting = Arc::clone(&state);
        let command = std::thread::spawn(move || {
            let clients = waiting.with(|desk| Ok(desk.plan().clients.len()));
            sent.send(clients).unwrap();
        });
        // The command is still waiting: nothing answers "the workspace is being opened".
        assert!(received.recv_timeout(Duration::from_millis(200)).is_err());
        assert!(state.open(|| Desk::open(&path, today())).is_none());
        let clients = received
            .recv_timeout(Duration::from_secs(10))
            .unwrap()
            .unwrap();
        assert!(clients > 0, "a new database gets the sample agency");
        command.join().unwrap();
        assert!(state.is_open());
    }

    #[test]
    fn a_read_answers_from_the_snapshot_while_a_write_holds_the_desk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        let state = Arc::new(AppState::new(
            Desk::open(&path, today()),
            Some(path.clone()),
        ));
        let clients = |target: Target<'_>| match target {
            Target::Snapshot(current) => Ok(current.plan().clients.len()),
            Target::Desk(_) => Err(AppError::new(ErrorCode::Internal, "waited for the desk")),
        };
        let before = state.serve(true, clients).unwrap();
        let (started, release) = (mpsc::channel(), mpsc::channel::<()>());
        let writer = Arc::clone(&state);
        let write = std::thread::spawn(move || {
            writer.with(|desk| {
                started.0.send(()).unwrap();
                // A write whose database work takes a while (another program's lock).
                release.1.recv().unwrap();
                desk.save_client(cadence_desk::ClientInput {
                    id: None,
                    name: "Snapshot Dental".into(),
                    timezone: "Europe/Berlin".into(),
                    checklist: None,
                    rules: None,
                })
            })
        });
        started.1.recv().unwrap();
        assert_eq!(state.serve(true, clients).unwrap(), before);
        release.0.send(()).unwrap();
        write.join().unwrap().unwrap();
        assert_eq!(state.serve(true, clients).unwrap(), before + 1);
    }

    /// A folder holding a "cadence.db" that is a text file, not a database.
    fn damaged_database() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        std::fs::write(
            &path,
            b"this is not a database, it is a text file of some length",
        )
        .unwrap();
        (dir, path)
    }

    #[test]
    fn a_database_that_fails_to_open_answers_every_command_with_its_error() {
        let (_dir, path) = damaged_database();
        let state = AppState::opening(Some(path.clone()));
        let failed = state
            .open(|| Desk::open(&path, today()))
            .expect("a damaged file does not open");
        let answer = state.with(|_| Ok(())).unwrap_err();
        assert_eq!(answer.message, failed.message);
        assert!(!state.is_open());
    }

    #[test]
    fn a_command_after_a_failed_opening_opens_the_database_again() {
        let (_dir, path) = damaged_database();
        let state = AppState::opening(Some(path.clone()));
        assert!(state.open(|| Desk::open(&path, today())).is_some());
        // The user moves the damaged file away and chooses Try again.
        std::fs::remove_file(&path).unwrap();
        let clients = state.with(|desk| Ok(desk.plan().clients.len())).unwrap();
        assert!(clients > 0, "a new database gets the sample agency");
        assert!(state.is_open());
    }

    #[test]
    fn a_panic_while_opening_is_an_error_not_a_hang() {
        let state = AppState::opening(None);
        let failed = state.open(|| panic!("boom")).expect("reported");
        assert_eq!(failed.code, ErrorCode::Internal);
        assert!(state.with(|_| Ok(())).is_err());
    }

    #[test]
    fn the_history_follower_never_waits_for_the_opening_and_is_told_once_it_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cadence.db");
        let state = AppState::opening(Some(path.clone()));
        let told = Arc::new(Mutex::new(0));
        let counter = Arc::clone(&told);
        // Returns at once although the desk is not open (the main thread calls this).
        state.watch_history(move |_| *counter.lock().unwrap() += 1);
        assert_eq!(*told.lock().unwrap(), 0);
        state.open(|| Desk::open(&path, today()));
        assert_eq!(*told.lock().unwrap(), 1);
    }
}
