//! Violations counted where the views draw them, without building a record per violation:
//! per message occurrence (calendar badges), per rule (move previews) and a page of one
//! segment's findings (the violations panel). A dense client can have hundreds of thousands of violations; these
//! cost a pass over the compact ones plus the few records shown.

use std::collections::{BTreeMap, HashMap};

use cadence_model::RuleKind;

use crate::engine::Engine;
use crate::error::EngineError;
use crate::evaluate::{Raw, CONSENT};
use crate::violation::Finding;

/// How one occurrence of a message breaks guidelines, over every segment it reaches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OccurrenceMarks {
    /// Violations on it.
    pub violations: u32,
    /// The rules they break, sorted.
    pub rules: Vec<RuleKind>,
}

impl Engine {
    /// Per (message id, occurrence index) of one client: its violations and their rules.
    pub fn occurrence_marks(
        &self,
        client: &str,
    ) -> Result<HashMap<(String, u32), OccurrenceMarks>, EngineError> {
        let ci = self.client_slot(client)?;
        let mut by_slot: HashMap<(u32, u32), OccurrenceMarks> = HashMap::new();
        for (si, seg) in self.index.segments.iter().enumerate() {
            if seg.client != ci {
                continue;
            }
            let state = &self.segments[si];
            for raw in &state.raws {
                let t = &state.touches[raw.touch as usize];
                let marks = by_slot.entry((t.msg, t.occ)).or_default();
                marks.violations += 1;
                let kind = self.raw_kind(si, raw);
                if let Err(at) = marks.rules.binary_search(&kind) {
                    marks.rules.insert(at, kind);
                }
            }
        }
        Ok(by_slot
            .into_iter()
            .map(|((msg, occ), marks)| ((self.messages[msg as usize].id.clone(), occ), marks))
            .collect())
    }

    /// One client's violations per rule kind.
    pub fn rule_counts(&self, client: &str) -> Result<BTreeMap<RuleKind, u32>, EngineError> {
        let ci = self.client_slot(client)?;
        let mut counts = BTreeMap::new();
        for (si, seg) in self.index.segments.iter().enumerate() {
            if seg.client != ci {
                continue;
            }
            for raw in &self.segments[si].raws {
                *counts.entry(self.raw_kind(si, raw)).or_insert(0) += 1;
            }
        }
        Ok(counts)
    }

    /// The first `limit` violations of one segment in the spec's order, each with its
    /// explanation, and how many the segment has in all; `None` for an unknown segment.
    pub fn segment_findings(&self, segment: &str, limit: usize) -> Option<(usize, Vec<Finding>)> {
        let si = *self.index.segment_index.get(segment)?;
        let raws: Vec<(usize, Raw)> = self.segments[si].raws.iter().map(|r| (si, *r)).collect();
        let total = raws.len();
        Some((total, self.first_findings(raws, limit)))
    }

    /// The first `limit` of `raws` in the spec's order, each with its violation record and
    /// explanation.
    pub(crate) fn first_findings(&self, raws: Vec<(usize, Raw)>, limit: usize) -> Vec<Finding> {
        self.first_in_order(raws, limit)
            .into_iter()
            .map(|(si, raw)| Finding {
                violation: self.violation(si, raw),
                explanation: self.explain(si, raw),
            })
            .collect()
    }

    /// The first `n` of some compact violations in the spec's order (without sorting the rest).
    pub(crate) fn first_in_order(
        &self,
        mut raws: Vec<(usize, Raw)>,
        n: usize,
    ) -> Vec<(usize, Raw)> {
        if n < raws.len() {
            raws.select_nth_unstable_by(n, |a, b| self.raw_order(*a, *b));
            raws.truncate(n);
        }
        raws.sort_unstable_by(|a, b| self.raw_order(*a, *b));
        raws
    }

    /// The kind of rule a compact violation breaks.
    pub(crate) fn raw_kind(&self, si: usize, raw: &Raw) -> RuleKind {
        if raw.rule == CONSENT {
            RuleKind::Consent
        } else {
            self.index.segments[si].rules[raw.rule as usize].rule.kind()
        }
    }

    /// The slot of a client id.
    pub(crate) fn client_slot(&self, client: &str) -> Result<usize, EngineError> {
        self.index
            .client_index
            .get(client)
            .copied()
            .ok_or_else(|| EngineError::UnknownClient(client.to_string()))
    }
}
