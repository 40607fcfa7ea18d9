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

/// serde_path_to_error writes `.` for the root, `clients[0].name` for a field, and `?` where
/// it could not tell (a truncated file): keep only the part it knows.
fn clean_path(path: &str) -> String {
    let known = path.trim_end_matches('?').trim_end_matches('.');
    if known == "." {
        String::new()
    } else {
        known.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_only_what_is_known() {
        assert_eq!(clean_path("."), "");
        assert_eq!(clean_path("?"), "");
        assert_eq!(clean_path("clients[0].?"), "clients[0]");
        assert_eq!(clean_path("clients[0].name"), "clients[0].name");
    }

    #[test]
    fn unknown_fields_and_bad_values_name_their_path() {
        let err = parse_plan(r#"{"format":"cadence-plan","version":1,"horizon":{"start":"2026-01-01","end":"2026-13-01"}}"#).unwrap_err();
        assert_eq!(err.issues()[0].path, "horizon.end");
        let err = parse_plan(r#"{"format":"cadence-plan","version":1,"horizon":{"start":"2026-01-01","end":"2027-01-01"},"channels":[{"id":"e","name":"E","requires_consent":"yes"}]}"#).unwrap_err();
        assert_eq!(err.issues()[0].path, "channels[0].requires_consent");
    }

    #[test]
    fn non_utf8_bytes_are_refused_with_the_offset() {
        let err = parse_plan_bytes(b"{\"format\": \"caf\xe9\"}").unwrap_err();
        assert!(err.to_string().contains("offset 15"), "{err}");
    }
}
