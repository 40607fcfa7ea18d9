//! Cadence's application service: each action of the desktop app as a plain Rust call.
//! The Tauri shell only forwards commands here, so everything is tested without a window.
//!
//! Start at [`Desk`]: it owns the open [`cadence_store::Store`] and the current plan.

mod backups;
pub mod calendar_view;
mod cause;
pub mod commands;
mod commit;
mod desk;
pub mod drafts;
mod edits;
mod errors;
pub mod export;
pub mod files;
pub mod guidelines_view;
pub mod history;
mod ids;
mod impact;
pub mod insights_view;
pub mod ipc;
pub mod locale;
mod merge;
mod message_check;
mod other_writers;
pub mod past;
mod plan_files;
mod problems;
mod queries;
mod sample;
mod schedule;
pub mod typed;
pub mod ui_font;
mod undo;
pub mod value_view;
mod walls;

pub use backups::backup_view;
pub use cadence_engine::{
    Bucket, CadenceSummary, Finding, PlanWarning, Suggestion, Violation, WarningCode,
};
pub use calendar_view::{
    CalendarCluster, CalendarEntry, CalendarFilter, CalendarPage, CalendarRequest, ProbeGrid,
    ProbeRequest, Shade,
};
pub use desk::{Current, Desk, Snapshots};
pub use files::write_atomically;
pub use ipc::*;
pub use plan_files::import_plan;
pub use plan_files::replace_with_plan_file;
pub use walls::{wall_times, MAX_WALL_TIMES};

/// What a panic said: its message, or "unknown failure" (for the app's and the CLI's reports).
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown failure".into())
}

/// Every IANA time zone name, sorted, for the UI's picker.
pub fn timezones() -> Vec<String> {
    let mut names: Vec<String> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name().to_string())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod bindings_test {
    use crate::ipc::*;
    use ts_rs::TS;

    #[test]
    fn typescript_bindings_are_current() {
        cadence_model::bindings::check(env!("CARGO_MANIFEST_DIR"), "desk", |config| {
            WorkspaceView::export_all(config)?;
            Saved::export_all(config)?;
            SampleData::export_all(config)?;
            MessageFindings::export_all(config)?;
            ClientInput::export_all(config)?;
            SegmentInput::export_all(config)?;
            CampaignInput::export_all(config)?;
            MessageInput::export_all(config)?;
            EntityRef::export_all(config)?;
            DeleteImpact::export_all(config)?;
            ImportMode::export_all(config)?;
            ImportSummary::export_all(config)?;
            BackupView::export_all(config)?;
            ResetMode::export_all(config)?;
            AppError::export_all(config)?;
            crate::calendar_view::CalendarRequest::export_all(config)?;
            crate::calendar_view::CalendarPage::export_all(config)?;
            FindingsQuery::export_all(config)?;
            FindingsPage::export_all(config)?;
            ProblemView::export_all(config)?;
            MoveScope::export_all(config)?;
            MoveRequest::export_all(config)?;
            MovePreview::export_all(config)?;
            crate::calendar_view::ProbeRequest::export_all(config)?;
            crate::calendar_view::Shade::export_all(config)?;
            ExportRequest::export_all(config)?;
            ExportDone::export_all(config)?;
            ExportProgress::export_all(config)?;
            cadence_engine::Finding::export_all(config)?;
            cadence_engine::PlanWarning::export_all(config)?;
            crate::past::HistoryReadRequest::export_all(config)?;
            crate::past::HistoryPreview::export_all(config)?;
            crate::past::HistoryImportRequest::export_all(config)?;
            crate::past::HistoryProgress::export_all(config)?;
            crate::past::HistoryImportDone::export_all(config)?;
            crate::past::HistoryImportView::export_all(config)?;
            crate::past::HistoryRemoved::export_all(config)?;
            crate::insights_view::InsightsView::export_all(config)?;
            crate::insights_view::HistoryHint::export_all(config)?;
            crate::commands::CommandTypes::export_all(config)?;
            std::fs::write(
                config.out_dir().join("commandNames.ts"),
                crate::commands::command_names_typescript(),
            )?;
            Ok(())
        });
    }
}

/// The app's identifier (as in `tauri.conf.json`): the name of its data folder.
pub const APP_IDENTIFIER: &str = "app.cadence.desk";

/// Environment variable that fixes the app's "today" (`YYYY-MM-DD`), for demos and tests.
pub const TODAY_ENV: &str = "CADENCE_TODAY";

/// `$CADENCE_TODAY` if it is set to a date, else `clock_today`.
pub fn today_or(clock_today: chrono::NaiveDate) -> chrono::NaiveDate {
    std::env::var(TODAY_ENV)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(clock_today)
}

/// Environment variable with a log filter (`tracing` `EnvFilter` directives, e.g. `info` or
/// `cadence_desk=debug`): the app's log file takes it instead of its default; the CLI logs
/// to stderr only when it is set.
pub const LOG_ENV: &str = "CADENCE_LOG";

/// Environment variable that points the app and the CLI at another database file.
pub const DB_ENV: &str = "CADENCE_DB";

/// The database the app and the CLI share: `$CADENCE_DB` if set, else `cadence.db` in the
/// OS data folder of the app (`~/.local/share/app.cadence.desk` on Linux, the same folder
/// Tauri's `app_data_dir` names).
pub fn default_db_path() -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return Some(path.into());
    }
    dirs::data_dir().map(|dir| dir.join(APP_IDENTIFIER).join("cadence.db"))
}

#[cfg(test)]
mod identifier_test {
    #[test]
    fn identifier_matches_tauri_conf() {
        let conf = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tauri.conf.json"
        ))
        .expect("tauri.conf.json at the root");
        let conf: serde_json::Value = serde_json::from_str(&conf).unwrap();
        assert_eq!(conf["identifier"], super::APP_IDENTIFIER);
    }
}
