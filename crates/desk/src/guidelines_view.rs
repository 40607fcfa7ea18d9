//! The guidelines editor's answers: a client's or segment's rules through the cascade (what
//! it inherits and from where, what each own rule overrides, the rules in effect), each rule
//! in words, and the draft's issues, all from the engine's cascade and the model's checks.

use cadence_engine::{rule_cascade, EffectiveRule, RuleSource};
use cadence_model::{Plan, PlanIssue, Rule};
use serde::Serialize;
use ts_rs::TS;

use crate::desk::not_found;
use crate::{AppError, Desk};

/// One rule through the cascade, in words.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RuleInEffect {
    /// The rule as written.
    pub rule: Rule,
    /// Where it is set.
    pub source: RuleSource,
    /// Where it is set, in words (`client "Harbor Dental"`, `parent segment "Parents"`,
    /// "the segment itself"): the wording violations use.
    pub set_on: String,
    /// The rule in one sentence.
    pub text: String,
}

/// One of the edited level's own rules.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OwnRuleView {
    /// The rule in one sentence.
    pub text: String,
    /// The inherited rule it replaces (same kind and key), if any.
    pub overrides: Option<RuleInEffect>,
}

/// A client's or segment's guidelines, for the editor.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GuidelinesView {
    /// What the client and the ancestors give (empty at the client level).
    pub inherited: Vec<RuleInEffect>,
    /// The own rules (stored, or the draft asked about), in order.
    pub own: Vec<OwnRuleView>,
    /// The rules in effect, in cascade order.
    pub effective: Vec<RuleInEffect>,
    /// What the model's checks say about the own rules (paths `rules[i].field`), the same
    /// checks a save applies; empty when they would save.
    pub issues: Vec<PlanIssue>,
}

fn in_words(plan: &Plan, e: &EffectiveRule) -> RuleInEffect {
    RuleInEffect {
        rule: e.rule.clone(),
        source: e.source.clone(),
        set_on: e.source.describe(),
        text: cadence_model::words::rule_text(plan, &e.rule),
    }
}

impl Desk {
    /// The guidelines of a client (`segment_id` `None`) or one of its segments, with `draft`
    /// in place of the stored own rules when given. Nothing is saved.
    pub fn guidelines(
        &self,
        client_id: &str,
        segment_id: Option<&str>,
        draft: Option<&[Rule]>,
    ) -> Result<GuidelinesView, AppError> {
        let plan = self.plan();
        let client = plan
            .client(client_id)
            .ok_or_else(|| not_found("client", client_id))?;
        let channel_ids: Vec<String> = plan.channels.iter().map(|c| c.id.clone()).collect();
        let cascade = rule_cascade(client, &channel_ids, segment_id, draft)
            .ok_or_else(|| not_found("segment", segment_id.unwrap_or_default()))?;
        let own_rules = match (draft, segment_id) {
            (Some(rules), _) => rules,
            (None, None) => &client.rules,
            (None, Some(id)) => client
                .segments
                .iter()
                .find(|s| s.id == id)
                .map_or(&[][..], |s| &s.rules),
        };
        let inherited: Vec<RuleInEffect> = cascade
            .inherited
            .iter()
            .map(|e| in_words(plan, e))
            .collect();
        let own = own_rules
            .iter()
            .zip(&cascade.overrides)
            .map(|(rule, over)| OwnRuleView {
                text: cadence_model::words::rule_text(plan, rule),
                overrides: over.map(|i| inherited[i].clone()),
            })
            .collect();
        Ok(GuidelinesView {
            own,
            effective: cascade
                .effective
                .iter()
                .map(|e| in_words(plan, e))
                .collect(),
            inherited,
            issues: cadence_model::validate_rules(own_rules, &plan.channels),
        })
    }
}
