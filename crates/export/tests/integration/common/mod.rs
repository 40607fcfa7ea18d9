//! Helpers shared by the export tests: the engine's random plans (reused from the engine's
//! tests), moved occurrences, and CSV reading.

#[path = "../../../../engine/tests/common/arb.rs"]
pub mod arb;

use std::collections::HashMap;

use cadence_model::Plan;
use chrono::{DateTime, Duration, TimeZone, Utc};

/// The export instant used by the tests.
pub fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 2, 20, 12, 0, 0).unwrap()
}

/// Move the skipped occurrence of every series with an `EXDATE` three hours later as a
/// message of its own, as the app does when one occurrence is moved.
pub fn with_moves(mut plan: Plan) -> Plan {
    for client in plan.clients.iter_mut().map(std::sync::Arc::make_mut) {
        for campaign in &mut client.campaigns {
            let moved: Vec<_> = campaign
                .messages
                .iter()
                .filter(|m| !m.exdates.is_empty())
                .map(|m| {
                    let mut single = m.clone();
                    single.id = format!("{}-moved", m.id);
                    single.title = format!("{} (moved)", m.title);
                    single.at = m.exdates[0] + Duration::hours(3);
                    single.rrule = None;
                    single.exdates = Vec::new();
                    single
                })
                .collect();
            campaign.messages.extend(moved);
        }
    }
    plan
}

/// A CSV table as header-keyed rows (a UTF-8 BOM is skipped).
pub fn read_csv(bytes: &[u8]) -> Vec<HashMap<String, String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::Reader::from_reader(bytes);
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}
