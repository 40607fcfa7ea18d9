//! The calendar's calls: occurrences with their violations, moving a message (the whole
//! series or one occurrence), previewing what a move would do, and probing slots while a
//! message is dragged.

use std::collections::BTreeMap;

use cadence_engine::{Engine, MessageChange};
use cadence_model::time::{local_to_utc, occurrences, parse_timezone};
use cadence_model::{Message, Plan, RuleKind};
use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

use crate::desk::{engine_error, not_found, Changed, Desk};
use crate::ids::new_id;
use crate::ipc::{
    AppError, CalendarEntry, EntityKind, ErrorCode, MoveOutcome, MovePreview, MoveRequest,
    MoveScope, ProbeRequest, ProbeResult, Saved,
};

/// A move worked out but not made.
struct PlannedMove {
    next: Plan,
    client: String,
    campaign: String,
    entity_path: String,
    label: String,
    /// Messages written (the moved one, and the new single one for an occurrence).
    ids: Vec<String>,
    /// The message the move leaves selected.
    saved_id: String,
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

/// Most candidates one probe may ask about.
pub const MAX_PROBE: usize = 2_000;

fn zone(name: &str) -> Result<Tz, AppError> {
    parse_timezone(name).ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidInput,
            format!("unknown time zone \"{name}\""),
        )
    })
}

impl Desk {
    /// The occurrences of `client_id`'s messages on local dates `[from, to)` of the client's
    /// time zone, each with the violations the engine found on it.
    pub fn calendar(
        &self,
        client_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<CalendarEntry>, AppError> {
        let ci = self.client_index(client_id)?;
        let tz = zone(&self.plan.clients[ci].timezone)?;
        let start = local_to_utc(from.and_hms_opt(0, 0, 0).expect("midnight"), tz);
        let end = local_to_utc(to.and_hms_opt(0, 0, 0).expect("midnight"), tz);
        let mut marks = self
            .engine
            .occurrence_marks(client_id)
            .map_err(engine_error)?;
        Ok(self
            .engine
            .occurrences(client_id, start, end)
            .map_err(engine_error)?
            .into_iter()
            .map(|o| {
                let marks = marks
                    .remove(&(o.message.clone(), o.index))
                    .unwrap_or_default();
                CalendarEntry {
                    message: o.message,
                    campaign: o.campaign,
                    occurrence: o.index,
                    at: o.at,
                    violations: marks.violations,
                    rules: marks.rules,
                }
            })
            .collect())
    }

    /// Move a message, or one occurrence of a recurring one, to the wall time `to` in
    /// `timezone`. A series (or a single message) shifts by the same amount, skipped
    /// occurrences with it; one occurrence becomes a message of its own and the series skips
    /// it. One undoable step.
    pub fn move_message(&mut self, request: MoveRequest) -> Result<Saved, AppError> {
        let planned = self.planned_move(&request)?;
        self.commit(
            planned.next,
            &planned.client,
            &planned.entity_path,
            planned.label,
            Changed::Messages {
                client: planned.client.clone(),
                campaign: planned.campaign,
                ids: planned.ids,
            },
        )?;
        Ok(self.saved(Some(planned.saved_id)))
    }

    /// What `request` would do to its client's violations, for each scope it can take, without
    /// changing anything: the engine re-checks the moved plan incrementally and is put back.
    pub fn preview_move(&mut self, request: &MoveRequest) -> Result<MovePreview, AppError> {
        let (ci, ki, mi) = self.message_position(&request.message)?;
        let recurring = self.plan.clients[ci].campaigns[ki].messages[mi]
            .rrule
            .is_some();
        let client = self.plan.clients[ci].id.clone();
        let before = self.rule_counts(&client)?;
        let mut outcome = |scope: MoveScope| -> Result<MoveOutcome, AppError> {
            let planned = self.planned_move(&MoveRequest {
                scope,
                ..request.clone()
            })?;
            let after = self.try_on(&planned, |desk| desk.rule_counts(&client))?;
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
    /// (rebuilding it from the plan if putting it back fails).
    fn try_on<T>(
        &mut self,
        planned: &PlannedMove,
        look: impl FnOnce(&Self) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let find = |plan: &Plan, id: &str| {
            plan.client(&planned.client)
                .and_then(|c| c.messages().find(|m| m.id == id))
                .cloned()
        };
        let upsert = |message: Message| MessageChange::Upsert {
            client: planned.client.clone(),
            campaign: planned.campaign.clone(),
            message: Box::new(message),
        };
        let mut tried = Vec::new();
        let mut undo = Vec::new();
        for id in &planned.ids {
            let moved = find(&planned.next, id).ok_or_else(|| not_found("message", id))?;
            tried.push(upsert(moved));
            undo.push(match find(&self.plan, id) {
                Some(original) => upsert(original),
                None => MessageChange::Remove {
                    message: id.clone(),
                },
            });
        }
        let applied = tried
            .into_iter()
            .try_for_each(|change| self.engine.apply(change).map(|_| ()));
        let seen = applied.map_err(engine_error).and_then(|_| look(self));
        let restored = undo
            .into_iter()
            .try_for_each(|change| self.engine.apply(change).map(|_| ()));
        if restored.is_err() {
            self.engine = Engine::from_plan(&self.plan).map_err(engine_error)?;
        }
        seen
    }

    /// Violations of one client per rule kind.
    fn rule_counts(&self, client: &str) -> Result<BTreeMap<RuleKind, u32>, AppError> {
        self.engine.rule_counts(client).map_err(engine_error)
    }

    /// The plan after `request`, and what changed in it.
    fn planned_move(&self, request: &MoveRequest) -> Result<PlannedMove, AppError> {
        let (ci, ki, mi) = self.message_position(&request.message)?;
        let client = &self.plan.clients[ci];
        let message = client.campaigns[ki].messages[mi].clone();
        let message_tz = zone(message.timezone.as_deref().unwrap_or(&client.timezone))?;
        let instant = local_to_utc(request.to, zone(&request.timezone)?);
        let new_wall = instant.with_timezone(&message_tz).naive_local();
        let old_wall = occurrence_wall(message.at, message.rrule.as_deref(), request.occurrence)?;

        let mut next = self.plan.clone();
        let messages = &mut next.clients[ci].campaigns[ki].messages;
        let (ids, saved_id) = if message.rrule.is_some() && request.scope == MoveScope::Occurrence {
            let id = new_id(&self.plan, EntityKind::Message, &message.title);
            let mut single = message.clone();
            single.id = id.clone();
            single.at = new_wall;
            single.rrule = None;
            single.exdates = Vec::new();
            messages[mi].exdates.push(old_wall);
            messages[mi].exdates.sort();
            messages.insert(mi + 1, single);
            (vec![message.id.clone(), id.clone()], id)
        } else {
            let shift = new_wall - old_wall;
            let moved = &mut messages[mi];
            moved.at += shift;
            for skipped in &mut moved.exdates {
                *skipped += shift;
            }
            (vec![message.id.clone()], message.id.clone())
        };
        Ok(PlannedMove {
            next,
            client: client.id.clone(),
            campaign: client.campaigns[ki].id.clone(),
            entity_path: format!("clients[{ci}].campaigns[{ki}].messages[{mi}]"),
            label: format!("Move “{}”", message.title),
            ids,
            saved_id,
        })
    }

    /// For each candidate instant, the rules the message would break if it went out then.
    pub fn probe(&self, request: &ProbeRequest) -> Result<Vec<ProbeResult>, AppError> {
        if request.candidates.len() > MAX_PROBE {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!(
                    "{} candidates asked for; at most {MAX_PROBE} at a time",
                    request.candidates.len()
                ),
            ));
        }
        let rules = self
            .engine
            .probe(&request.message, &request.candidates)
            .map_err(engine_error)?;
        Ok(request
            .candidates
            .iter()
            .zip(rules)
            .map(|(at, rules)| ProbeResult { at: *at, rules })
            .collect())
    }

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
