//! The guidelines editor's answers: a client's or segment's rules through the cascade (what
//! it inherits and from where, what each own rule overrides, the rules in effect), each rule
//! in words, and the draft's issues, all from the engine's cascade and the model's checks.

use cadence_engine::{rule_cascade, EffectiveRule, RuleSource};
use cadence_model::{Plan, PlanIssue, Rule};
use serde::Serialize;
use ts_rs::TS;

use crate::desk::not_found;
use crate::{AppError, Current};

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
    /// The cascade key (a rule of the same key replaces it), to match rules by.
    pub key: String,
}

/// One of the edited level's own rules.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OwnRuleView {
    /// The rule in one sentence.
    pub text: String,
    /// The cascade key, as [`RuleInEffect::key`].
    pub key: String,
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
        key: e.rule.key(),
    }
}

impl Current {
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
                key: rule.key(),
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

/// What applying a preset does to one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PresetChangeKind {
    /// A rule of a new key is added.
    Add,
    /// The rule of the same key (own or inherited) is replaced.
    Replace,
    /// The same rule is already in place: nothing changes.
    Same,
}

/// One rule of a preset against the edited level's rules.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PresetChange {
    /// What applying it does.
    pub change: PresetChangeKind,
    /// The preset's rule (for this workspace's channels).
    pub rule: Rule,
    /// The preset's rule in words.
    pub text: String,
    /// The rule of the same key it meets (own first, else inherited), in words.
    pub before: Option<String>,
}

/// A preset applied to a draft of a client's or segment's own rules, without saving.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PresetPreview {
    /// Rule by rule, in the preset's order.
    pub changes: Vec<PresetChange>,
    /// The own rules with the preset applied: same key replaced in place, new keys added,
    /// others kept; a rule equal to what a segment already inherits is not copied onto it.
    pub rules: Vec<Rule>,
}

/// A rule with its channel filter sorted, for "same rule" comparisons.
fn normal(rule: &Rule) -> Rule {
    let mut rule = rule.clone();
    if let Rule::Cap { channels, .. } | Rule::MinGap { channels, .. } = &mut rule {
        if let Some(list) = channels.as_mut() {
            list.sort();
            list.dedup();
        }
    }
    rule
}

impl Current {
    /// What applying the preset `preset_id` to `rules` (the editor's own rules of a client,
    /// or of a segment when `segment_id` is given) would do. Nothing is saved.
    pub fn preset_preview(
        &self,
        client_id: &str,
        segment_id: Option<&str>,
        preset_id: &str,
        rules: &[Rule],
    ) -> Result<PresetPreview, AppError> {
        let plan = self.plan();
        let client = plan
            .client(client_id)
            .ok_or_else(|| not_found("client", client_id))?;
        let preset = cadence_model::presets::guideline_presets()
            .into_iter()
            .find(|p| p.id == preset_id)
            .ok_or_else(|| not_found("guideline preset", preset_id))?;
        let channel_ids: Vec<String> = plan.channels.iter().map(|c| c.id.clone()).collect();
        let inherited: Vec<Rule> = rule_cascade(client, &channel_ids, segment_id, Some(rules))
            .ok_or_else(|| not_found("segment", segment_id.unwrap_or_default()))?
            .inherited
            .into_iter()
            .map(|e| e.rule)
            .collect();
        let of_key = |list: &[Rule], key: &str| list.iter().find(|r| r.key() == key).cloned();
        let preset_rules = preset.rules_for(&plan.channels);
        let changes = preset_rules
            .iter()
            .map(|rule| {
                let key = rule.key();
                let before = of_key(rules, &key).or_else(|| of_key(&inherited, &key));
                let change = match &before {
                    None => PresetChangeKind::Add,
                    Some(b) if normal(b) == normal(rule) => PresetChangeKind::Same,
                    Some(_) => PresetChangeKind::Replace,
                };
                PresetChange {
                    change,
                    rule: rule.clone(),
                    text: cadence_model::words::rule_text(plan, rule),
                    before: before.map(|b| cadence_model::words::rule_text(plan, &b)),
                }
            })
            .collect();
        let mut applied = rules.to_vec();
        for rule in preset_rules {
            let key = rule.key();
            if let Some(slot) = applied.iter_mut().find(|r| r.key() == key) {
                *slot = rule;
            } else if !inherited
                .iter()
                .any(|r| r.key() == key && normal(r) == normal(&rule))
            {
                applied.push(rule);
            }
        }
        Ok(PresetPreview {
            changes,
            rules: applied,
        })
    }
}
