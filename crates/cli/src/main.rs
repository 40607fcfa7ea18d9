//! `cadence`: the command-line tool. It works on the same database as the desktop app.
//!
//! Exit codes: 0 ok, 1 failure (database, files), 2 invalid input (message on stderr).

mod check;
mod client;
mod error;
mod export;
mod plan;
mod suggest;

use std::path::PathBuf;
use std::process::ExitCode;

use cadence_desk::Desk;
use clap::{Parser, Subcommand, ValueEnum};

use crate::error::CliError;

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

    /// Open the workspace (a new database starts as the sample agency, as in the app).
    pub fn desk(&self) -> Result<Desk, CliError> {
        let today = cadence_desk::today_or(chrono::Local::now().date_naive());
        Ok(Desk::open(&self.db_path()?, today)?)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = Context { db: cli.db };
    let result = match cli.command {
        Command::Plan(command) => plan::run(command, &ctx).map(|()| ExitCode::SUCCESS),
        Command::Client(command) => client::run(command, &ctx).map(|()| ExitCode::SUCCESS),
        Command::Check(args) => check::run(args, &ctx),
        Command::Suggest(args) => suggest::run(args, &ctx),
        Command::Export(args) => export::run(args, &ctx),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("cadence: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
