//! The Insights view through the desk, on a real SQLite file: a simulated programme with a
//! known fatigue point imported as a Klaviyo activity export, its recommendation beside the
//! cap in force (inherited), applied as an undoable guideline, the hints, undo.

use std::fmt::Write as _;
use std::sync::atomic::AtomicBool;

use cadence_desk::insights_view::{client_insights, history_hints};
use cadence_desk::past::{
    self, AudienceChoice, HistoryImportRequest, HistoryReadRequest, ImportRun,
};
use cadence_desk::{Desk, ErrorCode};
use cadence_model::Rule;
use cadence_store::Store;
use chrono::{Duration, NaiveDate, TimeZone, Utc};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// People get 1–4 emails a week, evenly spaced, for six weeks; every 500th email of each touch count unsubscribes
/// while it is at most the `tired - 1`th of its week, every 40th from the `tired`th on
/// (deterministic counters, so the answer is exact); an unsubscribed person gets no more.
fn programme(people: u32, tired: u32) -> String {
    let mut out = String::from("Email,Event,Timestamp,Campaign,List,Channel\n");
    let start = Utc.with_ymd_and_hms(2025, 3, 3, 8, 0, 0).unwrap();
    let mut counters = [0u32; 5];
    let mut rows = Vec::new();
    for p in 0..people {
        let per_week = 1 + p % 4;
        'weeks: for w in 0..6 {
            for j in 0..per_week {
                let at = start
                    + Duration::days(7 * w as i64)
                    + Duration::seconds((j * (7 * 86_400 / per_week)) as i64 + (p % 3600) as i64);
                let k = if w == 0 { j + 1 } else { per_week };
                rows.push((at, p, "Received Email"));
                let every = if k >= tired { 40 } else { 500 };
                counters[k as usize] += 1;
                if counters[k as usize] % every == 0 {
                    rows.push((at + Duration::hours(1), p, "Unsubscribed"));
                    break 'weeks;
                }
            }
        }
    }
    rows.sort();
    for (at, p, event) in rows {
        let _ = writeln!(
            out,
            "person{p}@example.com,{event},{},Weekly,Loyalty members,Email",
            at.format("%Y-%m-%dT%H:%M:%SZ")
        );
    }
    out
}

/// Import `bytes` as activity.csv for harvest-lane, remembering the `audiences` choices;
/// the number of rows rejected.
fn import(
    path: &std::path::Path,
    plan: &cadence_model::Plan,
    bytes: &[u8],
    audiences: Vec<AudienceChoice>,
) -> usize {
    let mut store = Store::open_existing(path).unwrap();
    let req = HistoryImportRequest {
        read: HistoryReadRequest {
            client_id: "harvest-lane".into(),
            file_name: "activity.csv".into(),
            kind: None,
            preset: None,
            mapping: None,
            sheet: None,
            date_order: None,
        },
        audiences,
        remember_mapping: false,
    };
    let run = ImportRun {
        now: today().and_hms_opt(9, 0, 0).unwrap().and_utc(),
        dry_run: false,
    };
    let done = past::import_history(
        &mut store,
        plan,
        &req,
        bytes,
        run,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    done.rejected.len()
}

fn own_email_cap(desk: &Desk) -> Option<u32> {
    desk.plan()
        .client("harvest-lane")
        .unwrap()
        .segments
        .iter()
        .find(|s| s.id == "hl-loyal")
        .unwrap()
        .rules
        .iter()
        .find_map(|r| match r {
            Rule::Cap {
                max,
                window_days: 7,
                channels: Some(c),
            } if c == &["email".to_string()] => Some(*max),
            _ => None,
        })
}

#[test]
fn the_view_recommends_applies_as_an_undoable_guideline_and_hints() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let mut desk = Desk::open(&path, today()).unwrap();
    let empty = desk.client_insights("harvest-lane").unwrap();
    assert_eq!(empty.records, 0);
    assert!(empty.curves.is_empty());

    let loyal = AudienceChoice {
        audience: "Loyalty members".into(),
        segment_id: Some("hl-loyal".into()),
    };
    import(
        &path,
        &desk.plan().clone(),
        programme(3_000, 3).as_bytes(),
        vec![loyal],
    );

    // The app's way: caps from the desk, history on its own connection.
    let caps = desk.caps_in_force("harvest-lane").unwrap();
    let reader = Store::open_for_history_reading(&path).unwrap();
    let view = client_insights(&reader, desk.plan(), &caps, "harvest-lane").unwrap();
    assert!(view.records > 30_000, "{}", view.records);
    assert_eq!(view.reply_target_hours, 24.0);
    assert_eq!(view.curves.len(), 1);
    let curve = &view.curves[0];
    let f = &curve.fatigue;
    assert_eq!(
        (f.audience.as_str(), f.channel.as_str()),
        ("Loyalty members", "email")
    );
    assert_eq!(f.segment.as_deref(), Some("hl-loyal"));
    assert_eq!(f.recommended_cap, Some(2), "{}", f.reason);
    assert!(f.reason.starts_with("at 3 a week, "), "{}", f.reason);
    assert_eq!(curve.segment_name.as_deref(), Some("Loyalty members"));
    assert_eq!(curve.channel_name, "Email");
    // Coupon fans' 3 a week replaces the client's 2 and Loyalty members inherit it.
    assert_eq!(curve.cap_in_force, Some(3));
    assert_eq!(
        curve.cap_source.as_deref(),
        Some("inherited from parent segment \"Coupon fans\"")
    );
    assert!(curve.would_change);
    assert!(curve.blocked.is_none());
    assert_eq!(
        view.audiences,
        vec![AudienceChoice {
            audience: "Loyalty members".into(),
            segment_id: Some("hl-loyal".into()),
        }]
    );
    let hints = history_hints(&view);
    assert_eq!(hints.len(), 1);
    assert_eq!(hints[0].text, "history suggests at most 2 a week");
    assert_eq!(
        (hints[0].segment_id.as_str(), hints[0].cap_in_force),
        ("hl-loyal", Some(3))
    );
    assert!(
        hints[0].evidence.contains("at 3 a week"),
        "{}",
        hints[0].evidence
    );

    // Apply: one undoable edit of the segment, written to the database.
    assert_eq!(own_email_cap(&desk), None);
    let saved = desk
        .apply_history_cap("harvest-lane", "hl-loyal", "email", 2)
        .unwrap();
    assert_eq!(saved.id.as_deref(), Some("hl-loyal"));
    assert_eq!(own_email_cap(&desk), Some(2));
    assert_eq!(
        saved.history.undo.as_deref(),
        Some("Apply history cap to segment “Loyalty members”")
    );
    let reopened = Desk::open(&path, today()).unwrap();
    assert_eq!(own_email_cap(&reopened), Some(2));
    drop(reopened);
    let after = desk.client_insights("harvest-lane").unwrap();
    assert_eq!(after.curves[0].cap_in_force, Some(2));
    assert_eq!(
        after.curves[0].cap_source.as_deref(),
        Some("set on this segment")
    );
    assert!(!after.curves[0].would_change);
    assert!(after.curves[0]
        .blocked
        .as_deref()
        .unwrap()
        .contains("already at most 2"));
    // Applying again changes nothing and is refused.
    let again = desk
        .apply_history_cap("harvest-lane", "hl-loyal", "email", 2)
        .unwrap_err();
    assert_eq!(again.code, ErrorCode::InvalidInput);

    // Undo: gone, in memory and on disk; redo brings it back.
    desk.undo_saved().unwrap();
    assert_eq!(own_email_cap(&desk), None);
    assert_eq!(own_email_cap(&Desk::open(&path, today()).unwrap()), None);
    assert_eq!(
        desk.client_insights("harvest-lane").unwrap().curves[0].cap_in_force,
        Some(3)
    );
    desk.redo_saved().unwrap();
    assert_eq!(own_email_cap(&desk), Some(2));
}

#[test]
fn unmapped_audiences_and_unknown_targets_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cadence.db");
    let mut desk = Desk::open(&path, today()).unwrap();
    let plan = desk.plan().clone();
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/history/activity.csv"
    ))
    .unwrap();
    // Two rows of the fixture are bad on purpose (an unknown event, no person).
    assert_eq!(import(&path, &plan, &bytes, vec![]), 2);
    let view = desk.client_insights("harvest-lane").unwrap();
    let news = view
        .curves
        .iter()
        .find(|c| c.fatigue.audience == "News")
        .unwrap();
    assert!(news.fatigue.segment.is_none());
    assert!(!news.would_change);
    assert!(news.blocked.as_deref().unwrap().contains("not mapped"));
    assert!(history_hints(&view).is_empty());

    // Map it: the view names the segment; too little history still blocks applying.
    let mut store = Store::open_existing(&path).unwrap();
    past::set_audience_segment(
        &mut store,
        &plan,
        "harvest-lane",
        "News",
        Some("hl-families"),
    )
    .unwrap();
    past::set_reply_target(&mut store, &plan, "harvest-lane", 4.0).unwrap();
    let view = desk.client_insights("harvest-lane").unwrap();
    let news = view
        .curves
        .iter()
        .find(|c| c.fatigue.audience == "News")
        .unwrap();
    assert_eq!(news.segment_name.as_deref(), Some("Young families"));
    assert_eq!(news.cap_in_force, Some(2));
    assert!(news
        .blocked
        .as_deref()
        .unwrap()
        .starts_with("no recommendation"));
    assert_eq!(view.reply_target_hours, 4.0);

    for (client, segment, channel, cap, code) in [
        ("nobody", "hl-loyal", "email", 1, ErrorCode::NotFound),
        ("harvest-lane", "nothing", "email", 1, ErrorCode::NotFound),
        (
            "harvest-lane",
            "hl-loyal",
            "fax",
            1,
            ErrorCode::InvalidInput,
        ),
        (
            "harvest-lane",
            "hl-loyal",
            "email",
            0,
            ErrorCode::InvalidInput,
        ),
    ] {
        let err = desk
            .apply_history_cap(client, segment, channel, cap)
            .unwrap_err();
        assert_eq!(err.code, code, "{client} {segment} {channel} {cap}: {err}");
    }
    assert!(desk.history().undo.is_none());
}
