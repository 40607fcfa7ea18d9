//! Violations grouped by decision (message occurrence), and the change that caused a new one.

use cadence_desk::*;
use chrono::NaiveDate;
use serde_json::json;

/// Berlin, quiet hours 22:00-07:00; "Young parents" (a child of "Parents") capped at 2 in 7
/// days, with emails on Tuesday 10 and Thursday 12 March; "X" goes to Parents on the 20th.
fn desk(dir: &tempfile::TempDir) -> Desk {
    let message = |id: &str, title: &str, segment: &str, at: &str| json!({ "id": id, "title": title, "channel": "email", "segments": [segment], "at": at });
    let plan = json!({
        "format": "cadence-plan", "version": 1,
        "horizon": { "start": "2026-03-01", "end": "2026-05-01" },
        "channels": [{ "id": "email", "name": "Email", "requires_consent": true }],
        "clients": [{
            "id": "berlin", "name": "Berlin Bakery", "timezone": "Europe/Berlin",
            "rules": [{ "kind": "quiet_hours", "start": "22:00", "end": "07:00" }],
            "segments": [
                { "id": "parents", "name": "Parents", "opt_in": ["email"] },
                { "id": "young", "name": "Young parents", "parent": "parents", "opt_in": ["email"],
                  "rules": [{ "kind": "cap", "max": 2, "window_days": 7 }] }
            ],
            "campaigns": [{ "id": "spring", "name": "Spring", "messages": [
                message("tue", "Tuesday news", "young", "2026-03-10T10:00:00"),
                message("thu", "Thursday news", "young", "2026-03-12T10:00:00"),
                message("x", "X", "parents", "2026-03-20T10:00:00")
            ]}]
        }]
    });
    let file = dir.path().join("plan.json");
    std::fs::write(&file, plan.to_string()).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let mut desk = Desk::open(&dir.path().join("cadence.db"), today).unwrap();
    let now = today.and_hms_opt(9, 0, 0).unwrap().and_utc();
    let bytes = std::fs::read(&file).unwrap();
    desk.import_plan_file(&bytes, &file, ImportMode::Replace, now)
        .unwrap();
    desk
}

fn move_x(desk: &mut Desk, to: &str) {
    desk.move_message(MoveRequest {
        message: "x".into(),
        occurrence: 0,
        to: to.parse().unwrap(),
        timezone: "Europe/Berlin".into(),
        scope: MoveScope::Series,
    })
    .unwrap();
}

fn page(desk: &Desk) -> FindingsPage {
    desk.findings_page(
        "berlin",
        &FindingsQuery {
            per_segment: 20,
            more: Default::default(),
        },
    )
    .unwrap()
}

#[test]
fn one_message_in_quiet_hours_for_a_parent_and_its_child_is_one_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(&dir);
    assert_eq!(desk.checks().problems, 0);
    move_x(&mut desk, "2026-03-14T22:30:00");
    let page = page(&desk);
    // Quiet hours for Parents and (inherited) Young parents, and the third email in a week
    // for Young parents: three findings, one decision.
    assert_eq!(page.total, 3);
    assert_eq!(page.problem_total, 1);
    let checks = desk.checks();
    assert_eq!((checks.total, checks.problems), (3, 1));
    assert_eq!(checks.problems_by_client.get("berlin"), Some(&1));
    let p = &page.problems[0];
    assert_eq!((p.problem.message.as_str(), p.problem.findings), ("x", 3));
    assert_eq!(
        p.problem.text,
        "breaks quiet hours for 2 segments (Parents and Young parents); the cap for Young parents"
    );
    assert_eq!(p.local, "2026-03-14 22:30 CET");
    // All of it came with the move, which is named.
    assert!(p.new);
    assert_eq!(
        page.cause.as_deref(),
        Some("New since you moved “X” to Sat 14 Mar 22:30")
    );
    assert!(page.segments.iter().all(|s| s.new.iter().all(|n| *n)));
    assert!(page
        .segments
        .iter()
        .all(|s| s.new.len() == s.findings.len()));
}

#[test]
fn a_move_that_makes_a_later_message_the_third_in_a_week_is_named_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = desk(&dir);
    // X on Monday 9 March: Thursday's email becomes the third in 7 days for Young parents.
    move_x(&mut desk, "2026-03-09T10:00:00");
    let page = page(&desk);
    assert_eq!(page.problem_total, 1);
    let p = &page.problems[0];
    assert_eq!(p.problem.message, "thu");
    assert_eq!(p.problem.text, "breaks the cap for Young parents");
    assert!(p.new);
    assert_eq!(
        page.cause.as_deref(),
        Some("New since you moved “X” to Mon 9 Mar 10:00")
    );
    let young = page.segments.iter().find(|s| s.segment == "young").unwrap();
    assert_eq!(young.findings[0].violation.message, "thu");
    assert_eq!(young.new, [true]);

    // An edit that adds nothing new leaves the old violation unmarked, and names no cause.
    let tue = desk.plan().clients[0].campaigns[0].messages[0].clone();
    let message = MessageInput {
        id: Some(tue.id.clone()),
        title: "Tuesday letter".into(),
        channel: tue.channel.clone(),
        segments: tue.segments.clone(),
        at: tue.at,
        timezone: None,
        local_delivery: false,
        transactional: false,
        rrule: None,
        checklist: Default::default(),
        brief: String::new(),
        status: tue.status,
    };
    desk.save_message("spring", message).unwrap();
    let page2 = self::page(&desk);
    assert_eq!(page2.problem_total, 1);
    assert!(!page2.problems[0].new);
    assert_eq!(page2.cause, None);

    // Undo forgets the cause too (the change it named is gone).
    desk.undo().unwrap();
    desk.undo().unwrap();
    let page3 = self::page(&desk);
    assert_eq!(
        (page3.total, page3.problem_total, page3.cause),
        (0, 0, None)
    );
}
