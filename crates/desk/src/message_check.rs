//! What the message editor shows about guidelines: the violations of the message as stored,
//! and those the draft would have, checked by the engine (applied for a moment, then put
//! back), in the violations panel's words.

use cadence_engine::MessageChange;

use crate::desk::{engine_error, not_found, Current, Desk};
use crate::errors::relative_to;
use crate::ipc::{AppError, MessageFindings, MessageInput};

/// Most findings the editor lists (the totals count every one).
pub const EDITOR_FINDINGS: usize = 20;

impl Current {
    /// The violations of the stored message `message_id`, the first [`EDITOR_FINDINGS`]
    /// explained.
    pub fn message_findings(&self, message_id: &str) -> Result<MessageFindings, AppError> {
        self.engine
            .message_findings(message_id, EDITOR_FINDINGS)
            .map(MessageFindings::from)
            .ok_or_else(|| not_found("message", message_id))
    }
}

impl Desk {
    /// The violations the message `input` would have if it were saved in `campaign_id`,
    /// without saving it: the engine takes the draft, is read, and is put back. A draft the
    /// plan rules refuse is an error with the issues at the message's fields.
    pub fn preview_message(
        &mut self,
        campaign_id: &str,
        input: MessageInput,
    ) -> Result<MessageFindings, AppError> {
        let draft = self.draft_message(campaign_id, input)?;
        let client = &self.plan.clients[draft.client];
        let campaign = client.campaigns[draft.campaign].id.clone();
        let client_id = client.id.clone();
        let id = draft.message.id.clone();
        let undo = match draft.existing {
            Some(mi) => MessageChange::Upsert {
                client: client_id.clone(),
                campaign: campaign.clone(),
                message: Box::new(client.campaigns[draft.campaign].messages[mi].clone()),
            },
            None => MessageChange::Remove {
                message: id.clone(),
            },
        };
        let change = MessageChange::Upsert {
            client: client_id,
            campaign,
            message: Box::new(draft.message),
        };
        let at = draft
            .existing
            .unwrap_or(client.campaigns[draft.campaign].messages.len());
        let path = format!(
            "clients[{}].campaigns[{}].messages[{at}]",
            draft.client, draft.campaign
        );
        let engine = &mut self.current_mut().engine;
        if let Err(err) = engine.apply(change) {
            self.publish();
            return Err(relative_to(engine_error(err), &path));
        }
        let found = engine.message_findings(&id, EDITOR_FINDINGS);
        if engine.apply(undo).is_ok() {
            self.publish();
        } else {
            self.rebuild_engine()?;
        }
        found
            .map(MessageFindings::from)
            .ok_or_else(|| not_found("message", &id))
    }
}
