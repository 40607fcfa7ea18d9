//! Value scores from the real desk: a draft's score as the checklist is ticked, what a new
//! checklist does to every message, and the message rows' facts.

use std::collections::BTreeMap;

use cadence_desk::*;
use chrono::NaiveDate;

fn open(dir: &tempfile::TempDir) -> Desk {
    Desk::open(
        &dir.path().join("cadence.db"),
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    )
    .unwrap()
}

/// The first sample client that has a message with a recurrence, and that message.
fn sample(desk: &Desk) -> (String, cadence_model::Message) {
    desk.plan()
        .clients
        .iter()
        .find_map(|c| {
            c.campaigns
                .iter()
                .flat_map(|k| &k.messages)
                .find(|m| m.rrule.is_some())
                .map(|m| (c.id.clone(), m.clone()))
        })
        .expect("the sample has a repeating message")
}

#[test]
fn a_drafts_score_follows_its_answers_with_the_required_items_it_misses() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let (client, _) = sample(&desk);
    let checklist = desk.plan().client(&client).unwrap().checklist.clone();
    let none = desk.score_draft(&client, None, &BTreeMap::new()).unwrap();
    assert_eq!(none.score, 0.0);
    assert_eq!(none.score_text, "0.0");
    let required: Vec<String> = checklist
        .iter()
        .filter(|i| i.required)
        .map(|i| i.label.clone())
        .collect();
    assert_eq!(none.missing_required, required);
    let all: BTreeMap<String, bool> = checklist.iter().map(|i| (i.id.clone(), true)).collect();
    let full = desk.score_draft(&client, None, &all).unwrap();
    assert_eq!((full.score, full.score_text.as_str()), (100.0, "100.0"));
    assert!(full.missing_required.is_empty());
    // Against a draft checklist of one unweighted item, any answers score 100.
    let mut one = checklist[0].clone();
    one.weight = 0;
    one.required = false;
    let draft = desk
        .score_draft(&client, Some(std::slice::from_ref(&one)), &BTreeMap::new())
        .unwrap();
    assert_eq!(draft.score, 100.0);
}

#[test]
fn a_new_checklist_lists_exactly_the_messages_whose_value_changes() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let (client, _) = sample(&desk);
    let checklist = desk.plan().client(&client).unwrap().checklist.clone();
    assert!(
        desk.checklist_changes(&client, &checklist)
            .unwrap()
            .is_empty(),
        "same checklist"
    );
    // Make every item required: each message that leaves one unanswered changes.
    let strict: Vec<_> = checklist
        .iter()
        .cloned()
        .map(|mut i| {
            i.required = true;
            i
        })
        .collect();
    let changes = desk.checklist_changes(&client, &strict).unwrap();
    let messages: Vec<&cadence_model::Message> = desk
        .plan()
        .client(&client)
        .unwrap()
        .campaigns
        .iter()
        .flat_map(|c| &c.messages)
        .collect();
    let expected: Vec<&str> = messages
        .iter()
        .filter(|m| {
            checklist
                .iter()
                .any(|i| !i.required && !m.checklist.get(&i.id).copied().unwrap_or(false))
        })
        .map(|m| m.id.as_str())
        .collect();
    let got: Vec<&str> = changes.iter().map(|c| c.message.as_str()).collect();
    assert_eq!(got, expected);
    assert!(changes.iter().all(|c| c.before.score == c.after.score
        && c.after.missing_required.len() > c.before.missing_required.len()));
}

#[test]
fn message_facts_give_each_rows_value_and_recurrence_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let desk = open(&dir);
    let (client, repeating) = sample(&desk);
    let facts = desk.message_facts(&client).unwrap();
    let count: usize = desk
        .plan()
        .client(&client)
        .unwrap()
        .campaigns
        .iter()
        .map(|c| c.messages.len())
        .sum();
    assert_eq!(facts.len(), count);
    let fact = facts.iter().find(|f| f.message == repeating.id).unwrap();
    assert_eq!(
        fact.recurrence.as_deref(),
        Some(cadence_model::recurrence::describe(repeating.rrule.as_deref().unwrap()).as_str())
    );
    let c = desk.plan().client(&client).unwrap();
    assert_eq!(
        fact.value.score,
        cadence_model::value::value_score(c, &repeating)
    );
    assert_eq!(
        desk.message_facts("nope").unwrap_err().code,
        ErrorCode::NotFound
    );
}
