//! A file's first records as they are, for building a mapping when no preset knows its
//! header: the most likely header row and the records below it, nothing interpreted.

use std::ops::ControlFlow;

use csv::StringRecord;
use serde::Serialize;

use crate::decode::Encoding;
use crate::error::ReadError;
use crate::read::PreviewRow;
use crate::source::{self, each_text_record, FileFormat, Table};

/// How many records are searched for the header.
const HEADER_SEARCH: usize = 50;

/// The raw look of a file.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Sketch {
    /// File format.
    pub format: FileFormat,
    /// Text encoding (None for spreadsheets).
    pub encoding: Option<Encoding>,
    /// Sheets of a workbook.
    pub sheets: Vec<String>,
    /// The sheet shown (workbooks).
    pub sheet: Option<String>,
    /// The line of the row taken as the header.
    pub header_line: u64,
    /// The header cells as written.
    pub header: Vec<String>,
    /// The records below the header.
    pub rows: Vec<PreviewRow>,
}

/// Sketch `bytes`: the header is the first of the opening records with the most non-empty
/// cells (a note row above a header has fewer); `first` records below it are kept.
pub fn sketch(
    bytes: &[u8],
    file: &str,
    sheet: Option<&str>,
    first: usize,
) -> Result<Sketch, ReadError> {
    let table = source::open(bytes, file)?;
    let mut records: Vec<(u64, StringRecord)> = Vec::new();
    let wanted = HEADER_SEARCH + first;
    let (sheets, shown) = match &table {
        Table::Text {
            text,
            start,
            delimiter,
            line_offset,
            ..
        } => {
            each_text_record(text, *start, *delimiter, *line_offset, file, |line, rec| {
                records.push((line, rec.clone()));
                if records.len() >= wanted {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })?;
            (Vec::new(), None)
        }
        Table::Sheets(_, list) => {
            let chosen =
                match sheet {
                    Some(name) => list.iter().find(|s| s.name == name).ok_or_else(|| {
                        ReadError::Spreadsheet {
                            file: file.into(),
                            detail: format!("the workbook has no sheet \"{name}\""),
                        }
                    })?,
                    None => list
                        .iter()
                        .find(|s| !s.records.is_empty())
                        .ok_or_else(|| ReadError::Empty { file: file.into() })?,
                };
            records.extend(chosen.records.iter().take(wanted).cloned());
            (
                list.iter().map(|s| s.name.clone()).collect(),
                Some(chosen.name.clone()),
            )
        }
    };
    let filled = |r: &StringRecord| r.iter().filter(|c| !c.trim().is_empty()).count();
    let best = records
        .iter()
        .take(HEADER_SEARCH)
        .map(|(_, r)| filled(r))
        .max()
        .unwrap_or(0);
    let at = records
        .iter()
        .position(|(_, r)| filled(r) == best)
        .ok_or_else(|| ReadError::Empty { file: file.into() })?;
    let (header_line, header) = &records[at];
    Ok(Sketch {
        format: table.format(),
        encoding: table.encoding(),
        sheets,
        sheet: shown,
        header_line: *header_line,
        header: header.iter().map(|c| c.trim().to_string()).collect(),
        rows: records[at + 1..]
            .iter()
            .filter(|(_, r)| filled(r) > 0)
            .take(first)
            .map(|(line, r)| PreviewRow {
                line: *line,
                cells: r.iter().map(masked).collect(),
            })
            .collect(),
    })
}

/// A cell as shown: shortened, and `•••` for anything that looks like an email address (no
/// column is known to hold people yet, so none is shown).
fn masked(cell: &str) -> String {
    let t = cell.trim();
    match t.split_once('@') {
        Some((user, domain)) if !user.is_empty() && domain.contains('.') => "•••".into(),
        _ => crate::value::shorten(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_row_above_the_header_is_skipped() {
        let text = "Report for Acme\nDatum;Empfänger;Abmeldungen\n01.02.2025;100;1\n";
        let s = sketch(text.as_bytes(), "x.csv", None, 5).expect("sketch");
        assert_eq!(s.header_line, 2);
        assert_eq!(s.header, vec!["Datum", "Empfänger", "Abmeldungen"]);
        assert_eq!(s.rows.len(), 1);
        assert_eq!(s.rows[0].line, 3);
        assert_eq!(s.rows[0].cells[1], "100");
    }

    #[test]
    fn email_addresses_are_never_shown() {
        let text = "when,who,what\n2025-01-02,ann@example.com,open\n";
        let s = sketch(text.as_bytes(), "x.csv", None, 5).expect("sketch");
        assert_eq!(s.rows[0].cells, vec!["2025-01-02", "•••", "open"]);
    }

    #[test]
    fn empty_and_binary_files_are_errors() {
        assert!(matches!(
            sketch(b"", "x.csv", None, 5),
            Err(ReadError::Empty { .. })
        ));
        assert!(sketch(b"a\0b", "x.csv", None, 5).is_err());
    }
}
