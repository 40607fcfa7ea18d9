//! Client-ready exports of a Cadence plan (`shared/spec/exports.md`): the CSV tables
//! `touches`, `schedule`, `violations` and `messages`, an ICS calendar and a typeset PDF
//! report. Every export reads the one engine ([`cadence_engine::Engine`]): touches,
//! violation records, explanations, suggestions and cadence summaries are the engine's
//! answers, grouped and formatted here, never computed a second time.
//!
//! - [`Scope`] says what is exported (client, segment, period); [`Options`] how.
//! - [`render`] gives the bytes; [`export_file`] writes them atomically (a temporary file
//!   beside the target, renamed when complete).
//! - Business logic never reads the clock: the export instant is [`Options::exported_at`].

#![warn(missing_docs)]

mod error;
mod ics;
#[cfg(feature = "pdf")]
mod pdf;
mod rows;
mod scope;
mod tables;
mod write;

use std::path::Path;

use chrono::{DateTime, Utc};

use cadence_model::Plan;

pub use error::ExportError;
pub use ics::{rrule_for_zone, uid};
pub use rows::{Rows, ScheduleRow, TouchRow};
pub use scope::{period, Resolved, Scope};
pub use tables::{
    all_tables, excel_safe, table, Table, MESSAGE_COLUMNS, SCHEDULE_COLUMNS, TOUCH_COLUMNS,
    VIOLATION_COLUMNS,
};
pub use write::{write_atomic, write_atomic_parts};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A CSV table.
    Csv(Table),
    /// An RFC 5545 calendar.
    Ics,
    /// The typeset report.
    Pdf,
}

impl Format {
    /// Whether the format covers every client at once when no client is chosen (the CSV
    /// tables do; a calendar and a report are for one client).
    pub fn allows_all_clients(self) -> bool {
        matches!(self, Format::Csv(_))
    }

    /// The format's name as the CLI spells it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv(Table::Touches) => "touches",
            Format::Csv(Table::Schedule) => "schedule",
            Format::Csv(Table::Violations) => "violations",
            Format::Csv(Table::Messages) => "messages",
            Format::Ics => "ics",
            Format::Pdf => "pdf",
        }
    }
}

/// Paper size of the PDF report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// How to export.
#[derive(Debug, Clone)]
pub struct Options {
    /// CSV for scripts: no BOM, no `'` before formula-like cells.
    pub plain: bool,
    /// Paper size of the PDF.
    pub paper: Paper,
    /// The export instant: the report's date and the calendar's `DTSTAMP`.
    pub exported_at: DateTime<Utc>,
    /// Who prepared the report (its author and the cover's agency).
    pub agency: String,
    /// The client's imported history, computed by the caller (`cadence_history::insights`
    /// over the store's rows): the PDF's "What the history says" section. `None`: no
    /// section.
    pub history: Option<cadence_history::insights::Insights>,
}

impl Options {
    /// Default options (Excel-safe CSV, A4, agency "Cadence") stamped `exported_at`.
    pub fn new(exported_at: DateTime<Utc>) -> Self {
        Options {
            plain: false,
            paper: Paper::A4,
            exported_at,
            agency: "Cadence".to_string(),
            history: None,
        }
    }
}

/// An export's bytes and how much they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Pages of a PDF, events of a calendar, data rows of a CSV table.
    pub count: usize,
}

impl Rendered {
    /// One line for people: "PDF report, 14 pages", "ICS calendar, 37 events", "412 rows".
    pub fn summary(&self, format: Format) -> String {
        let n = self.count;
        let s = |one: &str, many: &str| {
            if n == 1 {
                one.to_string()
            } else {
                many.to_string()
            }
        };
        match format {
            Format::Pdf => format!("PDF report, {n} {}", s("page", "pages")),
            Format::Ics => format!("ICS calendar, {n} {}", s("event", "events")),
            Format::Csv(_) => format!("{n} {}", s("row", "rows")),
        }
    }
}

/// The export of `plan` in `format` over `scope`, as bytes. The plan is validated first;
/// ICS and PDF need exactly one client (a plan with one client needs no `--client`).
pub fn render(
    plan: &Plan,
    format: Format,
    scope: &Scope,
    options: &Options,
) -> Result<Vec<u8>, ExportError> {
    render_counted(plan, format, scope, options).map(|r| r.bytes)
}

/// [`render`], with how many pages, events or rows the file holds.
pub fn render_counted(
    plan: &Plan,
    format: Format,
    scope: &Scope,
    options: &Options,
) -> Result<Rendered, ExportError> {
    let mut scope = scope.clone();
    if scope.client.is_none() && !format.allows_all_clients() {
        match plan.clients.as_slice() {
            [one] => scope.client = Some(one.id.clone()),
            [] => return Err(ExportError::NoClients),
            many => {
                return Err(ExportError::OneClient {
                    format: format.name(),
                    clients: many
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })
            }
        }
    }
    if format == Format::Pdf && !cfg!(feature = "pdf") {
        return Err(ExportError::PdfUnavailable);
    }
    let resolved = Resolved::new(plan, &scope)?;
    // Explanations cost more than the records: only the violations table shows them all
    // (the report asks the engine for those it lists).
    let explain = format == Format::Csv(Table::Violations);
    let rows = Rows::new(&resolved, explain);
    match format {
        Format::Csv(table) => {
            let bytes = tables::table(&rows, table, options.plain)?;
            let count = csv::ReaderBuilder::new()
                .from_reader(bytes.as_slice())
                .into_records()
                .count();
            Ok(Rendered { bytes, count })
        }
        Format::Ics => {
            let bytes = ics::calendar(&resolved, &rows, options.exported_at)?;
            let count = bytes
                .windows(b"BEGIN:VEVENT".len())
                .filter(|w| *w == b"BEGIN:VEVENT")
                .count();
            Ok(Rendered { bytes, count })
        }
        Format::Pdf => {
            pdf_bytes(&resolved, &rows, options).map(|(bytes, count)| Rendered { bytes, count })
        }
    }
}

#[cfg(feature = "pdf")]
fn pdf_bytes(
    resolved: &Resolved<'_>,
    rows: &Rows<'_>,
    options: &Options,
) -> Result<(Vec<u8>, usize), ExportError> {
    pdf::report(resolved, rows, options)
}

#[cfg(not(feature = "pdf"))]
fn pdf_bytes(_: &Resolved<'_>, _: &Rows<'_>, _: &Options) -> Result<(Vec<u8>, usize), ExportError> {
    Err(ExportError::PdfUnavailable)
}

/// All four CSV tables of one scope into `folder` as `touches.csv`, `schedule.csv`,
/// `violations.csv` and `messages.csv`, from one check of the plan. Each file is written
/// atomically; the paths written are returned.
pub fn export_tables(
    plan: &Plan,
    scope: &Scope,
    options: &Options,
    folder: &Path,
) -> Result<Vec<std::path::PathBuf>, ExportError> {
    let resolved = Resolved::new(plan, scope)?;
    // Everything is rendered, on every core, before anything is written.
    let rendered = tables::all_tables(&resolved, options.plain)?;
    let names = [
        "touches.csv",
        "schedule.csv",
        "violations.csv",
        "messages.csv",
    ];
    // The four files are written to temporary files, every part at its offset on every
    // core, and put in place only when all four are complete.
    let staged = names
        .iter()
        .zip(&rendered)
        .map(|(name, parts)| {
            let len = parts.iter().map(|p| p.len() as u64).sum();
            write::Staged::sized(&folder.join(name), len)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut pieces: Vec<(&write::Staged, &[u8], u64)> = Vec::new();
    for (file, parts) in staged.iter().zip(&rendered) {
        let mut offset = 0;
        for part in parts {
            pieces.push((file, part, offset));
            offset += part.len() as u64;
        }
    }
    tables::run_jobs(&pieces, |(file, bytes, offset)| {
        file.write_at(bytes, *offset)
    })
    .into_iter()
    .collect::<Result<Vec<()>, _>>()?;
    for file in staged {
        file.persist()?;
    }
    Ok(names.iter().map(|name| folder.join(name)).collect())
}

/// [`render`], then write the bytes to `path` atomically. On any error nothing is written
/// and an existing file at `path` is left as it was.
pub fn export_file(
    plan: &Plan,
    format: Format,
    scope: &Scope,
    options: &Options,
    path: &Path,
) -> Result<(), ExportError> {
    let bytes = render(plan, format, scope, options)?;
    write_atomic(path, &bytes)
}
