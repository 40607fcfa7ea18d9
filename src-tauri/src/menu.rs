//! The native menu. Items that act on the workspace are forwarded to the UI as a
//! `menu-action` event, so the UI asks for confirmation the same way as its own buttons do.
//! Edit → Undo/Redo are the app's own items (GTK's predefined ones are never enabled): their
//! text and enabled state follow the desk's history, and a click goes to the UI, which undoes
//! in the text field being edited or else the last change. File → Quit quits. Help → About
//! Cadence and Open Log Folder are the shell's own: where the database and the log are, so a
//! planner can find the log and send it.

use std::path::Path;
use std::sync::Mutex;

use cadence_desk::history::HistoryState;
use tauri::menu::{Menu, MenuBuilder, MenuItem, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

use crate::logging::{log_file_name, LogPlace, KEEP_FILES};
use crate::state::AppState;

/// Menu item ids, which are also the `menu-action` payloads.
pub const ACTIONS: &[(&str, &str, Option<&str>)] = &[
    ("new_client", "New Client…", Some("CmdOrCtrl+Shift+N")),
    ("import", "Import Plan…", Some("CmdOrCtrl+O")),
    ("export", "Export…", Some("CmdOrCtrl+E")),
    (
        "export_plan",
        "Export Plan File…",
        Some("CmdOrCtrl+Shift+E"),
    ),
    (
        "import_history",
        "Import History…",
        Some("CmdOrCtrl+Shift+H"),
    ),
    ("reset_sample", "Reset to Sample Agency…", None),
    ("reset_empty", "Start Empty…", None),
    ("remove_sample", "Remove Sample Clients…", None),
    ("restore_backup", "Restore Backup…", None),
];

/// Edit items forwarded to the UI (id, accelerator). Redo is Shift+Ctrl+Z everywhere (the UI
/// also takes Ctrl+Y).
const HISTORY_ITEMS: [(&str, &str); 2] = [("undo", "CmdOrCtrl+Z"), ("redo", "CmdOrCtrl+Shift+Z")];

/// The quit item's id.
const QUIT: &str = "quit";

/// Help → About Cadence: version, database and log in a native message dialog.
const ABOUT: &str = "about";

/// Help → Open Log Folder: the log folder in the file manager.
const OPEN_LOGS: &str = "open_log_folder";

/// The Edit menu's undo and redo items, kept to follow the history.
pub struct HistoryItems<R: Runtime> {
    undo: MenuItem<R>,
    redo: MenuItem<R>,
    /// What the items show now (the poll for other writers asks every 1.5 s).
    shown: Mutex<Option<HistoryState>>,
}

impl<R: Runtime> HistoryItems<R> {
    /// Show what undo and redo would do, and grey out what there is none of.
    pub fn show(&self, state: &HistoryState) {
        let mut shown = self.shown.lock().unwrap_or_else(|p| p.into_inner());
        if shown.as_ref() == Some(state) {
            return;
        }
        *shown = Some(state.clone());
        for (item, (text, enabled)) in [
            (&self.undo, state.undo_item()),
            (&self.redo, state.redo_item()),
        ] {
            let _ = item.set_text(text);
            let _ = item.set_enabled(enabled);
        }
    }
}

/// Build the app menu, and the undo/redo items to keep up to date.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<(Menu<R>, HistoryItems<R>)> {
    let mut file = SubmenuBuilder::new(app, "File");
    for (i, (id, label, accelerator)) in ACTIONS.iter().enumerate() {
        if i == 5 {
            file = file.separator();
        }
        let mut item = MenuItemBuilder::with_id(*id, *label);
        if let Some(accelerator) = accelerator {
            item = item.accelerator(*accelerator);
        }
        file = file.item(&item.build(app)?);
    }
    let quit = MenuItemBuilder::with_id(QUIT, "Quit Cadence")
        .accelerator("CmdOrCtrl+Q")
        .build(app)?;
    let file = file.separator().item(&quit).build()?;
    let [(undo_id, undo_key), (redo_id, redo_key)] = HISTORY_ITEMS;
    let history = HistoryItems {
        undo: MenuItemBuilder::with_id(undo_id, "Undo")
            .accelerator(undo_key)
            .enabled(false)
            .build(app)?,
        redo: MenuItemBuilder::with_id(redo_id, "Redo")
            .accelerator(redo_key)
            .enabled(false)
            .build(app)?,
        shown: Mutex::new(None),
    };
    let edit = SubmenuBuilder::new(app, "Edit")
        .item(&history.undo)
        .item(&history.redo)
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .build()?;
    let help = SubmenuBuilder::new(app, "Help")
        .item(&MenuItemBuilder::with_id(OPEN_LOGS, "Open Log Folder").build(app)?)
        .separator()
        .item(&MenuItemBuilder::with_id(ABOUT, "About Cadence").build(app)?)
        .build()?;
    let menu = MenuBuilder::new(app)
        .items(&[&file, &edit, &help])
        .build()?;
    Ok((menu, history))
}

/// Forward a menu click to the UI, or quit.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if id == QUIT {
        // Every change is already written: nothing to save or ask.
        app.exit(0);
    } else if id == ABOUT {
        show_about(app);
    } else if id == OPEN_LOGS {
        open_log_folder(app);
    } else if ACTIONS.iter().any(|(action, _, _)| *action == id)
        || HISTORY_ITEMS.iter().any(|(action, _)| *action == id)
    {
        let _ = app.emit("menu-action", id);
    }
}

/// Bring the Edit menu up to date with `state` (after every command that touched the desk).
pub fn show_history<R: Runtime>(app: &AppHandle<R>, state: &HistoryState) {
    if let Some(items) = app.try_state::<HistoryItems<R>>() {
        items.show(state);
    }
}

/// Where the log is today: its folder, and today's file in it (`None`: no log is written).
fn log_file<R: Runtime>(app: &AppHandle<R>) -> (Option<LogPlace>, Option<std::path::PathBuf>) {
    let place = app.try_state::<LogPlace>().map(|p| p.inner().clone());
    let file = place
        .as_ref()
        .filter(|p| p.problem.is_none())
        .and_then(|p| p.dir.as_ref())
        .map(|dir| dir.join(log_file_name(chrono::Utc::now().date_naive())));
    (place, file)
}

/// Help → About Cadence: a native message dialog with the version, the database and the log.
fn show_about<R: Runtime>(app: &AppHandle<R>) {
    let db = app.try_state::<AppState>().and_then(|s| s.path().ok());
    let (place, file) = log_file(app);
    let text = about_text(
        &app.package_info().version.to_string(),
        db.as_deref(),
        place.as_ref(),
        file.as_deref(),
    );
    app.dialog()
        .message(text)
        .title("About Cadence")
        .kind(MessageDialogKind::Info)
        .show(|_| {});
}

/// Help → Open Log Folder: the folder in the file manager (or why there is none).
fn open_log_folder<R: Runtime>(app: &AppHandle<R>) {
    let (place, file) = log_file(app);
    let opened = match file {
        Some(file) => crate::commands::reveal_in_folder(&file.display().to_string()).err(),
        None => Some(cadence_desk::AppError::new(
            cadence_desk::ErrorCode::Io,
            place
                .and_then(|p| p.problem)
                .unwrap_or_else(|| "no log is written".into()),
        )),
    };
    if let Some(err) = opened {
        app.dialog()
            .message(err.message)
            .title("Cadence cannot open the log folder")
            .kind(MessageDialogKind::Error)
            .show(|_| {});
    }
}

/// The About dialog's text: version, database file, and today's log file with where logs go.
fn about_text(
    version: &str,
    db: Option<&Path>,
    logs: Option<&LogPlace>,
    today_file: Option<&Path>,
) -> String {
    let db = db.map_or("none (set CADENCE_DB to a file path)".to_string(), |p| {
        p.display().to_string()
    });
    let logs = match (today_file, logs) {
        (Some(file), _) => format!(
            "Log (one file a day, the last {KEEP_FILES} kept; Help → Open Log Folder shows them):\n{}\n\nSend it with a problem report: it says what Cadence did and how long it took, never what your plan holds.",
            file.display()
        ),
        (None, Some(LogPlace { problem: Some(why), .. })) => format!("No log is written: {why}."),
        (None, _) => "No log is written.".to_string(),
    };
    format!("Cadence {version}\n\nDatabase:\n{db}\n\n{logs}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_names_the_version_the_database_and_the_log() {
        let place = LogPlace {
            dir: Some("/data/logs".into()),
            problem: None,
        };
        let text = about_text(
            "0.1.0",
            Some(Path::new("/data/cadence.db")),
            Some(&place),
            Some(Path::new("/data/logs/cadence.2026-12-02.log")),
        );
        assert!(text.starts_with("Cadence 0.1.0\n"));
        assert!(text.contains("\n/data/cadence.db\n"));
        assert!(text.contains("\n/data/logs/cadence.2026-12-02.log\n"));
        assert!(text.contains("the last 7 kept"));
    }

    #[test]
    fn about_says_why_there_is_no_log() {
        let place = LogPlace {
            dir: Some("/ro/logs".into()),
            problem: Some("cannot write logs in /ro/logs (denied)".into()),
        };
        let text = about_text("0.1.0", None, Some(&place), None);
        assert!(text.contains("none (set CADENCE_DB"));
        assert!(text.ends_with("No log is written: cannot write logs in /ro/logs (denied)."));
    }
}
