//! Moving a message on the calendar (the whole series or one occurrence) and previewing what
//! a move would do.

use std::collections::BTreeMap;

use cadence_engine::MessageChange;
use cadence_model::time::{local_to_utc, occurrences};
use cadence_model::{Message, Plan, RuleKind};
use chrono::{NaiveDate, NaiveDateTime};

use crate::desk::{engine_error, not_found, Changed, Current, Desk};
use crate::ids::new_id;
use crate::ipc::{
    AppError, EntityKind, ErrorCode, MoveOutcome, MovePreview, MoveRequest, MoveScope, Saved,
};
use crate::walls::zone;

/// A move worked out but not made: the messages it writes, and where.
struct PlannedMove {
    client: String,
    campaign: String,
    /// (client, campaign, message) indexes of the moved message in the plan.
    at: (usize, usize, usize),
    /// The moved message as it will be (shifted, or skipping the moved occurrence).
    series: Message,
    /// For one occurrence of a series: the message of its own it becomes.
    single: Option<Message>,
    label: String,
    /// What new violations name as their cause: "New since you moved “X” to Tue 17 Nov 10:00".
    cause: String,
}

impl PlannedMove {
    /// Write the move into `plan` (a copy of the plan it was worked out from).
    fn apply_to(&self, plan: &mut Plan) {
        let (ci, ki, mi) = self.at;
        let messages = &mut plan.client_at_mut(ci).campaigns[ki].messages;
        messages[mi] = self.series.clone();
        if let Some(single) = &self.single {
            messages.insert(mi + 1, single.clone());
        }
    }

    /// The messages it writes, in plan order.
    fn messages(&self) -> impl Iterator<Item = &Message> {
        std::iter::once(&self.series).chain(&self.single)
    }

    /// The engine changes that make it.
    fn changes(&self) -> Vec<MessageChange> {
        self.messages()
            .map(|m| MessageChange::Upsert {
                client: self.client.clone(),
                campaign: self.campaign.clone(),
                message: Box::new(m.clone()),
            })
            .collect()
    }

    /// The message the move leaves selected: the new single message, else the moved one.
    fn selected(&self) -> String {
        self.single.as_ref().unwrap_or(&self.series).id.clone()
    }
}

impl MoveOutcome {
    /// The outcome that takes a client from `before` to `after` violations per rule.
    fn between(before: &BTreeMap<RuleKind, u32>, after: &BTreeMap<RuleKind, u32>) -> Self {
        let count = |m: &BTreeMap<RuleKind, u32>, k: &RuleKind| m.get(k).copied().unwrap_or(0);
        let kinds = before
            .keys()
            .chain(after.keys())
            .collect::<std::collections::BTreeSet<_>>();
        MoveOutcome {
            violations: after.values().sum(),
            worse: kinds
                .iter()
                .filter(|k| count(after, k) > count(before, k))
                .map(|k| **k)
                .collect(),
            better: kinds
                .iter()
                .filter(|k| count(after, k) < count(before, k))
                .map(|k| **k)
                .collect(),
        }
    }
}

impl Desk {
    /// Move a message, or one occurrence of a recurring one, to the wall time `to` in
    /// `timezone`. A series (or a single message) shifts by the same amount, skipped
    /// occurrences with it; one occurrence becomes a message of its own and the series skips
    /// it. One undoable step.
    pub fn move_message(&mut self, request: MoveRequest) -> Result<Saved, AppError> {
        let planned = self.planned_move(&request)?;
        let mut next = self.plan.clone();
        planned.apply_to(&mut next);
        let (ci, ki, mi) = planned.at;
        self.commit_because(
            next,
            &planned.client,
            &format!("clients[{ci}].campaigns[{ki}].messages[{mi}]"),
            planned.label.clone(),
            Changed::Messages {
                client: planned.client.clone(),
                ids: planned.messages().map(|m| m.id.clone()).collect(),
            },
            planned.cause.clone(),
        )?;
        Ok(self.saved(Some(planned.selected())))
    }

    /// What `request` would do to its client's violations, for each scope it can take, without
    /// changing anything: the engine re-checks the moved plan incrementally and is put back.
    pub fn preview_move(&mut self, request: &MoveRequest) -> Result<MovePreview, AppError> {
        let (ci, ki, mi) = self.message_position(&request.message)?;
        let recurring = self.plan.clients[ci].campaigns[ki].messages[mi]
            .rrule
            .is_some();
        let client = self.plan.clients[ci].id.clone();
        let counts = |now: &Current| now.engine.rule_counts(&client).map_err(engine_error);
        let before = counts(&self.current)?;
        let mut outcome = |scope: MoveScope| -> Result<MoveOutcome, AppError> {
            let planned = self.planned_move(&MoveRequest {
                scope,
                ..request.clone()
            })?;
            let after = self.try_on(&planned, counts)?;
            Ok(MoveOutcome::between(&before, &after))
        };
        let occurrence = if recurring {
            Some(outcome(MoveScope::Occurrence)?)
        } else {
            None
        };
        let series = outcome(MoveScope::Series)?;
        Ok(MovePreview {
            violations: before.values().sum(),
            occurrence,
            series,
        })
    }

    /// Run `look` on the engine with `planned` applied, then put the engine back as it was
    /// (rebuilding it from the plan if putting it back fails). Readers wait meanwhile.
    fn try_on<T>(
        &mut self,
        planned: &PlannedMove,
        look: impl FnOnce(&Current) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let (ci, ki, mi) = planned.at;
        let mut undo = vec![MessageChange::Upsert {
            client: planned.client.clone(),
            campaign: planned.campaign.clone(),
            message: Box::new(self.plan.clients[ci].campaigns[ki].messages[mi].clone()),
        }];
        if let Some(single) = &planned.single {
            undo.push(MessageChange::Remove {
                message: single.id.clone(),
            });
        }
        let current = self.current_mut();
        let applied = planned
            .changes()
            .into_iter()
            .try_for_each(|change| current.engine.apply(change).map(|_| ()));
        let seen = applied.map_err(engine_error).and_then(|_| look(current));
        let restored = undo
            .into_iter()
            .try_for_each(|change| current.engine.apply(change).map(|_| ()));
        if restored.is_ok() {
            self.publish();
        } else {
            self.rebuild_engine()?;
        }
        seen
    }

    /// The messages `request` would write, worked out from the current plan (not copied).
    fn planned_move(&self, request: &MoveRequest) -> Result<PlannedMove, AppError> {
        let (ci, ki, mi) = self.message_position(&request.message)?;
        let client = &self.plan.clients[ci];
        let message = &client.campaigns[ki].messages[mi];
        let message_tz = zone(message.timezone.as_deref().unwrap_or(&client.timezone))?;
        let instant = local_to_utc(request.to, zone(&request.timezone)?);
        let new_wall = instant.with_timezone(&message_tz).naive_local();
        let old_wall = occurrence_wall(message.at, message.rrule.as_deref(), request.occurrence)?;

        let mut series = message.clone();
        let single = if message.rrule.is_some() && request.scope == MoveScope::Occurrence {
            let mut single = message.clone();
            single.id = new_id(&self.plan, EntityKind::Message, &message.title);
            single.at = new_wall;
            single.rrule = None;
            single.exdates = Vec::new();
            series.exdates.push(old_wall);
            series.exdates.sort();
            Some(single)
        } else {
            let shift = new_wall - old_wall;
            series.at += shift;
            for skipped in &mut series.exdates {
                *skipped += shift;
            }
            None
        };
        Ok(PlannedMove {
            client: client.id.clone(),
            campaign: client.campaigns[ki].id.clone(),
            at: (ci, ki, mi),
            series,
            single,
            label: format!("Move “{}”", message.title),
            cause: format!(
                "New since you moved “{}” to {}",
                message.title,
                new_wall.format("%a %-d %b %H:%M")
            ),
        })
    }
}

impl Current {
    /// (client, campaign, message) indexes of a message.
    fn message_position(&self, id: &str) -> Result<(usize, usize, usize), AppError> {
        for (ci, client) in self.plan.clients.iter().enumerate() {
            for (ki, campaign) in client.campaigns.iter().enumerate() {
                if let Some(mi) = campaign.messages.iter().position(|m| m.id == id) {
                    return Ok((ci, ki, mi));
                }
            }
        }
        Err(not_found("message", id))
    }
}

/// The wall time of occurrence `index` (counted from the first, skipped ones included).
fn occurrence_wall(
    at: NaiveDateTime,
    rrule: Option<&str>,
    index: u32,
) -> Result<NaiveDateTime, AppError> {
    let far = NaiveDate::MAX.and_hms_opt(0, 0, 0).expect("valid");
    let limit = u16::try_from(index + 1)
        .map_err(|_| AppError::new(ErrorCode::InvalidInput, format!("no occurrence {index}")))?;
    occurrences(at, rrule, far, limit)
        .ok()
        .and_then(|walls| walls.get(index as usize).copied())
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("no occurrence {index}")))
}
