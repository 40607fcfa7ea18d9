//! Cadence desktop app: a thin Tauri v2 shell. Commands forward to `cadence-desk`, which
//! owns all behaviour and is tested without a window.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod history_commands;
mod insights_commands;
mod logging;
mod menu;
mod sample_commands;
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
    let path = cadence_desk::default_db_path();
    let logs = logging::init(path.as_deref());
    tracing::info!(
        version = %env!("CARGO_PKG_VERSION"),
        database = %path.as_deref().map(|p| p.display().to_string()).unwrap_or_default(),
        "Cadence started"
    );
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let desk = open_desk(path.as_deref());
            if let Err(err) = &desk {
                // The UI shows the same error in place; the native dialog makes sure it is
                // seen even if the web view fails.
                let file = err.file.clone().unwrap_or_default();
                app.dialog()
                    .message(format!("{}\n\n{file}", err.message))
                    .title("Cadence cannot open its database")
                    .kind(MessageDialogKind::Error)
                    .show(|_| {});
            }
            app.manage(AppState::new(desk, path));
            app.manage(logs);
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
        .invoke_handler(tauri::generate_handler![
            commands::workspace,
            commands::check_for_changes,
            commands::save_client,
            commands::save_segment,
            commands::save_campaign,
            commands::save_message,
            commands::delete_impact,
            commands::delete_entity,
            commands::reset_workspace,
            commands::list_timezones,
            commands::system_locale,
            commands::import_plan_dialog,
            commands::export_plan_dialog,
            commands::export_dialog,
            commands::last_export_choices,
            commands::reveal_in_folder,
            commands::undo,
            commands::redo,
            commands::findings_page,
            commands::plan_warnings,
            commands::bucket_messages,
            commands::calendar,
            commands::move_message,
            commands::preview_move,
            commands::probe_slots,
            commands::suggest_slots,
            commands::cadence_summary,
            commands::guideline_presets,
            commands::preview_recurrence,
            commands::list_backups,
            commands::restore_backup,
            sample_commands::sample_data,
            sample_commands::remove_sample_clients,
            sample_commands::message_findings,
            sample_commands::preview_message,
            history_commands::pick_history_file,
            history_commands::preview_history,
            history_commands::import_history,
            history_commands::cancel_history_import,
            history_commands::save_rejected_rows,
            history_commands::history_imports,
            history_commands::remove_history_import,
            insights_commands::client_insights,
            insights_commands::history_hints,
            insights_commands::set_audience_segment,
            insights_commands::set_reply_target,
            insights_commands::apply_history_cap,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("error while running Cadence");
}
