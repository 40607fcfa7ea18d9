//! Guideline presets: starting rule sets with the reasoning and published figures behind them.
//! Survey figures are directional; each preset says so where it leans on one.

use serde::Serialize;
use ts_rs::TS;

use crate::types::{Channel, Rule, Weekday};

/// A named set of guidelines a planner can apply to a client or a segment.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GuidelinePreset {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Who it is for, in one line.
    pub audience: String,
    /// Why these numbers, for people.
    pub reasoning: String,
    /// Where the figures come from.
    pub sources: Vec<String>,
    /// The rules (channel-filtered rules name the default channel ids).
    pub rules: Vec<Rule>,
}

impl GuidelinePreset {
    /// The preset's rules for a workspace with `channels`: channel filters keep only channels
    /// that exist, and a rule whose filter would be left empty is dropped.
    pub fn rules_for(&self, channels: &[Channel]) -> Vec<Rule> {
        let known = |list: &Option<Vec<String>>| -> Option<Option<Vec<String>>> {
            match list {
                None => Some(None),
                Some(list) => {
                    let kept: Vec<String> = list
                        .iter()
                        .filter(|id| channels.iter().any(|c| &c.id == *id))
                        .cloned()
                        .collect();
                    (!kept.is_empty()).then_some(Some(kept))
                }
            }
        };
        self.rules
            .iter()
            .filter_map(|rule| match rule {
                Rule::Cap {
                    max,
                    window_days,
                    channels,
                } => known(channels).map(|channels| Rule::Cap {
                    max: *max,
                    window_days: *window_days,
                    channels,
                }),
                Rule::MinGap { hours, channels } => known(channels).map(|channels| Rule::MinGap {
                    hours: *hours,
                    channels,
                }),
                other => Some(other.clone()),
            })
            .collect()
    }
}

fn channels(ids: &[&str]) -> Option<Vec<String>> {
    Some(ids.iter().map(|s| s.to_string()).collect())
}

fn quiet(start: &str, end: &str) -> Rule {
    Rule::QuietHours {
        start: start.into(),
        end: end.into(),
    }
}

/// A sensible new rule of each kind, in the order the editor offers them: what "Add a rule"
/// starts from.
pub fn rule_defaults() -> Vec<Rule> {
    use Weekday::*;
    vec![
        Rule::Cap {
            max: 2,
            window_days: 7,
            channels: None,
        },
        Rule::MinGap {
            hours: 24.0,
            channels: None,
        },
        Rule::QuietHours {
            start: "21:00".into(),
            end: "08:00".into(),
        },
        Rule::Blackout { dates: Vec::new() },
        Rule::Weekdays {
            allowed: vec![Mon, Tue, Wed, Thu, Fri],
        },
        Rule::MinValue { score: 60.0 },
    ]
}

/// Every preset, in the order the UI offers them.
pub fn guideline_presets() -> Vec<GuidelinePreset> {
    use Weekday::*;
    vec![
        GuidelinePreset {
            id: "leave-me-alone".into(),
            name: "Leave me alone until I ask".into(),
            audience: "Low-involvement categories: banks, phone companies, utilities, household goods.".into(),
            reasoning: "People start these conversations when they have a need and want them over when it is solved. Contact rarely, only on working days and hours, only with real value, and answer fast: service messages the customer asked for are transactional and never capped.".into(),
            sources: vec![
                "Brief: customers of low-involvement brands want to start the conversation themselves.".into(),
                "Too many emails is the top unsubscribe reason: 26% in general, 19% from one company (MarketingSherpa, n = 2,400; survey, directional).".into(),
                "Example enterprise contact policy: at most 3 contacts per 30 days per channel (HCL Unica).".into(),
            ],
            rules: vec![
                Rule::Cap { max: 1, window_days: 30, channels: None },
                Rule::MinGap { hours: 168.0, channels: None },
                quiet("18:00", "09:00"),
                Rule::Weekdays { allowed: vec![Mon, Tue, Wed, Thu, Fri] },
                Rule::MinValue { score: 70.0 },
            ],
        },
        GuidelinePreset {
            id: "engaged-community".into(),
            name: "Engaged community".into(),
            audience: "Subscribers and followers who chose to hear from the brand and respond.".into(),
            reasoning: "Start at one or two emails a week and let responses decide: 40% of US internet users prefer marketing email once a week, and engaged inboxes tolerate about five a week before complaints rise. Keep 16 hours between emails and a day between texts or pushes, and respect local evenings.".into(),
            sources: vec![
                "40% prefer marketing email once a week (Mapp, 2016; survey, directional).".into(),
                "Engaged inboxes tolerated about 5 emails a week from one sender (Validity/Return Path).".into(),
                "Smart Sending defaults: 16 h between emails, 24 h for SMS and push (Klaviyo).".into(),
                "Marketing SMS only 08:00–21:00 recipient time in the US (TCPA).".into(),
            ],
            rules: vec![
                Rule::Cap { max: 2, window_days: 7, channels: None },
                Rule::MinGap { hours: 16.0, channels: channels(&["email"]) },
                Rule::MinGap { hours: 24.0, channels: channels(&["sms", "push"]) },
                quiet("21:00", "08:00"),
                Rule::MinValue { score: 60.0 },
            ],
        },
        GuidelinePreset {
            id: "brand-advocates".into(),
            name: "Brand advocates".into(),
            audience: "The minority who want more: members, fans, early-access lists.".into(),
            reasoning: "Advocates welcome more contact, but every extra send still costs a little: per-campaign unsubscribe rates stay flat, so churn grows with each one. Allow up to four a week, never more than one a day, and keep the value bar.".into(),
            sources: vec![
                "Per-campaign unsubscribe rates stay flat, so total churn grows with every send (Segmentum).".into(),
                "HubSpot saw no sharp drop moving lists from 4–5 a month to daily: the data is mixed.".into(),
            ],
            rules: vec![
                Rule::Cap { max: 4, window_days: 7, channels: None },
                Rule::MinGap { hours: 20.0, channels: None },
                quiet("22:00", "07:00"),
                Rule::MinValue { score: 60.0 },
            ],
        },
        GuidelinePreset {
            id: "push-and-sms".into(),
            name: "Push and SMS care".into(),
            audience: "Any audience reached on phones: push notifications and text messages.".into(),
            reasoning: "Phones are personal. One push a week already leads 10% to switch notifications off; two to five a week, 37% disable them and 22% stop using the app. Cap push and SMS at one a week, a day apart, inside daytime hours.".into(),
            sources: vec![
                "1 push a week: 10% disable notifications; 2–5 a week: 37% disable, 22% stop using the app (Localytics, 2017; survey, directional).".into(),
                "Marketing SMS only 08:00–21:00 recipient time in the US (TCPA); some states end at 20:00.".into(),
            ],
            rules: vec![
                Rule::Cap { max: 1, window_days: 7, channels: channels(&["sms", "push"]) },
                Rule::MinGap { hours: 24.0, channels: channels(&["sms", "push"]) },
                quiet("20:00", "08:00"),
            ],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::empty_plan;
    use crate::types::Client;
    use crate::validate::validate;
    use chrono::NaiveDate;

    #[test]
    fn one_default_rule_per_kind_each_valid_alone() {
        let plan = empty_plan(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        let defaults = rule_defaults();
        let mut kinds: Vec<_> = defaults.iter().map(Rule::kind).collect();
        kinds.dedup();
        assert_eq!(kinds.len(), 6);
        for rule in defaults {
            assert_eq!(crate::validate_rules(&[rule], &plan.channels), vec![]);
        }
    }

    #[test]
    fn every_preset_is_a_valid_rule_set_for_the_default_channels() {
        let mut plan = empty_plan(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        for preset in guideline_presets() {
            plan.clients = vec![Client {
                id: "c".into(),
                name: "C".into(),
                timezone: "UTC".into(),
                checklist: vec![],
                rules: preset.rules_for(&plan.channels),
                segments: vec![],
                campaigns: vec![],
            }
            .into()];
            assert_eq!(
                plan.clients[0].rules.len(),
                preset.rules.len(),
                "{}",
                preset.id
            );
            assert_eq!(validate(&plan), Ok(()), "{}", preset.id);
            assert!(!preset.sources.is_empty());
        }
    }

    #[test]
    fn channel_filters_drop_missing_channels() {
        let email_only = vec![Channel {
            id: "email".into(),
            name: "Email".into(),
            requires_consent: true,
        }];
        let presets = guideline_presets();
        let community = presets
            .iter()
            .find(|p| p.id == "engaged-community")
            .unwrap();
        let rules = community.rules_for(&email_only);
        assert_eq!(rules.len(), community.rules.len() - 1);
        assert!(rules.iter().all(|r| !matches!(r, Rule::MinGap { channels: Some(c), .. } if c.iter().any(|id| id != "email"))));
        let phones = presets.iter().find(|p| p.id == "push-and-sms").unwrap();
        assert_eq!(phones.rules_for(&email_only).len(), 1);
    }
}
