//! The value checklist: default items from the brief and the value score.

use std::collections::BTreeMap;

use crate::types::{ChecklistItem, Client, Message};

/// The value score of `message` against `client`'s checklist: see [`score_of`].
pub fn value_score(client: &Client, message: &Message) -> f64 {
    score_of(&client.checklist, &message.checklist)
}

/// The value score of checklist `answers` against `checklist`: 100 x (weights answered
/// true) / (all weights), rounded to one decimal. A checklist with no weight scores 100:
/// there is nothing the message could fail.
pub fn score_of(checklist: &[ChecklistItem], answers: &BTreeMap<String, bool>) -> f64 {
    let total: u64 = checklist.iter().map(|i| i.weight as u64).sum();
    if total == 0 {
        return 100.0;
    }
    let yes: u64 = checklist
        .iter()
        .filter(|i| answers.get(&i.id).copied().unwrap_or(false))
        .map(|i| i.weight as u64)
        .sum();
    (1000.0 * yes as f64 / total as f64).round() / 10.0
}

/// Required checklist items the message does not answer true.
pub fn missing_required<'a>(client: &'a Client, message: &Message) -> Vec<&'a ChecklistItem> {
    missing_of(&client.checklist, &message.checklist)
}

/// Required items of `checklist` that `answers` does not answer true.
pub fn missing_of<'a>(
    checklist: &'a [ChecklistItem],
    answers: &BTreeMap<String, bool>,
) -> Vec<&'a ChecklistItem> {
    checklist
        .iter()
        .filter(|i| i.required && !answers.get(&i.id).copied().unwrap_or(false))
        .collect()
}

fn item(id: &str, label: &str, weight: u32, required: bool, guidance: &str) -> ChecklistItem {
    ChecklistItem {
        id: id.to_string(),
        label: label.to_string(),
        weight,
        required,
        guidance: guidance.to_string(),
    }
}

/// The checklist a new client starts with, drawn from the brief's test of a good message.
pub fn default_checklist() -> Vec<ChecklistItem> {
    vec![
        item(
            "glad",
            "Would this make the customer glad they know us?",
            3,
            true,
            "The one test that matters: five or ten well-timed messages beat 300 canned ones.",
        ),
        item(
            "useful",
            "Useful information",
            2,
            false,
            "Something the reader can use today: a tip, an answer, a fact they were missing.",
        ),
        item(
            "actionable",
            "Actionable",
            2,
            false,
            "A clear next step the reader can take, if they want to.",
        ),
        item(
            "joy",
            "Brings joy",
            1,
            false,
            "Delight counts as value: a story, a laugh, something beautiful.",
        ),
        item(
            "values",
            "True to the values we share with this audience",
            2,
            false,
            "64% of people who feel a relationship with a brand cite shared values (HBR; survey figure, directional).",
        ),
        item(
            "new",
            "New, not a repeat of something they already got",
            1,
            false,
            "Repeats read as noise; 21% unsubscribe because mail is not relevant (MarketingSherpa).",
        ),
        item(
            "deliver",
            "Promises only what we can deliver",
            2,
            true,
            "Over-promising costs more trust than the message earns.",
        ),
        item(
            "answer",
            "We are ready to answer replies",
            1,
            false,
            "1 in 4 people are annoyed when brands do not respond (Sprout Social, 2016): customer service is marketing.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use std::collections::BTreeMap;

    fn client(weights: &[(&str, u32, bool)]) -> Client {
        Client {
            id: "c".into(),
            name: "C".into(),
            timezone: "UTC".into(),
            checklist: weights
                .iter()
                .map(|(id, w, r)| item(id, id, *w, *r, ""))
                .collect(),
            rules: vec![],
            segments: vec![],
            campaigns: vec![],
        }
    }

    fn message(answers: &[(&str, bool)]) -> Message {
        Message {
            id: "m".into(),
            title: "M".into(),
            channel: "email".into(),
            segments: vec!["s".into()],
            at: NaiveDate::from_ymd_opt(2026, 1, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            timezone: None,
            local_delivery: false,
            transactional: false,
            rrule: None,
            exdates: Vec::new(),
            checklist: answers
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect::<BTreeMap<_, _>>(),
            brief: String::new(),
            status: Default::default(),
        }
    }

    #[test]
    fn score_is_weighted_share_rounded_to_one_decimal() {
        let c = client(&[("a", 1, false), ("b", 2, false)]);
        assert_eq!(value_score(&c, &message(&[("a", true)])), 33.3);
        assert_eq!(value_score(&c, &message(&[("b", true)])), 66.7);
        assert_eq!(
            value_score(&c, &message(&[("a", true), ("b", true)])),
            100.0
        );
        assert_eq!(value_score(&c, &message(&[("a", false)])), 0.0);
    }

    #[test]
    fn empty_checklist_scores_full() {
        assert_eq!(value_score(&client(&[]), &message(&[])), 100.0);
    }

    #[test]
    fn missing_answers_count_as_false() {
        let c = client(&[("a", 1, true), ("b", 1, true)]);
        let missing = missing_required(&c, &message(&[("a", true)]));
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].id, "b");
    }
}
