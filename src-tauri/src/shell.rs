//! The shell's side of the one command list (`cadence_desk::commands`): [`Shell`] serves
//! every command, each off the window's main thread. Commands that only ask the desk are
//! written here; those with native dialogs, events or their own database connection live in
//! their modules (`commands`, `history_commands`, `insights_commands`).

use cadence_desk::commands::*;
use cadence_desk::{AppError, Desk, ErrorCode};
use tauri::{AppHandle, Manager};

use crate::commands::{now, today};
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

/// Results that cannot fail, as command replies.
fn always<T>(value: T) -> Result<T, AppError> {
    Ok(value)
}

impl Commands for Shell {
    async fn workspace(&self, _: WorkspaceArgs) -> Result<cadence_desk::WorkspaceView, AppError> {
        self.desk(|desk| Ok(desk.view())).await
    }

    async fn check_for_changes(
        &self,
        _: CheckForChangesArgs,
    ) -> Result<Option<cadence_desk::Saved>, AppError> {
        if !self.state().is_open() {
            return Ok(None);
        }
        self.desk(|desk| desk.refresh_if_changed()).await
    }

    async fn save_client(&self, a: SaveClientArgs) -> Result<cadence_desk::Saved, AppError> {
        self.desk(move |desk| desk.save_client(a.input)).await
    }

    async fn save_segment(&self, a: SaveSegmentArgs) -> Result<cadence_desk::Saved, AppError> {
        self.desk(move |desk| desk.save_segment(&a.client_id, a.input))
            .await
    }

    async fn save_campaign(&self, a: SaveCampaignArgs) -> Result<cadence_desk::Saved, AppError> {
        self.desk(move |desk| desk.save_campaign(&a.client_id, a.input))
            .await
    }

    async fn save_message(&self, a: SaveMessageArgs) -> Result<cadence_desk::Saved, AppError> {
        self.desk(move |desk| desk.save_message(&a.campaign_id, a.input))
            .await
    }

    async fn delete_impact(
        &self,
        a: DeleteImpactArgs,
    ) -> Result<cadence_desk::DeleteImpact, AppError> {
        self.desk(move |desk| desk.delete_impact(&a.target)).await
    }

    async fn delete_entity(&self, a: DeleteEntityArgs) -> Result<cadence_desk::Saved, AppError> {
        self.desk(move |desk| desk.delete(&a.target)).await
    }

    async fn reset_workspace(
        &self,
        a: ResetWorkspaceArgs,
    ) -> Result<cadence_desk::Saved, AppError> {
        self.desk(move |desk| desk.reset(a.mode, today(), now()))
            .await
    }

    async fn undo(&self, _: UndoArgs) -> Result<cadence_desk::Saved, AppError> {
        self.desk(|desk| desk.undo_saved()).await
    }

    async fn redo(&self, _: RedoArgs) -> Result<cadence_desk::Saved, AppError> {
        self.desk(|desk| desk.redo_saved()).await
    }

    async fn list_timezones(&self, _: ListTimezonesArgs) -> Result<Vec<String>, AppError> {
        always(cadence_desk::timezones())
    }

    async fn system_locale(&self, _: SystemLocaleArgs) -> Result<Option<String>, AppError> {
        always(crate::commands::system_locale())
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

    async fn last_export_choices(
        &self,
        _: LastExportChoicesArgs,
    ) -> Result<Option<cadence_desk::ExportRequest>, AppError> {
        self.desk(|desk| desk.last_export_choices()).await
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

    async fn calendar(
        &self,
        a: CalendarArgs,
    ) -> Result<Vec<cadence_desk::CalendarEntry>, AppError> {
        self.desk(move |desk| desk.calendar(&a.client_id, a.from, a.to))
            .await
    }

    async fn move_message(&self, a: MoveMessageArgs) -> Result<cadence_desk::Saved, AppError> {
        self.desk(move |desk| desk.move_message(a.request)).await
    }

    async fn preview_move(
        &self,
        a: PreviewMoveArgs,
    ) -> Result<cadence_desk::MovePreview, AppError> {
        self.desk(move |desk| desk.preview_move(&a.request)).await
    }

    async fn probe_slots(
        &self,
        a: ProbeSlotsArgs,
    ) -> Result<Vec<cadence_desk::ProbeResult>, AppError> {
        self.desk(move |desk| desk.probe(&a.request)).await
    }

    async fn findings_page(
        &self,
        a: FindingsPageArgs,
    ) -> Result<cadence_desk::FindingsPage, AppError> {
        self.desk(move |desk| desk.findings_page(&a.client_id, &a.query))
            .await
    }

    async fn plan_warnings(
        &self,
        a: PlanWarningsArgs,
    ) -> Result<Vec<cadence_desk::PlanWarning>, AppError> {
        self.desk(move |desk| desk.plan_warnings(&a.client_id))
            .await
    }

    async fn bucket_messages(&self, a: BucketMessagesArgs) -> Result<Vec<String>, AppError> {
        self.desk(move |desk| desk.bucket_messages(&a.client_id, &a.segment_id, a.from, a.to))
            .await
    }

    async fn suggest_slots(
        &self,
        a: SuggestSlotsArgs,
    ) -> Result<cadence_desk::Suggestion, AppError> {
        let after = chrono::DateTime::parse_from_rfc3339(&a.after)
            .map_err(|err| {
                AppError::new(
                    ErrorCode::InvalidInput,
                    format!("\"{}\" is not an RFC 3339 time: {err}", a.after),
                )
            })?
            .with_timezone(&chrono::Utc);
        self.desk(move |desk| {
            desk.suggest(
                &a.message_id,
                a.segment_id,
                after,
                a.fix.unwrap_or_default(),
            )
        })
        .await
    }

    async fn cadence_summary(
        &self,
        a: CadenceSummaryArgs,
    ) -> Result<cadence_desk::CadenceSummary, AppError> {
        self.desk(move |desk| desk.summary(&a.client_id, a.from, a.to, a.bucket))
            .await
    }

    async fn guideline_presets(
        &self,
        _: GuidelinePresetsArgs,
    ) -> Result<Vec<GuidelinePreset>, AppError> {
        always(cadence_model::presets::guideline_presets())
    }

    async fn preview_recurrence(
        &self,
        a: PreviewRecurrenceArgs,
    ) -> Result<RecurrencePreview, AppError> {
        always(cadence_model::recurrence::preview(
            a.at,
            a.rrule.as_deref(),
            a.count.unwrap_or(5).min(50),
        ))
    }

    async fn sample_data(&self, _: SampleDataArgs) -> Result<cadence_desk::SampleData, AppError> {
        self.desk(|desk| Ok(desk.sample_data())).await
    }

    async fn remove_sample_clients(
        &self,
        _: RemoveSampleClientsArgs,
    ) -> Result<cadence_desk::Saved, AppError> {
        self.desk(|desk| desk.remove_sample_clients(now())).await
    }

    async fn message_findings(
        &self,
        a: MessageFindingsArgs,
    ) -> Result<cadence_desk::MessageFindings, AppError> {
        self.desk(move |desk| desk.message_findings(&a.message_id))
            .await
    }

    async fn preview_message(
        &self,
        a: PreviewMessageArgs,
    ) -> Result<cadence_desk::MessageFindings, AppError> {
        self.desk(move |desk| desk.preview_message(&a.campaign_id, a.input))
            .await
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

    async fn apply_history_cap(
        &self,
        a: ApplyHistoryCapArgs,
    ) -> Result<cadence_desk::Saved, AppError> {
        self.desk(move |desk| {
            desk.apply_history_cap(&a.client_id, &a.segment_id, &a.channel, a.cap_per_week)
        })
        .await
    }
}
