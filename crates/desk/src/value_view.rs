//! Value scores the screens show, from the model's one scoring function: a draft's score as
//! the planner ticks the checklist, what a new checklist would do to every message, and each
//! message's score, missing required items and recurrence in words for the message rows.

use std::collections::BTreeMap;

use cadence_model::value::{missing_of, score_of};
use cadence_model::{ChecklistItem, Client};
use serde::Serialize;
use ts_rs::TS;

use crate::desk::not_found;
use crate::{AppError, Current};

/// A message's value against its client's checklist.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ValueView {
    /// 0..100, one decimal.
    pub score: f64,
    /// The score as shown: always one decimal ("66.7", "100.0").
    pub score_text: String,
    /// Labels of the required items not answered yes.
    pub missing_required: Vec<String>,
}

/// What a new checklist does to one message.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ScoreChange {
    /// Message id.
    pub message: String,
    /// Its title.
    pub title: String,
    /// Its value now.
    pub before: ValueView,
    /// Its value under the new checklist.
    pub after: ValueView,
}

/// The checklist editor's draft, checked: each row's id and problems by field (the checks a
/// save applies), and, when it would save, what it does to the client's messages.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChecklistDraftView {
    /// Row by row: the id, the share of the score, the problems by field.
    pub items: Vec<cadence_model::checklist::ChecklistRowCheck>,
    /// The checklist as it would be saved; `None` while a row has a problem.
    pub checklist: Option<Vec<ChecklistItem>>,
    /// The messages whose value would change (empty while a row has a problem).
    pub changes: Vec<ScoreChange>,
}

/// One message row's facts.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MessageFacts {
    /// Message id.
    pub message: String,
    /// Its value.
    pub value: ValueView,
    /// Its recurrence in words ("Every week on Thursday until 31 Jan 2027"), `None` for a
    /// one-off message.
    pub recurrence: Option<String>,
}

fn value_of(checklist: &[ChecklistItem], answers: &BTreeMap<String, bool>) -> ValueView {
    let score = score_of(checklist, answers);
    ValueView {
        score,
        score_text: format!("{score:.1}"),
        missing_required: missing_of(checklist, answers)
            .into_iter()
            .map(|i| i.label.clone())
            .collect(),
    }
}

impl Current {
    fn client_of(&self, client_id: &str) -> Result<&Client, AppError> {
        self.plan()
            .client(client_id)
            .ok_or_else(|| not_found("client", client_id))
    }

    /// The value of a draft's checklist answers against the client's checklist (or `checklist`
    /// when given, a draft of the checklist itself).
    pub fn score_draft(
        &self,
        client_id: &str,
        checklist: Option<&[ChecklistItem]>,
        answers: &BTreeMap<String, bool>,
    ) -> Result<ValueView, AppError> {
        let client = self.client_of(client_id)?;
        Ok(value_of(checklist.unwrap_or(&client.checklist), answers))
    }

    /// Every message of the client whose score or missing required items change under
    /// `checklist`, in plan order. Nothing is saved.
    pub fn checklist_changes(
        &self,
        client_id: &str,
        checklist: &[ChecklistItem],
    ) -> Result<Vec<ScoreChange>, AppError> {
        let client = self.client_of(client_id)?;
        Ok(client
            .campaigns
            .iter()
            .flat_map(|c| &c.messages)
            .filter_map(|m| {
                let before = value_of(&client.checklist, &m.checklist);
                let after = value_of(checklist, &m.checklist);
                (before != after).then(|| ScoreChange {
                    message: m.id.clone(),
                    title: m.title.clone(),
                    before,
                    after,
                })
            })
            .collect())
    }

    /// Check the checklist editor's draft of `client_id`'s checklist: new rows get their ids,
    /// every row its problems, and a draft that would save its effect on the messages.
    pub fn check_checklist(
        &self,
        client_id: &str,
        draft: &[cadence_model::checklist::ChecklistDraftItem],
    ) -> Result<ChecklistDraftView, AppError> {
        self.client_of(client_id)?;
        let check = cadence_model::checklist::check_checklist(draft);
        let changes = match &check.checklist {
            Some(list) => self.checklist_changes(client_id, list)?,
            None => Vec::new(),
        };
        Ok(ChecklistDraftView {
            items: check.items,
            checklist: check.checklist,
            changes,
        })
    }

    /// Each message of the client, in plan order: its value and its recurrence in words.
    pub fn message_facts(&self, client_id: &str) -> Result<Vec<MessageFacts>, AppError> {
        let client = self.client_of(client_id)?;
        Ok(client
            .campaigns
            .iter()
            .flat_map(|c| &c.messages)
            .map(|m| MessageFacts {
                message: m.id.clone(),
                value: value_of(&client.checklist, &m.checklist),
                recurrence: m.rrule.as_deref().map(cadence_model::recurrence::describe),
            })
            .collect())
    }
}
