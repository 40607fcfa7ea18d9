//! The app's log, for a planner to send: plain text lines (time, level, target, message) in
//! `logs/` beside the database, one file a day (`cadence.YYYY-MM-DD.log`, UTC), the last
//! [`KEEP_FILES`] kept. What is logged never holds plan content (ARCHITECTURE.md, "Logs").

use std::path::{Path, PathBuf};
use std::time::Instant;

use cadence_desk::{AppError, LOG_ENV};
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;

/// What is logged unless `CADENCE_LOG` says otherwise: Cadence's own lines from info up, the
/// other crates' `tracing` events from warn up (`log` records, Tauri's, are not collected).
pub const DEFAULT_FILTER: &str = "warn,cadence_app=info,cadence_desk=info";

/// Log files kept (one a day): a week.
pub const KEEP_FILES: usize = 7;

/// Log file names: `cadence.2026-12-02.log`.
const PREFIX: &str = "cadence";
const SUFFIX: &str = "log";

/// Where the log went, for Help → About and Open Log Folder.
#[derive(Debug, Clone)]
pub struct LogPlace {
    /// The log folder (`None` when there is no database path).
    pub dir: Option<PathBuf>,
    /// Why no log is written, when it is not.
    pub problem: Option<String>,
}

/// The log folder of the database at `db`: `logs/` beside it (so `CADENCE_DB` moves it too).
pub fn log_dir(db: &Path) -> PathBuf {
    cadence_desk::files::folder_of(db).join("logs")
}

/// The name of the log file written on `date` (UTC).
pub fn log_file_name(date: chrono::NaiveDate) -> String {
    format!("{PREFIX}.{}.{SUFFIX}", date.format("%Y-%m-%d"))
}

/// The filter `spec` (the value of [`LOG_ENV`]) gives, or [`DEFAULT_FILTER`] when it is
/// unset or empty; a spec that is not a filter falls back to the default, with the reason.
pub fn filter(spec: Option<&str>) -> (EnvFilter, Option<String>) {
    let default = || EnvFilter::new(DEFAULT_FILTER);
    match spec.map(str::trim).filter(|s| !s.is_empty()) {
        None => (default(), None),
        Some(spec) => match EnvFilter::try_new(spec) {
            Ok(filter) => (filter, None),
            Err(err) => (
                default(),
                Some(format!("{LOG_ENV}=\"{spec}\" is not a log filter ({err})")),
            ),
        },
    }
}

/// Start logging to the log folder of `db` (filter from `CADENCE_LOG`), and log panics.
/// Never fails the app: without a folder it can write to, the app runs without a log and
/// [`LogPlace::problem`] says why.
pub fn init(db: Option<&Path>) -> LogPlace {
    let Some(dir) = db.map(log_dir) else {
        return LogPlace {
            dir: None,
            problem: Some("no database path, so no log folder".into()),
        };
    };
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(PREFIX)
        .filename_suffix(SUFFIX)
        .max_log_files(KEEP_FILES)
        .build(&dir);
    let appender = match appender {
        Ok(appender) => appender,
        Err(err) => {
            return LogPlace {
                problem: Some(format!("cannot write logs in {} ({err})", dir.display())),
                dir: Some(dir),
            }
        }
    };
    let (filter, bad_spec) = filter(std::env::var(LOG_ENV).ok().as_deref());
    // Written as it happens (no background writer): a line is in the file when the call
    // returns, so nothing is lost when the app quits or crashes.
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(appender)
        .with_ansi(false)
        .try_init();
    if let Err(err) = installed {
        return LogPlace {
            problem: Some(format!("logging was already set up ({err})")),
            dir: Some(dir),
        };
    }
    if let Some(bad_spec) = bad_spec {
        tracing::warn!("{bad_spec}; using \"{DEFAULT_FILTER}\"");
    }
    log_panics();
    LogPlace {
        dir: Some(dir),
        problem: None,
    }
}

/// Log every panic (with where it happened) before the default hook reports it.
fn log_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let what = cadence_desk::panic_text(info.payload());
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        tracing::error!(at = %at, "panic: {what}");
        default(info);
    }));
}

/// Run the write command `command` and log its name, how long it took and its outcome (`ok`
/// or the error's code; never its message, which may name clients or messages).
pub async fn timed<T>(
    command: &'static str,
    run: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let started = Instant::now();
    let result = run.await;
    let ms = format!("{:.1}", started.elapsed().as_secs_f64() * 1000.0);
    match &result {
        Ok(_) => tracing::info!(command = %command, ms = %ms, outcome = %"ok", "write"),
        Err(err) => tracing::info!(command = %command, ms = %ms, outcome = ?err.code, "write"),
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::level_filters::LevelFilter;

    #[test]
    fn the_log_folder_is_beside_the_database() {
        assert_eq!(
            log_dir(Path::new(
                "/home/p/.local/share/app.cadence.desk/cadence.db"
            )),
            Path::new("/home/p/.local/share/app.cadence.desk/logs")
        );
        assert_eq!(log_dir(Path::new("cadence.db")), Path::new("./logs"));
    }

    #[test]
    fn cadence_log_replaces_the_default_filter() {
        let (default, problem) = filter(None);
        assert_eq!(default.max_level_hint(), Some(LevelFilter::INFO));
        assert_eq!(
            default.to_string(),
            EnvFilter::new(DEFAULT_FILTER).to_string()
        );
        assert!(problem.is_none());
        assert_eq!(
            filter(Some("  ")).0.to_string(),
            EnvFilter::new(DEFAULT_FILTER).to_string()
        );
        let (debug, problem) = filter(Some("cadence_desk=debug"));
        assert_eq!(debug.max_level_hint(), Some(LevelFilter::DEBUG));
        assert!(problem.is_none());
        let (fallback, problem) = filter(Some("cadence_desk=loudest"));
        assert_eq!(fallback.max_level_hint(), Some(LevelFilter::INFO));
        assert!(problem
            .unwrap()
            .contains("CADENCE_LOG=\"cadence_desk=loudest\""));
    }

    #[test]
    fn the_log_file_is_named_as_the_appender_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut appender = RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix(PREFIX)
            .filename_suffix(SUFFIX)
            .build(dir.path())
            .unwrap();
        std::io::Write::write_all(&mut appender, b"line\n").unwrap();
        let today = chrono::Utc::now().date_naive();
        assert!(dir.path().join(log_file_name(today)).exists());
    }
}
