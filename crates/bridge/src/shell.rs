//! The bridge's shell commands: the same desk, store and file functions the Tauri shell
//! calls, with test doubles only where a human or the OS would answer (native dialogs answer
//! what the test set beforehand; "Show in folder" is recorded; the system locale is the
//! workspace's `LANG` setting). Events go to the bridge's queue instead of a window.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cadence_desk::commands::*;
use cadence_desk::past::{self, HistoryImportDone, HistoryImportView, HistoryPreview, ImportRun};
use cadence_desk::{files, insights_view, AppError, ErrorCode};
use cadence_store::Store;

use crate::workspace::Bridge;

/// Serves the shell commands for one request.
pub struct BridgeShell<'a>(pub &'a Bridge);

impl BridgeShell<'_> {
    /// The database path and a copy of the plan (what the history commands read with).
    fn snapshot(&self) -> Result<(std::path::PathBuf, cadence_model::Plan), AppError> {
        self.0
            .with_desk(|desk| Ok((desk.db_path().to_path_buf(), desk.plan().clone())))
    }

    fn path_text(path: &Path) -> String {
        path.display().to_string()
    }
}

impl ShellCommands for BridgeShell<'_> {
    async fn check_for_changes(
        &self,
        _: CheckForChangesArgs,
    ) -> Result<Option<cadence_desk::Saved>, AppError> {
        if !self.0.is_open() {
            return Ok(None);
        }
        self.0.with_desk(|desk| desk.refresh_if_changed())
    }

    async fn system_locale(&self, _: SystemLocaleArgs) -> Result<Option<String>, AppError> {
        let lang = self.0.doubles().lang.clone();
        Ok(cadence_desk::locale::date_locale(|name| {
            (name == "LANG").then(|| lang.clone()).flatten()
        }))
    }

    /// A browser resolves `system-ui` itself: the stylesheet's own family.
    async fn ui_font(&self, _: UiFontArgs) -> Result<String, AppError> {
        Ok(cadence_desk::ui_font::ui_font_family(None, None).to_string())
    }

    async fn import_plan_dialog(
        &self,
        a: ImportPlanDialogArgs,
    ) -> Result<Option<cadence_desk::ImportSummary>, AppError> {
        let Some(path) = self.0.next_dialog("plan.json")? else {
            return Ok(None);
        };
        let bytes = files::read_file(&path)?;
        let now = self.0.clock().now;
        if self.0.is_open() {
            return self
                .0
                .with_desk(|desk| desk.import_plan_file(&bytes, &path, a.mode, now))
                .map(Some);
        }
        // The workspace could not be opened: replacing it with a plan file is a way out.
        self.0
            .with_database(|db| cadence_desk::replace_with_plan_file(db, &bytes, &path, now))
            .map(Some)
    }

    async fn export_plan_dialog(
        &self,
        a: ExportPlanDialogArgs,
    ) -> Result<Option<String>, AppError> {
        let suggested = format!(
            "{}-plan.json",
            a.client_id.as_deref().unwrap_or("cadence-workspace")
        );
        let Some(path) = self.0.next_dialog(&suggested)? else {
            return Ok(None);
        };
        let text = if self.0.is_open() {
            self.0
                .with_desk(|desk| desk.plan_file(a.client_id.as_deref()))?
        } else {
            // The workspace could not be opened: save what is stored, as it is.
            let stored = Store::open_existing(&self.0.db_path())?.load_plan()?;
            cadence_model::plan_to_json(&stored)
        };
        files::write_atomically(&path, text.as_bytes())?;
        Ok(Some(Self::path_text(&path)))
    }

    async fn export_dialog(
        &self,
        a: ExportDialogArgs,
    ) -> Result<Option<cadence_desk::ExportDone>, AppError> {
        let now = self.0.clock().now;
        let job = self
            .0
            .with_desk(|desk| desk.prepare_export(a.request, now))?;
        let Some(path) = self.0.next_dialog(&job.default_file_name())? else {
            return Ok(None);
        };
        files::check_folder(&path)?;
        job.run(&path, files::write_atomically, |progress| {
            self.0.emit(
                "export-progress",
                serde_json::to_value(progress).unwrap_or_default(),
            )
        })
        .map(Some)
    }

    async fn reveal_in_folder(&self, a: RevealInFolderArgs) -> Result<(), AppError> {
        self.0.doubles().revealed.push(a.path);
        Ok(())
    }

    async fn list_backups(
        &self,
        _: ListBackupsArgs,
    ) -> Result<Vec<cadence_desk::BackupView>, AppError> {
        Ok(cadence_store::list_backups(&self.0.db_path())?
            .into_iter()
            .map(cadence_desk::backup_view)
            .collect())
    }

    async fn restore_backup(
        &self,
        a: RestoreBackupArgs,
    ) -> Result<cadence_desk::WorkspaceView, AppError> {
        let now = self.0.clock().now;
        if !self.0.is_open() {
            self.0.with_database(|db| {
                let backup = cadence_store::list_backups(db)?
                    .into_iter()
                    .find(|b| b.path.file_name().is_some_and(|n| n == a.name.as_str()))
                    .ok_or_else(|| {
                        AppError::new(
                            ErrorCode::NotFound,
                            format!("no backup named \"{}\"", a.name),
                        )
                    })?;
                Store::open_existing(db)?.restore(&backup.path, now)?;
                Ok(())
            })?;
            return self.0.with_desk(|desk| Ok(desk.view()));
        }
        self.0.with_desk(|desk| {
            desk.restore_backup(&a.name, now)?;
            Ok(desk.view())
        })
    }

    async fn pick_history_file(&self, _: PickHistoryFileArgs) -> Result<Option<String>, AppError> {
        Ok(self
            .0
            .next_dialog("history.csv")?
            .map(|p| Self::path_text(&p)))
    }

    async fn preview_history(&self, a: PreviewHistoryArgs) -> Result<HistoryPreview, AppError> {
        let (db, plan) = self.snapshot()?;
        let bytes = files::read_file(a.path.as_ref())?;
        let store = Store::open_for_history_reading(&db)?;
        past::preview_history(&store, &plan, &a.request, &bytes)
    }

    async fn import_history(&self, a: ImportHistoryArgs) -> Result<HistoryImportDone, AppError> {
        let (db, plan) = self.snapshot()?;
        let cancel = Arc::new(AtomicBool::new(false));
        self.0.doubles().cancel = Some(cancel.clone());
        let result = (|| {
            let bytes = files::read_file(a.path.as_ref())?;
            let mut store = Store::open_existing(&db)?;
            let run = ImportRun {
                now: self.0.clock().now,
                dry_run: false,
            };
            past::import_history(
                &mut store,
                &plan,
                &a.request,
                &bytes,
                run,
                &mut |p| {
                    self.0.emit(
                        "history-progress",
                        serde_json::to_value(p).unwrap_or_default(),
                    )
                },
                &cancel,
            )
        })();
        self.0.doubles().cancel = None;
        result
    }

    async fn cancel_history_import(&self, _: CancelHistoryImportArgs) -> Result<(), AppError> {
        if let Some(flag) = self.0.doubles().cancel.as_ref() {
            flag.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    async fn save_rejected_rows(
        &self,
        a: SaveRejectedRowsArgs,
    ) -> Result<Option<String>, AppError> {
        let stem = a
            .file_name
            .rsplit_once('.')
            .map_or(a.file_name.as_str(), |(s, _)| s);
        let Some(path) = self.0.next_dialog(&format!("{stem}-rejected.csv"))? else {
            return Ok(None);
        };
        files::write_atomically(&path, cadence_history::rejected_csv(&a.rows).as_bytes())?;
        Ok(Some(Self::path_text(&path)))
    }

    async fn history_imports(
        &self,
        a: HistoryImportsArgs,
    ) -> Result<Vec<HistoryImportView>, AppError> {
        let (db, plan) = self.snapshot()?;
        past::history_imports(&Store::open_for_history_reading(&db)?, &plan, &a.client_id)
    }

    async fn remove_history_import(
        &self,
        a: RemoveHistoryImportArgs,
    ) -> Result<past::HistoryRemoved, AppError> {
        past::remove_history_import(&mut Store::open_existing(&self.0.db_path())?, a.import_id)
    }

    async fn client_insights(
        &self,
        a: ClientInsightsArgs,
    ) -> Result<insights_view::InsightsView, AppError> {
        let (db, plan) = self.snapshot()?;
        let caps = self.0.with_desk(|desk| desk.caps_in_force(&a.client_id))?;
        let store = Store::open_for_history_reading(&db)?;
        insights_view::client_insights(&store, &plan, &caps, &a.client_id)
    }

    async fn history_hints(
        &self,
        a: HistoryHintsArgs,
    ) -> Result<Vec<insights_view::HistoryHint>, AppError> {
        let view = self
            .client_insights(ClientInsightsArgs {
                client_id: a.client_id,
            })
            .await?;
        Ok(insights_view::history_hints(&view))
    }

    async fn set_audience_segment(&self, a: SetAudienceSegmentArgs) -> Result<(), AppError> {
        let (db, plan) = self.snapshot()?;
        past::set_audience_segment(
            &mut Store::open_existing(&db)?,
            &plan,
            &a.client_id,
            &a.audience,
            a.segment_id.as_deref(),
        )
    }

    async fn set_reply_target(&self, a: SetReplyTargetArgs) -> Result<(), AppError> {
        let (db, plan) = self.snapshot()?;
        past::set_reply_target(
            &mut Store::open_existing(&db)?,
            &plan,
            &a.client_id,
            a.hours,
        )
    }
}

/// Serve a shell command given by name with JSON arguments; `None` when `name` is none.
pub fn dispatch_shell(
    bridge: &Bridge,
    name: &str,
    args: serde_json::Value,
) -> Option<Result<serde_json::Value, AppError>> {
    let shell = BridgeShell(bridge);
    macro_rules! shell_dispatch {
        (
            desk { $($d:tt)* }
            shell { $( $(#[$doc:meta])* $sname:ident : $sargs:ident { $($f:ident : $t:ty),* $(,)? } -> $reply:ty; )* }
        ) => {
            match name {
                $(
                    stringify!($sname) => Some(
                        serde_json::from_value::<$sargs>(args)
                            .map_err(|err| bad_arguments(name, err))
                            .and_then(|args| crate::block::block_on(shell.$sname(args)))
                            .and_then(|reply| reply_json(name, reply)),
                    ),
                )*
                _ => None,
            }
        };
    }
    cadence_desk::with_command_list!(shell_dispatch)
}

/// Arguments that do not fit the command's type, in the desk's words.
fn bad_arguments(name: &str, err: serde_json::Error) -> AppError {
    AppError::new(
        ErrorCode::InvalidInput,
        format!("the arguments of {name} do not fit: {err}"),
    )
}

fn reply_json(name: &str, reply: impl serde::Serialize) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(reply).map_err(|err| {
        AppError::new(
            ErrorCode::Internal,
            format!("the reply of {name} cannot be sent: {err}"),
        )
    })
}
