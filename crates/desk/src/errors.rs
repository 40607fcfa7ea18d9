//! Mapping every failure to the one [`AppError`] the UI receives.

use cadence_model::{PlanError, PlanIssue};
use cadence_store::StoreError;

use crate::ipc::{AppError, ErrorCode};

impl AppError {
    /// An error with no issues and no file.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
            issues: Vec::new(),
            file: None,
        }
    }

    /// Invalid input with these issues.
    pub fn invalid(message: impl Into<String>, issues: Vec<PlanIssue>) -> Self {
        AppError {
            issues,
            ..AppError::new(ErrorCode::InvalidInput, message)
        }
    }

    /// The same error, naming `file`.
    pub fn with_file(mut self, file: &std::path::Path) -> Self {
        self.file = Some(file.display().to_string());
        self
    }
}

/// What the planner reads when an action was refused because another program wrote first.
pub const STALE: &str = "The workspace was changed by another program (the cadence CLI, another Cadence window or a sync tool); Cadence reloaded it. Your change was not saved: make it again. Undo starts afresh from the reloaded workspace.";

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        let message = err.to_string();
        match err {
            StoreError::Damaged { path, .. } => {
                AppError::new(ErrorCode::DatabaseDamaged, message).with_file(&path)
            }
            StoreError::Locked { path } => {
                AppError::new(ErrorCode::DatabaseLocked, message).with_file(&path)
            }
            StoreError::TooNew { path, .. } => {
                AppError::new(ErrorCode::DatabaseTooNew, message).with_file(&path)
            }
            StoreError::Io { path, .. } => AppError::new(ErrorCode::Io, message).with_file(&path),
            StoreError::Invalid(issues) => {
                AppError::invalid("The change breaks plan rules.", issues)
            }
            StoreError::NotFound { .. } => AppError::new(ErrorCode::NotFound, message),
            StoreError::Missing { path } => {
                AppError::new(ErrorCode::NotFound, message).with_file(&path)
            }
            StoreError::Backup { path, .. } => {
                AppError::new(ErrorCode::Io, message).with_file(&path)
            }
            StoreError::Stale { path, .. } => {
                AppError::new(ErrorCode::StaleWorkspace, STALE).with_file(&path)
            }
            StoreError::Sqlite { path, .. } => {
                AppError::new(ErrorCode::Internal, message).with_file(&path)
            }
        }
    }
}

/// A plan file that could not be read: every issue with its JSON path in the file.
pub(crate) fn plan_file_error(err: PlanError, file: &std::path::Path) -> AppError {
    let issues = err.issues();
    let message = match &err {
        PlanError::Syntax(issue) => {
            format!("{} is not a valid plan file: {}", file.display(), issue)
        }
        PlanError::Invalid(issues) => format!(
            "{} has {} problem{}; nothing was imported.",
            file.display(),
            issues.len(),
            if issues.len() == 1 { "" } else { "s" }
        ),
    };
    AppError::invalid(message, issues).with_file(file)
}

/// Make issues under `prefix` (the edited entity's JSON path) relative to it, so the UI can
/// put each one under its field; issues elsewhere keep their full path.
pub(crate) fn relative_to(err: AppError, prefix: &str) -> AppError {
    if err.code != ErrorCode::InvalidInput {
        return err;
    }
    let issues = err
        .issues
        .into_iter()
        .map(|issue| {
            let path = match issue.path.strip_prefix(prefix) {
                Some("") => String::new(),
                Some(rest) if rest.starts_with('.') => rest[1..].to_string(),
                _ => issue.path,
            };
            PlanIssue { path, ..issue }
        })
        .collect();
    AppError { issues, ..err }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issues_under_the_entity_become_field_paths() {
        let err = AppError::invalid(
            "x",
            vec![
                PlanIssue::new("clients[1].segments[2].parent", "unknown"),
                PlanIssue::new("clients[1].segments[2]", "whole"),
                PlanIssue::new("clients[1].segments[20].name", "other segment"),
                PlanIssue::new("clients[0].segments[0].id", "elsewhere"),
            ],
        );
        let paths: Vec<String> = relative_to(err, "clients[1].segments[2]")
            .issues
            .into_iter()
            .map(|i| i.path)
            .collect();
        assert_eq!(
            paths,
            vec![
                "parent",
                "",
                "clients[1].segments[20].name",
                "clients[0].segments[0].id"
            ]
        );
    }
}
