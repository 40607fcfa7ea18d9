//! The editors' draft checks: the issues a form's save would raise, by field, without saving.
//!
//! Each check builds the next workspace exactly as the save does (the same `next_*` or
//! `draft_message` step of `edits.rs`) and runs the validation the save runs on it (the plan
//! rules for the edited client, or the engine's check of one message), so a form and its save
//! never disagree. Nothing is written and the engine is not touched. The message check also
//! answers what its form shows beside the fields: the typed date and time read, the chosen
//! segments not opted in to the channel, the chosen segment each other one is reached via,
//! and the minimum value score in effect for them through the rule cascade, with the draft's
//! own score. The campaign check reads its typed first and last days likewise. Every check
//! answers from one state ([`Current`]: the published snapshot), never the database, so a
//! form is never kept waiting by a write.

use std::collections::{BTreeMap, HashMap, HashSet};

use cadence_model::validate::validate_edit;
use cadence_model::{PlanIssue, Rule};
use chrono::NaiveDateTime;
use serde::Serialize;
use ts_rs::TS;

use crate::desk::{not_found, Current};
use crate::edits::NextPlan;
use crate::ipc::*;
use crate::typed::{read_optional_date, read_when, TypedDate};
use crate::value_view::ValueView;

/// The issues a save would raise: per form field, and those of no field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct DraftCheck {
    /// Field name ("name", "timezone", "segments") -> its issues, in the save's words.
    pub fields: BTreeMap<String, Vec<String>>,
    /// Issues of no field of the entity (with their path when they have one).
    pub form: Vec<String>,
}

impl DraftCheck {
    /// True when the save would raise nothing.
    pub fn is_clean(&self) -> bool {
        self.fields.is_empty() && self.form.is_empty()
    }

    /// Add an issue under `field`.
    fn add(&mut self, field: &str, message: impl Into<String>) {
        self.fields
            .entry(field.to_string())
            .or_default()
            .push(message.into());
    }

    /// Add plan issues: those under `prefix` (the edited entity's path) go to their field
    /// (the path's first name), the others to the form with their path.
    fn add_issues(&mut self, issues: Vec<PlanIssue>, prefix: &str) {
        for issue in issues {
            let rest = issue.path.strip_prefix(prefix);
            match rest {
                Some(rest) if rest.starts_with('.') => {
                    let rest = &rest[1..];
                    let end = rest.find(['.', '[']).unwrap_or(rest.len());
                    self.add(&rest[..end], issue.message);
                }
                Some("") => self.form.push(issue.message),
                _ => self.form.push(issue.to_string()),
            }
        }
    }

    /// Add what a refusal says: its issues under `prefix`, or its message.
    fn add_error(&mut self, err: AppError, prefix: &str) {
        if err.code == ErrorCode::InvalidInput && !err.issues.is_empty() {
            self.add_issues(err.issues, prefix);
        } else {
            self.form.push(err.message);
        }
    }

    /// The issues of an edit built as its save builds it.
    fn of_next(built: Result<NextPlan, AppError>) -> DraftCheck {
        let mut check = DraftCheck::default();
        match built {
            Ok(edit) => {
                if let Err(issues) = validate_edit(&edit.next, edit.client) {
                    check.add_issues(issues, &edit.path);
                }
            }
            Err(err) => check.add_error(err, ""),
        }
        check
    }
}

/// What the message editor shows about a draft: the save's issues and the facts beside them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MessageDraftCheck {
    /// The issues saving the draft would raise (the typed date under `date`, the time under
    /// `time`, the campaign under `campaign`).
    pub issues: DraftCheck,
    /// The typed date, read.
    pub date: TypedDate,
    /// The first occurrence the typed date and time make: what the save is sent as `at`.
    #[ts(type = "string | null")]
    pub at: Option<NaiveDateTime>,
    /// Names of the chosen segments not opted in to the chosen channel, which needs consent
    /// (the consent check flags their touches).
    pub without_consent: Vec<String>,
    /// The strictest minimum value score in effect for the chosen segments (the client's
    /// when none is chosen), after the rule cascade; `None` when no rule sets one.
    pub min_value: Option<f64>,
    /// Whether the draft meets `min_value` (its score is at least that, and every required
    /// checklist item is answered yes): what the engine's min_value check asks.
    pub meets_min_value: Option<bool>,
    /// The draft's value score against its client's checklist (`None` without a campaign).
    pub value: Option<ValueView>,
    /// Segment id -> the name of the nearest chosen segment above it, for each segment not
    /// chosen itself that the draft reaches through a chosen ancestor ("reached via").
    pub reached_via: BTreeMap<String, String>,
}

/// What the campaign editor shows about a draft: the save's issues and its dates as read.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CampaignDraftCheck {
    /// The issues saving the draft would raise (a date that cannot be read under its field,
    /// `start` or `end`).
    pub issues: DraftCheck,
    /// The typed first day, read (no date and no problem when blank): what the save sends.
    pub start: TypedDate,
    /// The typed last day, read likewise.
    pub end: TypedDate,
}

/// One segment as the parent of another: allowed, or why not.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ParentChoice {
    /// The would-be parent's id.
    pub id: String,
    /// Why it cannot be the parent (a loop), `None` when it can.
    pub refused: Option<String>,
}

/// What the campaign picker asks for when none is chosen.
pub const NO_CAMPAIGN: &str = "Choose a campaign (create one on the client's overview first).";

/// A segment's size typed as text: a whole number of people, 0 or more.
fn read_size(text: &str) -> Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| "Size is a whole number of people (0 or more).".to_string())
}

impl Current {
    /// The issues saving `input` as a client would raise; nothing is saved.
    pub fn check_client_draft(&self, input: ClientInput) -> DraftCheck {
        DraftCheck::of_next(self.next_client(input))
    }

    /// The issues saving `input` as a segment of `client_id` would raise, its size typed as
    /// `size_text` (read in place of `input.size`); nothing is saved.
    pub fn check_segment_draft(
        &self,
        client_id: &str,
        mut input: SegmentInput,
        size_text: &str,
    ) -> DraftCheck {
        let size = read_size(size_text);
        if let Ok(size) = size {
            input.size = size;
        }
        let mut check = DraftCheck::of_next(self.next_segment(client_id, input));
        if let Err(problem) = size {
            check.add("size", problem);
        }
        check
    }

    /// The campaign editor's draft: `input` as a campaign of `client_id`, its first and last
    /// days typed as `start` and `end` (read in `locale`, either may stay blank; they replace
    /// `input.start` and `input.end`). The issues are the save's; nothing is saved.
    pub fn check_campaign_draft(
        &self,
        client_id: &str,
        mut input: CampaignInput,
        start: &str,
        end: &str,
        locale: Option<&str>,
    ) -> CampaignDraftCheck {
        let start = read_optional_date(start, locale);
        let end = read_optional_date(end, locale);
        input.start = start.date;
        input.end = end.date;
        let mut issues = DraftCheck::of_next(self.next_campaign(client_id, input));
        for (field, typed) in [("start", &start), ("end", &end)] {
            if let Some(problem) = &typed.problem {
                issues.add(field, problem.clone());
            }
        }
        CampaignDraftCheck { issues, start, end }
    }

    /// The message editor's draft: `input` in `campaign_id` ("" when none is chosen), its
    /// first occurrence typed as `date` and `time` (read in `locale`; they replace
    /// `input.at` when both can be read). The issues are the save's; nothing is saved.
    pub fn check_message_draft(
        &self,
        campaign_id: &str,
        mut input: MessageInput,
        date: &str,
        time: &str,
        locale: Option<&str>,
    ) -> MessageDraftCheck {
        let when = read_when(date, time, locale);
        let mut issues = DraftCheck::default();
        if let Some(problem) = &when.date.problem {
            issues.add("date", problem.clone());
        }
        if let Some(problem) = &when.time_problem {
            issues.add("time", problem.clone());
        }
        if let Some(at) = when.at {
            input.at = at;
        }
        let mut reply = MessageDraftCheck {
            issues: DraftCheck::default(),
            date: when.date,
            at: when.at,
            without_consent: Vec::new(),
            min_value: None,
            meets_min_value: None,
            value: None,
            reached_via: BTreeMap::new(),
        };
        if campaign_id.is_empty() {
            issues.add("campaign", NO_CAMPAIGN);
            reply.issues = issues;
            return reply;
        }
        let draft = match self.draft_message(campaign_id, input) {
            Ok(draft) => draft,
            Err(err) => {
                issues.add_error(err, "");
                reply.issues = issues;
                return reply;
            }
        };
        let client = &self.plan.clients[draft.client];
        let campaign = &client.campaigns[draft.campaign];
        let place = draft.existing.unwrap_or(campaign.messages.len());
        let prefix = format!(
            "clients[{}].campaigns[{}].messages[{place}]",
            draft.client, draft.campaign
        );
        if let Err(err) = self
            .engine
            .check_message(&client.id, &campaign.id, &draft.message)
        {
            let mut found = DraftCheck::default();
            found.add_error(crate::desk::engine_error(err), &prefix);
            // An unread date or time was not sent: what the plan says of `at` is moot.
            if reply.at.is_none() {
                found.fields.remove("at");
            }
            for (field, messages) in found.fields {
                for message in messages {
                    issues.add(&field, message);
                }
            }
            issues.form.extend(found.form);
        }
        let message = &draft.message;
        reply.reached_via = reached_via(client, &message.segments);
        reply.without_consent = self.without_consent(client, &message.channel, &message.segments);
        reply.min_value = self.min_value_in_effect(client, &message.segments);
        let value = self.score_draft(&client.id, None, &message.checklist).ok();
        reply.meets_min_value = match (reply.min_value, &value) {
            (Some(min), Some(value)) => {
                Some(value.score >= min && value.missing_required.is_empty())
            }
            _ => None,
        };
        reply.value = value;
        reply.issues = issues;
        reply
    }

    /// Names of the `segments` of `client` not opted in to `channel` when it needs consent.
    fn without_consent(
        &self,
        client: &cadence_model::Client,
        channel: &str,
        segments: &[String],
    ) -> Vec<String> {
        let Some(channel) = self.plan.channel(channel) else {
            return Vec::new();
        };
        if !channel.requires_consent {
            return Vec::new();
        }
        let chosen: HashSet<&str> = segments.iter().map(String::as_str).collect();
        client
            .segments
            .iter()
            .filter(|s| chosen.contains(s.id.as_str()) && !s.opt_in.contains(&channel.id))
            .map(|s| s.name.clone())
            .collect()
    }

    /// The strictest `min_value` score in effect on `segments` after the cascade; with no
    /// segment, the client's own.
    fn min_value_in_effect(
        &self,
        client: &cadence_model::Client,
        segments: &[String],
    ) -> Option<f64> {
        let min_of = |rule: &Rule| match rule {
            Rule::MinValue { score } => Some(*score),
            _ => None,
        };
        if segments.is_empty() {
            return client.rules.iter().find_map(min_of);
        }
        let own: HashSet<&str> = client.segments.iter().map(|s| s.id.as_str()).collect();
        segments
            .iter()
            .filter(|id| own.contains(id.as_str()))
            .filter_map(|id| self.engine.effective_rules(id))
            .filter_map(|rules| rules.iter().find_map(|r| min_of(&r.rule)))
            .reduce(f64::max)
    }

    /// Every segment of `client_id` as the parent of `segment_id` (`None`: a new segment),
    /// in plan order: refused when it is the segment itself or inside it (a loop).
    pub fn segment_parents(
        &self,
        client_id: &str,
        segment_id: Option<&str>,
    ) -> Result<Vec<ParentChoice>, AppError> {
        let client = self
            .plan
            .client(client_id)
            .ok_or_else(|| not_found("client", client_id))?;
        let moving = match segment_id {
            Some(id) => Some(
                client
                    .segments
                    .iter()
                    .find(|s| s.id == id)
                    .ok_or_else(|| not_found("segment", id))?,
            ),
            None => None,
        };
        let inside = moving
            .map(|m| descendants(client, &m.id))
            .unwrap_or_default();
        Ok(client
            .segments
            .iter()
            .map(|target| {
                let refused = moving.and_then(|m| {
                    if target.id == m.id {
                        Some(format!("“{}” cannot be its own parent.", m.name))
                    } else if inside.contains(target.id.as_str()) {
                        Some(format!(
                            "“{}” cannot move into “{}”: “{}” is inside it, which would make a loop.",
                            m.name, target.name, target.name
                        ))
                    } else {
                        None
                    }
                });
                ParentChoice {
                    id: target.id.clone(),
                    refused,
                }
            })
            .collect())
    }
}

/// Segment id -> the name of the nearest of `chosen` above it, for each segment of `client`
/// not in `chosen` itself that a chosen ancestor reaches (a loop stops the walk up).
fn reached_via(client: &cadence_model::Client, chosen: &[String]) -> BTreeMap<String, String> {
    let chosen: HashSet<&str> = chosen.iter().map(String::as_str).collect();
    let by_id: HashMap<&str, &cadence_model::Segment> =
        client.segments.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut via = BTreeMap::new();
    if chosen.is_empty() {
        return via;
    }
    for segment in &client.segments {
        if chosen.contains(segment.id.as_str()) {
            continue;
        }
        let mut seen = HashSet::from([segment.id.as_str()]);
        let mut up = segment.parent.as_deref();
        while let Some(id) = up.filter(|id| seen.insert(id)) {
            if chosen.contains(id) {
                let name = by_id.get(id).map_or(id, |s| s.name.as_str());
                via.insert(segment.id.clone(), name.to_string());
                break;
            }
            up = by_id.get(id).and_then(|s| s.parent.as_deref());
        }
    }
    via
}

/// The ids of every segment below `id` in `client`'s tree (a loop already in the tree stops
/// the walk where it closes).
fn descendants<'a>(client: &'a cadence_model::Client, id: &str) -> HashSet<&'a str> {
    let mut children: HashMap<&str, Vec<&str>> = HashMap::new();
    for segment in &client.segments {
        if let Some(parent) = &segment.parent {
            children
                .entry(parent.as_str())
                .or_default()
                .push(segment.id.as_str());
        }
    }
    let mut found = HashSet::new();
    let mut todo: Vec<&str> = children.get(id).cloned().unwrap_or_default();
    while let Some(next) = todo.pop() {
        if next != id && found.insert(next) {
            todo.extend(children.get(next).into_iter().flatten());
        }
    }
    found
}
