//! `Engine::message_findings`: a message's violations over every segment it reaches are
//! exactly the records of the full check that name it, counted per rule, first in order.

use std::collections::BTreeMap;

use cadence_engine::Engine;
use cadence_model::sample::sample_plan;
use chrono::NaiveDate;

#[test]
fn a_messages_findings_are_the_checks_records_of_that_message() {
    let plan = sample_plan(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    let engine = Engine::from_plan(&plan).unwrap();
    let all = engine.violations();
    let mut seen = 0;
    for message in plan.clients.iter().flat_map(|c| c.messages()) {
        let found = engine.message_findings(&message.id, 3).unwrap();
        let expected: Vec<_> = all.iter().filter(|v| v.message == message.id).collect();
        assert_eq!(found.total, expected.len(), "{}", message.id);
        let mut by_rule = BTreeMap::new();
        for v in &expected {
            *by_rule.entry(v.rule).or_insert(0) += 1;
        }
        assert_eq!(found.by_rule, by_rule, "{}", message.id);
        let first: Vec<_> = found.findings.iter().map(|f| &f.violation).collect();
        assert_eq!(first, expected.iter().take(3).copied().collect::<Vec<_>>());
        for f in &found.findings {
            assert_eq!(
                Some(&f.explanation),
                engine.explain_violation(&f.violation).as_ref()
            );
        }
        seen += found.total;
    }
    assert_eq!(seen, all.len(), "every violation belongs to one message");
    assert!(engine.message_findings("no-such-message", 3).is_none());
}
