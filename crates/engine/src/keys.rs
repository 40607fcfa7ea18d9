//! What an editor needs to tell one client's violations before and after a change, cheaply:
//! each violation's identity as a hash ([`ViolationKey`]) and the client's problem count,
//! both read from the compact records of that client's segments only (no records built).

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use cadence_model::{Rule, RuleKind};

use crate::engine::Engine;
use crate::error::EngineError;
use crate::evaluate::{Raw, CONSENT};
use crate::violation::Violation;

/// A violation's identity across changes: its rule kind, segment, message, occurrence and
/// (for caps) window, hashed, so two caps on one touch stay apart.
pub type ViolationKey = u64;

impl Violation {
    /// This violation's [`ViolationKey`].
    pub fn key(&self) -> ViolationKey {
        key_of(
            self.rule,
            &self.segment,
            &self.message,
            self.occurrence,
            self.window_days,
        )
    }
}

fn key_of(
    rule: RuleKind,
    segment: &str,
    message: &str,
    occurrence: u32,
    window_days: Option<u32>,
) -> ViolationKey {
    let mut hasher = DefaultHasher::new();
    (rule, segment, message, occurrence, window_days).hash(&mut hasher);
    hasher.finish()
}

impl Engine {
    /// The [`ViolationKey`]s of one client's violations now.
    pub fn client_violation_keys(
        &self,
        client: &str,
    ) -> Result<HashSet<ViolationKey>, EngineError> {
        let mut keys = HashSet::new();
        self.client_raws(client, |si, raw| {
            keys.insert(self.raw_key(si, raw));
        })?;
        Ok(keys)
    }

    /// The [`ViolationKey`] of segment `si`'s compact violation `raw`: the key of the record
    /// it becomes.
    pub(crate) fn raw_key(&self, si: usize, raw: Raw) -> ViolationKey {
        let seg = &self.index.segments[si];
        let touch = &self.segments[si].touches[raw.touch as usize];
        let (rule, window) = match raw.rule {
            CONSENT => (RuleKind::Consent, None),
            rule => match &seg.rules[rule as usize].rule {
                Rule::Cap { window_days, .. } => (RuleKind::Cap, Some(*window_days)),
                other => (other.kind(), None),
            },
        };
        let message = &self.messages[touch.msg as usize].id;
        key_of(rule, &seg.id, message, touch.occ, window)
    }

    /// How many problems (message occurrences with violations) one client has: its entry
    /// of [`Engine::client_problem_counts`], counted over its segments only.
    pub fn client_problem_count(&self, client: &str) -> Result<usize, EngineError> {
        let mut occurrences: Vec<(u32, u32)> = Vec::new();
        self.client_raws(client, |si, raw| {
            let touch = &self.segments[si].touches[raw.touch as usize];
            occurrences.push((touch.msg, touch.occ));
        })?;
        occurrences.sort_unstable();
        occurrences.dedup();
        Ok(occurrences.len())
    }

    /// Call `each` with every compact violation of `client`'s segments.
    fn client_raws(
        &self,
        client: &str,
        mut each: impl FnMut(usize, Raw),
    ) -> Result<(), EngineError> {
        let ci = self.client_slot(client)?;
        for (si, state) in self.segments.iter().enumerate() {
            if self.index.segments[si].client == ci {
                state.raws.iter().for_each(|raw| each(si, *raw));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::synthetic::{plan, Shape};
    use crate::Engine;

    #[test]
    fn keys_and_problem_counts_agree_with_the_records() {
        let plan = plan(Shape::year(0.05));
        let engine = Engine::from_plan(&plan).unwrap();
        let counts = engine.client_problem_counts();
        let mut checked = 0;
        for client in &plan.clients {
            let records = engine.client_violations(&client.id).unwrap();
            let keys = engine.client_violation_keys(&client.id).unwrap();
            let from_records: std::collections::HashSet<u64> =
                records.iter().map(|v| v.key()).collect();
            assert_eq!(keys, from_records, "{}", client.id);
            assert_eq!(
                engine.client_problem_count(&client.id).unwrap(),
                counts.get(&client.id).copied().unwrap_or(0),
                "{}",
                client.id
            );
            checked += records.len();
        }
        assert!(checked > 0, "the synthetic plan has violations");
    }
}
