//! The workspace's backups: taking one (logged), listing them and restoring one.

use std::path::Path;

use cadence_engine::Engine;
use cadence_store::Store;
use chrono::{DateTime, Utc};

use crate::desk::{engine_error, not_found, Desk};
use crate::history::History;
use crate::ipc::*;

impl Desk {
    /// The backups of this database, newest first.
    pub fn backups(&self) -> Result<Vec<BackupView>, AppError> {
        Ok(cadence_store::list_backups(self.store.path())?
            .into_iter()
            .map(backup_view)
            .collect())
    }

    /// Put the backup named `name` (as [`Desk::backups`] lists it) in place of the
    /// workspace, after a backup of the current one taken at `now`. A backup whose workspace
    /// this Cadence cannot load is refused and the workspace is put back as it was. Clears
    /// undo: the restored workspace is a new start.
    pub fn restore_backup(&mut self, name: &str, now: DateTime<Utc>) -> Result<Saved, AppError> {
        let backup = cadence_store::list_backups(self.store.path())?
            .into_iter()
            .find(|b| b.path.file_name().is_some_and(|n| n == name))
            .ok_or_else(|| not_found("backup", name))?;
        let before = self.store.restore(&backup.path, now)?;
        let loaded = self
            .store
            .load_plan()
            .map_err(AppError::from)
            .and_then(|plan| {
                let engine = Engine::from_plan(&plan).map_err(engine_error)?;
                Ok((plan, engine))
            });
        match loaded {
            Ok((plan, engine)) => {
                tracing::info!(
                    backup = %name,
                    before = %file_name(&before.path),
                    "backup restored"
                );
                self.replace_current(plan, engine);
                self.read_reserved_clients();
                self.history = History::default();
                Ok(self.saved(None))
            }
            Err(err) => {
                self.store.restore(&before.path, now)?;
                Err(AppError {
                    message: format!(
                        "The backup {name} holds a workspace this Cadence cannot open ({}); the workspace was left as it was.",
                        err.message
                    ),
                    ..err
                })
            }
        }
    }
}

/// A backup as the UI lists it.
pub fn backup_view(backup: cadence_store::Backup) -> BackupView {
    let reason = match backup.reason.as_str() {
        "before-import" => "Before importing a plan file",
        "before-replace" => "Before replacing the workspace with a plan file",
        "before-reset" => "Before resetting the workspace",
        crate::sample::BEFORE_REMOVE_SAMPLE => "Before removing the sample clients",
        "before-restore" => "Before restoring a backup",
        "before-history-import" => "Before importing campaign history",
        other => other,
    }
    .to_string();
    BackupView {
        name: backup
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        taken_at: backup.taken_at,
        reason,
        size: backup.size,
    }
}

/// Back up `store`'s database at `now` for `reason` (`before-reset`, …), and log it.
pub(crate) fn take_backup(
    store: &Store,
    now: DateTime<Utc>,
    reason: &str,
) -> Result<cadence_store::Backup, AppError> {
    let backup = store.backup(now, reason)?;
    tracing::info!(
        reason = %reason,
        file = %file_name(&backup.path),
        bytes = backup.size,
        "backup taken"
    );
    Ok(backup)
}

/// A backup's file name, as the backup list shows it.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
