//! The native menu. Items that act on the workspace are forwarded to the UI as a
//! `menu-action` event, so the UI asks for confirmation the same way as its own buttons do.
//! Edit → Undo/Redo are the app's own items (GTK's predefined ones are never enabled): their
//! text and enabled state follow the desk's history, and a click goes to the UI, which undoes
//! in the text field being edited or else the last change. File → Quit quits.

use std::sync::Mutex;

use cadence_desk::history::HistoryState;
use tauri::menu::{Menu, MenuBuilder, MenuItem, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};

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
    let menu = MenuBuilder::new(app).items(&[&file, &edit]).build()?;
    Ok((menu, history))
}

/// Forward a menu click to the UI, or quit.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if id == QUIT {
        // Every change is already written: nothing to save or ask.
        app.exit(0);
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
