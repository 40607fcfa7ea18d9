//! `cadence history import|list|remove` (shared/spec/history.md §6).
//!
//! Import exit codes: 0 every row imported or already there; 1 some rows rejected (the good
//! ones imported); 2 nothing could be imported (the database is untouched).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use cadence_desk::past::{self, HistoryImportRequest, HistoryReadRequest, ImportRun};
use cadence_history::{ClientContext, DateOrder, Kind, Mapping, Rejected};
use cadence_model::Plan;
use cadence_store::{HistoryError, Store};
use clap::{Args, Subcommand};
use serde::Serialize;

use crate::error::CliError;
use crate::plan::write_stdout;
use crate::{Context, Format};

/// History commands.
#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Import a campaign export (CSV, TSV, XLSX, XLS) for a client.
    Import(ImportArgs),
    /// List a client's imports.
    List {
        /// Client id.
        #[arg(long)]
        client: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Remove an import and exactly its rows.
    Remove {
        /// The import's id (see `history list`).
        #[arg(value_name = "IMPORT_ID")]
        id: i64,
    },
}

/// Arguments of `history import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The export file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Client id.
    #[arg(long)]
    pub client: String,
    /// Only presets of this kind (sends, activity, daily, inbox).
    #[arg(long, value_name = "K")]
    pub kind: Option<String>,
    /// Use this preset.
    #[arg(long, value_name = "P")]
    pub preset: Option<String>,
    /// Read the file through this mapping.
    #[arg(long, value_name = "MAP.json")]
    pub mapping: Option<PathBuf>,
    /// Only this sheet of a workbook.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Day/month order of ambiguous dates: dmy or mdy.
    #[arg(long, value_name = "dmy|mdy")]
    pub date_order: Option<String>,
    /// Read and count, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The JSON of `history import`.
#[derive(Debug, Serialize)]
struct ImportReport {
    import: Option<i64>,
    kind: Option<Kind>,
    preset: Option<String>,
    rows: u64,
    imported: u64,
    duplicates: u64,
    rejected: Vec<Rejected>,
    unknown_channels: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// Run a history command.
pub fn run(command: HistoryCommand, ctx: &Context) -> Result<ExitCode, CliError> {
    match command {
        HistoryCommand::Import(args) => Ok(import(args, ctx)),
        HistoryCommand::List { client, format } => list(&client, format, ctx),
        HistoryCommand::Remove { id } => remove(id, ctx),
    }
}

/// The reader's view of a client: zone and the workspace's channels.
pub fn client_context(plan: &Plan, client: &str) -> Result<ClientContext, CliError> {
    past::client_context(plan, client).map_err(|e| CliError::Invalid(e.message))
}

/// Open the store after the desk has made sure a workspace exists.
pub fn open_store(ctx: &Context) -> Result<(Plan, Store), CliError> {
    let plan = ctx.desk()?.plan().clone();
    let store = Store::open_existing(&ctx.db_path()?)?;
    Ok((plan, store))
}

fn history_error(err: HistoryError) -> CliError {
    match err {
        HistoryError::Store(e) => e.into(),
        other => CliError::Failed(other.to_string()),
    }
}

fn import(args: ImportArgs, ctx: &Context) -> ExitCode {
    let format = args.format;
    match import_inner(args, ctx) {
        Ok((report, code)) => {
            let text = match format {
                Format::Json => json(&report),
                Format::Text => text(&report),
            };
            if write_stdout(&text).is_err() {
                return ExitCode::from(1);
            }
            ExitCode::from(code)
        }
        Err(message) => {
            if format == Format::Json {
                let report = ImportReport {
                    import: None,
                    kind: None,
                    preset: None,
                    rows: 0,
                    imported: 0,
                    duplicates: 0,
                    rejected: Vec::new(),
                    unknown_channels: Vec::new(),
                    error: Some(message.clone()),
                };
                let _ = write_stdout(&json(&report));
            }
            eprintln!("cadence: {message}");
            ExitCode::from(2)
        }
    }
}

fn import_inner(args: ImportArgs, ctx: &Context) -> Result<(ImportReport, u8), String> {
    let kind = match &args.kind {
        Some(k) => Some(Kind::parse(k).ok_or_else(|| {
            format!("--kind \"{k}\" is not a kind (sends, activity, daily, inbox)")
        })?),
        None => None,
    };
    let date_order = match &args.date_order {
        Some(o) => Some(
            DateOrder::parse(o)
                .ok_or_else(|| format!("--date-order \"{o}\" must be dmy or mdy"))?,
        ),
        None => None,
    };
    let mapping = match &args.mapping {
        Some(path) => {
            let bytes =
                std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Some(Mapping::from_json(&bytes).map_err(|e| format!("{}: {e}", path.display()))?)
        }
        None => None,
    };
    let bytes = std::fs::read(&args.file)
        .map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    let (plan, mut store) = open_store(ctx).map_err(|e| e.to_string())?;
    let request = HistoryImportRequest {
        read: HistoryReadRequest {
            client_id: args.client.clone(),
            file_name: file_name(&args.file),
            kind,
            preset: args.preset.clone(),
            mapping,
            sheet: args.sheet.clone(),
            date_order,
        },
        audiences: Vec::new(),
        remember_mapping: false,
    };
    let run = ImportRun {
        now: crate::now(),
        dry_run: args.dry_run,
    };
    let done = past::import_history(
        &mut store,
        &plan,
        &request,
        &bytes,
        run,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .map_err(|e| e.message)?;
    let code = match (done.rejected.is_empty(), done.imported + done.duplicates) {
        (true, _) => 0,
        // Rows that all failed are exit 2; some good rows imported are exit 1.
        (false, 0) => 2,
        (false, _) => 1,
    };
    let report = ImportReport {
        import: done.import_id,
        kind: Some(done.kind),
        preset: done.preset,
        rows: done.rows,
        imported: done.imported,
        duplicates: done.duplicates,
        rejected: done.rejected,
        unknown_channels: done.unknown_channels,
        error: None,
    };
    Ok((report, code))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

fn text(r: &ImportReport) -> String {
    let mut out = String::new();
    let what = match (&r.kind, &r.preset) {
        (Some(k), Some(p)) => format!("{k} rows (preset {p})"),
        (Some(k), None) => format!("{k} rows (mapping)"),
        _ => "rows".into(),
    };
    match r.import {
        Some(id) => out.push_str(&format!(
            "import {id}: read {} {what}: {} new, {} already there, {} rejected\n",
            r.rows,
            r.imported,
            r.duplicates,
            r.rejected.len()
        )),
        None => out.push_str(&format!(
            "nothing written: read {} {what}: {} would be new, {} already there, {} rejected\n",
            r.rows,
            r.imported,
            r.duplicates,
            r.rejected.len()
        )),
    }
    for c in &r.unknown_channels {
        out.push_str(&format!(
            "channel \"{c}\" matches no workspace channel; kept as written\n"
        ));
    }
    for x in &r.rejected {
        out.push_str(&format!(
            "  line {}, column \"{}\": {}\n",
            x.line, x.column, x.reason
        ));
    }
    out
}

fn list(client: &str, format: Format, ctx: &Context) -> Result<ExitCode, CliError> {
    let (plan, store) = open_store(ctx)?;
    client_context(&plan, client)?;
    let imports = store.history_imports(Some(client)).map_err(history_error)?;
    let text = match format {
        Format::Json => json(&imports),
        Format::Text => {
            let mut out = String::from("ID  IMPORTED AT           KIND      PRESET               ROWS  NEW  DUP  REJ  FILE\n");
            for i in &imports {
                out.push_str(&format!(
                    "{:<3} {:<21} {:<9} {:<20} {:>5} {:>4} {:>4} {:>4}  {}\n",
                    i.id,
                    i.imported_at,
                    i.kind,
                    i.preset.as_deref().unwrap_or("(mapping)"),
                    i.rows,
                    i.imported,
                    i.duplicates,
                    i.rejected,
                    i.file
                ));
            }
            out
        }
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn remove(id: i64, ctx: &Context) -> Result<ExitCode, CliError> {
    let mut store = Store::open_existing(&ctx.db_path()?)?;
    let removed = store.remove_history_import(id).map_err(|e| match e {
        HistoryError::Store(cadence_store::StoreError::NotFound { .. }) => {
            CliError::Invalid(format!("no import with id {id}"))
        }
        other => history_error(other),
    })?;
    write_stdout(&format!(
        "removed import {}: {} rows deleted, {} kept (also in other imports)\n",
        removed.id, removed.deleted, removed.kept
    ))?;
    Ok(ExitCode::SUCCESS)
}
