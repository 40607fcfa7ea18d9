//! `cadence plan export|import|validate`.

use std::io::Write;
use std::path::{Path, PathBuf};

use cadence_desk::{Desk, ImportMode};
use cadence_model::{parse_plan_bytes, plan_to_json};
use clap::Subcommand;

use crate::error::CliError;
use crate::Context;

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
}

/// Run a plan command.
pub fn run(command: PlanCommand, ctx: &Context) -> Result<(), CliError> {
    match command {
        PlanCommand::Export { client, output } => {
            let desk = ctx.desk()?;
            match output {
                Some(path) => desk.export_file(&path, client.as_deref())?,
                None => {
                    let plan = match client.as_deref() {
                        Some(id) => desk.plan().only_client(id).ok_or_else(|| {
                            CliError::Invalid(format!("no client with id \"{id}\""))
                        })?,
                        None => desk.plan().clone(),
                    };
                    write_stdout(&plan_to_json(&plan))?;
                }
            }
            Ok(())
        }
        PlanCommand::Import { file, replace } => {
            let mut desk: Desk = ctx.desk()?;
            let mode = if replace {
                ImportMode::Replace
            } else {
                ImportMode::Merge
            };
            let summary = desk.import_file(&file, mode)?;
            eprintln!(
                "imported {}: {} client(s) added, {} replaced",
                file.display(),
                summary.added.len(),
                summary.replaced.len()
            );
            Ok(())
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
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::Failed(format!("cannot write output: {err}")))
        }
        _ => Ok(()),
    }
}
