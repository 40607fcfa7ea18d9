//! The text report and the explanations behind it.

mod common;

use cadence_engine::{check_plan, format_text, CheckOptions, RuleSource};
use common::*;
use serde_json::json;

fn report_plan() -> serde_json::Value {
    plan_json(
        "Europe/London",
        json!([
            { "kind": "cap", "max": 2, "window_days": 7 },
            { "kind": "min_gap", "hours": 24 }
        ]),
        vec![
            seg("all", None, json!([])),
            seg("vip", Some("all"), json!([])),
        ],
        vec![
            msg("a", &["all"], "2026-03-02T09:00:00"),
            msg("b", &["all"], "2026-03-04T09:00:00"),
            msg("c", &["vip"], "2026-03-05T08:00:00"),
        ],
    )
}

#[test]
fn text_groups_by_client_and_segment_with_local_and_utc_times() {
    let plan = plan(&report_plan());
    let report = check_plan(&plan, &CheckOptions::default()).unwrap();
    let text = format_text(&report, &plan);
    let expected_lines = [
        "Cadence check 2026-01-01 to 2027-01-01 (UTC)",
        "Client (c)",
        "  Seg vip (vip), Europe/London: 2 violations",
        "    2026-03-05 08:00 GMT  (2026-03-05 08:00 UTC)  cap          c #0 email  3rd touch in 7 days for Seg vip (max 2)",
        "        At most 2 touches in any 7 days (set on client \"Client\"). The 7 days up to 2026-03-05 08:00 GMT hold 3 of them.",
        "        touches: a #0 2026-03-02 09:00 GMT; b #0 2026-03-04 09:00 GMT; c #0 2026-03-05 08:00 GMT",
        "    2026-03-05 08:00 GMT  (2026-03-05 08:00 UTC)  min_gap      c #0 email  only 23 h after the previous touch for Seg vip (min 24 h)",
        "Summary: 2 violations (cap 1, min_gap 1) from 1 message occurrence in 1 of 2 segments (1 client, 5 touches checked).",
    ];
    for line in expected_lines {
        assert!(text.contains(line), "missing line {line:?} in\n{text}");
    }
    // "all" has no violation, so it has no heading.
    assert!(!text.contains("Seg all (all)"), "{text}");
}

#[test]
fn a_clean_plan_says_so() {
    let mut p = report_plan();
    p["clients"][0]["rules"] = json!([]);
    let plan = plan(&p);
    let report = check_plan(&plan, &CheckOptions::default()).unwrap();
    let text = format_text(&report, &plan);
    assert!(text.contains("\nNo violations.\n"), "{text}");
    assert!(
        text.contains("Summary: 0 violations in 0 of 2 segments"),
        "{text}"
    );
}

#[test]
fn explanations_name_the_window_the_limit_and_the_source() {
    let plan = plan(&report_plan());
    let report = check_plan(&plan, &CheckOptions::default()).unwrap();
    let cap = &report.findings[0];
    assert_eq!(cap.violation.rule.as_str(), "cap");
    let e = &cap.explanation;
    assert_eq!(
        e.source,
        RuleSource::Client {
            client: "c".into(),
            name: "Client".into()
        }
    );
    assert_eq!(e.timezone, "Europe/London");
    let window: Vec<(&str, bool)> = e
        .touches
        .iter()
        .map(|t| (t.message.as_str(), t.direct))
        .collect();
    assert_eq!(window, [("a", false), ("b", false), ("c", true)]);
    assert_eq!(e.more, 0);
    let gap = &report.findings[1].explanation;
    assert_eq!(gap.touches.len(), 2);
    assert_eq!(gap.touches[0].message, "b");
    assert!(
        gap.text.contains("At least 24 h between touches"),
        "{}",
        gap.text
    );
}

#[test]
fn any_violation_record_can_be_explained_later() {
    let plan = plan(&report_plan());
    let engine = cadence_engine::Engine::from_plan(&plan).unwrap();
    let report = engine.report(None);
    for finding in &report.findings {
        assert_eq!(
            engine.explain_violation(&finding.violation).as_ref(),
            Some(&finding.explanation)
        );
    }
    let mut gone = report.findings[0].violation.clone();
    gone.occurrence = 9;
    assert_eq!(engine.explain_violation(&gone), None);
}

#[test]
fn explanations_state_each_rule_in_its_one_wording() {
    // One segment per rule kind, each broken once by the same message (2026-03-07 is a
    // Saturday, 22:00 London time).
    let p = plan_json(
        "Europe/London",
        json!([]),
        vec![
            seg(
                "cap",
                None,
                json!([{ "kind": "cap", "max": 1, "window_days": 1, "channels": ["email", "sms"] }]),
            ),
            seg(
                "gap",
                None,
                json!([{ "kind": "min_gap", "hours": 1.5, "channels": ["email"] }]),
            ),
            seg(
                "quiet",
                None,
                json!([{ "kind": "quiet_hours", "start": "21:00", "end": "08:00" }]),
            ),
            seg(
                "blackout",
                None,
                json!([{ "kind": "blackout", "dates": ["2026-03-07"] }]),
            ),
            seg(
                "weekdays",
                None,
                json!([{ "kind": "weekdays", "allowed": ["Mon", "Tue"] }]),
            ),
            seg("value", None, json!([{ "kind": "min_value", "score": 90 }])),
        ],
        vec![
            msg("early", &["cap", "gap"], "2026-03-07T21:30:00"),
            msg_with(
                "late",
                &["cap", "gap", "quiet", "blackout", "weekdays", "value"],
                "2026-03-07T22:00:00",
                json!({ "checklist": { "glad": false, "useful": true } }),
            ),
        ],
    );
    let plan = plan(&p);
    let report = check_plan(&plan, &CheckOptions::default()).unwrap();
    let text_of = |segment: &str| -> Vec<String> {
        report
            .findings
            .iter()
            .filter(|f| f.violation.segment == segment)
            .map(|f| f.explanation.text.clone())
            .collect()
    };
    let own = "(set on the segment itself)";
    assert_eq!(
        text_of("cap"),
        [format!("At most 1 touch on Email, SMS in any 1 day {own}. The day up to 2026-03-07 22:00 GMT holds 2 of them.")]
    );
    assert_eq!(
        text_of("gap"),
        [format!("At least 1.5 h between touches on Email {own}; the previous touch was at 2026-03-07 21:30 GMT.")]
    );
    assert_eq!(
        text_of("quiet"),
        [format!("No touches from 21:00 to 08:00 local time {own}.")]
    );
    assert_eq!(
        text_of("blackout"),
        [format!("No touches on 7 March 2026 {own}.")]
    );
    assert_eq!(
        text_of("weekdays"),
        [format!("Touches only on Mon, Tue {own}.")]
    );
    assert_eq!(
        text_of("value"),
        [format!("Directly targeted messages score at least 90 and answer every required checklist item yes {own}.")]
    );
    // Each sentence opens with the wording the guidelines editor and the PDF show.
    for finding in &report.findings {
        let segment = plan.clients[0]
            .segments
            .iter()
            .find(|s| s.id == finding.violation.segment)
            .unwrap();
        let words = cadence_model::words::rule_text(&plan, &segment.rules[0]);
        assert!(
            finding.explanation.text.starts_with(&words),
            "{} does not open with {words}",
            finding.explanation.text
        );
    }
}
