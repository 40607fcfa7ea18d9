//! The native menu. Items that act on the workspace are forwarded to the UI as a
//! `menu-action` event, so the UI asks for confirmation the same way as its own buttons do.

use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder, PredefinedMenuItem, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Runtime};

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

/// Build the app menu.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
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
    let file = file
        .separator()
        .item(&PredefinedMenuItem::quit(app, Some("Quit Cadence"))?)
        .build()?;
    let edit = SubmenuBuilder::new(app, "Edit")
        .undo()
        .redo()
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .build()?;
    MenuBuilder::new(app).items(&[&file, &edit]).build()
}

/// Forward a menu click to the UI.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if ACTIONS.iter().any(|(action, _, _)| *action == id) {
        let _ = app.emit("menu-action", id);
    }
}
