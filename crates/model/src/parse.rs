//! Reading and writing plan files.

use crate::error::{PlanError, PlanIssue};
use crate::types::Plan;
use crate::validate::validate;

/// Parse and validate a plan file. Syntax errors and unknown fields name their JSON path;
/// semantic problems are all listed, each with its path.
pub fn parse_plan(text: &str) -> Result<Plan, PlanError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let plan: Plan = serde_path_to_error::deserialize(&mut de).map_err(|err| {
        let path = clean_path(&err.path().to_string());
        let inner = err.into_inner();
        let message = if inner.is_syntax() || inner.is_eof() {
            format!("invalid JSON: {inner}")
        } else {
            inner.to_string()
        };
        PlanError::Syntax(PlanIssue::new(path, message))
    })?;
    de.end()
        .map_err(|err| PlanError::Syntax(PlanIssue::new("", format!("invalid JSON: {err}"))))?;
    validate(&plan).map_err(PlanError::Invalid)?;
    Ok(plan)
}

/// Parse plan bytes, which must be UTF-8 (a UTF-8 byte-order mark is allowed).
pub fn parse_plan_bytes(bytes: &[u8]) -> Result<Plan, PlanError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|err| {
        PlanError::Syntax(PlanIssue::new(
            "",
            format!(
                "the file is not UTF-8 text (invalid byte at offset {})",
                err.valid_up_to()
            ),
        ))
    })?;
    parse_plan(text)
}

/// The plan as pretty-printed JSON, the way Cadence writes plan files.
pub fn plan_to_json(plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(plan).expect("plans always serialize");
    text.push('\n');
    text
}

/// serde_path_to_error writes `.` for the root and `clients[0].name` otherwise.
fn clean_path(path: &str) -> String {
    if path == "." {
        String::new()
    } else {
        path.to_string()
    }
}
