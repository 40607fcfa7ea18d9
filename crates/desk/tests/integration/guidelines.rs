//! The guidelines editor's answers from the real desk: the cascade with where each rule is
//! set, what own rules override, the rules in effect, and a draft's issues.

use cadence_desk::guidelines_view::PresetChangeKind;
use cadence_desk::*;
use cadence_model::Rule;
use chrono::NaiveDate;

fn open(dir: &tempfile::TempDir) -> Desk {
    Desk::open(
        &dir.path().join("cadence.db"),
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    )
    .unwrap()
}

fn rule(json: &str) -> Rule {
    serde_json::from_str(json).unwrap()
}

/// A client with a cap and quiet hours, a parent segment with a gap, a child with its own cap
/// on the same key as the client's.
fn desk_with_cascade(dir: &tempfile::TempDir) -> (Desk, String, String, String) {
    let mut desk = open(dir);
    let client = desk
        .save_client(ClientInput {
            id: None,
            name: "Cascade Clinic".into(),
            timezone: "Europe/Berlin".into(),
            checklist: None,
            rules: Some(vec![
                rule(r#"{"kind":"cap","max":3,"window_days":7}"#),
                rule(r#"{"kind":"quiet_hours","start":"21:00","end":"08:00"}"#),
            ]),
        })
        .unwrap()
        .id
        .unwrap();
    let segment = |name: &str, parent: Option<String>, rules: Vec<Rule>| SegmentInput {
        id: None,
        name: name.into(),
        parent,
        timezone: None,
        size: 100,
        opt_in: vec![],
        interests: vec![],
        values: vec![],
        rules: Some(rules),
    };
    let parent = desk
        .save_segment(
            &client,
            segment(
                "Parents",
                None,
                vec![rule(r#"{"kind":"min_gap","hours":24}"#)],
            ),
        )
        .unwrap()
        .id
        .unwrap();
    let child = desk
        .save_segment(
            &client,
            segment(
                "New parents",
                Some(parent.clone()),
                vec![rule(r#"{"kind":"cap","max":1,"window_days":7}"#)],
            ),
        )
        .unwrap()
        .id
        .unwrap();
    (desk, client, parent, child)
}

#[test]
fn a_segment_sees_what_it_inherits_from_where_and_what_its_own_rules_override() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, client, _, child) = desk_with_cascade(&dir);
    let view = desk.guidelines(&client, Some(&child), None).unwrap();

    let inherited: Vec<(&str, &str)> = view
        .inherited
        .iter()
        .map(|r| (r.text.as_str(), r.set_on.as_str()))
        .collect();
    assert_eq!(
        inherited,
        vec![
            (
                "At most 3 touches in any 7 days",
                "client \"Cascade Clinic\""
            ),
            (
                "No touches from 21:00 to 08:00 local time",
                "client \"Cascade Clinic\""
            ),
            (
                "At least 24 h between touches",
                "parent segment \"Parents\""
            ),
        ]
    );
    assert_eq!(view.own.len(), 1);
    assert_eq!(view.own[0].text, "At most 1 touch in any 7 days");
    let over = view.own[0]
        .overrides
        .as_ref()
        .expect("overrides the client's cap");
    assert_eq!(over.text, "At most 3 touches in any 7 days");

    // In effect: the child's cap in the client's cap's place, then the rest.
    let effective: Vec<(&str, &str)> = view
        .effective
        .iter()
        .map(|r| (r.text.as_str(), r.set_on.as_str()))
        .collect();
    assert_eq!(
        effective,
        vec![
            ("At most 1 touch in any 7 days", "the segment itself"),
            (
                "No touches from 21:00 to 08:00 local time",
                "client \"Cascade Clinic\""
            ),
            (
                "At least 24 h between touches",
                "parent segment \"Parents\""
            ),
        ]
    );
    assert!(view.issues.is_empty(), "{:?}", view.issues);
}

#[test]
fn a_draft_replaces_the_stored_own_rules_and_gets_the_saves_issues_without_saving() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, client, parent, _) = desk_with_cascade(&dir);
    let draft = vec![
        rule(r#"{"kind":"min_gap","hours":48}"#),
        rule(r#"{"kind":"min_gap","hours":12}"#),
        rule(r#"{"kind":"cap","max":2,"window_days":7,"channels":["carrier-pigeon"]}"#),
    ];
    let view = desk
        .guidelines(&client, Some(&parent), Some(&draft))
        .unwrap();
    let paths: Vec<&str> = view.issues.iter().map(|i| i.path.as_str()).collect();
    assert!(
        paths.contains(&"rules[1]"),
        "the repeated min_gap: {:?}",
        view.issues
    );
    assert!(
        view.issues
            .iter()
            .any(|i| i.path.starts_with("rules[2]") && i.message.contains("carrier-pigeon")),
        "the unknown channel: {:?}",
        view.issues
    );
    assert_eq!(view.own.len(), 3);
    // A cap on a channel filter has its own key: it adds to the client's cap, replaces nothing.
    assert!(view.own[2].overrides.is_none(), "{:?}", view.own[2]);
    assert_eq!(
        view.effective.len(),
        4,
        "client cap, quiet hours, the gap, the filtered cap"
    );
    // Nothing was saved: the stored rules are as before.
    let stored = desk.guidelines(&client, Some(&parent), None).unwrap();
    assert_eq!(stored.own.len(), 1);
    assert_eq!(stored.own[0].text, "At least 24 h between touches");
}

#[test]
fn the_client_level_has_no_inherited_rules_and_unknown_ids_are_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, client, _, _) = desk_with_cascade(&dir);
    let view = desk.guidelines(&client, None, None).unwrap();
    assert!(view.inherited.is_empty());
    assert_eq!(view.own.len(), 2);
    assert!(view.own.iter().all(|o| o.overrides.is_none()));
    assert_eq!(view.effective.len(), 2);
    assert_eq!(
        desk.guidelines(&client, Some("nope"), None)
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
    assert_eq!(
        desk.guidelines("nope", None, None).unwrap_err().code,
        ErrorCode::NotFound
    );
}

#[test]
fn a_preset_preview_says_rule_by_rule_what_changes_and_gives_the_applied_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, client, parent, _) = desk_with_cascade(&dir);
    // The parent's own rules: a 24 h gap. It inherits the client's 3-in-7 cap and quiet hours.
    let own = vec![rule(r#"{"kind":"min_gap","hours":24}"#)];
    let preview = desk
        .preset_preview(&client, Some(&parent), "leave-me-alone", &own)
        .unwrap();
    let changes: Vec<(PresetChangeKind, &str, Option<&str>)> = preview
        .changes
        .iter()
        .map(|c| (c.change, c.text.as_str(), c.before.as_deref()))
        .collect();
    use PresetChangeKind::{Add, Replace};
    assert_eq!(changes[0], (Add, "At most 1 touch in any 30 days", None));
    assert_eq!(
        changes[1],
        (
            Replace,
            "At least 168 h between touches",
            Some("At least 24 h between touches")
        )
    );
    assert!(changes
        .iter()
        .any(|c| c.0 == Add && c.1.starts_with("Touches only on Mon")));
    // Applied: the gap replaced in place, the new keys added after it.
    assert_eq!(preview.rules[0], rule(r#"{"kind":"min_gap","hours":168}"#));
    // The inherited quiet hours are replaced by the preset's on the segment itself.
    let keys: Vec<String> = preview.rules.iter().map(|r| r.key()).collect();
    assert_eq!(
        keys,
        vec![
            "min_gap/*",
            "cap/30/*",
            "quiet_hours",
            "weekdays",
            "min_value"
        ]
    );
    // Quiet hours meet the client's, inherited: a replacement said against the inherited rule.
    assert!(changes.contains(&(
        Replace,
        "No touches from 18:00 to 09:00 local time",
        Some("No touches from 21:00 to 08:00 local time")
    )));
    // A rule already in place is "same", and applying keeps one copy.
    let same = desk
        .preset_preview(
            &client,
            Some(&parent),
            "leave-me-alone",
            &[rule(r#"{"kind":"cap","max":1,"window_days":30}"#)],
        )
        .unwrap();
    assert_eq!(same.changes[0].change, PresetChangeKind::Same);
    assert_eq!(
        same.rules.iter().filter(|r| r.key() == "cap/30/*").count(),
        1,
        "{:?}",
        same.rules
    );
    assert_eq!(
        desk.preset_preview(&client, None, "no-such-preset", &[])
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}
