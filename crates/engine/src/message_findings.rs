//! One message's violations, over every segment it reaches: what the message editor shows
//! about the message it edits (and about the draft, applied for a moment).

use std::collections::BTreeMap;

use cadence_model::RuleKind;

use crate::engine::Engine;
use crate::evaluate::Raw;
use crate::violation::Finding;

/// A message's violations: how many, per rule kind, and the first ones explained.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MessageFindings {
    /// Every violation of the message's touches.
    pub total: usize,
    /// Violations per rule kind.
    pub by_rule: BTreeMap<RuleKind, usize>,
    /// The first violations in the spec's order, with their explanations.
    pub findings: Vec<Finding>,
}

impl Engine {
    /// The violations of `message`'s touches on every segment it reaches, the first `limit`
    /// explained; `None` for an unknown message. Costs a pass over the compact violations of
    /// the segments the message touches.
    pub fn message_findings(&self, message: &str, limit: usize) -> Option<MessageFindings> {
        let slot = *self.by_id.get(message)?;
        let info = &self.messages[slot as usize];
        let raws: Vec<(usize, Raw)> = info
            .touched
            .iter()
            .flat_map(|&si| {
                let state = &self.segments[si];
                state
                    .raws
                    .iter()
                    .filter(move |raw| state.touches[raw.touch as usize].msg == slot)
                    .map(move |raw| (si, *raw))
            })
            .collect();
        let mut by_rule = BTreeMap::new();
        for (si, raw) in &raws {
            *by_rule.entry(self.raw_kind(*si, raw)).or_insert(0) += 1;
        }
        let total = raws.len();
        let findings = self.first_findings(raws, limit);
        Some(MessageFindings {
            total,
            by_rule,
            findings,
        })
    }
}
