//! The shell's side of the one command list (`cadence_desk::commands`): [`Shell`] runs the
//! desk's commands on blocking workers and serves the shell commands (native dialogs, events,
//! the file manager, their own database connections), each off the window's main thread.
//! The longer ones live in their modules (`commands`, `history_commands`,
//! `insights_commands`).

use cadence_desk::commands::*;
use cadence_desk::{AppError, Desk, ErrorCode};
use tauri::{AppHandle, Manager};

use crate::state::AppState;

/// Serves the commands for one call: the app's handle, through which it reaches the state,
/// the dialogs and the event bus.
pub struct Shell {
    pub(crate) app: AppHandle,
}

impl Shell {
    /// The server of one call.
    pub fn new(app: AppHandle) -> Self {
        Shell { app }
    }

    /// The app's state (the desk behind its lock, the database path).
    pub(crate) fn state(&self) -> tauri::State<'_, AppState> {
        self.app.state::<AppState>()
    }

    /// Run `f` on the desk on a blocking worker thread, so the window keeps painting.
    pub(crate) async fn desk<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Desk) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError> {
        let app = self.app.clone();
        off_ui_thread(move || app.state::<AppState>().with(f)).await
    }
}

impl Shell {
    /// Serve the desk command `f` on a blocking worker thread: a read from the current
    /// snapshot (never waiting for a write), anything else on the desk.
    pub(crate) async fn serve<K, A, R, F>(&self, f: F, clock: Clock, args: A) -> Result<R, AppError>
    where
        F: Serve<K, A, R> + Send + 'static,
        A: Send + 'static,
        R: Send + 'static,
    {
        let app = self.app.clone();
        off_ui_thread(move || {
            app.state::<AppState>()
                .serve(F::ON_SNAPSHOT, |target| f.serve(target, clock, args))
        })
        .await
    }
}

/// Run blocking work on a worker thread; a worker that dies is reported, never fatal.
pub(crate) async fn off_ui_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or_else(|err| {
            Err(AppError::new(
                ErrorCode::Internal,
                format!("the work stopped unexpectedly ({err}); nothing was written"),
            ))
        })
}

impl ShellCommands for Shell {
    async fn check_for_changes(
        &self,
        _: CheckForChangesArgs,
    ) -> Result<Option<cadence_desk::Saved>, AppError> {
        if !self.state().is_open() {
            return Ok(None);
        }
        self.desk(|desk| desk.refresh_if_changed()).await
    }

    async fn system_locale(&self, _: SystemLocaleArgs) -> Result<Option<String>, AppError> {
        Ok(crate::commands::system_locale())
    }

    async fn ui_font(&self, _: UiFontArgs) -> Result<String, AppError> {
        let app = self.app.clone();
        off_ui_thread(move || {
            Ok(app
                .state::<crate::desktop_font::UiFont>()
                .family()
                .to_string())
        })
        .await
    }

    async fn import_plan_dialog(
        &self,
        a: ImportPlanDialogArgs,
    ) -> Result<Option<cadence_desk::ImportSummary>, AppError> {
        crate::commands::import_plan_dialog(self, a.mode).await
    }

    async fn export_plan_dialog(
        &self,
        a: ExportPlanDialogArgs,
    ) -> Result<Option<String>, AppError> {
        crate::commands::export_plan_dialog(self, a.client_id).await
    }

    async fn export_dialog(
        &self,
        a: ExportDialogArgs,
    ) -> Result<Option<cadence_desk::ExportDone>, AppError> {
        crate::commands::export_dialog(self, a.request).await
    }

    async fn reveal_in_folder(&self, a: RevealInFolderArgs) -> Result<(), AppError> {
        crate::commands::reveal_in_folder(&a.path)
    }

    async fn list_backups(
        &self,
        _: ListBackupsArgs,
    ) -> Result<Vec<cadence_desk::BackupView>, AppError> {
        crate::commands::list_backups(self).await
    }

    async fn restore_backup(
        &self,
        a: RestoreBackupArgs,
    ) -> Result<cadence_desk::WorkspaceView, AppError> {
        crate::commands::restore_backup(self, a.name).await
    }

    async fn pick_history_file(&self, _: PickHistoryFileArgs) -> Result<Option<String>, AppError> {
        crate::history_commands::pick_history_file(self).await
    }

    async fn preview_history(
        &self,
        a: PreviewHistoryArgs,
    ) -> Result<cadence_desk::past::HistoryPreview, AppError> {
        crate::history_commands::preview_history(self, a.path, a.request).await
    }

    async fn import_history(
        &self,
        a: ImportHistoryArgs,
    ) -> Result<cadence_desk::past::HistoryImportDone, AppError> {
        crate::history_commands::import_history(self, a.path, a.request).await
    }

    async fn cancel_history_import(&self, _: CancelHistoryImportArgs) -> Result<(), AppError> {
        crate::history_commands::cancel_history_import(self);
        Ok(())
    }

    async fn save_rejected_rows(
        &self,
        a: SaveRejectedRowsArgs,
    ) -> Result<Option<String>, AppError> {
        crate::history_commands::save_rejected_rows(self, a.rows, a.file_name).await
    }

    async fn history_imports(
        &self,
        a: HistoryImportsArgs,
    ) -> Result<Vec<cadence_desk::past::HistoryImportView>, AppError> {
        crate::history_commands::history_imports(self, a.client_id).await
    }

    async fn remove_history_import(
        &self,
        a: RemoveHistoryImportArgs,
    ) -> Result<cadence_desk::past::HistoryRemoved, AppError> {
        crate::history_commands::remove_history_import(self, a.import_id).await
    }

    async fn client_insights(
        &self,
        a: ClientInsightsArgs,
    ) -> Result<cadence_desk::insights_view::InsightsView, AppError> {
        crate::insights_commands::view(self, a.client_id).await
    }

    async fn history_hints(
        &self,
        a: HistoryHintsArgs,
    ) -> Result<Vec<cadence_desk::insights_view::HistoryHint>, AppError> {
        let view = crate::insights_commands::view(self, a.client_id).await?;
        Ok(cadence_desk::insights_view::history_hints(&view))
    }

    async fn set_audience_segment(&self, a: SetAudienceSegmentArgs) -> Result<(), AppError> {
        crate::insights_commands::set_audience_segment(self, a).await
    }

    async fn set_reply_target(&self, a: SetReplyTargetArgs) -> Result<(), AppError> {
        crate::insights_commands::set_reply_target(self, a).await
    }
}
