//! Errors found in plans: each names the JSON path of what is wrong.

use serde::Serialize;
use ts_rs::TS;

/// One problem in a plan, at a JSON path such as `clients[0].segments[2].parent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{path}: {message}")]
pub struct PlanIssue {
    /// Where, as a JSON path (`clients[0].segments[2].parent`); empty for the document.
    pub path: String,
    /// What is wrong, for people.
    pub message: String,
}

impl PlanIssue {
    /// A new issue at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        PlanIssue {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// A plan that could not be read or is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The bytes are not the JSON of a plan file (syntax, types, unknown fields).
    #[error("{0}")]
    Syntax(PlanIssue),
    /// The document parsed but breaks the plan rules; every issue found is listed.
    #[error("{}", .0.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<PlanIssue>),
}

impl PlanError {
    /// Every issue, whatever the variant.
    pub fn issues(&self) -> Vec<PlanIssue> {
        match self {
            PlanError::Syntax(issue) => vec![issue.clone()],
            PlanError::Invalid(issues) => issues.clone(),
        }
    }
}
