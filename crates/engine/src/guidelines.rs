//! The rule cascade of one client or segment as the guidelines editor shows it: what the
//! segment inherits, its own rules (stored, or a draft being edited), which inherited rule each
//! own rule overrides, and the rules in effect. The same cascade the engine checks with.

use cadence_model::{Client, Rule};

use crate::cascade::{effective_rules, EffectiveRule, RuleSource};

/// A segment's (or a client's) rules through the cascade.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleCascade {
    /// What the client and the ancestors give, before the segment's own rules (empty for the
    /// client level).
    pub inherited: Vec<EffectiveRule>,
    /// For each own rule, in order: the index in `inherited` of the rule it replaces (same key).
    pub overrides: Vec<Option<usize>>,
    /// The rules in effect, in cascade order.
    pub effective: Vec<EffectiveRule>,
}

/// The cascade of `segment` of `client` (`None`: the client's own level), with `own` in place
/// of the stored own rules when given (a draft). `None` when the segment does not exist.
/// The ancestor chain stops at a cycle or an unknown parent (only an invalid plan has them).
pub fn rule_cascade(
    client: &Client,
    channel_ids: &[String],
    segment: Option<&str>,
    own: Option<&[Rule]>,
) -> Option<RuleCascade> {
    let client_source = RuleSource::Client {
        client: client.id.clone(),
        name: client.name.clone(),
    };
    let Some(segment_id) = segment else {
        let rules = own.unwrap_or(&client.rules);
        return Some(RuleCascade {
            inherited: Vec::new(),
            overrides: vec![None; rules.len()],
            effective: effective_rules([(rules, client_source)], channel_ids),
        });
    };
    let by_id = |id: &str| client.segments.iter().find(|s| s.id == id);
    let target = by_id(segment_id)?;
    let mut chain: Vec<&cadence_model::Segment> = Vec::new();
    let mut next = target.parent.as_deref();
    while let Some(id) = next {
        match by_id(id) {
            Some(seg) if seg.id != target.id && !chain.iter().any(|s| s.id == seg.id) => {
                chain.push(seg);
                next = seg.parent.as_deref();
            }
            _ => break,
        }
    }
    chain.reverse();
    let mut levels: Vec<(&[Rule], RuleSource)> = vec![(&client.rules, client_source)];
    for seg in &chain {
        levels.push((
            &seg.rules,
            RuleSource::Ancestor {
                segment: seg.id.clone(),
                name: seg.name.clone(),
            },
        ));
    }
    let inherited = effective_rules(levels.clone(), channel_ids);
    let own_rules = own.unwrap_or(&target.rules);
    let overrides = own_rules
        .iter()
        .map(|rule| {
            let key = rule.key();
            inherited.iter().position(|e| e.rule.key() == key)
        })
        .collect();
    levels.push((
        own_rules,
        RuleSource::Segment {
            segment: target.id.clone(),
        },
    ));
    Some(RuleCascade {
        inherited,
        overrides,
        effective: effective_rules(levels, channel_ids),
    })
}
