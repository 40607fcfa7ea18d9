//! `cadence plan export|import|validate|generate`.

use std::io::Write;
use std::path::{Path, PathBuf};

use cadence_desk::{import_plan, write_atomically, ImportMode};
use cadence_engine::synthetic::{self, Shape};
use cadence_model::{parse_plan_bytes, plan_to_json};
use cadence_store::Store;
use clap::Subcommand;

use crate::error::CliError;
use crate::{now, Context};

/// How long `plan import` waits for another program's write lock.
const IMPORT_BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// Plan file commands.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Write the workspace (or one client) as a plan file.
    Export {
        /// Only this client (by id).
        #[arg(long)]
        client: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Import a plan file into the database: validated first, all or nothing.
    Import {
        /// The plan file.
        file: PathBuf,
        /// Make the workspace exactly the file (default: merge clients and channels by id).
        #[arg(long)]
        replace: bool,
    },
    /// Check that a plan file is valid, without touching any database.
    Validate {
        /// The plan file.
        file: PathBuf,
    },
    /// Write a synthetic plan for load tests and demos (deterministic for a given seed):
    /// clients with a three-level segment tree, rules at every level, a quarter of the
    /// messages recurring, all in 2026.
    Generate {
        /// Number of clients.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
        clients: u32,
        /// Messages per client.
        #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        messages: u32,
        /// Messages start within this many days from 1 January 2026.
        #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=365))]
        days: u32,
        /// Children of each client's root segment, each with two of its own (a client has
        /// 1 + 3 × this many segments).
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=300))]
        branches: u32,
        /// Seed of the generator.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Run a plan command.
pub fn run(command: PlanCommand, ctx: &Context) -> Result<(), CliError> {
    match command {
        PlanCommand::Export { client, output } => {
            // Straight from the store: a workspace the engine rejects can still be saved.
            let stored = ctx.stored_plan()?;
            let plan = match client.as_deref() {
                Some(id) => stored
                    .only_client(id)
                    .ok_or_else(|| CliError::Invalid(format!("no client with id \"{id}\"")))?,
                None => stored,
            };
            match output {
                Some(path) => write_atomically(&path, plan_to_json(&plan).as_bytes())?,
                None => write_stdout(&plan_to_json(&plan))?,
            }
            Ok(())
        }
        PlanCommand::Import { file, replace } => {
            let incoming = read_plan(&file)?;
            // The one command that may create a database; a new one takes the file as it is.
            // It waits longer than an edit for another program's write: an import is not
            // interactive, and two at once should both land.
            let mut store = Store::open_with_timeout(&ctx.db_path()?, IMPORT_BUSY_TIMEOUT)?;
            let mode = if replace {
                ImportMode::Replace
            } else {
                ImportMode::Merge
            };
            let (summary, _engine) = import_plan(&mut store, incoming, mode, &file, now())?;
            eprintln!(
                "imported {}: {} client(s) added, {} replaced",
                file.display(),
                summary.added.len(),
                summary.replaced.len()
            );
            if let Some(note) = &summary.horizon_note {
                eprintln!("{note}");
            }
            if let Some(backup) = &summary.backup {
                eprintln!("the workspace before the import was saved as backup {backup} (`cadence backup list`)");
            }
            Ok(())
        }
        PlanCommand::Generate {
            clients,
            messages,
            days,
            branches,
            seed,
            output,
        } => {
            let plan = synthetic::plan(Shape {
                clients: clients as usize,
                messages_per_client: messages as usize,
                days,
                branches: branches as usize,
                seed,
            });
            let json = plan_to_json(&plan);
            match output {
                Some(path) => Ok(write_atomically(&path, json.as_bytes())?),
                None => write_stdout(&json),
            }
        }
        PlanCommand::Validate { file } => {
            let plan = read_plan(&file)?;
            let messages: usize = plan.clients.iter().map(|c| c.messages().count()).sum();
            println!(
                "{}: valid ({} clients, {} messages)",
                file.display(),
                plan.clients.len(),
                messages
            );
            Ok(())
        }
    }
}

/// Read and validate a plan file; problems are invalid input with their JSON paths.
pub fn read_plan(file: &Path) -> Result<cadence_model::Plan, CliError> {
    let bytes = std::fs::read(file)
        .map_err(|err| CliError::Invalid(format!("cannot read {}: {err}", file.display())))?;
    parse_plan_bytes(&bytes).map_err(|err| {
        let lines: Vec<String> = err.issues().iter().map(|i| format!("  {i}")).collect();
        CliError::Invalid(format!(
            "{} is not a valid plan file:\n{}",
            file.display(),
            lines.join("\n")
        ))
    })
}

/// Print to standard output; a closed pipe (`| head`) is not an error.
pub fn write_stdout(text: &str) -> Result<(), CliError> {
    write_stdout_bytes(text.as_bytes())
        .map_err(|err| CliError::Failed(format!("cannot write output: {err}")))
}

/// Write bytes to standard output; a closed pipe (`| head`) is not an error.
pub fn write_stdout_bytes(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(err),
        _ => Ok(()),
    }
}
