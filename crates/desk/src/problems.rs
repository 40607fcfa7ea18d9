//! A client's violations grouped by decision (message occurrence) for the violations panel,
//! with those that came with the desk's last change marked.

use cadence_engine::group_by_occurrence;
use cadence_model::time::parse_timezone;

use crate::desk::{engine_error, Current};
use crate::ipc::{AppError, ProblemView};

impl Current {
    /// `client_id`'s problems (its violation records grouped by message occurrence, see
    /// [`cadence_engine::group_by_occurrence`]): how many there are, and the first `limit`,
    /// those that came with the last change first, then by time. Each says its wall time in
    /// the message's zone.
    pub fn problems(
        &self,
        client_id: &str,
        limit: usize,
    ) -> Result<(u32, Vec<ProblemView>), AppError> {
        let ci = self.client_index(client_id)?;
        let client = &self.plan.clients[ci];
        let records = self
            .engine
            .client_violations(client_id)
            .map_err(engine_error)?;
        let last = self
            .last_change
            .as_ref()
            .filter(|last| last.client == client_id);
        let new: std::collections::HashSet<(&str, u32)> = last
            .map(|last| {
                records
                    .iter()
                    .filter(|v| last.is_new(v))
                    .map(|v| (v.message.as_str(), v.occurrence))
                    .collect()
            })
            .unwrap_or_default();
        let grouped = group_by_occurrence(&records, |id| self.engine.segment_name(id));
        let total = grouped.len() as u32;
        let mut listed: Vec<(bool, cadence_engine::Problem)> = grouped
            .into_iter()
            .map(|problem| {
                let is_new = new.contains(&(problem.message.as_str(), problem.occurrence));
                (is_new, problem)
            })
            .collect();
        // Stable: new ones first, each part still in time order; only those listed are
        // written out.
        listed.sort_by_key(|(is_new, _)| !is_new);
        listed.truncate(limit);
        let zones: std::collections::HashMap<&str, &str> = client
            .messages()
            .filter_map(|m| Some((m.id.as_str(), m.timezone.as_deref()?)))
            .collect();
        let views = listed
            .into_iter()
            .map(|(new, problem)| {
                let zone = zones
                    .get(problem.message.as_str())
                    .copied()
                    .unwrap_or(&client.timezone);
                let tz = parse_timezone(zone).unwrap_or_default();
                ProblemView {
                    local: problem
                        .at
                        .with_timezone(&tz)
                        .format("%Y-%m-%d %H:%M %Z")
                        .to_string(),
                    new,
                    problem,
                }
            })
            .collect();
        Ok((total, views))
    }
}
