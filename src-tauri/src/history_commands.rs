//! Commands of past campaign data: pick, preview and import an export (off the UI thread,
//! with progress and cancel), save rejected rows, list and remove imports. Each opens its own
//! connection to the database, so the desk stays responsive during a long import.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use cadence_desk::past::{
    self, HistoryImportDone, HistoryImportRequest, HistoryImportView, HistoryPreview,
    HistoryReadRequest, HistoryRemoved, ImportRun,
};
use cadence_desk::{AppError, ErrorCode};
use cadence_history::Rejected;
use cadence_model::Plan;
use cadence_store::Store;
use tauri::{AppHandle, Emitter, State};
use tauri_plugin_dialog::DialogExt;

use crate::commands::{dialog_path, now};
use crate::state::AppState;

/// The running import's cancel flag (one import at a time).
#[derive(Default)]
pub struct ImportJob {
    cancel: std::sync::Mutex<Option<Arc<AtomicBool>>>,
}

/// The database path and a copy of the plan, taken under the desk's lock for a moment.
pub(crate) fn snapshot(state: &AppState) -> Result<(PathBuf, Plan), AppError> {
    state.with(|desk| Ok((desk.db_path().to_path_buf(), desk.plan().clone())))
}

/// Run blocking work off the UI thread.
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

/// Ask for a campaign export with the native open dialog; its path, `None` if cancelled.
#[tauri::command]
pub async fn pick_history_file(app: AppHandle) -> Result<Option<String>, AppError> {
    let picked = app
        .dialog()
        .file()
        .set_title("Import campaign history")
        .add_filter("Campaign exports", &["csv", "tsv", "txt", "xlsx", "xls"])
        .blocking_pick_file();
    picked
        .map(|p| dialog_path(p).map(|p| p.display().to_string()))
        .transpose()
}

/// Preview a file for the import dialog (nothing is written).
#[tauri::command]
pub async fn preview_history(
    state: State<'_, AppState>,
    path: String,
    request: HistoryReadRequest,
) -> Result<HistoryPreview, AppError> {
    let (db, plan) = snapshot(&state)?;
    off_ui_thread(move || {
        let bytes = cadence_desk::files::read_file(path.as_ref())?;
        let store = Store::open_for_history_reading(&db)?;
        past::preview_history(&store, &plan, &request, &bytes)
    })
    .await
}

/// Import a file as one transaction, emitting `history-progress`; `cancel_history_import`
/// stops it with nothing written.
#[tauri::command]
pub async fn import_history(
    app: AppHandle,
    state: State<'_, AppState>,
    job: State<'_, ImportJob>,
    path: String,
    request: HistoryImportRequest,
) -> Result<HistoryImportDone, AppError> {
    let (db, plan) = snapshot(&state)?;
    let cancel = Arc::new(AtomicBool::new(false));
    *job.cancel.lock().unwrap_or_else(|p| p.into_inner()) = Some(cancel.clone());
    let result = off_ui_thread(move || {
        crate::logging::timed("import_history", || {
            let bytes = cadence_desk::files::read_file(path.as_ref())?;
            let mut store = Store::open_existing(&db)?;
            let run = ImportRun {
                now: now(),
                dry_run: false,
            };
            past::import_history(
                &mut store,
                &plan,
                &request,
                &bytes,
                run,
                &mut |p| {
                    let _ = app.emit("history-progress", p);
                },
                &cancel,
            )
        })
    })
    .await;
    *job.cancel.lock().unwrap_or_else(|p| p.into_inner()) = None;
    result
}

/// Cancel the running import (nothing is written).
#[tauri::command]
pub fn cancel_history_import(job: State<'_, ImportJob>) {
    if let Some(flag) = job
        .cancel
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
    {
        flag.store(true, Ordering::Relaxed);
    }
}

/// Save rejected rows as CSV where the user says (native save dialog); the path, `None` if
/// cancelled.
#[tauri::command]
pub async fn save_rejected_rows(
    app: AppHandle,
    rows: Vec<Rejected>,
    file_name: String,
) -> Result<Option<String>, AppError> {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name.as_str(), |(s, _)| s);
    let picked = app
        .dialog()
        .file()
        .set_title("Save the rejected rows")
        .add_filter("CSV", &["csv"])
        .set_file_name(format!("{stem}-rejected.csv"))
        .blocking_save_file();
    let Some(picked) = picked else {
        return Ok(None);
    };
    let path = dialog_path(picked)?;
    cadence_desk::write_atomically(&path, cadence_history::rejected_csv(&rows).as_bytes())?;
    Ok(Some(path.display().to_string()))
}

/// A client's imports, oldest first.
#[tauri::command]
pub async fn history_imports(
    state: State<'_, AppState>,
    client_id: String,
) -> Result<Vec<HistoryImportView>, AppError> {
    let (db, plan) = snapshot(&state)?;
    off_ui_thread(move || {
        past::history_imports(&Store::open_for_history_reading(&db)?, &plan, &client_id)
    })
    .await
}

/// Remove an import and exactly its rows.
#[tauri::command]
pub async fn remove_history_import(
    state: State<'_, AppState>,
    import_id: i64,
) -> Result<HistoryRemoved, AppError> {
    let (db, _) = snapshot(&state)?;
    off_ui_thread(move || {
        crate::logging::timed("remove_history_import", || {
            past::remove_history_import(&mut Store::open_existing(&db)?, import_id)
        })
    })
    .await
}
