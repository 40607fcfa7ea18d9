//! Cadence's cadence engine (plan-format.md sections 2 to 4): which contacts break which
//! guideline, why, and where a message could go instead.
//!
//! - [`check_plan`] validates and checks a plan in one call and returns a [`Report`]
//!   ([`Report::to_spec_json`] is the CLI's `--format json`, [`format_text`] its text).
//! - [`Engine`] keeps the compiled state for the app: a full check on creation, then
//!   [`Engine::apply`] re-checks only the segments one changed message touches.
//! - [`Engine::suggest`] finds the earliest slots for a message that break no rule;
//!   [`Engine::summarize`] gives per-segment, per-day loads for the visualization.
//!
//! Decisions where the spec is silent are listed in `crates/engine/README.md`.

#![warn(missing_docs)]

mod calendar;
mod cascade;
mod check;
mod counts;
mod engine;
mod error;
mod evaluate;
mod expand;
mod guidelines;
mod index;
mod keys;
mod marks;
mod message_findings;
mod messages;
mod offers;
mod parallel;
mod period;
mod problems;
mod report;
mod suggest;
mod summary;
mod text;
mod touch;
mod view;
mod violation;
mod warnings;

pub mod synthetic;

pub use calendar::Occurrence;
pub use cascade::{EffectiveRule, RuleSource};
pub use check::{
    check_plan, check_plan_listing, check_violations, write_check_json, CheckOptions,
    TEXT_FINDINGS_PER_SEGMENT,
};
pub use engine::{Engine, MessageChange, Recheck};
pub use error::EngineError;
pub use expand::MAX_OCCURRENCES;
pub use guidelines::{rule_cascade, RuleCascade};
pub use keys::ViolationKey;
pub use marks::OccurrenceMarks;
pub use message_findings::MessageFindings;
pub use offers::{Left, Offer, OfferKind};
pub use period::{Period, MAX_PERIOD_DAYS};
pub use problems::{group_by_occurrence, problem_text, Problem, ProblemRule};
pub use report::{spec_json, Report, ReportSummary, SpecJsonError};
pub use suggest::{
    Blocker, Slot, SuggestRequest, Suggestion, DEFAULT_SEARCH_DAYS, DEFAULT_SLOTS,
    DEFAULT_STEP_MINUTES, SPREAD_OFFERS,
};
pub use summary::{
    closed_reason, Bucket, BucketLoad, BucketTouch, CadenceSummary, CapLine, ChannelTouches,
    ClosedReason, Heat, SegmentCadence, SummaryRequest, MAX_SUMMARY_BUCKETS, MAX_SUMMARY_CELLS,
    NEAR_CAP, NOTES_LISTED, REACH_LISTED,
};
pub use text::format_text;
pub use view::{TouchRules, TouchView};
pub use violation::{Explanation, Finding, Severity, TouchRef, Violation, MAX_LISTED};
pub use warnings::{format_warnings, plan_warnings, thousands, PlanWarning, WarningCode};

#[cfg(test)]
mod bindings {
    use super::*;
    use ts_rs::TS;

    #[test]
    fn typescript_bindings_are_current() {
        cadence_model::bindings::check(env!("CARGO_MANIFEST_DIR"), "engine", |config| {
            Violation::export_all(config)?;
            Finding::export_all(config)?;
            Report::export_all(config)?;
            Recheck::export_all(config)?;
            SuggestRequest::export_all(config)?;
            Suggestion::export_all(config)?;
            Problem::export_all(config)?;
            SummaryRequest::export_all(config)?;
            CadenceSummary::export_all(config)?;
            PlanWarning::export_all(config)?;
            Ok(())
        });
    }
}
