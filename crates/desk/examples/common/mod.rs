//! What the examples share: the engine's benchmark plan in a fresh desk.

use cadence_desk::{Desk, ImportMode};
use cadence_engine::synthetic::{plan, Shape};
use cadence_model::plan_to_json;
use chrono::NaiveDate;

/// A desk in `dir` holding the benchmark plan (40 clients, 20,000 messages), today 23 Nov 2026.
pub fn benchmark_desk(dir: &tempfile::TempDir) -> Desk {
    let file = dir.path().join("year.json");
    let json = plan_to_json(&plan(Shape::year(1.0)));
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut desk = Desk::open(&dir.path().join("year.db"), today).unwrap();
    desk.import_plan_file(
        json.as_bytes(),
        &file,
        ImportMode::Replace,
        chrono::DateTime::UNIX_EPOCH,
    )
    .unwrap();
    desk
}
