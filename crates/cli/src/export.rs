//! `cadence export touches|schedule|violations|messages|ics|pdf`: client-ready files from a
//! plan file or the database, read from the one engine (crate `cadence-export`). Exit 0
//! written, 2 invalid input (nothing written), 1 failure (nothing written either).

use std::path::PathBuf;
use std::process::ExitCode;

use cadence_export::{export_file, render, Format, Options, Paper, Scope, Table};
use chrono::{NaiveDate, Utc};
use clap::{Args, ValueEnum};

use crate::check::load_plan;
use crate::error::CliError;
use crate::Context;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// CSV: one row per engine touch (segment, message, occurrence).
    Touches,
    /// CSV: one row per message occurrence at one instant.
    Schedule,
    /// CSV: one row per violation record, with its explanation.
    Violations,
    /// CSV: one row per message.
    Messages,
    /// All four CSV tables into the folder given with -o, from one check.
    Tables,
    /// An RFC 5545 calendar (one client).
    Ics,
    /// The typeset report (one client).
    Pdf,
}

impl ExportFormat {
    /// The single-file format; `None` for `tables` (four files).
    fn format(self) -> Option<Format> {
        Some(match self {
            ExportFormat::Tables => return None,
            ExportFormat::Touches => Format::Csv(Table::Touches),
            ExportFormat::Schedule => Format::Csv(Table::Schedule),
            ExportFormat::Violations => Format::Csv(Table::Violations),
            ExportFormat::Messages => Format::Csv(Table::Messages),
            ExportFormat::Ics => Format::Ics,
            ExportFormat::Pdf => Format::Pdf,
        })
    }
}

/// Paper size of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

/// Arguments of `cadence export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    pub format: ExportFormat,
    /// A plan file (default: the database's workspace).
    #[arg(value_name = "PLAN.json")]
    pub file: Option<PathBuf>,
    /// The client (by id), or `all` (tables only). Default: every client for tables; for
    /// ics and pdf the plan's only client.
    #[arg(long)]
    pub client: Option<String>,
    /// Only this segment (its touches include inherited ones).
    #[arg(long)]
    pub segment: Option<String>,
    /// First day (YYYY-MM-DD, UTC, as for `check`; default: the horizon's start).
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Day after the last (YYYY-MM-DD, UTC, exclusive, as for `check`; default: the
    /// horizon's end).
    #[arg(long, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// Paper size of the PDF.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// CSV for scripts: no byte order mark, no `'` before formula-like cells.
    #[arg(long)]
    pub plain: bool,
    /// Who prepared the report (the PDF's author and cover).
    #[arg(long, default_value = "Cadence")]
    pub agency: String,
    /// Write to this file (atomically) instead of standard output; for `tables`, the
    /// folder that receives the four files.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The insights of the report's client's imported history, if it has any.
fn history_of(
    plan: &cadence_model::Plan,
    client: Option<&str>,
    ctx: &Context,
) -> Result<Option<cadence_history::insights::Insights>, CliError> {
    let client = match (client, plan.clients.as_slice()) {
        (Some(id), _) => plan.client(id),
        (None, [one]) => Some(&**one),
        _ => None,
    };
    let Some(client) = client else {
        return Ok(None); // the export itself says what is wrong
    };
    let store = cadence_store::Store::open_for_history_reading(&ctx.db_path()?)?;
    store
        .client_insights(client)
        .map_err(|e| CliError::Failed(e.to_string()))
}

/// Run the export.
pub fn run(args: ExportArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let plan = load_plan(args.file.as_ref(), ctx)?;
    let scope = Scope {
        client: args.client.filter(|c| c != "all"),
        segment: args.segment,
        from: args.from,
        to: args.to,
    };
    // The export instant: now, or the start of $CADENCE_TODAY for reproducible files.
    let now = Utc::now();
    let exported_at = match cadence_desk::today_or(now.date_naive()) {
        day if day == now.date_naive() => now,
        day => day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
    };
    let options = Options {
        plain: args.plain,
        paper: match args.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        },
        exported_at,
        agency: args.agency,
        history: None,
    };
    // The report's history section: the client's imported history, when the plan is the
    // database's (a plan file carries no history).
    let options = match (&args.file, args.format) {
        (None, ExportFormat::Pdf) => Options {
            history: history_of(&plan, scope.client.as_deref(), ctx)?,
            ..options
        },
        _ => options,
    };
    let Some(format) = args.format.format() else {
        let Some(folder) = &args.output else {
            return Err(CliError::Invalid(
                "tables writes four files: give their folder with -o FOLDER".into(),
            ));
        };
        return match cadence_export::export_tables(&plan, &scope, &options, folder) {
            Ok(_) => Ok(ExitCode::SUCCESS),
            Err(err) if err.is_invalid_input() => Err(CliError::Invalid(err.to_string())),
            Err(err) => Err(CliError::Failed(err.to_string())),
        };
    };
    let result = match &args.output {
        Some(path) => export_file(&plan, format, &scope, &options, path),
        None => render(&plan, format, &scope, &options).and_then(|bytes| {
            crate::plan::write_stdout_bytes(&bytes).map_err(|e| {
                cadence_export::ExportError::Unwritable {
                    path: PathBuf::from("<stdout>"),
                    source: e,
                }
            })
        }),
    };
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(err) if err.is_invalid_input() => Err(CliError::Invalid(err.to_string())),
        Err(err) => Err(CliError::Failed(err.to_string())),
    }
}
