//! CLI failures and their exit codes: 2 for invalid input, 1 for anything else.

use cadence_desk::{AppError, ErrorCode};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The input (arguments, plan file) is not valid: exit code 2.
    #[error("{0}")]
    Invalid(String),
    /// Anything else (database, files): exit code 1.
    #[error("{0}")]
    Failed(String),
}

impl CliError {
    /// The process exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Invalid(_) => 2,
            CliError::Failed(_) => 1,
        }
    }
}

impl From<AppError> for CliError {
    fn from(err: AppError) -> Self {
        let mut text = err.message.clone();
        for issue in &err.issues {
            text.push_str(&format!("\n  {issue}"));
        }
        match err.code {
            ErrorCode::InvalidInput => CliError::Invalid(text),
            _ => CliError::Failed(text),
        }
    }
}

impl From<cadence_store::StoreError> for CliError {
    fn from(err: cadence_store::StoreError) -> Self {
        AppError::from(err).into()
    }
}
