//! Violation totals per client, without building the records.

use std::collections::BTreeMap;

use crate::engine::Engine;

impl Engine {
    /// Client id -> number of violations of its segments (clients without any left out).
    /// Costs one pass over the segments, so the app can refresh it after every edit.
    pub fn client_violation_counts(&self) -> BTreeMap<String, usize> {
        let mut counts = vec![0usize; self.index.clients.len()];
        for (si, state) in self.segments.iter().enumerate() {
            counts[self.index.segments[si].client] += state.raws.len();
        }
        self.index
            .clients
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(client, n)| (client.id.clone(), n))
            .collect()
    }
}
