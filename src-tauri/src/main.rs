//! Cadence desktop app: a thin Tauri v2 shell. Commands forward to `cadence-desk`, which
//! owns all behaviour and is tested without a window.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod desktop_font;
mod history_commands;
mod insights_commands;
mod logging;
mod menu;
mod registry;
mod rendering;
mod shell;
mod state;

use cadence_desk::{AppError, Desk, ErrorCode};
use tauri::Manager;
use tauri_plugin_dialog::{DialogExt, MessageDialogKind};

use crate::state::AppState;

/// Open the shared database (see `cadence_desk::default_db_path`), and log how it went.
fn open_desk(path: Option<&std::path::Path>) -> Result<Desk, AppError> {
    let path = path.ok_or_else(|| {
        AppError::new(
            ErrorCode::Io,
            "this system has no data folder for Cadence's database; set CADENCE_DB to a file path",
        )
    })?;
    let started = std::time::Instant::now();
    let desk = Desk::open(path, commands::today());
    let ms = format!("{:.1}", started.elapsed().as_secs_f64() * 1000.0);
    match &desk {
        Ok(desk) => {
            let clients = &desk.plan().clients;
            let messages: usize = clients
                .iter()
                .flat_map(|c| &c.campaigns)
                .map(|k| k.messages.len())
                .sum();
            tracing::info!(clients = clients.len(), messages, ms = %ms, "workspace opened");
        }
        Err(err) => {
            tracing::error!(code = ?err.code, ms = %ms, "the workspace could not be opened")
        }
    }
    desk
}

fn main() {
    // First, while the process has one thread and before the web view reads it.
    let software = cfg!(target_os = "linux")
        .then(|| {
            rendering::software_drawing(
                |name| std::env::var(name).ok(),
                rendering::has_render_node(std::path::Path::new(rendering::RENDER_NODES)),
            )
        })
        .flatten();
    if let Some((name, value)) = software {
        std::env::set_var(name, value);
    }
    let path = cadence_desk::default_db_path();
    let logs = logging::init(path.as_deref());
    tracing::info!(
        version = %env!("CARGO_PKG_VERSION"),
        database = %path.as_deref().map(|p| p.display().to_string()).unwrap_or_default(),
        software_drawing = software.is_some(),
        "Cadence started"
    );
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            app.manage(AppState::opening(path.clone()));
            // fontconfig is asked on a thread of its own while the window opens.
            app.manage(desktop_font::UiFont::start());
            app.manage(logs);
            // The window shows itself (and "Opening the workspace…") while the database is
            // opened on its own thread; commands wait for it.
            let opener = app.handle().clone();
            std::thread::Builder::new()
                .name("open-workspace".into())
                .spawn(move || {
                    let failed = opener
                        .state::<AppState>()
                        .open(|| open_desk(path.as_deref()));
                    if let Some(err) = failed {
                        // The UI shows the same error in place; the native dialog makes sure
                        // it is seen even if the web view fails.
                        let file = err.file.clone().unwrap_or_default();
                        opener
                            .dialog()
                            .message(format!("{}\n\n{file}", err.message))
                            .title("Cadence cannot open its database")
                            .kind(MessageDialogKind::Error)
                            .show(|_| {});
                    }
                })?;
            app.manage(history_commands::ImportJob::default());
            let (menu, history_items) = menu::build(app.handle())?;
            app.set_menu(menu)?;
            app.manage(history_items);
            let handle = app.handle().clone();
            app.state::<AppState>()
                .watch_history(move |history| menu::show_history(&handle, history));
            app.on_menu_event(|app, event| menu::on_event(app, event.id().as_ref()));
            Ok(())
        })
        .invoke_handler(registry::handler())
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("error while running Cadence");
}
