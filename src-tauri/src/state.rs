//! The app's state: the open desk, or why it could not be opened.

use std::sync::Mutex;

use cadence_desk::{AppError, Desk, ErrorCode};

/// Shared by every command.
pub struct AppState {
    desk: Mutex<Result<Desk, AppError>>,
}

impl AppState {
    /// State around an opened desk, or the error that stopped it from opening.
    pub fn new(desk: Result<Desk, AppError>) -> Self {
        AppState {
            desk: Mutex::new(desk),
        }
    }

    /// Run `f` on the desk; a desk that failed to open answers with its error.
    pub fn with<T>(&self, f: impl FnOnce(&mut Desk) -> Result<T, AppError>) -> Result<T, AppError> {
        let mut guard = self.desk.lock().map_err(|_| {
            AppError::new(
                ErrorCode::Internal,
                "an earlier action failed unexpectedly; restart Cadence",
            )
        })?;
        match guard.as_mut() {
            Ok(desk) => f(desk),
            Err(err) => Err(err.clone()),
        }
    }
}
