//! The one-call check the CLI, the app and the PDF report use.

use chrono::NaiveDate;

use cadence_model::{validate, Plan};

use crate::engine::Engine;
use crate::error::EngineError;
use crate::period::Period;
use crate::report::Report;
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
