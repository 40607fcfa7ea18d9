//! File → Export…: client-ready files (CSV tables, ICS calendar, PDF report) of the open
//! workspace, written by `cadence-export` from the same plan the engine checks.
//!
//! An export runs in two steps so the app never holds the workspace while typesetting:
//! [`Desk::prepare_export`] checks the request against the workspace, remembers it as the
//! workspace's last choice and takes a snapshot ([`ExportJob`]); [`ExportJob::run`] then
//! renders and writes the file atomically, reporting its stages, without the desk.

use std::path::Path;

use cadence_export::{ExportError, Format, Options, Paper, Scope, Table};
use cadence_model::Plan;
use chrono::{DateTime, Datelike, Utc};

use crate::desk::{not_found, Desk};
use crate::ipc::{
    AppError, ErrorCode, ExportDone, ExportFormat, ExportProgress, ExportRequest, PaperSize,
};

/// The settings key under which the last export choices are remembered.
const LAST_EXPORT_KEY: &str = "export.last";

impl ExportFormat {
    /// The export crate's format.
    pub fn format(self) -> Format {
        match self {
            ExportFormat::Touches => Format::Csv(Table::Touches),
            ExportFormat::Schedule => Format::Csv(Table::Schedule),
            ExportFormat::Violations => Format::Csv(Table::Violations),
            ExportFormat::Messages => Format::Csv(Table::Messages),
            ExportFormat::Ics => Format::Ics,
            ExportFormat::Pdf => Format::Pdf,
        }
    }

    /// The file extension (without the dot).
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Ics => "ics",
            ExportFormat::Pdf => "pdf",
            _ => "csv",
        }
    }

    /// What a save dialog's filter calls such files.
    pub fn filter_name(self) -> &'static str {
        match self {
            ExportFormat::Ics => "iCalendar file",
            ExportFormat::Pdf => "PDF document",
            _ => "CSV table",
        }
    }
}

/// A prepared export: a snapshot of the workspace and the choices, independent of the desk.
#[derive(Debug, Clone)]
pub struct ExportJob {
    plan: Plan,
    request: ExportRequest,
    options: Options,
}

impl Desk {
    /// Check `request` against the workspace (client, segment, period, format), remember it
    /// as this workspace's last export choice, and take what the export needs. `now` is the
    /// export instant (the report's date, the calendar's `DTSTAMP`).
    pub fn prepare_export(
        &mut self,
        request: ExportRequest,
        now: DateTime<Utc>,
    ) -> Result<ExportJob, AppError> {
        check_request(&self.plan, &request)?;
        let remembered = serde_json::to_string(&request)
            .map_err(|err| AppError::new(ErrorCode::Internal, err.to_string()))?;
        self.store.set_setting(LAST_EXPORT_KEY, &remembered)?;
        let options = Options {
            plain: request.plain,
            paper: match request.paper {
                PaperSize::A4 => Paper::A4,
                PaperSize::Letter => Paper::Letter,
            },
            history: self.report_history(&request)?,
            ..Options::new(now)
        };
        Ok(ExportJob {
            plan: self.plan.clone(),
            request,
            options,
        })
    }

    /// The insights of the report's client's imported history, for the PDF's history
    /// section (`None` for other formats, or a client without history).
    fn report_history(
        &self,
        request: &ExportRequest,
    ) -> Result<Option<cadence_history::insights::Insights>, AppError> {
        if request.format != ExportFormat::Pdf {
            return Ok(None);
        }
        let client = match (request.client.as_deref(), self.plan.clients.as_slice()) {
            (Some(id), _) => self.plan.client(id),
            (None, [one]) => Some(&**one),
            _ => None,
        };
        let Some(client) = client else {
            return Ok(None);
        };
        self.store.client_insights(client).map_err(|err| {
            AppError::new(
                ErrorCode::Internal,
                format!("cannot read the imported history: {err}"),
            )
        })
    }

    /// The choices of this workspace's last export, if there was one (and it can still be
    /// read: a remembered choice that no longer parses is forgotten).
    pub fn last_export_choices(&self) -> Result<Option<ExportRequest>, AppError> {
        Ok(self
            .store
            .setting(LAST_EXPORT_KEY)?
            .and_then(|text| serde_json::from_str(&text).ok()))
    }
}

impl ExportJob {
    /// The request this job carries out.
    pub fn request(&self) -> &ExportRequest {
        &self.request
    }

    /// A file name to offer in the save dialog: `acme-plan-2027.pdf`,
    /// `acme-calendar-2027.ics`, `all-clients-touches-2027.csv`.
    pub fn default_file_name(&self) -> String {
        let request = &self.request;
        let who = request.client.as_deref().unwrap_or("all-clients");
        let what = match request.format {
            ExportFormat::Pdf => "plan",
            ExportFormat::Ics => "calendar",
            ExportFormat::Touches => "touches",
            ExportFormat::Schedule => "schedule",
            ExportFormat::Violations => "violations",
            ExportFormat::Messages => "messages",
        };
        let year = request.from.unwrap_or(self.plan.horizon.start).year();
        let segment = request
            .segment
            .as_deref()
            .map(|s| format!("-{s}"))
            .unwrap_or_default();
        let name = format!(
            "{who}{segment}-{what}-{year}.{}",
            request.format.extension()
        );
        name.chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '-'
                }
            })
            .collect()
    }

    /// The stages [`ExportJob::run`] reports, in order.
    pub fn stages(&self) -> [&'static str; 3] {
        let middle = match self.request.format {
            ExportFormat::Pdf => "Typesetting",
            ExportFormat::Ics => "Building the calendar",
            _ => "Building the table",
        };
        ["Reading the plan", middle, "Writing"]
    }

    /// Render the export and hand its bytes to `write` for `path` (the caller's file
    /// writing, e.g. [`crate::files::write_atomically`]: the desk never touches the file
    /// itself). `progress` hears each stage as it starts. On any error nothing is written.
    pub fn run(
        self,
        path: &Path,
        write: impl FnOnce(&Path, &[u8]) -> Result<(), AppError>,
        mut progress: impl FnMut(ExportProgress),
    ) -> Result<ExportDone, AppError> {
        let stages = self.stages();
        let mut stage = |step: usize| {
            progress(ExportProgress {
                stage: stages[step].to_string(),
                step: step as u32,
                steps: stages.len() as u32,
            })
        };
        stage(0);
        let format = self.request.format.format();
        let scope = scope_of(&self.request);
        stage(1);
        let rendered = cadence_export::render_counted(&self.plan, format, &scope, &self.options)
            .map_err(|err| export_error(err, Some(path)))?;
        stage(2);
        write(path, &rendered.bytes)?;
        Ok(ExportDone {
            path: path.display().to_string(),
            bytes: rendered.bytes.len() as u64,
            summary: rendered.summary(format),
        })
    }
}

/// Refuse, before anything is rendered, what the export would refuse: an unknown client or
/// segment, several clients for a format of one, a period outside the horizon.
fn check_request(plan: &Plan, request: &ExportRequest) -> Result<(), AppError> {
    let format = request.format.format();
    let clients: Vec<_> = match request.client.as_deref() {
        Some(id) => vec![plan.client(id).ok_or_else(|| not_found("client", id))?],
        None if format.allows_all_clients() || plan.clients.len() == 1 => {
            plan.clients.iter().map(|c| &**c).collect()
        }
        None => {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "{} exports one client at a time: choose a client",
                    match format {
                        Format::Pdf => "The PDF report",
                        _ => "The calendar",
                    }
                ),
            ))
        }
    };
    if clients.is_empty() {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "the workspace has no clients to export",
        ));
    }
    if let Some(segment) = request.segment.as_deref() {
        if !clients.iter().any(|c| c.segment(segment).is_some()) {
            return Err(not_found("segment", segment));
        }
    }
    cadence_export::period(plan, &scope_of(request)).map_err(|err| export_error(err, None))?;
    Ok(())
}

/// The export crate's scope of a request.
fn scope_of(request: &ExportRequest) -> Scope {
    Scope {
        client: request.client.clone(),
        segment: request.segment.clone(),
        from: request.from,
        to: request.to,
    }
}

/// An export failure as the UI receives it (naming the target file, if there is one yet).
fn export_error(err: ExportError, path: Option<&Path>) -> AppError {
    let message = err.to_string();
    match err {
        ExportError::UnknownClient(_) | ExportError::UnknownSegment { .. } => {
            AppError::new(ErrorCode::NotFound, message)
        }
        ExportError::Engine(engine) => crate::desk::engine_error(engine),
        ExportError::Unwritable { path: target, .. } => {
            AppError::new(ErrorCode::Io, message).with_file(path.unwrap_or(&target))
        }
        err if err.is_invalid_input() => AppError::new(ErrorCode::InvalidInput, message),
        _ => AppError::new(ErrorCode::Internal, message),
    }
}

/// The program and arguments that show `path` in the system's file manager: the file
/// selected where the system can (`open -R` on macOS, `explorer /select,` on Windows), its
/// folder opened elsewhere (`xdg-open`).
pub fn reveal_command(path: &Path) -> (&'static str, Vec<String>) {
    if cfg!(target_os = "macos") {
        ("open", vec!["-R".into(), path.display().to_string()])
    } else if cfg!(windows) {
        ("explorer", vec![format!("/select,{}", path.display())])
    } else {
        (
            "xdg-open",
            vec![crate::files::folder_of(path).display().to_string()],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn reveal_opens_the_files_folder_on_linux() {
        let (program, args) = reveal_command(Path::new("/home/p/Documents/acme-plan-2027.pdf"));
        assert_eq!(program, "xdg-open");
        assert_eq!(args, ["/home/p/Documents"]);
    }
}
