//! Errors of reading: whole-file failures ([`ReadError`], nothing imports) and rejected rows
//! ([`Rejected`], the rest imports).

use serde::{Deserialize, Serialize};

use crate::mapping::MappingError;

/// A row that is not imported: where and why. Never contains a person's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Rejected {
    /// Physical line where the record starts (header line counted), or the sheet row.
    pub line: u64,
    /// The column as written in the header (or the field name for a constant).
    pub column: String,
    /// Why.
    pub reason: String,
}

/// The rejected rows as CSV (`line,column,reason`, RFC 4180), for the user to fix the file.
pub fn rejected_csv(rows: &[Rejected]) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(["line", "column", "reason"]);
    for r in rows {
        let _ = out.write_record([r.line.to_string().as_str(), &r.column, &r.reason]);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// The bytes are not text in a known encoding.
    #[error("{file}: the file is not readable text (broken UTF-16 or UTF-8 encoding)")]
    Encoding {
        /// File name.
        file: String,
    },
    /// The file is empty.
    #[error("{file}: the file is empty")]
    Empty {
        /// File name.
        file: String,
    },
    /// A quote is never closed, so it swallows the rest of the file.
    #[error("{file}: line {line}: a quote opened here is never closed; it would swallow the rest of the file")]
    UnterminatedQuote {
        /// File name.
        file: String,
        /// Line of the record where the quote opens.
        line: u64,
    },
    /// No row looks like the header of a known preset (or of the mapping).
    #[error("{file}: no header row matches {what}; pass --mapping MAP.json (or --preset) to say which column is which")]
    NoHeader {
        /// File name.
        file: String,
        /// What was looked for.
        what: String,
    },
    /// `--preset` names no preset.
    #[error("unknown preset \"{name}\" (known: {known})")]
    UnknownPreset {
        /// The name given.
        name: String,
        /// The known names.
        known: String,
    },
    /// Day and month order cannot be told from the file.
    #[error("{file}: column \"{column}\": dates like \"{example}\" (line {line}) can be read day-first or month-first and the file does not settle it; pass --date-order dmy|mdy")]
    AmbiguousDates {
        /// File name.
        file: String,
        /// The date column.
        column: String,
        /// An ambiguous value.
        example: String,
        /// Its line.
        line: u64,
    },
    /// A spreadsheet could not be opened.
    #[error("{file}: cannot read the spreadsheet: {detail}")]
    Spreadsheet {
        /// File name.
        file: String,
        /// What calamine said.
        detail: String,
    },
    /// `--sheet` names no sheet.
    #[error("{file}: no sheet named \"{sheet}\" (sheets: {sheets})")]
    NoSheet {
        /// File name.
        file: String,
        /// The name asked for.
        sheet: String,
        /// The sheets there are.
        sheets: String,
    },
    /// A one-metric daily file whose metric cannot be told.
    #[error("{file}: cannot tell which metric this daily file holds (its title says \"{title}\"); use a mapping")]
    UnknownMetric {
        /// File name.
        file: String,
        /// The preamble text.
        title: String,
    },
    /// The mapping is not valid.
    #[error(transparent)]
    Mapping(#[from] MappingError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejected_rows_read_back_as_csv() {
        let rows = vec![Rejected {
            line: 7,
            column: "Send Date, local".into(),
            reason: "\"32/13/2025\" is not a date".into(),
        }];
        let text = rejected_csv(&rows);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let back: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
        assert_eq!(back.len(), 1);
        assert_eq!(&back[0][0], "7");
        assert_eq!(&back[0][1], "Send Date, local");
        assert_eq!(&back[0][2], "\"32/13/2025\" is not a date");
    }
}
