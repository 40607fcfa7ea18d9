//! The calendar's calls: occurrences with their violations, moving a message (the whole
//! series or one occurrence), and probing slots while a message is dragged.

use std::collections::HashMap;

use cadence_model::time::{local_to_utc, occurrences, parse_timezone};
use cadence_model::RuleKind;
use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;

use crate::desk::{engine_error, not_found, Changed, Desk};
use crate::ids::new_id;
use crate::ipc::{
    AppError, CalendarEntry, EntityKind, ErrorCode, MoveRequest, MoveScope, ProbeRequest,
    ProbeResult, Saved,
};

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
        let mut broken: HashMap<(String, u32), (u32, Vec<RuleKind>)> = HashMap::new();
        for v in self
            .engine
            .client_violations(client_id)
            .map_err(engine_error)?
        {
            let entry = broken.entry((v.message, v.occurrence)).or_default();
            entry.0 += 1;
            if !entry.1.contains(&v.rule) {
                entry.1.push(v.rule);
            }
        }
        Ok(self
            .engine
            .occurrences(client_id, start, end)
            .map_err(engine_error)?
            .into_iter()
            .map(|o| {
                let (violations, mut rules) = broken
                    .remove(&(o.message.clone(), o.index))
                    .unwrap_or_default();
                rules.sort();
                CalendarEntry {
                    message: o.message,
                    campaign: o.campaign,
                    occurrence: o.index,
                    at: o.at,
                    violations,
                    rules,
                }
            })
            .collect())
    }

    /// Move a message, or one occurrence of a recurring one, to the wall time `to` in
    /// `timezone`. A series (or a single message) shifts by the same amount, skipped
    /// occurrences with it; one occurrence becomes a message of its own and the series skips
    /// it. One undoable step.
    pub fn move_message(&mut self, request: MoveRequest) -> Result<Saved, AppError> {
        let (ci, ki, mi) = self.message_position(&request.message)?;
        let client = &self.plan.clients[ci];
        let client_id = client.id.clone();
        let campaign_id = client.campaigns[ki].id.clone();
        let message = client.campaigns[ki].messages[mi].clone();
        let message_tz = zone(message.timezone.as_deref().unwrap_or(&client.timezone))?;
        let instant = local_to_utc(request.to, zone(&request.timezone)?);
        let new_wall = instant.with_timezone(&message_tz).naive_local();
        let old_wall = occurrence_wall(message.at, message.rrule.as_deref(), request.occurrence)?;

        let mut next = self.plan.clone();
        let messages = &mut next.clients[ci].campaigns[ki].messages;
        let label = format!("Move “{}”", message.title);
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
        self.commit(
            next,
            &client_id,
            &format!("clients[{ci}].campaigns[{ki}].messages[{mi}]"),
            label,
            Changed::Messages {
                client: client_id.clone(),
                campaign: campaign_id,
                ids,
            },
        )?;
        Ok(self.saved(Some(saved_id)))
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
