//! The IPC commands: each validates its input by type, calls the desk and maps errors.

use std::path::PathBuf;

use cadence_desk::{files, Bucket, CadenceSummary, FindingsPage, FindingsQuery, Suggestion};
use cadence_desk::{
    AppError, BackupView, CalendarEntry, CampaignInput, ClientInput, DeleteImpact, EntityRef,
    ErrorCode, ExportDone, ExportRequest, ImportMode, ImportSummary, MessageInput, MovePreview,
    MoveRequest, ProbeRequest, ProbeResult, ResetMode, Saved, SegmentInput, WorkspaceView,
};
use cadence_model::presets::GuidelinePreset;
use cadence_model::recurrence::RecurrencePreview;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;

use crate::state::AppState;

/// Now, for the backups actions take: the shell reads the clock, the desk never does.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// The app's today (`CADENCE_TODAY` overrides the clock).
pub fn today() -> chrono::NaiveDate {
    cadence_desk::today_or(chrono::Local::now().date_naive())
}

/// The system locale for dates ("de-DE"; `None` for C/POSIX or none set): `LC_ALL`, `LC_TIME`,
/// then `LANG`. Elsewhere than Unix-like systems these are usually unset; the window then keeps
/// its built-in day-month order.
#[tauri::command]
pub fn system_locale() -> Option<String> {
    cadence_desk::locale::date_locale(|name| std::env::var(name).ok())
}

/// The whole workspace and the database path (or why the database could not be opened).
#[tauri::command]
pub fn workspace(state: State<AppState>) -> Result<WorkspaceView, AppError> {
    state.with(|desk| Ok(desk.view()))
}

/// Whether another program (the CLI, another window, a sync tool) changed the workspace:
/// the reloaded workspace if it did (undo starts afresh), `null` if not. Cheap; the UI asks
/// every second or so while the window is visible.
#[tauri::command]
pub fn check_for_changes(state: State<AppState>) -> Result<Option<Saved>, AppError> {
    if !state.is_open() {
        return Ok(None);
    }
    state.with(|desk| desk.refresh_if_changed())
}

/// Create or update a client.
#[tauri::command]
pub fn save_client(state: State<AppState>, input: ClientInput) -> Result<Saved, AppError> {
    state.write("save_client", |desk| desk.save_client(input))
}

/// Create or update a segment.
#[tauri::command]
pub fn save_segment(
    state: State<AppState>,
    client_id: String,
    input: SegmentInput,
) -> Result<Saved, AppError> {
    state.write("save_segment", |desk| desk.save_segment(&client_id, input))
}

/// Create or update a campaign.
#[tauri::command]
pub fn save_campaign(
    state: State<AppState>,
    client_id: String,
    input: CampaignInput,
) -> Result<Saved, AppError> {
    state.write("save_campaign", |desk| {
        desk.save_campaign(&client_id, input)
    })
}

/// Create or update a message.
#[tauri::command]
pub fn save_message(
    state: State<AppState>,
    campaign_id: String,
    input: MessageInput,
) -> Result<Saved, AppError> {
    state.write("save_message", |desk| {
        desk.save_message(&campaign_id, input)
    })
}

/// What deleting an entity takes with it.
#[tauri::command]
pub fn delete_impact(state: State<AppState>, target: EntityRef) -> Result<DeleteImpact, AppError> {
    state.with(|desk| desk.delete_impact(&target))
}

/// Delete an entity and what goes with it.
#[tauri::command]
pub fn delete_entity(state: State<AppState>, target: EntityRef) -> Result<Saved, AppError> {
    state.write("delete_entity", |desk| desk.delete(&target))
}

/// Reset to the sample agency or an empty workspace.
#[tauri::command]
pub fn reset_workspace(state: State<AppState>, mode: ResetMode) -> Result<Saved, AppError> {
    state.write("reset_workspace", |desk| desk.reset(mode, today(), now()))
}

/// Every IANA time zone name.
#[tauri::command]
pub fn list_timezones() -> Vec<String> {
    cadence_desk::timezones()
}

/// The local path of a file the native dialog returned.
pub fn dialog_path(path: tauri_plugin_dialog::FilePath) -> Result<PathBuf, AppError> {
    path.into_path().map_err(|err| {
        AppError::new(
            ErrorCode::Io,
            format!("the chosen file has no local path: {err}"),
        )
    })
}

/// Ask for a plan file with the native open dialog and import it; `None` if cancelled.
#[tauri::command]
pub async fn import_plan_dialog(
    app: AppHandle,
    state: State<'_, AppState>,
    mode: ImportMode,
) -> Result<Option<ImportSummary>, AppError> {
    let picked = app
        .dialog()
        .file()
        .set_title("Import a Cadence plan")
        .add_filter("Cadence plan", &["json"])
        .blocking_pick_file();
    let Some(picked) = picked else {
        return Ok(None);
    };
    let path = dialog_path(picked)?;
    let bytes = files::read_file(&path)?;
    if state.is_open() {
        return state
            .write("import_plan", |desk| {
                desk.import_plan_file(&bytes, &path, mode, now())
            })
            .map(Some);
    }
    // The workspace could not be opened: replacing it with a plan file is a way out.
    let replace = || {
        state.with_database(|db| {
            let incoming = cadence_model::parse_plan_bytes(&bytes).map_err(|err| {
                AppError::invalid(
                    format!("{} is not a valid plan file", path.display()),
                    err.issues(),
                )
                .with_file(&path)
            })?;
            let mut store = cadence_store::Store::open(db)?;
            let (summary, _) =
                cadence_desk::import_plan(&mut store, incoming, ImportMode::Replace, &path, now())?;
            Ok(summary)
        })
    };
    crate::logging::timed("import_plan", replace).map(Some)
}

/// Ask where to save with the native save dialog and export the workspace (or one client);
/// returns the path written, `None` if cancelled.
#[tauri::command]
pub async fn export_plan_dialog(
    app: AppHandle,
    state: State<'_, AppState>,
    client_id: Option<String>,
) -> Result<Option<String>, AppError> {
    let suggested = format!(
        "{}-plan.json",
        client_id.as_deref().unwrap_or("cadence-workspace")
    );
    let picked = app
        .dialog()
        .file()
        .set_title("Export a Cadence plan")
        .add_filter("Cadence plan", &["json"])
        .set_file_name(suggested)
        .blocking_save_file();
    let Some(picked) = picked else {
        return Ok(None);
    };
    let path = dialog_path(picked)?;
    crate::logging::timed("export_plan", || {
        if state.is_open() {
            let text = state.with(|desk| desk.plan_file(client_id.as_deref()))?;
            files::write_atomically(&path, text.as_bytes())
        } else {
            // The workspace could not be opened: save what is stored, as it is.
            state.with_database(|db| {
                let stored = cadence_store::Store::open_existing(db)?.load_plan()?;
                files::write_atomically(&path, cadence_model::plan_to_json(&stored).as_bytes())
            })
        }
    })?;
    // The folder, not the file name: its default carries the client's id.
    tracing::info!(kind = %"plan", folder = %files::folder_of(&path).display(), "export written");
    Ok(Some(path.display().to_string()))
}

/// Client-ready export (File → Export…): check the request and remember it, ask where to
/// save with the native save dialog, then render and write the file off the UI's thread,
/// sending `export-progress` events. `None` if the dialog was cancelled.
#[tauri::command]
pub async fn export_dialog(
    app: AppHandle,
    state: State<'_, AppState>,
    request: ExportRequest,
) -> Result<Option<ExportDone>, AppError> {
    let job = state.with(|desk| desk.prepare_export(request, now()))?;
    let format = job.request().format;
    let picked = app
        .dialog()
        .file()
        .set_title(format!("Export {}", format.filter_name()))
        .add_filter(format.filter_name(), &[format.extension()])
        .set_file_name(job.default_file_name())
        .blocking_save_file();
    let Some(picked) = picked else {
        return Ok(None);
    };
    let path = dialog_path(picked)?;
    files::check_folder(&path)?;
    let events = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let done = crate::logging::timed("export", || {
            job.run(&path, files::write_atomically, |progress| {
                let _ = events.emit("export-progress", progress);
            })
        })?;
        let folder = files::folder_of(&path);
        tracing::info!(kind = ?format, folder = %folder.display(), "export written");
        Ok(done)
    })
    .await
    .map_err(|err| {
        AppError::new(
            ErrorCode::Internal,
            format!("the export stopped unexpectedly ({err}); nothing was written"),
        )
    })?
    .map(Some)
}

/// The choices of this workspace's last export, to prefill the Export dialog.
#[tauri::command]
pub fn last_export_choices(state: State<AppState>) -> Result<Option<ExportRequest>, AppError> {
    state.with(|desk| desk.last_export_choices())
}

/// Show a written file in the system's file manager ("Show in folder").
#[tauri::command]
pub fn reveal_in_folder(path: String) -> Result<(), AppError> {
    let (program, args) = cadence_desk::export::reveal_command(std::path::Path::new(&path));
    std::process::Command::new(program)
        .args(&args)
        .spawn()
        .map(|_| ())
        .map_err(|err| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot open the folder of {path} ({program}: {err})"),
            )
        })
}

/// The automatic backups of the database, newest first (also when the workspace could not
/// be opened: restoring one is the way out).
#[tauri::command]
pub fn list_backups(state: State<AppState>) -> Result<Vec<BackupView>, AppError> {
    let path = state.path()?;
    Ok(cadence_store::list_backups(&path)?
        .into_iter()
        .map(cadence_desk::backup_view)
        .collect())
}

/// Put the named backup in place of the workspace (after backing up the current one).
#[tauri::command]
pub fn restore_backup(state: State<AppState>, name: String) -> Result<WorkspaceView, AppError> {
    if state.is_open() {
        state.write("restore_backup", |desk| desk.restore_backup(&name, now()))?;
    } else {
        // The workspace could not be opened: restoring a backup is a way out.
        let restore = || {
            state.with_database(|db| {
                let mut store = cadence_store::Store::open_existing(db)?;
                let backup = cadence_store::list_backups(db)?
                    .into_iter()
                    .find(|b| b.path.file_name().is_some_and(|n| n == name.as_str()))
                    .ok_or_else(|| {
                        AppError::new(ErrorCode::NotFound, format!("no backup named \"{name}\""))
                    })?;
                store.restore(&backup.path, now())?;
                Ok(())
            })
        };
        crate::logging::timed("restore_backup", restore)?;
    }
    state.with(|desk| Ok(desk.view()))
}

/// Undo the last action (nothing happens when there is none).
#[tauri::command]
pub fn undo(state: State<AppState>) -> Result<Saved, AppError> {
    state.write("undo", |desk| desk.undo_saved())
}

/// Redo the last undone action (nothing happens when there is none).
#[tauri::command]
pub fn redo(state: State<AppState>) -> Result<Saved, AppError> {
    state.write("redo", |desk| desk.redo_saved())
}

/// The first findings of each of a client's segments and every total, for the violations
/// panel.
#[tauri::command]
pub fn findings_page(
    state: State<AppState>,
    client_id: String,
    query: FindingsQuery,
) -> Result<FindingsPage, AppError> {
    state.with(|desk| desk.findings_page(&client_id, &query))
}

/// A client's plan warnings (occurrences outside the campaign, segment size and consent
/// against the parent): shown above the violations, never counted as violations.
#[tauri::command]
pub fn plan_warnings(
    state: State<AppState>,
    client_id: String,
) -> Result<Vec<cadence_desk::PlanWarning>, AppError> {
    state.with(|desk| desk.plan_warnings(&client_id))
}

/// The messages touching a segment on its local dates `[from, to)`, for a cadence cell.
#[tauri::command]
pub fn bucket_messages(
    state: State<AppState>,
    client_id: String,
    segment_id: String,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<String>, AppError> {
    state.with(|desk| desk.bucket_messages(&client_id, &segment_id, from, to))
}

/// Slots and offers for a message flagged at `after` (RFC 3339) for the rules `fix`.
#[tauri::command]
pub fn suggest_slots(
    state: State<AppState>,
    message_id: String,
    segment_id: Option<String>,
    after: String,
    fix: Option<Vec<cadence_model::RuleKind>>,
) -> Result<Suggestion, AppError> {
    let after = chrono::DateTime::parse_from_rfc3339(&after)
        .map_err(|err| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("\"{after}\" is not an RFC 3339 time: {err}"),
            )
        })?
        .with_timezone(&chrono::Utc);
    state.with(|desk| desk.suggest(&message_id, segment_id, after, fix.unwrap_or_default()))
}

/// Per segment of a client and day or week: touches and cap loads, for the cadence view.
#[tauri::command]
pub fn cadence_summary(
    state: State<AppState>,
    client_id: String,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    bucket: Bucket,
) -> Result<CadenceSummary, AppError> {
    state.with(|desk| desk.summary(&client_id, from, to, bucket))
}

/// Guideline presets with their reasoning.
#[tauri::command]
pub fn guideline_presets() -> Vec<GuidelinePreset> {
    cadence_model::presets::guideline_presets()
}

/// Plain-language text and the next dates of a recurrence, for the message editor.
#[tauri::command]
pub fn preview_recurrence(
    at: chrono::NaiveDateTime,
    rrule: Option<String>,
    count: Option<u16>,
) -> RecurrencePreview {
    cadence_model::recurrence::preview(at, rrule.as_deref(), count.unwrap_or(5).min(50))
}

/// The client's message occurrences on local dates `[from, to)`, with their violations.
#[tauri::command]
pub fn calendar(
    state: State<AppState>,
    client_id: String,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<CalendarEntry>, AppError> {
    state.with(|desk| desk.calendar(&client_id, from, to))
}

/// Move a message (the series or one occurrence) to a new wall time.
#[tauri::command]
pub fn move_message(state: State<AppState>, request: MoveRequest) -> Result<Saved, AppError> {
    state.write("move_message", |desk| desk.move_message(request))
}

/// What a move would do to the client's violations, per scope, without making it.
#[tauri::command]
pub fn preview_move(state: State<AppState>, request: MoveRequest) -> Result<MovePreview, AppError> {
    state.with(|desk| desk.preview_move(&request))
}

/// The rules a message would break at each candidate instant, for shading while dragging.
#[tauri::command]
pub fn probe_slots(
    state: State<AppState>,
    request: ProbeRequest,
) -> Result<Vec<ProbeResult>, AppError> {
    state.with(|desk| desk.probe(&request))
}
