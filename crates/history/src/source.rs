//! The records of a file before any meaning: CSV/TSV text or spreadsheet sheets, each record
//! with the line (or sheet row) it starts on.

use std::borrow::Cow;
use std::io::Cursor;
use std::ops::ControlFlow;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use csv::StringRecord;
use serde::Serialize;

use crate::decode::{self, Encoding};
use crate::error::ReadError;

/// What kind of file it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    /// Delimited text.
    Csv,
    /// Excel 2007+.
    Xlsx,
    /// Excel 97–2003.
    Xls,
}

/// One sheet of a workbook, read whole.
#[derive(Debug)]
pub(crate) struct Sheet {
    pub name: String,
    pub records: Vec<(u64, StringRecord)>,
}

/// A file as records.
#[derive(Debug)]
pub(crate) enum Table<'a> {
    /// Delimited text after decoding and the `sep=` line.
    Text {
        text: Cow<'a, str>,
        start: usize,
        delimiter: u8,
        line_offset: u64,
        encoding: Encoding,
    },
    /// Spreadsheet sheets.
    Sheets(FileFormat, Vec<Sheet>),
}

/// Open `bytes`: spreadsheets by their magic bytes, anything else as text.
pub(crate) fn open<'a>(bytes: &'a [u8], file: &str) -> Result<Table<'a>, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty { file: file.into() });
    }
    let format = if bytes.starts_with(b"PK\x03\x04") {
        Some(FileFormat::Xlsx)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some(FileFormat::Xls)
    } else {
        None
    };
    if let Some(format) = format {
        return open_workbook(bytes, file, format);
    }
    let (text, encoding) =
        decode::decode(bytes).ok_or_else(|| ReadError::Encoding { file: file.into() })?;
    if text.contains('\0') {
        return Err(ReadError::Encoding { file: file.into() });
    }
    let (delimiter, start, line_offset) = match decode::sep_line(&text) {
        Some((d, len)) => (d, len, 1),
        None => (decode::sniff_delimiter(&text), 0, 0),
    };
    Ok(Table::Text {
        text,
        start,
        delimiter,
        line_offset,
        encoding,
    })
}

fn open_workbook(
    bytes: &[u8],
    file: &str,
    format: FileFormat,
) -> Result<Table<'static>, ReadError> {
    // The spreadsheet reader can panic on a damaged workbook (calamine 0.30 indexes out of
    // bounds on some malformed XLSX cells, found by fuzzing): that is a damaged file, not a
    // crash.
    std::panic::catch_unwind(|| read_workbook(bytes, file, format)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(ReadError::Spreadsheet {
            file: file.into(),
            detail: format!("the workbook is damaged; the spreadsheet reader failed ({why})"),
        })
    })
}

/// [`open_workbook`]'s work, which may panic inside the spreadsheet reader.
fn read_workbook(
    bytes: &[u8],
    file: &str,
    format: FileFormat,
) -> Result<Table<'static>, ReadError> {
    let err = |detail: String| ReadError::Spreadsheet {
        file: file.into(),
        detail,
    };
    let mut book =
        open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| err(e.to_string()))?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| err(e.to_string()))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut records = Vec::with_capacity(range.height());
        for (i, row) in range.rows().enumerate() {
            let mut cells: Vec<String> = vec![String::new(); col0 as usize];
            cells.extend(row.iter().map(cell_text));
            records.push((u64::from(row0) + i as u64 + 1, StringRecord::from(cells)));
        }
        sheets.push(Sheet { name, records });
    }
    Ok(Table::Sheets(format, sheets))
}

/// A spreadsheet cell as the text a CSV export would have.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => serial_to_text(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial date (days since 1899-12-30) as `YYYY-MM-DD HH:MM:SS` wall time.
fn serial_to_text(serial: f64) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap_or_default()
        .and_time(chrono::NaiveTime::MIN);
    let seconds = (serial * 86_400.0).round();
    if !seconds.is_finite() || seconds.abs() > 1e12 {
        return serial.to_string();
    }
    let t = base + chrono::Duration::seconds(seconds as i64);
    if t.time() == chrono::NaiveTime::MIN {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M:%S").to_string()
    }
}

impl Table<'_> {
    /// Names of the sheets (empty for text).
    pub fn sheet_names(&self) -> Vec<String> {
        match self {
            Table::Text { .. } => Vec::new(),
            Table::Sheets(_, sheets) => sheets.iter().map(|s| s.name.clone()).collect(),
        }
    }

    /// The file's format.
    pub fn format(&self) -> FileFormat {
        match self {
            Table::Text { .. } => FileFormat::Csv,
            Table::Sheets(format, _) => *format,
        }
    }

    /// The text encoding (None for spreadsheets).
    pub fn encoding(&self) -> Option<Encoding> {
        match self {
            Table::Text { encoding, .. } => Some(*encoding),
            Table::Sheets(..) => None,
        }
    }
}

/// Visit the records of delimited text in order. Fails on a quote that is never closed.
pub(crate) fn each_text_record(
    text: &str,
    start: usize,
    delimiter: u8,
    line_offset: u64,
    file: &str,
    mut visit: impl FnMut(u64, &StringRecord) -> ControlFlow<()>,
) -> Result<(), ReadError> {
    let body = &text.as_bytes()[start..];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body);
    let mut record = StringRecord::new();
    let mut last_start: Option<(u64, u64)> = None;
    let mut lines_before = 0u64;
    let mut counted_to = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // The text is valid UTF-8, so only I/O could fail, and a slice has none.
            Err(_) => break,
        }
        // csv's own line count is off with CRLF ends: count the newlines before the record.
        let mut byte = record
            .position()
            .map(|p| p.byte() as usize)
            .unwrap_or(0)
            .min(body.len());
        while byte < body.len() && matches!(body[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte > counted_to {
            lines_before += body[counted_to..byte]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            counted_to = byte;
        }
        let line = lines_before + 1 + line_offset;
        last_start = Some((line, byte as u64));
        if visit(line, &record).is_break() {
            return Ok(());
        }
    }
    if let Some((line, byte)) = last_start {
        let tail = &body[(byte as usize).min(body.len())..];
        let spans_lines = tail.strip_suffix(b"\n").unwrap_or(tail).contains(&b'\n');
        if spans_lines && tail.iter().filter(|&&b| b == b'"').count() % 2 == 1 {
            return Err(ReadError::UnterminatedQuote {
                file: file.into(),
                line,
            });
        }
    }
    Ok(())
}
