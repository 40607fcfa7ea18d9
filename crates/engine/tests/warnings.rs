//! Plan warnings (issue 12, items 5 and 9): recurrences that run past their campaign, a
//! segment bigger than its parent, consent a parent lacks. Warnings, never violations.

mod common;

use cadence_engine::{plan_warnings, Period, WarningCode};
use chrono::NaiveDate;
use common::*;
use serde_json::json;

fn horizon() -> Period {
    Period::from_horizon(cadence_model::Horizon {
        start: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        end: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
    })
}

/// A campaign ending 31 January with a weekly Thursday message that has no end.
fn weekly_past_campaign(rrule: &str) -> serde_json::Value {
    let mut value = plan_json(
        "Europe/Berlin",
        json!([]),
        vec![seg("all", None, json!([]))],
        vec![msg_with(
            "weekly",
            &["all"],
            "2026-01-08T10:00:00",
            json!({ "rrule": rrule }),
        )],
    );
    let campaign = &mut value["clients"][0]["campaigns"][0];
    campaign["start"] = json!("2026-01-05");
    campaign["end"] = json!("2026-01-31");
    value
}

#[test]
fn a_weekly_message_past_its_campaign_end_is_one_warning_with_count_and_first() {
    // Thursdays from 8 Jan; the campaign ends 31 Jan: 29 Jan is the last inside, then
    // 5, 12, 19, 26 Feb are outside.
    let plan = plan(&weekly_past_campaign("FREQ=WEEKLY;COUNT=8"));
    let warnings = plan_warnings(&plan, None, horizon());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert_eq!(w.code, WarningCode::OutsideCampaign);
    assert_eq!(w.client, "c");
    assert_eq!(w.ids, vec!["weekly".to_string(), "k".to_string()]);
    assert_eq!(w.count, 4);
    assert_eq!(w.first.unwrap().to_string(), "2026-02-05 10:00:00");
    assert_eq!(
        w.text,
        "message “Message weekly” (weekly) has 4 occurrences outside its campaign “Campaign” (2026-01-05 to 2026-01-31) (first: 2026-02-05 10:00)"
    );
    // Not a violation: the check stays clean.
    assert!(check(&weekly_past_campaign("FREQ=WEEKLY;COUNT=8")).is_empty());
}

#[test]
fn an_endless_recurrence_counts_its_occurrences_in_the_period_only() {
    let plan = plan(&weekly_past_campaign("FREQ=WEEKLY"));
    let warnings = plan_warnings(&plan, None, horizon());
    assert_eq!(warnings.len(), 1);
    // Thursdays of 2026 after 31 January: 5 Feb to 31 Dec.
    assert_eq!(warnings[0].count, 48);
    let march = Period::new(
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
    )
    .unwrap();
    let warnings = plan_warnings(&plan, None, march);
    assert_eq!(warnings[0].count, 4);
    assert_eq!(
        warnings[0].first.unwrap().to_string(),
        "2026-03-05 10:00:00"
    );
}

#[test]
fn a_recurrence_that_ends_with_its_campaign_and_one_before_its_start_warn_correctly() {
    let inside = plan(&weekly_past_campaign("FREQ=WEEKLY;UNTIL=20260131"));
    assert!(plan_warnings(&inside, None, horizon()).is_empty());

    let mut early = weekly_past_campaign("FREQ=WEEKLY;UNTIL=20260131");
    early["clients"][0]["campaigns"][0]["start"] = json!("2026-01-20");
    let warnings = plan_warnings(&plan(&early), None, horizon());
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].count, 2, "8 and 15 January");
    assert!(warnings[0].text.contains("has 2 occurrences outside"));
    assert!(warnings[0].text.contains("(first: 2026-01-08 10:00)"));

    let mut one = weekly_past_campaign("FREQ=WEEKLY;COUNT=5");
    one["clients"][0]["campaigns"][0]["messages"][0]
        .as_object_mut()
        .unwrap()
        .remove("rrule");
    one["clients"][0]["campaigns"][0]["messages"][0]["at"] = json!("2026-02-02T09:00:00");
    let warnings = plan_warnings(&plan(&one), None, horizon());
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].text.contains("has 1 occurrence outside"));
}

#[test]
fn campaigns_without_dates_and_skipped_occurrences_give_no_warning() {
    let mut open = weekly_past_campaign("FREQ=WEEKLY");
    let campaign = open["clients"][0]["campaigns"][0].as_object_mut().unwrap();
    campaign.remove("start");
    campaign.remove("end");
    assert!(plan_warnings(&plan(&open), None, horizon()).is_empty());

    let mut skipped = weekly_past_campaign("FREQ=WEEKLY;COUNT=5");
    skipped["clients"][0]["campaigns"][0]["messages"][0]["exdates"] =
        json!(["2026-02-05T10:00:00"]);
    assert!(plan_warnings(&plan(&skipped), None, horizon()).is_empty());
}

#[test]
fn a_segment_bigger_than_its_parent_and_consent_the_parent_lacks_are_warnings() {
    let mut parent = seg("all", None, json!([]));
    parent["size"] = json!(20000);
    parent["opt_in"] = json!(["email"]);
    let mut child = seg("big", Some("all"), json!([]));
    child["size"] = json!(30000);
    child["opt_in"] = json!(["email", "sms"]);
    let mut fine = seg("small", Some("all"), json!([]));
    fine["size"] = json!(500);
    fine["opt_in"] = json!(["email"]);
    let mut unknown = seg("unsized", None, json!([]));
    unknown["size"] = json!(0);
    let mut under_unknown = seg("under", Some("unsized"), json!([]));
    under_unknown["size"] = json!(10);
    let value = plan_json(
        "Europe/Berlin",
        json!([]),
        vec![parent, child, fine, unknown, under_unknown],
        vec![msg("m", &["small"], "2026-03-03T09:00:00")],
    );
    let plan = plan(&value);
    let warnings = plan_warnings(&plan, None, horizon());
    let codes: Vec<(WarningCode, Vec<String>)> =
        warnings.iter().map(|w| (w.code, w.ids.clone())).collect();
    assert_eq!(
        codes,
        vec![
            (
                WarningCode::LargerThanParent,
                vec!["big".to_string(), "all".to_string()]
            ),
            (
                WarningCode::ConsentNotInParent,
                vec!["big".to_string(), "all".to_string(), "sms".to_string()]
            ),
        ]
    );
    assert_eq!(
        warnings[0].text,
        "segment “Seg big” (big) has 30,000 people but its parent “Seg all” (all) has only 20,000: a sub-segment cannot be bigger than the segment it is part of"
    );
    assert!(warnings[1].text.starts_with(
        "segment “Seg big” (big) has consent for SMS but its parent “Seg all” (all) does not"
    ));
    // Only the client asked for.
    assert!(plan_warnings(&plan, Some("other"), horizon()).is_empty());
    assert_eq!(plan_warnings(&plan, Some("c"), horizon()).len(), 2);
}
