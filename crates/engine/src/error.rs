//! Errors the engine reports: invalid plans (with JSON paths) and bad requests.

use cadence_model::PlanIssue;

/// Why the engine could not check, update or answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    /// The plan breaks the plan rules; nothing was checked. Every issue names its JSON path.
    #[error("invalid plan:\n{}", .0.iter().map(|i| format!("  {i}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<PlanIssue>),
    /// No client with this id.
    #[error("unknown client \"{0}\"")]
    UnknownClient(String),
    /// No campaign with this id in the client.
    #[error("unknown campaign \"{campaign}\" in client \"{client}\"")]
    UnknownCampaign {
        /// The client searched.
        client: String,
        /// The campaign id asked for.
        campaign: String,
    },
    /// No message with this id.
    #[error("unknown message \"{0}\"")]
    UnknownMessage(String),
    /// The segment does not exist or the message does not target it.
    #[error("segment \"{segment}\" is not a directly targeted segment of message \"{message}\"")]
    NotTargeted {
        /// The message.
        message: String,
        /// The segment asked for.
        segment: String,
    },
    /// A date range whose end is not after its start.
    #[error("the range is empty: {from} is not before {to}")]
    EmptyRange {
        /// Start, as given.
        from: String,
        /// End, as given.
        to: String,
    },
}
