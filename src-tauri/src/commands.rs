//! Commands that need more than the desk: native file dialogs, the file manager, the backups
//! folder, the system's locale, and the clock the desk is given.

use std::path::PathBuf;

use cadence_desk::files;
use cadence_desk::{
    AppError, BackupView, ErrorCode, ExportDone, ExportRequest, ImportMode, ImportSummary,
    WorkspaceView,
};
use tauri::Emitter;
use tauri_plugin_dialog::DialogExt;

use crate::shell::{off_ui_thread, Shell};

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
pub fn system_locale() -> Option<String> {
    cadence_desk::locale::date_locale(|name| std::env::var(name).ok())
}

/// The moment a desk command runs in, from the clock (`CADENCE_TODAY` fixes today).
pub fn clock() -> cadence_desk::commands::Clock {
    cadence_desk::commands::Clock {
        today: today(),
        now: now(),
    }
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
pub async fn import_plan_dialog(
    shell: &Shell,
    mode: ImportMode,
) -> Result<Option<ImportSummary>, AppError> {
    let picked = shell
        .app
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
    if shell.state().is_open() {
        return shell
            .desk(move |desk| desk.import_plan_file(&bytes, &path, mode, now()))
            .await
            .map(Some);
    }
    // The workspace could not be opened: replacing it with a plan file is a way out.
    shell
        .state()
        .with_database(|db| cadence_desk::replace_with_plan_file(db, &bytes, &path, now()))
        .map(Some)
}

/// Ask where to save with the native save dialog and export the workspace (or one client);
/// returns the path written, `None` if cancelled.
pub async fn export_plan_dialog(
    shell: &Shell,
    client_id: Option<String>,
) -> Result<Option<String>, AppError> {
    let suggested = format!(
        "{}-plan.json",
        client_id.as_deref().unwrap_or("cadence-workspace")
    );
    let picked = shell
        .app
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
    if shell.state().is_open() {
        let text = shell
            .desk(move |desk| desk.plan_file(client_id.as_deref()))
            .await?;
        files::write_atomically(&path, text.as_bytes())?;
    } else {
        // The workspace could not be opened: save what is stored, as it is.
        shell.state().with_database(|db| {
            let stored = cadence_store::Store::open_existing(db)?.load_plan()?;
            files::write_atomically(&path, cadence_model::plan_to_json(&stored).as_bytes())
        })?;
    }
    // The folder, not the file name: its default carries the client's id.
    tracing::info!(kind = %"plan", folder = %files::folder_of(&path).display(), "export written");
    Ok(Some(path.display().to_string()))
}

/// Client-ready export (File → Export…): check the request and remember it, ask where to
/// save with the native save dialog, then render and write the file off the UI's thread,
/// sending `export-progress` events. `None` if the dialog was cancelled.
pub async fn export_dialog(
    shell: &Shell,
    request: ExportRequest,
) -> Result<Option<ExportDone>, AppError> {
    let job = shell
        .desk(move |desk| desk.prepare_export(request, now()))
        .await?;
    let format = job.request().format;
    let picked = shell
        .app
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
    let events = shell.app.clone();
    off_ui_thread(move || {
        let done = job.run(&path, files::write_atomically, |progress| {
            let _ = events.emit("export-progress", progress);
        })?;
        tracing::info!(kind = ?format, folder = %files::folder_of(&path).display(), "export written");
        Ok(done)
    })
    .await
    .map(Some)
}

/// Show a written file in the system's file manager ("Show in folder").
pub fn reveal_in_folder(path: &str) -> Result<(), AppError> {
    let (program, args) = cadence_desk::export::reveal_command(std::path::Path::new(path));
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
pub async fn list_backups(shell: &Shell) -> Result<Vec<BackupView>, AppError> {
    let path = shell.state().path()?;
    off_ui_thread(move || {
        Ok(cadence_store::list_backups(&path)?
            .into_iter()
            .map(cadence_desk::backup_view)
            .collect())
    })
    .await
}

/// Put the named backup in place of the workspace (after backing up the current one).
pub async fn restore_backup(shell: &Shell, name: String) -> Result<WorkspaceView, AppError> {
    if shell.state().is_open() {
        return shell
            .desk(move |desk| {
                desk.restore_backup(&name, now())?;
                Ok(desk.view())
            })
            .await;
    }
    let app = shell.app.clone();
    off_ui_thread(move || {
        let state = tauri::Manager::state::<crate::state::AppState>(&app);
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
        })?;
        state.with(|desk| Ok(desk.view()))
    })
    .await
}
