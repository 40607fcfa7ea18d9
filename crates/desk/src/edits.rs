//! The editor's actions: create or update a client, segment, campaign or message, delete
//! an entity with what goes with it, and reset the workspace.

use std::sync::Arc;

use cadence_engine::Engine;
use cadence_model::sample::{empty_plan, sample_plan};
use cadence_model::{default_checklist, Campaign, Client, Message, Plan, Segment};
use chrono::{DateTime, NaiveDate, Utc};

use crate::backups::take_backup;
use crate::desk::{engine_error, position, Changed, Current, Desk, Reach};
use crate::history::{Snapshot, Step};
use crate::ids::{new_id, new_id_avoiding};
use crate::impact::{delete_impact, without_entity};
use crate::ipc::*;

/// A save of a client's own fields, a segment or a campaign worked out from the editor's
/// input, not yet written: what the save commits and the draft check validates.
pub(crate) struct NextPlan {
    /// The workspace after the save.
    pub next: Plan,
    /// Index of the edited client in `next`.
    pub client: usize,
    /// Its id.
    pub client_id: String,
    /// The JSON path of the edited entity in `next` ("clients[0].segments[2]").
    pub path: String,
    /// The edited entity's id (a new one's is made up here).
    pub id: String,
    /// The undo label of saving it.
    pub label: String,
}

/// A message worked out from the editor's input, not yet written.
pub(crate) struct DraftMessage {
    /// Index of its client in the plan.
    pub client: usize,
    /// Index of its campaign in the client.
    pub campaign: usize,
    /// Its index in the campaign when it exists (an edit), `None` for a new message.
    pub existing: Option<usize>,
    /// The message as it would be saved.
    pub message: Message,
    /// The undo label of saving it.
    pub label: String,
}

impl Desk {
    /// Create or update a client's own fields.
    pub fn save_client(&mut self, input: ClientInput) -> Result<Saved, AppError> {
        let edit = self.next_client(input)?;
        self.commit_edit(edit)
    }

    /// Create or update a segment of `client_id`.
    pub fn save_segment(
        &mut self,
        client_id: &str,
        input: SegmentInput,
    ) -> Result<Saved, AppError> {
        let edit = self.next_segment(client_id, input)?;
        self.commit_edit(edit)
    }

    /// Create or update a campaign of `client_id`.
    pub fn save_campaign(
        &mut self,
        client_id: &str,
        input: CampaignInput,
    ) -> Result<Saved, AppError> {
        let edit = self.next_campaign(client_id, input)?;
        self.commit_edit(edit)
    }

    /// Write an edit of a client's own fields, a segment or a campaign.
    fn commit_edit(&mut self, edit: NextPlan) -> Result<Saved, AppError> {
        self.commit(
            edit.next,
            &edit.client_id,
            &edit.path,
            edit.label,
            Changed::Everything,
        )?;
        Ok(self.saved(Some(edit.id)))
    }

    /// Create or update a message of `campaign_id`. Saving a message exactly as it is
    /// writes nothing and adds no undo step (the reply is the workspace as it is).
    pub fn save_message(
        &mut self,
        campaign_id: &str,
        input: MessageInput,
    ) -> Result<Saved, AppError> {
        let draft = self.draft_message(campaign_id, input)?;
        let (ci, ki) = (draft.client, draft.campaign);
        let client_id = self.plan.clients[ci].id.clone();
        let id = draft.message.id.clone();
        if draft
            .existing
            .is_some_and(|mi| self.plan.clients[ci].campaigns[ki].messages[mi] == draft.message)
        {
            return Ok(self.saved(Some(id)));
        }
        let mut next = self.plan.clone();
        let messages = &mut next.client_at_mut(ci).campaigns[ki].messages;
        let mi = match draft.existing {
            Some(mi) => {
                messages[mi] = draft.message;
                mi
            }
            None => {
                messages.push(draft.message);
                messages.len() - 1
            }
        };
        self.commit(
            next,
            &client_id,
            &format!("clients[{ci}].campaigns[{ki}].messages[{mi}]"),
            draft.label,
            Changed::Messages {
                client: client_id.clone(),
                ids: vec![id.clone()],
            },
        )?;
        Ok(self.saved(Some(id)))
    }

    /// Delete `target` and what goes with it (see [`Desk::delete_impact`]).
    pub fn delete(&mut self, target: &EntityRef) -> Result<Saved, AppError> {
        let label = format!("Delete “{}”", delete_impact(&self.plan, target)?.name);
        let (next, client_id) = without_entity(&self.plan, target)?;
        if target.kind == EntityKind::Client {
            let snapshot = Snapshot::of_client(&self.plan, &client_id);
            let engine = Engine::from_plan(&next).map_err(engine_error)?;
            if let Err(err) = self.store.delete_client(&target.id) {
                return Err(self.after_failed_write(err.into()));
            }
            self.replace_current(next, engine);
            self.reach = Reach::Client(client_id);
            self.history.record(Step { label, snapshot });
        } else {
            let changed = match target.kind {
                EntityKind::Message => Changed::RemovedMessage(target.id.clone()),
                _ => Changed::Everything,
            };
            self.commit(next, &client_id, "", label, changed)?;
        }
        Ok(self.saved(None))
    }

    /// Replace the workspace with the sample agency or an empty one, around `today`, after a
    /// backup taken at `now`.
    pub fn reset(
        &mut self,
        mode: ResetMode,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Saved, AppError> {
        let next = match mode {
            ResetMode::Sample => sample_plan(today),
            ResetMode::Empty => empty_plan(today),
        };
        take_backup(&self.store, now, "before-reset")?;
        self.replace_whole(next.clone(), "Reset the workspace".to_string())?;
        if mode == ResetMode::Sample {
            self.mark_sample(&next, today)?;
        }
        Ok(self.saved(None))
    }
}

/// "New" for a create, "Edit" for an update.
impl Current {
    /// The workspace after saving `input` as a client, not yet written.
    pub(crate) fn next_client(&self, input: ClientInput) -> Result<NextPlan, AppError> {
        let mut next = self.plan.clone();
        let new = || {
            new_id_avoiding(
                &self.plan,
                EntityKind::Client,
                &input.name,
                &self.reserved_clients,
            )
        };
        let (index, id) = find_or_append(&mut next.clients, &input.id, "client", new, |id| {
            Arc::new(Client {
                id,
                name: String::new(),
                timezone: String::new(),
                checklist: default_checklist(),
                rules: Vec::new(),
                segments: Vec::new(),
                campaigns: Vec::new(),
            })
        })?;
        let client = next.client_at_mut(index);
        client.name = input.name;
        client.timezone = input.timezone;
        if let Some(checklist) = input.checklist {
            client.checklist = checklist;
        }
        if let Some(rules) = input.rules {
            client.rules = rules;
        }
        let label = format!("{} “{}”", verb(&input.id), next.clients[index].name);
        Ok(NextPlan {
            next,
            client: index,
            client_id: id.clone(),
            path: format!("clients[{index}]"),
            id,
            label,
        })
    }

    /// The workspace after saving `input` as a segment of `client_id`, not yet written.
    pub(crate) fn next_segment(
        &self,
        client_id: &str,
        input: SegmentInput,
    ) -> Result<NextPlan, AppError> {
        let ci = self.client_index(client_id)?;
        let mut next = self.plan.clone();
        let segments = &mut next.client_at_mut(ci).segments;
        let new = || new_id(&self.plan, EntityKind::Segment, &input.name);
        let (si, id) = find_or_append(segments, &input.id, "segment", new, |id| Segment {
            id,
            name: String::new(),
            parent: None,
            timezone: None,
            size: 0,
            opt_in: Vec::new(),
            interests: Vec::new(),
            values: Vec::new(),
            rules: Vec::new(),
        })?;
        let label = format!("{} segment “{}”", verb(&input.id), input.name);
        let segment = &mut segments[si];
        segment.name = input.name;
        segment.parent = input.parent.filter(|p| !p.is_empty());
        segment.timezone = input.timezone.filter(|t| !t.is_empty());
        segment.size = input.size;
        segment.opt_in = input.opt_in;
        segment.interests = input.interests;
        segment.values = input.values;
        if let Some(rules) = input.rules {
            segment.rules = rules;
        }
        Ok(NextPlan {
            next,
            client: ci,
            client_id: client_id.to_string(),
            path: format!("clients[{ci}].segments[{si}]"),
            id,
            label,
        })
    }

    /// The workspace after saving `input` as a campaign of `client_id`, not yet written.
    pub(crate) fn next_campaign(
        &self,
        client_id: &str,
        input: CampaignInput,
    ) -> Result<NextPlan, AppError> {
        let ci = self.client_index(client_id)?;
        let mut next = self.plan.clone();
        let campaigns = &mut next.client_at_mut(ci).campaigns;
        let new = || new_id(&self.plan, EntityKind::Campaign, &input.name);
        let (ki, id) = find_or_append(campaigns, &input.id, "campaign", new, |id| Campaign {
            id,
            name: String::new(),
            objective: String::new(),
            start: None,
            end: None,
            messages: Vec::new(),
        })?;
        let label = format!("{} campaign “{}”", verb(&input.id), input.name);
        let campaign = &mut campaigns[ki];
        campaign.name = input.name;
        campaign.objective = input.objective;
        campaign.start = input.start;
        campaign.end = input.end;
        Ok(NextPlan {
            next,
            client: ci,
            client_id: client_id.to_string(),
            path: format!("clients[{ci}].campaigns[{ki}]"),
            id,
            label,
        })
    }

    /// The message `input` makes in `campaign_id`, worked out from the current plan but not
    /// written: what [`Desk::save_message`] saves and the editor's preview checks.
    pub(crate) fn draft_message(
        &self,
        campaign_id: &str,
        input: MessageInput,
    ) -> Result<DraftMessage, AppError> {
        let (ci, ki) = self.campaign_index(campaign_id)?;
        let messages = &self.plan.clients[ci].campaigns[ki].messages;
        let (id, existing) = match &input.id {
            Some(id) => {
                // A message may only be edited in its own campaign.
                let mi = position(messages, |m| &m.id, id, "message")?;
                (id.clone(), Some(mi))
            }
            None => (new_id(&self.plan, EntityKind::Message, &input.title), None),
        };
        let label = format!("{} message “{}”", verb(&input.id), input.title);
        let rrule = input
            .rrule
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        // Skipped occurrences stay only while they still name occurrences of the series.
        let exdates = existing
            .map(|mi| &messages[mi])
            .filter(|m| m.at == input.at && m.rrule == rrule)
            .map(|m| m.exdates.clone())
            .unwrap_or_default();
        // The editor sends an answer for every checklist item; a "no" to an item the message
        // never answered stays unanswered (they score the same), so an unchanged form is an
        // unchanged message.
        let mut checklist = input.checklist;
        if let Some(old) = existing.map(|mi| &messages[mi]) {
            checklist.retain(|item, yes| *yes || old.checklist.contains_key(item));
        }
        let message = Message {
            id,
            title: input.title,
            channel: input.channel,
            segments: input.segments,
            at: input.at,
            timezone: input.timezone.filter(|t| !t.is_empty()),
            local_delivery: input.local_delivery,
            transactional: input.transactional,
            rrule,
            exdates,
            checklist,
            brief: input.brief,
            status: input.status,
        };
        Ok(DraftMessage {
            client: ci,
            campaign: ki,
            existing,
            message,
            label,
        })
    }
}

fn verb(id: &Option<String>) -> &'static str {
    if id.is_some() {
        "Edit"
    } else {
        "New"
    }
}

/// Entities found by id in their lists.
trait HasId {
    fn id(&self) -> &String;
}

impl HasId for Arc<Client> {
    fn id(&self) -> &String {
        &self.id
    }
}

impl HasId for Segment {
    fn id(&self) -> &String {
        &self.id
    }
}

impl HasId for Campaign {
    fn id(&self) -> &String {
        &self.id
    }
}

/// The index and id of the entity `id` names in `items` (not found is an error), or, for no
/// id, of a `blank` one appended under the id `new` gives.
fn find_or_append<T: HasId>(
    items: &mut Vec<T>,
    id: &Option<String>,
    kind: &str,
    new: impl FnOnce() -> String,
    blank: impl FnOnce(String) -> T,
) -> Result<(usize, String), AppError> {
    match id {
        Some(id) => Ok((position(items, |item| item.id(), id, kind)?, id.clone())),
        None => {
            let id = new();
            items.push(blank(id.clone()));
            Ok((items.len() - 1, id))
        }
    }
}
