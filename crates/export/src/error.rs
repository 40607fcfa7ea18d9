//! What can go wrong in an export, each naming what.

use std::path::PathBuf;

use cadence_engine::EngineError;

/// Why an export was refused or failed. Nothing is written when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The plan is invalid, or the engine refused the request.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// No client with this id.
    #[error("unknown client \"{0}\"")]
    UnknownClient(String),
    /// No segment with this id in the client (or in any client when none is chosen).
    #[error("unknown segment \"{segment}\"{}", client.as_ref().map(|c| format!(" in client \"{c}\"")).unwrap_or_default())]
    UnknownSegment {
        /// The segment asked for.
        segment: String,
        /// The client searched, if one was chosen.
        client: Option<String>,
    },
    /// The format needs exactly one client and the plan has several.
    #[error("{format} exports one client at a time; choose one with --client ({clients})")]
    OneClient {
        /// The format's name.
        format: &'static str,
        /// The plan's client ids, comma-separated.
        clients: String,
    },
    /// The plan has no client at all.
    #[error("the plan has no clients to export")]
    NoClients,
    /// The period's end is not after its start.
    #[error("the period is empty: {from} is not before {to}")]
    EmptyPeriod {
        /// First day.
        from: String,
        /// Day after the last.
        to: String,
    },
    /// The period reaches outside the plan's horizon.
    #[error("the period {from} to {to} is outside the plan's horizon {start} to {end}")]
    OutsideHorizon {
        /// First day asked for.
        from: String,
        /// Day after the last asked for.
        to: String,
        /// Horizon start.
        start: String,
        /// Horizon end (exclusive).
        end: String,
    },
    /// The target cannot be written (folder missing or read-only, disk full...).
    #[error("cannot write {}: {source}", path.display())]
    Unwritable {
        /// The target file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A CSV table could not be produced.
    #[error("cannot write the CSV table: {0}")]
    Csv(#[from] csv::Error),
    /// The PDF engine failed on the report (a bug, not bad input).
    #[error("the PDF report could not be typeset: {0}")]
    Typeset(String),
    /// This build has no PDF engine (the `pdf` feature is off).
    #[error("this build of cadence has no PDF engine (built without the `pdf` feature)")]
    PdfUnavailable,
}

impl ExportError {
    /// Whether the request itself is at fault (unknown ids, bad period, invalid plan), as
    /// opposed to a failure while writing: the CLI's exit code 2 rather than 1.
    pub fn is_invalid_input(&self) -> bool {
        !matches!(
            self,
            ExportError::Unwritable { .. }
                | ExportError::Csv(_)
                | ExportError::Typeset(_)
                | ExportError::PdfUnavailable
        )
    }
}
