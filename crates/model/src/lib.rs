//! Cadence's domain model: the plan (agency workspace) and everything in it, the plan file
//! format with path-named errors, validation, value scores, and the sample agency.
//!
//! Start reading at [`types::Plan`]; [`parse::parse_plan`] reads a plan file and
//! [`validate::validate`] checks one built in memory.

mod number;

pub mod bindings;
pub mod checklist;
pub mod error;
pub mod limits;
pub mod parse;
pub mod presets;
pub mod recurrence;
pub mod recurrence_preset;
pub mod sample;
pub mod shared;
pub mod time;
pub mod types;
pub mod validate;
pub mod value;
pub mod words;

pub use error::{PlanError, PlanIssue};
pub use parse::{parse_plan, parse_plan_bytes, plan_to_json};
pub use types::*;
pub use validate::{validate, validate_checklist, validate_edit, validate_rules, EditIndex};
pub use value::{default_checklist, missing_required, value_score};
