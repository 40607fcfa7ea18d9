//! The editors' draft checks on a real database: the same issues as the save, and nothing
//! written.

use std::collections::BTreeMap;

use cadence_desk::drafts::DraftCheck;
use cadence_desk::typed::{read_date, read_when};
use cadence_desk::*;
use chrono::{NaiveDate, NaiveDateTime};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn open(dir: &tempfile::TempDir) -> Desk {
    Desk::open(&dir.path().join("cadence.db"), today()).unwrap()
}

/// The database file's bytes and its WAL's, to show nothing was written (the shared-memory
/// index changes on reads too).
fn files(dir: &tempfile::TempDir) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.to_string_lossy().ends_with("-shm"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// What the save's refusal says, sorted into fields the way a draft check does.
fn refusal(err: AppError) -> DraftCheck {
    let mut check = DraftCheck::default();
    if err.code == ErrorCode::InvalidInput && !err.issues.is_empty() {
        for issue in err.issues {
            let end = issue.path.find(['.', '[']).unwrap_or(issue.path.len());
            if issue.path.is_empty() {
                check.form.push(issue.message);
            } else if issue.path.starts_with("clients[") {
                check.form.push(issue.to_string());
            } else {
                check
                    .fields
                    .entry(issue.path[..end].to_string())
                    .or_default()
                    .push(issue.message);
            }
        }
    } else {
        check.form.push(err.message);
    }
    check
}

fn client(name: &str, timezone: &str) -> ClientInput {
    ClientInput {
        id: None,
        name: name.into(),
        timezone: timezone.into(),
        checklist: None,
        rules: None,
    }
}

fn segment(id: Option<&str>, name: &str, parent: Option<&str>) -> SegmentInput {
    SegmentInput {
        id: id.map(Into::into),
        name: name.into(),
        parent: parent.map(Into::into),
        timezone: None,
        size: 10,
        opt_in: vec!["email".into()],
        interests: vec![],
        values: vec![],
        rules: None,
    }
}

fn campaign(name: &str, start: &str, end: &str) -> CampaignInput {
    CampaignInput {
        id: None,
        name: name.into(),
        objective: String::new(),
        start: Some(start.parse().unwrap()),
        end: Some(end.parse().unwrap()),
    }
}

fn message(title: &str, channel: &str, segments: &[&str]) -> MessageInput {
    MessageInput {
        id: None,
        title: title.into(),
        channel: channel.into(),
        segments: segments.iter().map(|s| s.to_string()).collect(),
        at: "2026-12-01T09:00:00".parse::<NaiveDateTime>().unwrap(),
        timezone: None,
        local_delivery: false,
        transactional: false,
        rrule: None,
        checklist: BTreeMap::new(),
        brief: String::new(),
        status: Default::default(),
    }
}

#[test]
fn each_forms_issues_are_the_saves_refusal_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let before = files(&dir);

    let bad_client = client("  ", "Europe/Lodnon");
    let check = desk.check_client_draft(bad_client.clone());
    assert_eq!(check.fields.len(), 2, "{check:?}");
    assert!(check.fields["timezone"][0].contains("unknown time zone \"Europe/Lodnon\""));

    let bad_segment = segment(Some("hl-all"), "All shoppers", Some("hl-loyal"));
    let seg_check = desk.check_segment_draft("harvest-lane", bad_segment.clone(), "10");
    assert!(
        seg_check.fields["parent"][0].contains("cycle"),
        "{seg_check:?}"
    );

    let bad_campaign = campaign("Winter", "2026-12-10", "2026-12-01");
    let camp_check = desk
        .check_campaign_draft(
            "harvest-lane",
            bad_campaign.clone(),
            "12/10/2026",
            "1.12.2026",
            Some("en-US"),
        )
        .issues;
    assert_eq!(camp_check.fields["end"], ["must not be before start"]);

    let bad_message = message("", "nope", &[]);
    let msg_check = desk.check_message_draft(
        "hl-offers",
        bad_message.clone(),
        "2026-12-01",
        "09:00",
        None,
    );
    assert_eq!(
        msg_check.issues.fields.keys().collect::<Vec<_>>(),
        ["channel", "segments", "title"]
    );
    assert!(files(&dir) == before, "a draft check wrote to the database");

    assert_eq!(refusal(desk.save_client(bad_client).unwrap_err()), check);
    assert_eq!(
        refusal(desk.save_segment("harvest-lane", bad_segment).unwrap_err()),
        seg_check
    );
    assert_eq!(
        refusal(
            desk.save_campaign("harvest-lane", bad_campaign)
                .unwrap_err()
        ),
        camp_check
    );
    assert_eq!(
        refusal(desk.save_message("hl-offers", bad_message).unwrap_err()),
        msg_check.issues
    );
}

#[test]
fn a_clean_draft_has_no_issues_and_its_save_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let input = segment(None, "Weekend shoppers", Some("hl-all"));
    assert!(desk
        .check_segment_draft("harvest-lane", input.clone(), " 10 ")
        .is_clean());
    desk.save_segment("harvest-lane", input).unwrap();
    assert!(desk
        .check_client_draft(client("Acme", "Europe/Berlin"))
        .is_clean());
}

#[test]
fn loops_are_refused_for_the_tree_and_the_form_alike() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let parents = desk
        .segment_parents("harvest-lane", Some("hl-coupon"))
        .unwrap();
    let refused: Vec<(&str, &str)> = parents
        .iter()
        .filter_map(|p| p.refused.as_deref().map(|r| (p.id.as_str(), r)))
        .collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(refused[0].0, "hl-coupon");
    assert!(refused[0].1.contains("cannot be its own parent"));
    assert_eq!(refused[1].0, "hl-loyal");
    assert!(refused[1].1.contains("would make a loop"));
    // Every refused parent is one the save refuses, and every allowed one it takes.
    for choice in parents {
        let input = segment(Some("hl-coupon"), "Coupon fans", Some(&choice.id));
        let check = desk.check_segment_draft("harvest-lane", input.clone(), "12500");
        assert_eq!(
            choice.refused.is_some(),
            check.fields.contains_key("parent"),
            "{}: {check:?}",
            choice.id
        );
        assert_eq!(
            check.is_clean(),
            desk.save_segment("harvest-lane", input).is_ok()
        );
        desk.undo_saved().ok();
    }
    assert!(desk
        .segment_parents("harvest-lane", None)
        .unwrap()
        .iter()
        .all(|p| p.refused.is_none()));
}

#[test]
fn the_segment_size_is_read_from_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    for text in ["", "-3", "2.5", "many"] {
        let check = desk.check_segment_draft("harvest-lane", segment(None, "X", None), text);
        assert_eq!(
            check.fields["size"],
            ["Size is a whole number of people (0 or more)."],
            "{text:?}"
        );
    }
}

#[test]
fn the_message_draft_says_consent_minimum_value_and_score() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    // SMS needs consent: "All shoppers" and "Young families" did not opt in.
    let input = message("Flash", "sms", &["hl-all", "hl-families", "hl-coupon"]);
    let check = desk.check_message_draft("hl-offers", input, "2026-12-01", "09:00", None);
    assert!(check.issues.is_clean(), "{:?}", check.issues);
    assert_eq!(check.without_consent, ["All shoppers", "Young families"]);
    // The client's min_value of 50 reaches every segment through the cascade.
    assert_eq!(check.min_value, Some(50.0));
    assert_eq!(check.value.as_ref().unwrap().score, 0.0);
    assert_eq!(check.meets_min_value, Some(false));
    assert_eq!(
        check.at,
        Some("2026-12-01T09:00:00".parse::<NaiveDateTime>().unwrap())
    );
    let email = message("Flash", "email", &["hl-all"]);
    let check = desk.check_message_draft("hl-offers", email, "1.12.2026", "07:30", Some("de-DE"));
    assert!(check.without_consent.is_empty());
    assert_eq!(
        check.at,
        Some("2026-12-01T07:30:00".parse::<NaiveDateTime>().unwrap())
    );
}

#[test]
fn the_message_draft_reads_typed_date_and_time_and_names_a_missing_campaign() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let input = message("Flash", "email", &["hl-all"]);
    let check = desk.check_message_draft("hl-offers", input.clone(), "2026-02-30", "9", None);
    assert!(check.issues.fields["date"][0].contains("not a day of the calendar"));
    assert_eq!(
        check.issues.fields["time"],
        ["Write the time as HH:MM (24-hour)."]
    );
    assert_eq!(check.at, None);
    let check = desk.check_message_draft("", input, "", "", None);
    assert_eq!(check.issues.fields["date"], ["Date is required."]);
    assert_eq!(check.issues.fields["time"], ["Time is required."]);
    assert!(check.issues.fields["campaign"][0].starts_with("Choose a campaign"));
}

#[test]
fn the_campaign_draft_reads_its_typed_days_and_either_may_stay_blank() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let input = campaign("Winter", "2000-01-01", "2000-01-01");
    let check = desk.check_campaign_draft(
        "harvest-lane",
        input.clone(),
        "11/13/2026",
        "",
        Some("en-US"),
    );
    assert!(check.issues.is_clean(), "{:?}", check.issues);
    assert_eq!(check.start.date, NaiveDate::from_ymd_opt(2026, 11, 13));
    assert_eq!(check.start.how.as_deref(), Some("month/day/year"));
    assert_eq!((check.end.date, check.end.problem), (None, None));
    assert_eq!(check.end.hint, "YYYY-MM-DD or MM/DD/YYYY");
    // The same text is day first where the locale writes the day first: no 13th month.
    let check = desk.check_campaign_draft(
        "harvest-lane",
        input.clone(),
        "11/13/2026",
        "31.12.2026",
        Some("de-DE"),
    );
    assert_eq!(
        check.issues.fields["start"],
        ["11/13/2026 is not a day of the calendar (read as day/month/year)."]
    );
    assert_eq!(check.start.date, None);
    assert_eq!(check.end.date, NaiveDate::from_ymd_opt(2026, 12, 31));
    let check = desk.check_campaign_draft("harvest-lane", input.clone(), "soon", " ", None);
    assert_eq!(
        check.issues.fields["start"],
        ["Not a date: write it as YYYY-MM-DD or DD.MM.YYYY."]
    );
    assert!(!check.issues.fields.contains_key("end"));
    // What the form saves is the input with the dates read.
    let check = desk.check_campaign_draft(
        "harvest-lane",
        input.clone(),
        "1.12.2026",
        "24.12.2026",
        Some("de-DE"),
    );
    let saved = CampaignInput {
        start: check.start.date,
        end: check.end.date,
        ..input
    };
    let id = desk
        .save_campaign("harvest-lane", saved)
        .unwrap()
        .id
        .unwrap();
    let stored = desk.plan().clients[0]
        .campaigns
        .iter()
        .find(|c| c.id == id)
        .unwrap();
    assert_eq!(
        (stored.start, stored.end),
        (
            NaiveDate::from_ymd_opt(2026, 12, 1),
            NaiveDate::from_ymd_opt(2026, 12, 24)
        )
    );
}

#[test]
fn the_message_draft_names_the_chosen_ancestor_each_segment_is_reached_via() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let client = &desk.plan().clients[0];
    let name = |id: &str| {
        client
            .segments
            .iter()
            .find(|s| s.id == id)
            .unwrap()
            .name
            .clone()
    };
    let parent = |id: &str| {
        client
            .segments
            .iter()
            .find(|s| s.id == id)
            .unwrap()
            .parent
            .clone()
    };
    // The sample's tree: hl-all above hl-coupon above hl-loyal.
    assert_eq!(parent("hl-loyal").as_deref(), Some("hl-coupon"));
    assert_eq!(parent("hl-coupon").as_deref(), Some("hl-all"));
    let via = |chosen: &[&str]| {
        desk.check_message_draft(
            "hl-offers",
            message("Flash", "email", chosen),
            "2026-12-01",
            "09:00",
            None,
        )
        .reached_via
    };
    let all = via(&["hl-all"]);
    let below: Vec<&String> = client
        .segments
        .iter()
        .filter(|s| s.id != "hl-all")
        .map(|s| &s.id)
        .collect();
    assert_eq!(all.keys().collect::<Vec<_>>().len(), below.len(), "{all:?}");
    assert!(all.values().all(|v| *v == name("hl-all")), "{all:?}");
    // The nearest chosen ancestor names it; a chosen segment is not "reached via".
    let both = via(&["hl-all", "hl-coupon"]);
    assert_eq!(both["hl-loyal"], name("hl-coupon"));
    assert_eq!(both["hl-families"], name("hl-all"));
    assert!(!both.contains_key("hl-coupon") && !both.contains_key("hl-all"));
    assert_eq!(
        via(&["hl-loyal"]),
        std::collections::BTreeMap::new(),
        "a leaf reaches nothing below it"
    );
    assert!(via(&[]).is_empty());
}

#[test]
fn huge_inputs_answer_without_panic() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let huge = "x".repeat(1_000_000);
    let check = desk.check_client_draft(client(&huge, "Europe/Berlin"));
    assert!(check.fields["name"][0].contains("1000000 characters"));
    let check = desk.check_segment_draft("harvest-lane", segment(None, &huge, Some(&huge)), &huge);
    assert!(check.fields.contains_key("name") && check.fields.contains_key("parent"));
    let ids: Vec<String> = (0..10_000).map(|i| format!("seg-{i}")).collect();
    let mut input = message(&huge, "email", &[]);
    input.segments = ids;
    let check = desk.check_message_draft("hl-offers", input, &huge, &huge, Some(&huge));
    assert!(check.issues.fields["segments"].len() >= 10_000);
    assert!(check.issues.fields.contains_key("title"));
    assert!(check.issues.fields["date"][0].starts_with("Not a date"));
    assert!(desk.segment_parents("harvest-lane", Some(&huge)).is_err());
}

#[test]
fn typed_dates_by_locale() {
    let read =
        |text: &str, locale: Option<&str>| read_date(text, locale).date.map(|d| d.to_string());
    assert_eq!(read("2026-11-07", None).as_deref(), Some("2026-11-07"));
    assert_eq!(
        read(" 2026/11/7 ", Some("en-US")).as_deref(),
        Some("2026-11-07")
    );
    assert_eq!(
        read("9.11.2026", Some("en-US")).as_deref(),
        Some("2026-11-09")
    );
    assert_eq!(
        read("9/11/2026", Some("en-US")).as_deref(),
        Some("2026-09-11")
    );
    assert_eq!(
        read("9/11/2026", Some("de-DE")).as_deref(),
        Some("2026-11-09")
    );
    assert_eq!(read("9/11/2026", None).as_deref(), Some("2026-11-09"));
    assert_eq!(read("13/11/2026", Some("en-US")), None);
    let refused = read_date("2026-02-30", None);
    assert_eq!(refused.date, None);
    assert_eq!(
        refused.problem.as_deref(),
        Some("2026-02-30 is not a day of the calendar (read as year-month-day).")
    );
    assert_eq!(
        read_date("9/11/2026", Some("en-US")).how.as_deref(),
        Some("month/day/year")
    );
    assert_eq!(
        read_date("", Some("en-US")).hint,
        "YYYY-MM-DD or MM/DD/YYYY"
    );
    assert_eq!(
        read_date("", Some("de-DE")).hint,
        "YYYY-MM-DD or DD.MM.YYYY"
    );
    let when = read_when("7.11.2026", "18:45", Some("de-DE"));
    assert_eq!(
        when.at,
        Some("2026-11-07T18:45:00".parse::<NaiveDateTime>().unwrap())
    );
}

#[test]
fn the_draft_commands_are_served_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut desk = open(&dir);
    let clock = commands::Clock {
        today: today(),
        now: today().and_hms_opt(9, 0, 0).unwrap().and_utc(),
    };
    let reply = commands::dispatch_desk(
        &mut desk,
        clock,
        "read_typed_when",
        serde_json::json!({ "date": "9/11/2026", "time": "09:30", "locale": "en-US" }),
    )
    .unwrap()
    .unwrap();
    assert_eq!(reply["at"], "2026-09-11T09:30:00");
    let reply = commands::dispatch_desk(
        &mut desk,
        clock,
        "read_typed_date",
        serde_json::json!({ "text": "9/11/2026", "locale": "de-DE" }),
    )
    .unwrap()
    .unwrap();
    assert_eq!(reply["date"], "2026-11-09", "{reply}");
    assert_eq!(reply["how"], "day/month/year", "{reply}");
    let reply = commands::dispatch_desk(
        &mut desk,
        clock,
        "check_client_draft",
        serde_json::json!({ "input": { "id": null, "name": "", "timezone": "UTC", "checklist": null, "rules": null } }),
    )
    .unwrap()
    .unwrap();
    assert!(reply["fields"]["name"].is_array(), "{reply}");
}
