//! Calendar occurrences and slot probing agree with the checks and with `suggest`.

use cadence_engine::{Engine, SuggestRequest};
use cadence_model::sample::sample_plan;
use cadence_model::RuleKind;
use chrono::{DateTime, Duration, NaiveDate, Utc};

fn engine() -> Engine {
    Engine::from_plan(&sample_plan(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())).unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

#[test]
fn occurrences_cover_every_violated_occurrence_and_respect_the_range() {
    let engine = engine();
    let (from, to) = (utc("2026-10-01T00:00:00Z"), utc("2027-04-01T00:00:00Z"));
    for client in ["harvest-lane", "northbridge", "tidewater"] {
        let occurrences = engine.occurrences(client, from, to).unwrap();
        assert!(occurrences.windows(2).all(|w| w[0].at <= w[1].at));
        for v in engine.client_violations(client).unwrap() {
            assert!(
                occurrences
                    .iter()
                    .any(|o| o.message == v.message && o.index == v.occurrence),
                "{client}: violation of {}#{} has no calendar occurrence",
                v.message,
                v.occurrence
            );
        }
    }
    let weekly = engine
        .occurrences("harvest-lane", from, to)
        .unwrap()
        .into_iter()
        .filter(|o| o.message == "hl-weekly-offers")
        .count();
    assert_eq!(weekly, 12);
    let narrow = engine
        .occurrences(
            "harvest-lane",
            utc("2026-11-01T00:00:00Z"),
            utc("2026-11-08T00:00:00Z"),
        )
        .unwrap();
    assert!(narrow
        .iter()
        .all(|o| o.at >= utc("2026-11-01T00:00:00Z") && o.at < utc("2026-11-08T00:00:00Z")));
    assert!(engine.occurrences("nobody", from, to).is_err());
}

#[test]
fn probe_is_clean_exactly_at_the_suggested_slots() {
    let engine = engine();
    for message in [
        "hl-sms-reminder",
        "hl-flash",
        "tw-tasting",
        "nb-savings-goal",
    ] {
        let after = utc("2026-11-10T00:00:00Z");
        let mut request = SuggestRequest::new(message, after);
        request.count = 100;
        request.step_minutes = 60;
        request.search_days = 7;
        let suggestion = engine.suggest(&request).unwrap();
        let candidates: Vec<DateTime<Utc>> =
            (0..7 * 24).map(|h| after + Duration::hours(h)).collect();
        let probed = engine.probe(message, &candidates).unwrap();
        if suggestion.blocked.is_empty() {
            let clean: Vec<DateTime<Utc>> = candidates
                .iter()
                .zip(&probed)
                .filter(|(_, kinds)| kinds.is_empty())
                .map(|(t, _)| *t)
                .collect();
            let suggested: Vec<DateTime<Utc>> = suggestion.slots.iter().map(|s| s.at).collect();
            assert_eq!(clean, suggested, "{message}");
        } else {
            let always: Vec<RuleKind> = suggestion.blocked.iter().map(|b| b.rule).collect();
            assert!(probed
                .iter()
                .all(|kinds| always.iter().all(|k| kinds.contains(k))));
        }
        assert!(
            probed.iter().any(|k| !k.is_empty()),
            "{message}: nothing shaded"
        );
    }
}

#[test]
fn probe_names_the_rule_a_slot_breaks() {
    let engine = engine();
    // Harvest Lane's quiet hours are 21:00-08:00 New York time: 03:00 local = 08:00 UTC.
    let night = utc("2026-11-18T08:00:00Z");
    let noon = utc("2026-11-18T17:00:00Z");
    let probed = engine.probe("hl-sms-reminder", &[night, noon]).unwrap();
    assert!(probed[0].contains(&RuleKind::QuietHours), "{probed:?}");
    assert!(!probed[1].contains(&RuleKind::QuietHours), "{probed:?}");
    assert!(engine.probe("nope", &[noon]).is_err());
}
