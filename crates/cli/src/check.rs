//! `cadence check`: every guideline of a plan file or of the database, as text or as the
//! spec's JSON. Exit 0 without violations, 1 with some, 2 for invalid input.

use std::path::PathBuf;
use std::process::ExitCode;

use cadence_engine::{
    check_plan_listing, format_text, format_warnings, plan_warnings, write_check_json,
    CheckOptions, EngineError, SpecJsonError,
};
use cadence_model::Plan;
use chrono::NaiveDate;
use clap::Args;

use crate::error::CliError;
use crate::plan::{read_plan, write_stdout};
use crate::{Context, Format};

/// Arguments of `cadence check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A plan file to check (default: the database's workspace).
    #[arg(value_name = "PLAN.json")]
    pub file: Option<PathBuf>,
    /// Only this client (by id).
    #[arg(long)]
    pub client: Option<String>,
    /// First day checked (YYYY-MM-DD, UTC; default: the horizon's start).
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Day after the last one checked (YYYY-MM-DD, UTC; default: the horizon's end).
    #[arg(long, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The plan a command works on: the file when given, else the database's workspace.
pub fn load_plan(file: Option<&PathBuf>, ctx: &Context) -> Result<Plan, CliError> {
    match file {
        Some(path) => read_plan(path),
        // The desk: exactly what the app would open (or why it cannot).
        None => Ok(ctx.desk()?.plan().clone()),
    }
}

/// Engine errors are all about the input.
pub fn invalid(err: EngineError) -> CliError {
    CliError::Invalid(err.to_string())
}

/// Run the check: exit 0 without violations, 1 with some.
pub fn run(args: CheckArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let plan = load_plan(args.file.as_ref(), ctx)?;
    let options = CheckOptions {
        client: args.client,
        from: args.from,
        to: args.to,
    };
    let clean = match args.format {
        Format::Text => {
            let report = check_plan_listing(&plan, &options).map_err(invalid)?;
            // Plan warnings follow the report; they never change the exit code, and the
            // JSON output (the spec's violation records) does not carry them.
            let warnings = plan_warnings(&plan, report.client.as_deref(), report.period);
            let mut text = format_text(&report, &plan);
            text.push_str(&format_warnings(&warnings, &plan));
            write_stdout(&text)?;
            report.is_clean()
        }
        Format::Json => {
            // Records only: explanations are for people.
            let stdout = std::io::stdout().lock();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
            let written = match write_check_json(&plan, &options, &mut out) {
                Ok(n) => n,
                Err(SpecJsonError::Engine(err)) => return Err(invalid(err)),
                Err(SpecJsonError::Io(err)) if err.kind() == std::io::ErrorKind::BrokenPipe => 1,
                Err(SpecJsonError::Io(err)) => {
                    return Err(CliError::Failed(format!("cannot write output: {err}")))
                }
            };
            match std::io::Write::flush(&mut out) {
                Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
                    return Err(CliError::Failed(format!("cannot write output: {err}")))
                }
                _ => {}
            }
            written == 0
        }
    };
    Ok(ExitCode::from(if clean { 0 } else { 1 }))
}
