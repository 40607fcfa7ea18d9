//! `cadence`: the command-line tool. It works on the same database as the desktop app.
//!
//! Exit codes: 0 ok, 1 failure (database, files), 2 invalid input (message on stderr).

mod backup;
mod check;
mod client;
mod error;
mod export;
mod history;
mod insights;
mod plan;
mod suggest;

use std::path::PathBuf;
use std::process::ExitCode;

use cadence_desk::Desk;
use cadence_store::Store;
use clap::{Parser, Subcommand, ValueEnum};

use crate::error::CliError;

/// mimalloc: the CLI's large exports and imports allocate and free hundreds of megabytes;
/// it reuses freed memory instead of faulting fresh pages in (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Plan clients' engagement calendars within quality guidelines.
#[derive(Debug, Parser)]
#[command(name = "cadence", version, about, long_about = None)]
struct Cli {
    /// The database file (default: $CADENCE_DB, else the app's own database).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Export, import or validate plan files.
    #[command(subcommand)]
    Plan(plan::PlanCommand),
    /// List clients.
    #[command(subcommand)]
    Client(client::ClientCommand),
    /// Check every guideline; exit 0 without violations, 1 with some, 2 for invalid input.
    Check(check::CheckArgs),
    /// Find the earliest times a message breaks no guideline; exit 1 when none is found.
    Suggest(suggest::SuggestArgs),
    /// List or restore the automatic backups of the database.
    #[command(subcommand)]
    Backup(backup::BackupCommand),
    /// Import, list and remove past campaign data (exit 0 all imported, 1 some rows rejected,
    /// 2 nothing imported).
    #[command(subcommand)]
    History(history::HistoryCommand),
    /// Fatigue curves, recommended caps, complaint rates, engagement and response times.
    Insights(insights::InsightsArgs),
    /// Export CSV tables, an ICS calendar or the PDF report; exit 2 for invalid input.
    Export(export::ExportArgs),
}

/// Output format for commands that print data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For scripts.
    Json,
}

/// What every command needs: where the database is and what day it is.
pub struct Context {
    db: Option<PathBuf>,
}

impl Context {
    /// The database path: `--db`, else the shared default.
    pub fn db_path(&self) -> Result<PathBuf, CliError> {
        self.db
            .clone()
            .or_else(cadence_desk::default_db_path)
            .ok_or_else(|| CliError::Failed("no data folder on this system; pass --db PATH".into()))
    }

    /// Open the workspace of an existing database (a mistyped `--db` is an error, never a
    /// new database).
    pub fn desk(&self) -> Result<Desk, CliError> {
        let today = cadence_desk::today_or(chrono::Local::now().date_naive());
        Ok(Desk::open_existing(&self.db_path()?, today)?)
    }

    /// Open an existing database without checking its plan: what `plan export` and the
    /// backup commands need, so they work even on a workspace the engine rejects.
    pub fn store(&self) -> Result<Store, CliError> {
        Ok(Store::open_existing(&self.db_path()?)?)
    }

    /// The stored workspace, read without building the engine.
    pub fn stored_plan(&self) -> Result<cadence_model::Plan, CliError> {
        let store = self.store()?;
        if !store.has_workspace()? {
            let today = cadence_desk::today_or(chrono::Local::now().date_naive());
            return Ok(cadence_model::sample::empty_plan(today));
        }
        Ok(store.load_plan()?)
    }
}

/// The moment a command runs: the only place the CLI reads the clock for timestamps.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

/// With `CADENCE_LOG` set (an `EnvFilter` string), what the desk logs (backups, imports…) goes
/// to stderr; without it the CLI says only what each command prints.
fn log_to_stderr() {
    let Some(spec) = std::env::var(cadence_desk::LOG_ENV)
        .ok()
        .filter(|s| !s.trim().is_empty())
    else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_new(&spec).unwrap_or_else(|err| {
        eprintln!("cadence: CADENCE_LOG=\"{spec}\" is not a log filter ({err}); logging at info");
        tracing_subscriber::EnvFilter::new("info")
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Context { db: cli.db };
    log_to_stderr();
    // A bug must never show a user a backtrace or leave them guessing: say what happened,
    // that the database is as the last finished command left it, and exit 1.
    std::panic::set_hook(Box::new(|info| {
        let what = cadence_desk::panic_text(info.payload());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "cadence: internal error ({what}{place}). Nothing was half-written: every change is one transaction. Please report this with the command you ran."
        );
    }));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli.command, &ctx)));
    match result {
        Ok(Ok(code)) => code,
        Ok(Err(err)) => {
            eprintln!("cadence: {err}");
            ExitCode::from(err.exit_code())
        }
        Err(_) => ExitCode::from(1),
    }
}

/// Run one command.
fn run(command: Command, ctx: &Context) -> Result<ExitCode, CliError> {
    if std::env::var_os("CADENCE_TEST_PANIC").is_some() {
        panic!("CADENCE_TEST_PANIC is set");
    }
    match command {
        Command::Plan(command) => plan::run(command, ctx).map(|()| ExitCode::SUCCESS),
        Command::Client(command) => client::run(command, ctx).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => check::run(args, ctx),
        Command::Suggest(args) => suggest::run(args, ctx),
        Command::Backup(command) => backup::run(command, ctx).map(|()| ExitCode::SUCCESS),
        Command::History(command) => history::run(command, ctx),
        Command::Insights(args) => insights::run(args, ctx),
        Command::Export(args) => export::run(args, ctx),
    }
}
