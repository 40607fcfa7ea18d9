//! What the engine keeps about each message between checks.

use cadence_model::{missing_required, value_score, Client, Message};

/// A message in an engine slot (slots of removed messages are reused).
#[derive(Debug, Clone, Default)]
pub(crate) struct MessageInfo {
    pub id: String,
    pub client: usize,
    pub campaign: String,
    pub channel: u16,
    /// Value score against the client's checklist.
    pub score: f64,
    /// Required checklist items not answered true (ids).
    pub missing: Vec<String>,
    /// Segments it touches in the period (direct and inherited), sorted, deduplicated.
    pub touched: Vec<usize>,
    /// More occurrences than the engine expands.
    pub truncated: bool,
    /// False for a free slot.
    pub live: bool,
}

impl MessageInfo {
    /// The message's time-independent facts.
    pub(crate) fn new(
        client_index: usize,
        client: &Client,
        campaign: &str,
        message: &Message,
        channel: u16,
    ) -> Self {
        MessageInfo {
            id: message.id.clone(),
            client: client_index,
            campaign: campaign.to_string(),
            channel,
            score: value_score(client, message),
            missing: missing_required(client, message)
                .into_iter()
                .map(|i| i.id.clone())
                .collect(),
            touched: Vec::new(),
            truncated: false,
            live: true,
        }
    }
}
