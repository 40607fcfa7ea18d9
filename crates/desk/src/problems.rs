//! A client's violations grouped by decision (message occurrence) for the violations panel,
//! with those that came with the desk's last change marked.

use cadence_model::time::parse_timezone;

use crate::desk::{engine_error, Current};
use crate::ipc::{AppError, ProblemView};

impl Current {
    /// `client_id`'s problems (its violation records grouped by message occurrence, see
    /// [`cadence_engine::Engine::client_problems`]): how many there are, and the first `limit`,
    /// those that came with the last change first, then by time. Each says its wall time in
    /// the message's zone.
    pub fn problems(
        &self,
        client_id: &str,
        limit: usize,
    ) -> Result<(u32, Vec<ProblemView>), AppError> {
        let ci = self.client_index(client_id)?;
        let client = &self.plan.clients[ci];
        let before = self
            .last_change
            .as_ref()
            .filter(|last| last.client == client_id)
            .map(|last| &last.before);
        let (total, listed) = self
            .engine
            .client_problems(client_id, limit, before)
            .map_err(engine_error)?;
        let listed_messages: std::collections::HashSet<&str> =
            listed.iter().map(|(_, p)| p.message.as_str()).collect();
        let zones: std::collections::HashMap<&str, &str> = client
            .messages()
            .filter(|m| listed_messages.contains(m.id.as_str()))
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
        Ok((total as u32, views))
    }
}
