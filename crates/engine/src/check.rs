//! The one-call check the CLI, the app and the PDF report use.

use chrono::NaiveDate;

use cadence_model::{validate, Plan};

use crate::engine::Engine;
use crate::error::EngineError;
use crate::period::Period;
use crate::report::Report;
use crate::report::SpecJsonError;
use crate::violation::Violation;

/// What to check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    /// Only this client (the whole plan is still validated).
    pub client: Option<String>,
    /// Replaces the horizon's start: touches before it are ignored.
    pub from: Option<NaiveDate>,
    /// Replaces the horizon's end (exclusive): touches from it on are ignored.
    pub to: Option<NaiveDate>,
}

/// Validate `plan` (an invalid plan is rejected with JSON paths before anything runs) and
/// check it over its horizon, or over `from`/`to` when given, for one client or all.
pub fn check_plan(plan: &Plan, options: &CheckOptions) -> Result<Report, EngineError> {
    Ok(engine_for(plan, options)?.report(options.client.as_deref()))
}

/// Most findings of one segment the text report lists (the CLI's default output); the
/// totals count them all.
pub const TEXT_FINDINGS_PER_SEGMENT: usize = 200;

/// [`check_plan`] for people: each segment's first [`TEXT_FINDINGS_PER_SEGMENT`] findings
/// explained, every violation counted. Bounded work however many violations there are.
pub fn check_plan_listing(plan: &Plan, options: &CheckOptions) -> Result<Report, EngineError> {
    Ok(engine_for(plan, options)?
        .report_listing(options.client.as_deref(), TEXT_FINDINGS_PER_SEGMENT))
}

/// Check `plan` and write the spec's JSON records to `out` as they are made (the CLI's
/// `--format json`): memory stays that of the engine. Returns the number of violations.
pub fn write_check_json(
    plan: &Plan,
    options: &CheckOptions,
    out: &mut dyn std::io::Write,
) -> Result<usize, SpecJsonError> {
    engine_for(plan, options)?.write_spec_json(options.client.as_deref(), out)
}

/// [`check_plan`] without explanations: just the spec's records, in its order. Cheaper in
/// time and memory for large plans (the CLI's `--format json`).
pub fn check_violations(
    plan: &Plan,
    options: &CheckOptions,
) -> Result<Vec<Violation>, EngineError> {
    let engine = engine_for(plan, options)?;
    Ok(match &options.client {
        Some(id) => engine.client_violations(id)?,
        None => engine.violations(),
    })
}

/// The checked engine for a plan and options.
fn engine_for(plan: &Plan, options: &CheckOptions) -> Result<Engine, EngineError> {
    let period = Period::with_override(plan.horizon, options.from, options.to)?;
    match &options.client {
        Some(id) => match plan.only_client(id) {
            // The whole plan is validated, only the client is checked.
            Some(only) => Engine::validated(plan, &only, period),
            None => {
                validate(plan).map_err(EngineError::Invalid)?;
                Err(EngineError::UnknownClient(id.clone()))
            }
        },
        None => Engine::new(plan, period),
    }
}
