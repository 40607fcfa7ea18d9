//! The reading pipeline and its two entry points: [`read`] (everything, for import) and
//! [`preview`] (detection, first rows, rejected rows of the first records, the date-order
//! question) for the app's preview dialog.

use std::ops::ControlFlow;

use chrono_tz::Tz;
use csv::StringRecord;
use serde::Serialize;

use crate::convert::{ChannelMatcher, ChannelRef, Converter, Example};
use crate::decode::Encoding;
use crate::error::{ReadError, Rejected};
use crate::layout::{check_preset, one_metric, Layout, Wanted};
use crate::mapping::Mapping;
use crate::model::{Field, Kind, PersonKey, Rows};
use crate::parallel::{convert_halves, PARALLEL_FROM};
use crate::source::{self, each_text_record, FileFormat, Table};
use crate::value::{DateOrder, OrderEvidence};

/// How many records above the header are searched for it.
const MAX_PREAMBLE: usize = 50;

/// What the reader needs to know about the client.
#[derive(Debug, Clone)]
pub struct ClientContext {
    /// The client's zone (times without offset are local here).
    pub timezone: Tz,
    /// The workspace's channels.
    pub channels: Vec<ChannelRef>,
}

/// The user's choices for one file.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Only presets of this kind.
    pub kind: Option<Kind>,
    /// Only this preset.
    pub preset: Option<String>,
    /// Read through this mapping instead of presets.
    pub mapping: Option<Mapping>,
    /// Only this sheet of a workbook.
    pub sheet: Option<String>,
    /// Day/month order of ambiguous dates.
    pub date_order: Option<DateOrder>,
}

/// A column of the header and the field it feeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct ColumnInfo {
    /// The header cell as written.
    pub column: String,
    /// The canonical field, if the column is used.
    pub field: Option<&'static str>,
}

/// The ambiguity the user must settle (`dmy` or `mdy`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct DateQuestion {
    /// The date column.
    pub column: String,
    /// An ambiguous value.
    pub example: String,
    /// Its line.
    pub line: u64,
}

/// Everything read from one file.
#[derive(Debug, Clone)]
pub struct Read {
    /// Kind of the rows (of the first sheet read, for workbooks with several).
    pub kind: Kind,
    /// Preset used (None for a mapping).
    pub preset: Option<&'static str>,
    /// File format.
    pub format: FileFormat,
    /// Text encoding (None for spreadsheets).
    pub encoding: Option<Encoding>,
    /// Sheets read (workbooks).
    pub sheets: Vec<String>,
    /// Header line (of the first part).
    pub header_line: u64,
    /// Header columns and their fields (of the first part).
    pub columns: Vec<ColumnInfo>,
    /// Data rows read (blank lines not counted).
    pub data_rows: u64,
    /// The good rows.
    pub rows: Rows,
    /// The rejected rows, in file order.
    pub rejected: Vec<Rejected>,
    /// Channels that match no workspace channel, as kept.
    pub unknown_channels: Vec<String>,
    /// The day/month order used (None when the file has no ambiguous dates).
    pub date_order: Option<DateOrder>,
}

/// What the preview dialog shows.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct Preview {
    /// Kind detected.
    pub kind: Kind,
    /// Preset detected (None for a mapping).
    pub preset: Option<&'static str>,
    /// File format.
    pub format: FileFormat,
    /// Text encoding.
    pub encoding: Option<Encoding>,
    /// Sheets in the file (workbooks) and the ones read.
    pub sheets: Vec<String>,
    /// Header line.
    pub header_line: u64,
    /// Columns with their mapping.
    pub columns: Vec<ColumnInfo>,
    /// The first data records as read (person columns shown as `•••`).
    pub first_rows: Vec<PreviewRow>,
    /// Records scanned for the summary below.
    pub scanned_rows: u64,
    /// Whether the scan reached the end of the file.
    pub complete: bool,
    /// Rejected rows among the scanned ones.
    pub rejected: Vec<Rejected>,
    /// Unknown channels among the scanned ones.
    pub unknown_channels: Vec<String>,
    /// Set when the user must choose `dmy` or `mdy`.
    pub date_question: Option<DateQuestion>,
    /// The distinct audiences (lists, segments, pages) among the scanned rows, sorted.
    pub audiences: Vec<String>,
}

/// One record shown in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct PreviewRow {
    /// Its line.
    pub line: u64,
    /// Its cells.
    pub cells: Vec<String>,
}

/// Read the whole file. Ambiguous dates without `date_order` are an error.
pub fn read(
    bytes: &[u8],
    file: &str,
    ctx: &ClientContext,
    opts: &ReadOptions,
    key: &PersonKey,
) -> Result<Read, ReadError> {
    let out = run(bytes, file, ctx, opts, key, None)?;
    if let Some(q) = out.question {
        return Err(ReadError::AmbiguousDates {
            file: file.into(),
            column: q.column,
            example: q.example,
            line: q.line,
        });
    }
    Ok(out.read)
}

/// Preview the file: detection, the first `first` records, and a scan of at most `scan`
/// records for rejected rows and the date question.
pub fn preview(
    bytes: &[u8],
    file: &str,
    ctx: &ClientContext,
    opts: &ReadOptions,
    first: usize,
    scan: u64,
) -> Result<Preview, ReadError> {
    let key = PersonKey::from_bytes([0; 32]);
    let out = run(bytes, file, ctx, opts, &key, Some(scan))?;
    let hidden: Vec<usize> = out
        .first_layout
        .columns
        .iter()
        .filter(|(f, _)| matches!(f, Field::Person | Field::From))
        .map(|(_, i)| *i)
        .collect();
    let first_rows = out
        .first_records
        .iter()
        .take(first)
        .map(|(line, rec)| PreviewRow {
            line: *line,
            cells: rec
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if hidden.contains(&i) {
                        "•••".into()
                    } else {
                        c.to_string()
                    }
                })
                .collect(),
        })
        .collect();
    let r = out.read;
    let audiences = audiences_of(&r.rows);
    Ok(Preview {
        kind: r.kind,
        preset: r.preset,
        format: r.format,
        encoding: r.encoding,
        sheets: r.sheets,
        header_line: r.header_line,
        columns: r.columns,
        first_rows,
        scanned_rows: r.data_rows,
        complete: out.complete,
        rejected: r.rejected,
        unknown_channels: r.unknown_channels,
        date_question: out.question,
        audiences,
    })
}

/// The distinct non-empty audiences of sends and activity rows, sorted.
fn audiences_of(rows: &Rows) -> Vec<String> {
    let mut set: std::collections::BTreeSet<&str> = rows
        .sends
        .iter()
        .map(|s| s.audience.trim())
        .filter(|a| !a.is_empty())
        .collect();
    for a in &rows.activity {
        let name = rows.names.name(a.audience).trim();
        if !name.is_empty() {
            set.insert(name);
        }
    }
    set.into_iter().map(str::to_string).collect()
}

struct RunOutput {
    read: Read,
    question: Option<DateQuestion>,
    first_layout: Layout,
    first_records: Vec<(u64, StringRecord)>,
    complete: bool,
}

/// One part of a file: a sheet (or the text) with its layout.
struct Part<'t> {
    sheet: Option<&'t source::Sheet>,
    layout: Layout,
}

fn run(
    bytes: &[u8],
    file: &str,
    ctx: &ClientContext,
    opts: &ReadOptions,
    key: &PersonKey,
    limit: Option<u64>,
) -> Result<RunOutput, ReadError> {
    check_preset(opts.preset.as_deref())?;
    if let Some(m) = &opts.mapping {
        m.check()?;
    }
    let table = source::open(bytes, file)?;
    let wanted = Wanted {
        kind: opts.kind,
        preset: opts.preset.as_deref(),
        mapping: opts.mapping.as_ref(),
        zone: ctx.timezone,
    };
    let no_header = || ReadError::NoHeader {
        file: file.into(),
        what: wanted.describe(),
    };
    let parts = find_parts(&table, &wanted, opts, file)?.ok_or_else(no_header)?;

    let mut order = opts.date_order;
    let mut settled_once = false;
    loop {
        let mut rows = Rows::default();
        let mut rejected = Vec::new();
        let mut channels = ChannelMatcher::new(&ctx.channels);
        let mut evidence = OrderEvidence::default();
        let mut example: Option<Example> = None;
        let mut data_rows = 0;
        let mut first_records = Vec::new();
        let mut complete = true;
        let big_text = match &table {
            Table::Text {
                text,
                start,
                delimiter,
                line_offset,
                ..
            } if limit.is_none() && parts.len() == 1 && text.len() - start >= PARALLEL_FROM => {
                Some(convert_halves(
                    text,
                    *start,
                    *delimiter,
                    *line_offset,
                    file,
                    &parts[0].layout,
                    key,
                    order,
                    &ctx.channels,
                )?)
            }
            _ => None,
        };
        let converted = big_text.is_some();
        if let Some(done) = big_text {
            rows = done.rows;
            rejected = done.rejected;
            channels.unknown = done.unknown_channels;
            evidence = done.evidence;
            example = done.example;
            data_rows = done.data_rows;
            first_records = done.first_records;
        }
        let todo: &[Part] = if converted { &[] } else { &parts };
        for part in todo {
            let mut conv = Converter::new(
                &part.layout,
                key,
                order,
                &mut channels,
                &mut rows,
                &mut rejected,
            );
            let header_line = part.layout.header_line;
            let mut visit = |line: u64, rec: &StringRecord| {
                if line <= header_line {
                    return ControlFlow::Continue(());
                }
                if limit.is_some_and(|l| conv.data_rows >= l) {
                    complete = false;
                    return ControlFlow::Break(());
                }
                if first_records.len() < 50 && !rec.iter().all(|c| c.trim().is_empty()) {
                    first_records.push((line, rec.clone()));
                }
                conv.record(line, rec);
                ControlFlow::Continue(())
            };
            match (&table, part.sheet) {
                (
                    Table::Text {
                        text,
                        start,
                        delimiter,
                        line_offset,
                        ..
                    },
                    _,
                ) => {
                    let result =
                        each_text_record(text, *start, *delimiter, *line_offset, file, &mut visit);
                    if let Err(e) = result {
                        if limit.is_none() {
                            return Err(e);
                        }
                    }
                }
                (Table::Sheets(..), Some(sheet)) => {
                    for (line, rec) in &sheet.records {
                        if visit(*line, rec).is_break() {
                            break;
                        }
                    }
                }
                (Table::Sheets(..), None) => {}
            }
            data_rows += conv.data_rows;
            evidence.first_above_12 |= conv.evidence.first_above_12;
            evidence.second_above_12 |= conv.evidence.second_above_12;
            evidence.ambiguous |= conv.evidence.ambiguous;
            if example.is_none() {
                example = conv.example.take();
            }
        }
        let mut question = None;
        if opts.date_order.is_none() {
            match evidence.settle() {
                Ok(settled) if settled != order && settled.is_some() && !settled_once => {
                    order = settled;
                    settled_once = true;
                    continue;
                }
                Ok(_) => {}
                Err(_) => {
                    let (column, example, line) =
                        example.unwrap_or_else(|| ("date".into(), String::new(), 0));
                    question = Some(DateQuestion {
                        column,
                        example,
                        line,
                    });
                }
            }
        }
        let first = &parts[0].layout;
        let read = Read {
            kind: first.kind,
            preset: first.preset,
            format: table.format(),
            encoding: table.encoding(),
            sheets: parts
                .iter()
                .filter_map(|p| p.sheet.map(|s| s.name.clone()))
                .collect(),
            header_line: first.header_line,
            columns: columns_of(first),
            data_rows,
            rows,
            rejected,
            unknown_channels: channels.unknown,
            date_order: order,
        };
        return Ok(RunOutput {
            read,
            question,
            first_layout: first.clone(),
            first_records,
            complete,
        });
    }
}

fn columns_of(layout: &Layout) -> Vec<ColumnInfo> {
    layout
        .header
        .iter()
        .enumerate()
        .map(|(i, column)| ColumnInfo {
            column: column.clone(),
            field: layout
                .columns
                .iter()
                .find(|(_, c)| *c == i)
                .map(|(f, _)| f.name()),
        })
        .collect()
}

/// Find the header of the text, or of each sheet to read.
fn find_parts<'t>(
    table: &'t Table<'_>,
    wanted: &Wanted<'_>,
    opts: &ReadOptions,
    file: &str,
) -> Result<Option<Vec<Part<'t>>>, ReadError> {
    match table {
        Table::Text {
            text,
            start,
            delimiter,
            line_offset,
            ..
        } => {
            let mut found: Option<Layout> = None;
            let mut preamble = String::new();
            let mut seen = 0;
            let result =
                each_text_record(text, *start, *delimiter, *line_offset, file, |line, rec| {
                    if let Some(layout) = wanted.try_header(line, rec) {
                        found = Some(layout);
                        return ControlFlow::Break(());
                    }
                    preamble.extend(rec.iter().map(|c| format!("{c} ")));
                    seen += 1;
                    if seen >= MAX_PREAMBLE {
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                });
            result?;
            match found {
                Some(mut layout) => {
                    one_metric(&mut layout, &preamble, file)?;
                    Ok(Some(vec![Part {
                        sheet: None,
                        layout,
                    }]))
                }
                None => Ok(None),
            }
        }
        Table::Sheets(_, sheets) => {
            if let Some(name) = &opts.sheet {
                if !sheets.iter().any(|s| &s.name == name) {
                    return Err(ReadError::NoSheet {
                        file: file.into(),
                        sheet: name.clone(),
                        sheets: table.sheet_names().join(", "),
                    });
                }
            }
            let mut parts: Vec<Part<'t>> = Vec::new();
            for sheet in sheets {
                if opts.sheet.as_ref().is_some_and(|n| *n != sheet.name) {
                    continue;
                }
                let mut preamble = String::new();
                let mut layout = None;
                for (line, rec) in sheet.records.iter().take(MAX_PREAMBLE) {
                    if let Some(l) = wanted.try_header(*line, rec) {
                        layout = Some(l);
                        break;
                    }
                    preamble.extend(rec.iter().map(|c| format!("{c} ")));
                }
                let Some(mut layout) = layout else { continue };
                // Further sheets only of the same vendor layout (LinkedIn: metrics + posts).
                if let Some(first) = parts.first() {
                    if first.layout.preset.is_none() || first.layout.preset != layout.preset {
                        continue;
                    }
                }
                one_metric(&mut layout, &preamble, file)?;
                parts.push(Part {
                    sheet: Some(sheet),
                    layout,
                });
            }
            Ok((!parts.is_empty()).then_some(parts))
        }
    }
}
