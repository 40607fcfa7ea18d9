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
    /// A date outside the years Cadence plans in.
    #[error("{date} is outside the supported years ({min} to {max})")]
    OutOfYears {
        /// The date, as given.
        date: String,
        /// First supported year.
        min: i32,
        /// Last supported year.
        max: i32,
    },
    /// A range longer than a query may ask for.
    #[error("{what} may span at most {limit}; ask for a shorter range")]
    RangeTooLong {
        /// What was asked for ("a cadence summary").
        what: &'static str,
        /// The limit, in words ("800 buckets").
        limit: String,
    },
}
