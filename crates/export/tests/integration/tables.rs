//! The CSV tables read back and compared with the engine's own answers on random plans
//! (nested segments in several zones, DST changes in March and April, local delivery,
//! transactional messages, skipped and moved occurrences).

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use cadence_engine::{check_violations, CheckOptions, Engine};
use cadence_export::{export_tables, render, Format, Options, Scope, Table};
use cadence_model::Plan;
use chrono::SecondsFormat;
use proptest::prelude::*;

use common::{arb, read_csv, stamp, with_moves};

fn table(plan: &Plan, table: Table, scope: &Scope, plain: bool) -> Vec<u8> {
    let mut options = Options::new(stamp());
    options.plain = plain;
    render(plan, Format::Csv(table), scope, &options).unwrap()
}

/// (segment, message, occurrence, at, direct) -> (local "YYYY-MM-DD HH:MM", violations,
/// their rule kinds joined with `;` in the spec's order).
type TouchMap = BTreeMap<(String, String, u32, String, bool), (String, usize, String)>;

/// The engine's touches and violation counts, through its public report API.
fn engine_touches(plan: &Plan, only_segment: Option<&str>) -> TouchMap {
    let engine = Engine::from_plan(plan).unwrap();
    let records = engine.violations();
    let mut out = TouchMap::new();
    for client in &plan.clients {
        for seg in &client.segments {
            if only_segment.is_some_and(|s| s != seg.id) {
                continue;
            }
            for t in engine.touches_of(&seg.id).unwrap() {
                let rules: Vec<&str> = records
                    .iter()
                    .filter(|v| {
                        v.segment == seg.id
                            && v.message == t.message
                            && v.occurrence == t.occurrence
                    })
                    .map(|v| v.rule.as_str())
                    .collect();
                let at = t.at.to_rfc3339_opts(SecondsFormat::Secs, true);
                let local = t.local[..16].to_string();
                out.insert(
                    (
                        seg.id.clone(),
                        t.message.clone(),
                        t.occurrence,
                        at,
                        t.direct,
                    ),
                    (local, rules.len(), rules.join(";")),
                );
            }
        }
    }
    out
}

fn csv_touches(bytes: &[u8]) -> TouchMap {
    read_csv(bytes)
        .into_iter()
        .map(|r| {
            (
                (
                    r["segment"].clone(),
                    r["message"].clone(),
                    r["occurrence"].parse().unwrap(),
                    r["at_utc"].clone(),
                    r["direct"] == "true",
                ),
                (
                    format!("{} {}", r["local_date"], r["local_time"]),
                    r["violations"].parse().unwrap(),
                    r["rules"].clone(),
                ),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn touches_table_is_the_engines_touches(plan in arb::plan()) {
        let plan = with_moves(plan);
        let bytes = table(&plan, Table::Touches, &Scope::default(), true);
        let rows = csv_touches(&bytes);
        let want = engine_touches(&plan, None);
        prop_assert_eq!(rows.len(), read_csv(&bytes).len(), "a touch is listed twice");
        prop_assert_eq!(rows, want);
    }

    #[test]
    fn one_segment_keeps_its_inherited_touches(plan in arb::plan()) {
        let plan = with_moves(plan);
        let last = plan.clients[0].segments.last().unwrap().id.clone();
        let scope = Scope { segment: Some(last.clone()), ..Scope::default() };
        let rows = csv_touches(&table(&plan, Table::Touches, &scope, false));
        prop_assert_eq!(rows, engine_touches(&plan, Some(&last)));
    }

    #[test]
    fn violations_table_is_cadence_check(plan in arb::plan()) {
        let plan = with_moves(plan);
        let rows = read_csv(&table(&plan, Table::Violations, &Scope::default(), true));
        let records = check_violations(&plan, &CheckOptions::default()).unwrap();
        prop_assert_eq!(rows.len(), records.len());
        for (row, v) in rows.iter().zip(&records) {
            prop_assert_eq!(&row["rule"], v.rule.as_str());
            prop_assert_eq!(&row["segment"], &v.segment);
            prop_assert_eq!(&row["message"], &v.message);
            prop_assert_eq!(row["occurrence"].parse::<u32>().unwrap(), v.occurrence);
            prop_assert_eq!(&row["at"], &v.at.to_rfc3339_opts(SecondsFormat::Secs, true));
            prop_assert_eq!(&row["detail"], &v.detail);
            prop_assert_eq!(row["count"].parse::<u32>().ok(), v.count);
            prop_assert!(!row["explanation"].is_empty());
        }
    }

    #[test]
    fn schedule_rows_are_the_touch_instants(plan in arb::plan()) {
        let plan = with_moves(plan);
        let touches = read_csv(&table(&plan, Table::Touches, &Scope::default(), true));
        let schedule = read_csv(&table(&plan, Table::Schedule, &Scope::default(), true));
        // Every touch is covered by exactly the schedule row of its message, occurrence and
        // instant, and lists its segment there.
        let mut from_touches: BTreeMap<(String, String, String), BTreeSet<String>> = BTreeMap::new();
        for t in &touches {
            from_touches
                .entry((t["message"].clone(), t["occurrence"].clone(), t["at_utc"].clone()))
                .or_default()
                .insert(t["segment"].clone());
        }
        let mut from_schedule: BTreeMap<(String, String, String), BTreeSet<String>> = BTreeMap::new();
        for r in &schedule {
            let segs = from_schedule
                .entry((r["message"].clone(), r["occurrence"].clone(), r["at_utc"].clone()))
                .or_default();
            for s in r["segments"].split(';') {
                prop_assert!(segs.insert(s.to_string()), "segment {} listed twice", s);
            }
        }
        prop_assert_eq!(from_touches, from_schedule);
        let total: usize = schedule.iter().map(|r| r["violations"].parse::<usize>().unwrap()).sum();
        prop_assert_eq!(total, check_violations(&plan, &CheckOptions::default()).unwrap().len());
    }

    #[test]
    fn messages_table_lists_each_touching_message_once(plan in arb::plan()) {
        let plan = with_moves(plan);
        let touches = read_csv(&table(&plan, Table::Touches, &Scope::default(), true));
        let messages = read_csv(&table(&plan, Table::Messages, &Scope::default(), true));
        let touched: BTreeSet<String> = touches.iter().map(|t| t["message"].clone()).collect();
        let listed: Vec<String> = messages.iter().map(|m| m["message"].clone()).collect();
        prop_assert_eq!(listed.len(), touched.len());
        prop_assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), touched);
        let engine = Engine::from_plan(&plan).unwrap();
        for m in &messages {
            let score = engine.message_score(&m["message"]).unwrap();
            prop_assert_eq!(m["value_score"].parse::<f64>().unwrap(), score);
        }
    }

    #[test]
    fn the_four_files_are_the_four_single_tables(plan in arb::plan()) {
        let plan = with_moves(plan);
        let dir = tempfile::tempdir().unwrap();
        let options = Options::new(stamp());
        let written = export_tables(&plan, &Scope::default(), &options, dir.path()).unwrap();
        let tables = [Table::Touches, Table::Schedule, Table::Violations, Table::Messages];
        prop_assert_eq!(written.len(), tables.len());
        for (path, which) in written.iter().zip(tables) {
            let file = std::fs::read(path).unwrap();
            prop_assert!(file == table(&plan, which, &Scope::default(), false), "{}", path.display());
        }
    }
}

fn plan_with_formula_title() -> Plan {
    let mut plan =
        cadence_model::sample::sample_plan(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    let message = &mut plan.client_at_mut(0).campaigns[0].messages[0];
    message.title = "=HYPERLINK(\"http://x\")".to_string();
    message.brief = "-1, \"quoted\"\nsecond line".to_string();
    plan
}

#[test]
fn default_tables_are_excel_safe_and_plain_ones_are_not() {
    let plan = plan_with_formula_title();
    let safe = table(&plan, Table::Messages, &Scope::default(), false);
    assert!(safe.starts_with(b"\xEF\xBB\xBF"), "BOM first");
    let rows = read_csv(&safe);
    let title = "=HYPERLINK(\"http://x\")";
    assert!(rows.iter().any(|r| r["title"] == format!("'{title}")));
    assert!(rows
        .iter()
        .any(|r| r["brief"] == "'-1, \"quoted\"\nsecond line"));
    let plain = table(&plan, Table::Messages, &Scope::default(), true);
    assert!(!plain.starts_with(b"\xEF\xBB\xBF"));
    let rows = read_csv(&plain);
    assert!(rows.iter().any(|r| r["title"] == title));
}

#[test]
fn headers_are_the_specs_columns() {
    let plan = plan_with_formula_title();
    let header = |t: Table| {
        let bytes = table(&plan, t, &Scope::default(), true);
        let text = String::from_utf8(bytes).unwrap();
        text.lines().next().unwrap().to_string()
    };
    assert_eq!(
        header(Table::Touches),
        cadence_export::TOUCH_COLUMNS.join(",")
    );
    assert_eq!(
        header(Table::Schedule),
        cadence_export::SCHEDULE_COLUMNS.join(",")
    );
    assert_eq!(
        header(Table::Violations),
        cadence_export::VIOLATION_COLUMNS.join(",")
    );
    let messages = header(Table::Messages);
    assert!(messages.starts_with(&cadence_export::MESSAGE_COLUMNS.join(",")));
    assert!(messages.contains(",checklist_"));
    assert!(messages.ends_with(",brief"));
}
