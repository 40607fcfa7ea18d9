//! The PDF report (spec section 4), typeset by Typst used as a library: the data gathered
//! from the engine ([`data`]) goes to the template `templates/report.typ` as `/data.json`
//! in a minimal [`world::ReportWorld`]; fonts are shipped in the binary.

mod data;
mod words;
mod world;

use chrono::{Datelike, Timelike};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::error::ExportError;
use crate::rows::Rows;
use crate::scope::Resolved;
use crate::Options;

/// The report of one client as PDF bytes, with its number of pages.
pub fn report(
    scope: &Resolved<'_>,
    rows: &Rows<'_>,
    options: &Options,
) -> Result<(Vec<u8>, usize), ExportError> {
    let data = data::gather(scope, rows, options)?;
    let json = serde_json::to_vec(&data).map_err(|e| ExportError::Typeset(e.to_string()))?;
    let world = world::ReportWorld::new(json, options.exported_at);
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| ExportError::Typeset(diagnostics(&world, &errors)))?;
    let at = options.exported_at;
    let timestamp = Datetime::from_ymd_hms(
        at.year(),
        at.month() as u8,
        at.day() as u8,
        at.hour() as u8,
        at.minute() as u8,
        at.second() as u8,
    )
    .map(Timestamp::new_utc);
    let pdf_options = PdfOptions {
        ident: Smart::Custom(format!("cadence-report-{}", scope.plan.horizon.start)),
        creator: Smart::Custom(Some("Cadence".to_string())),
        timestamp,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &pdf_options)
        .map_err(|errors| ExportError::Typeset(diagnostics(&world, &errors)))?;
    Ok((bytes, document.pages().len()))
}

/// Typst's diagnostics as one message, each with its line in the template.
fn diagnostics(world: &world::ReportWorld, errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| match world.template_line(e.span) {
            Some(line) => format!("report.typ line {line}: {}", e.message),
            None => e.message.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
