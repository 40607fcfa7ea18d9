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
use cadence_desk::AppError;
use cadence_history::Rejected;
use cadence_model::Plan;
use cadence_store::Store;
use tauri::{Emitter, Manager};
use tauri_plugin_dialog::DialogExt;

use crate::commands::{dialog_path, now};
use crate::shell::{off_ui_thread, Shell};

/// The running import's cancel flag (one import at a time).
#[derive(Default)]
pub struct ImportJob {
    cancel: std::sync::Mutex<Option<Arc<AtomicBool>>>,
}

/// The database path and a copy of the plan, taken under the desk's lock for a moment.
pub(crate) async fn snapshot(shell: &Shell) -> Result<(PathBuf, Plan), AppError> {
    shell
        .desk(|desk| Ok((desk.db_path().to_path_buf(), desk.plan().clone())))
        .await
}

/// Ask for a campaign export with the native open dialog; its path, `None` if cancelled.
pub async fn pick_history_file(shell: &Shell) -> Result<Option<String>, AppError> {
    let picked = shell
        .app
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
pub async fn preview_history(
    shell: &Shell,
    path: String,
    request: HistoryReadRequest,
) -> Result<HistoryPreview, AppError> {
    let (db, plan) = snapshot(shell).await?;
    off_ui_thread(move || {
        let bytes = cadence_desk::files::read_file(path.as_ref())?;
        let store = Store::open_for_history_reading(&db)?;
        past::preview_history(&store, &plan, &request, &bytes)
    })
    .await
}

/// Import a file as one transaction, emitting `history-progress`; `cancel_history_import`
/// stops it with nothing written.
pub async fn import_history(
    shell: &Shell,
    path: String,
    request: HistoryImportRequest,
) -> Result<HistoryImportDone, AppError> {
    let (db, plan) = snapshot(shell).await?;
    let job = shell.app.state::<ImportJob>();
    let app = shell.app.clone();
    let cancel = Arc::new(AtomicBool::new(false));
    *job.cancel.lock().unwrap_or_else(|p| p.into_inner()) = Some(cancel.clone());
    let result = off_ui_thread(move || {
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
    .await;
    *job.cancel.lock().unwrap_or_else(|p| p.into_inner()) = None;
    result
}

/// Cancel the running import (nothing is written).
pub fn cancel_history_import(shell: &Shell) {
    if let Some(flag) = shell
        .app
        .state::<ImportJob>()
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
pub async fn save_rejected_rows(
    shell: &Shell,
    rows: Vec<Rejected>,
    file_name: String,
) -> Result<Option<String>, AppError> {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name.as_str(), |(s, _)| s);
    let picked = shell
        .app
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
pub async fn history_imports(
    shell: &Shell,
    client_id: String,
) -> Result<Vec<HistoryImportView>, AppError> {
    let (db, plan) = snapshot(shell).await?;
    off_ui_thread(move || {
        past::history_imports(&Store::open_for_history_reading(&db)?, &plan, &client_id)
    })
    .await
}

/// Remove an import and exactly its rows.
pub async fn remove_history_import(
    shell: &Shell,
    import_id: i64,
) -> Result<HistoryRemoved, AppError> {
    let db = shell.state().path()?;
    off_ui_thread(move || past::remove_history_import(&mut Store::open_existing(&db)?, import_id))
        .await
}
