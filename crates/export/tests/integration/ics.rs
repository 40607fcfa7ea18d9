//! The ICS export read back by an independent implementation: Python's `icalendar` and
//! `recurring-ical-events` (tests/exports/check_ics.py) expand every calendar over its
//! period, and the instants must be exactly the `schedule` table's. Random plans cover DST
//! changes in three zones, local delivery across zones, nested segments and skipped and
//! moved occurrences. Skipped (with a message saying why) only when the Python libraries
//! are not installed (`scripts/setup.sh` installs them).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use cadence_export::{render, Format, Options, Scope, Table};
use cadence_model::{Client, Plan};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

use common::{arb, stamp, with_moves};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A Python with both libraries: `$CADENCE_ICS_PYTHON`, the test venv, or `python3`.
fn python() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("CADENCE_ICS_PYTHON").map(PathBuf::from),
        Some(repo().join("tests/exports/.venv/bin/python")),
        Some(PathBuf::from("python3")),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import icalendar, recurring_ical_events"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn write_pair(dir: &Path, name: &str, plan: &Plan, scope: &Scope) {
    let options = Options {
        plain: true,
        ..Options::new(stamp())
    };
    let ics = render(plan, Format::Ics, scope, &options).unwrap();
    let csv = render(plan, Format::Csv(Table::Schedule), scope, &options).unwrap();
    std::fs::write(dir.join(format!("{name}.ics")), ics).unwrap();
    std::fs::write(dir.join(format!("{name}.csv")), csv).unwrap();
    let from = scope.from.unwrap_or(plan.horizon.start);
    let to = scope.to.unwrap_or(plan.horizon.end);
    std::fs::write(dir.join(format!("{name}.period")), format!("{from} {to}")).unwrap();
}

#[test]
fn expanding_the_calendar_gives_the_schedule() {
    let Some(python) = python() else {
        eprintln!(
            "SKIPPED: python icalendar + recurring-ical-events are not installed \
             (run scripts/setup.sh or pip install -r tests/exports/requirements.txt)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut runner = TestRunner::deterministic();
    let strategy = arb::plan();
    for i in 0..60 {
        let plan = with_moves(strategy.new_tree(&mut runner).unwrap().current());
        write_pair(dir.path(), &format!("plan{i:02}"), &plan, &Scope::default());
        // A shorter period and one segment of the same plan.
        let seg = plan.clients[0].segments.last().unwrap().id.clone();
        let scope = Scope {
            segment: Some(seg),
            from: chrono::NaiveDate::from_ymd_opt(2026, 3, 7),
            to: chrono::NaiveDate::from_ymd_opt(2026, 4, 6),
            ..Scope::default()
        };
        write_pair(dir.path(), &format!("plan{i:02}-part"), &plan, &scope);
    }
    // The sample agency: real titles, briefs with commas and line breaks, several zones.
    let sample =
        cadence_model::sample::sample_plan(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    for client in &sample.clients {
        let scope = Scope {
            client: Some(client.id.clone()),
            ..Scope::default()
        };
        write_pair(
            dir.path(),
            &format!("sample-{}", client.id),
            &sample,
            &scope,
        );
    }
    let out = Command::new(python)
        .arg(repo().join("tests/exports/check_ics.py"))
        .arg(dir.path())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if !out.status.success() {
        // Keep the files for a look.
        let kept = dir.keep();
        panic!("{text}\nfiles kept in {}", kept.display());
    }
    assert!(text.contains(" passed, 0 failed"), "{text}");
}

#[test]
fn calendar_has_a_vtimezone_per_zone_and_stable_uids() {
    let plan = with_moves(
        arb::plan()
            .new_tree(&mut TestRunner::deterministic())
            .unwrap()
            .current(),
    );
    let options = Options::new(stamp());
    let a = String::from_utf8(render(&plan, Format::Ics, &Scope::default(), &options).unwrap())
        .unwrap();
    let mut later = options.clone();
    later.exported_at += chrono::Duration::days(3);
    let b =
        String::from_utf8(render(&plan, Format::Ics, &Scope::default(), &later).unwrap()).unwrap();
    let uids = |t: &str| {
        t.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&a), uids(&b), "UIDs do not depend on the export date");
    assert!(a.contains("DTSTAMP:20260220T120000Z"));
    for line in a.split("\r\n").filter(|l| l.starts_with("DTSTART;TZID=")) {
        let zone = &line["DTSTART;TZID=".len()..line.find(':').unwrap()];
        assert!(
            a.contains(&format!("BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n")),
            "no VTIMEZONE for {zone}"
        );
    }
    assert!(
        !a.replace("\r\n", "").contains('\n'),
        "bare LF in the calendar"
    );
}

#[test]
fn calendars_need_one_client() {
    let mut plan =
        cadence_model::sample::sample_plan(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    if plan.clients.len() < 2 {
        let mut other = Client::clone(&plan.clients[0]);
        other.id = "other".into();
        plan.clients.push(other.into());
    }
    let err = render(
        &plan,
        Format::Ics,
        &Scope::default(),
        &Options::new(stamp()),
    )
    .unwrap_err();
    assert!(err.is_invalid_input());
    assert!(err.to_string().contains("one client at a time"), "{err}");
}
