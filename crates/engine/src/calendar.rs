//! A client's message occurrences in a time range, as the engine expands them: what the
//! calendar shows, so it always agrees with the checks.

use chrono::{DateTime, Utc};

use cadence_model::time::{local_to_utc, parse_timezone};

use crate::engine::Engine;
use crate::error::EngineError;
use crate::expand::wall_times;
use crate::period::instant;

/// One occurrence of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Message id.
    pub message: String,
    /// Campaign id.
    pub campaign: String,
    /// 0-based index, as in violation records (skipped occurrences keep theirs unused).
    pub index: u32,
    /// The instant in the message's own time zone (local-delivery messages reach other
    /// zones at other instants; violation records give those).
    pub at: DateTime<Utc>,
}

impl Engine {
    /// Occurrences of `client`'s messages in `[from, to)` (and in the checked period), sorted
    /// by (instant, message id, index).
    pub fn occurrences(
        &self,
        client: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Occurrence>, EngineError> {
        let ci = self.client_slot(client)?;
        let client_tz = self.index.clients[ci].tz;
        let (from, to) = (from.timestamp(), to.timestamp());
        let mut out = Vec::new();
        for campaign in &self.plan.clients[ci].campaigns {
            for message in &campaign.messages {
                let tz = message
                    .timezone
                    .as_deref()
                    .and_then(parse_timezone)
                    .unwrap_or(client_tz);
                let (walls, _) = wall_times(message, &self.period);
                for (index, wall) in walls {
                    let at = local_to_utc(wall, tz).timestamp();
                    if at >= from && at < to && self.period.contains(at) {
                        out.push(Occurrence {
                            message: message.id.clone(),
                            campaign: campaign.id.clone(),
                            index,
                            at: instant(at),
                        });
                    }
                }
            }
        }
        out.sort_by(|a, b| (a.at, &a.message, a.index).cmp(&(b.at, &b.message, b.index)));
        Ok(out)
    }
}
