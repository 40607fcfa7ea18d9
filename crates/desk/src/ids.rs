//! Ids for new entities: readable slugs of the name, unique within their kind.

use std::collections::HashSet;

use cadence_model::Plan;

use crate::ipc::EntityKind;

/// Every id of `kind` in the plan.
fn ids_of(plan: &Plan, kind: EntityKind) -> HashSet<&str> {
    let clients = plan.clients.iter();
    match kind {
        EntityKind::Client => clients.map(|c| c.id.as_str()).collect(),
        EntityKind::Segment => clients
            .flat_map(|c| c.segments.iter().map(|s| s.id.as_str()))
            .collect(),
        EntityKind::Campaign => clients
            .flat_map(|c| c.campaigns.iter().map(|k| k.id.as_str()))
            .collect(),
        EntityKind::Message => clients
            .flat_map(|c| c.messages().map(|m| m.id.as_str()))
            .collect(),
    }
}

/// A lowercase ASCII slug of `name` (at most 40 characters), or the kind's name.
fn slug(name: &str, kind: EntityKind) -> String {
    let mut out = String::new();
    for ch in name.chars().flat_map(|c| c.to_lowercase()) {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        match kind {
            EntityKind::Client => "client",
            EntityKind::Segment => "segment",
            EntityKind::Campaign => "campaign",
            EntityKind::Message => "message",
        }
        .to_string()
    } else {
        out
    }
}

/// A new id for an entity of `kind` named `name`: its slug, or the slug with `-2`, `-3`...
pub fn new_id(plan: &Plan, kind: EntityKind, name: &str) -> String {
    new_id_avoiding(plan, kind, name, &[])
}

/// [`new_id`] that also avoids the ids in `reserved` (the seeded sample clients' ids).
pub fn new_id_avoiding(plan: &Plan, kind: EntityKind, name: &str, reserved: &[String]) -> String {
    let mut taken = ids_of(plan, kind);
    taken.extend(reserved.iter().map(String::as_str));
    let base = slug(name, kind);
    if !taken.contains(base.as_str()) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken.contains(candidate.as_str()))
        .expect("an unused suffix exists")
}

#[cfg(test)]
mod tests {
    use super::*;
    use cadence_model::sample::sample_plan;
    use chrono::NaiveDate;

    #[test]
    fn slugs_are_readable_and_unique() {
        let plan = sample_plan(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(
            new_id(&plan, EntityKind::Client, "Café Nord & Co."),
            "caf-nord-co"
        );
        assert_eq!(new_id(&plan, EntityKind::Segment, "  "), "segment");
        assert_eq!(new_id(&plan, EntityKind::Segment, "HL all"), "hl-all-2");
        let long = "x".repeat(100);
        assert_eq!(new_id(&plan, EntityKind::Message, &long).len(), 40);
    }
}
