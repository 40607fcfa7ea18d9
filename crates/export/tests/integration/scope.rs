//! Bad scopes are refused with an error naming what, and nothing is written; an existing
//! file survives a failed export.

use crate::common;

use cadence_export::{export_file, render, ExportError, Format, Options, Scope, Table};
use cadence_model::Plan;
use chrono::NaiveDate;

use common::stamp;

fn sample() -> Plan {
    cadence_model::sample::sample_plan(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
}

fn touches(plan: &Plan, scope: Scope) -> Result<Vec<u8>, ExportError> {
    render(
        plan,
        Format::Csv(Table::Touches),
        &scope,
        &Options::new(stamp()),
    )
}

#[test]
fn unknown_client_and_segment_are_named() {
    let plan = sample();
    let err = touches(
        &plan,
        Scope {
            client: Some("nobody".into()),
            ..Scope::default()
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, ExportError::UnknownClient(ref c) if c == "nobody"),
        "{err}"
    );
    assert!(err.is_invalid_input());
    let client = plan.clients[0].id.clone();
    let err = touches(
        &plan,
        Scope {
            client: Some(client),
            segment: Some("nowhere".into()),
            ..Scope::default()
        },
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("unknown segment \"nowhere\""),
        "{err}"
    );
    // A segment of another client is unknown in this one.
    let other = plan.clients[1].segments[0].id.clone();
    let err = touches(
        &plan,
        Scope {
            client: Some(plan.clients[0].id.clone()),
            segment: Some(other),
            ..Scope::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::UnknownSegment { .. }), "{err}");
}

#[test]
fn periods_must_lie_in_the_horizon_and_not_be_empty() {
    let plan = sample();
    let before = plan.horizon.start - chrono::Duration::days(1);
    let err = touches(
        &plan,
        Scope {
            from: Some(before),
            ..Scope::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::OutsideHorizon { .. }), "{err}");
    assert!(err.to_string().contains("outside the plan's horizon"));
    let err = touches(
        &plan,
        Scope {
            to: Some(plan.horizon.end + chrono::Duration::days(1)),
            ..Scope::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::OutsideHorizon { .. }), "{err}");
    let day = plan.horizon.start + chrono::Duration::days(3);
    let err = touches(
        &plan,
        Scope {
            from: Some(day),
            to: Some(day),
            ..Scope::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::EmptyPeriod { .. }), "{err}");
}

#[test]
fn a_failed_export_leaves_the_old_file_and_no_temporary_file() {
    let plan = sample();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("touches.csv");
    std::fs::write(&target, "old contents").unwrap();
    let scope = Scope {
        client: Some("nobody".into()),
        ..Scope::default()
    };
    let err = export_file(
        &plan,
        Format::Csv(Table::Touches),
        &scope,
        &Options::new(stamp()),
        &target,
    );
    assert!(err.is_err());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old contents");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // A good export replaces it whole.
    export_file(
        &plan,
        Format::Csv(Table::Touches),
        &Scope::default(),
        &Options::new(stamp()),
        &target,
    )
    .unwrap();
    assert!(std::fs::read(&target)
        .unwrap()
        .starts_with(b"\xEF\xBB\xBFclient,segment"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_missing_folder_is_unwritable() {
    let plan = sample();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing/sub/touches.csv");
    let err = export_file(
        &plan,
        Format::Csv(Table::Touches),
        &Scope::default(),
        &Options::new(stamp()),
        &target,
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::Unwritable { .. }), "{err}");
    assert!(!err.is_invalid_input());
    assert!(err.to_string().contains("missing/sub/touches.csv"), "{err}");
}
