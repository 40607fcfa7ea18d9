//! Suggest a slot: the earliest times at or after an instant where a message breaks no rule
//! for any segment it touches (direct and inherited).
//!
//! Candidates are instants on a fixed grid (`step_minutes`, 15 by default, aligned to whole
//! UTC multiples of the step) from `after`, for at most `search_days` days (60 by default)
//! and never past the checked period. A candidate is the message sent once at that time: the
//! message's own current touches (all of its occurrences) leave the context. It is accepted
//! when, in every segment it reaches, the new touch breaks no rule and no other touch
//! newly breaks a cap or min_gap because of it. For a `local_delivery` message the candidate
//! is the message's wall time, placed in each targeted segment's zone. Consent and min_value
//! do not depend on the time: when they fail, the slots are still listed and the failures are
//! returned as `blocked`, since no time can fix them.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use cadence_model::time::{local_to_utc, parse_timezone};
use cadence_model::RuleKind;

use crate::cascade::{passes, Compiled};
use crate::engine::Engine;
use crate::error::EngineError;
use crate::evaluate::local_time;
use crate::expand::reach;
use crate::period::instant;
use crate::touch::{touch_order, Touch};

/// Default grid step.
pub const DEFAULT_STEP_MINUTES: u32 = 15;
/// Default search length.
pub const DEFAULT_SEARCH_DAYS: u32 = 60;
/// Default number of slots.
pub const DEFAULT_SLOTS: usize = 5;

/// What to find slots for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SuggestRequest {
    /// Id of a message in the plan.
    pub message: String,
    /// Only this directly targeted segment (and the descendants it reaches).
    pub segment: Option<String>,
    /// Earliest acceptable instant.
    #[serde(with = "crate::violation::utc_z")]
    #[ts(type = "string")]
    pub after: DateTime<Utc>,
    /// How many slots to return (1 to 100).
    pub count: usize,
    /// Grid step in minutes (1 to 1440).
    pub step_minutes: u32,
    /// How far to search, in days (1 to 366).
    pub search_days: u32,
}

impl SuggestRequest {
    /// A request with the default count, step and search length.
    pub fn new(message: impl Into<String>, after: DateTime<Utc>) -> Self {
        SuggestRequest {
            message: message.into(),
            segment: None,
            after,
            count: DEFAULT_SLOTS,
            step_minutes: DEFAULT_STEP_MINUTES,
            search_days: DEFAULT_SEARCH_DAYS,
        }
    }
}

/// A time the message could go out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Slot {
    /// The instant (for a `local_delivery` message: in the message's own zone).
    #[serde(with = "crate::violation::utc_z")]
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// The wall time in the message's zone: the value for the message's `at`.
    #[ts(type = "string")]
    pub local: NaiveDateTime,
}

/// A rule that fails whatever the time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Blocker {
    /// Consent or min_value.
    pub rule: RuleKind,
    /// The directly targeted segment.
    pub segment: String,
    /// For people.
    pub detail: String,
}

/// The answer to a [`SuggestRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Suggestion {
    /// The message.
    pub message: String,
    /// The message's time zone.
    pub timezone: String,
    /// The earliest slots, in time order (fewer than asked when the search ran out).
    pub slots: Vec<Slot>,
    /// Rules no time can satisfy (consent, min_value); empty when the slots are clean.
    pub blocked: Vec<Blocker>,
    /// Segments considered.
    pub segments: Vec<String>,
    /// End of the searched range (exclusive).
    #[serde(with = "crate::violation::utc_z")]
    #[ts(type = "string")]
    pub searched_until: DateTime<Utc>,
}

/// A cap or min_gap prepared for fast probing: the touches it sees without the message.
struct Sliding<'a> {
    rule: &'a Compiled,
    picked: Vec<Touch>,
    /// Cap: each picked touch's count in its window.
    counts: Vec<u32>,
}

/// One segment the message reaches.
struct Context<'a> {
    segment: usize,
    /// Zone the candidate wall time is placed in (local delivery only).
    zone: chrono_tz::Tz,
    sliding: Vec<Sliding<'a>>,
    local: Vec<&'a Compiled>,
}

impl Engine {
    /// Everything a candidate time is checked against for `message_id` (only the segments
    /// `segment` reaches, if given): per reached segment, its rules and the other touches.
    fn prepare<'a>(
        &'a self,
        message_id: &str,
        segment: Option<String>,
    ) -> Result<Prepared<'a>, EngineError> {
        let slot = *self
            .by_id
            .get(message_id)
            .ok_or_else(|| EngineError::UnknownMessage(message_id.to_string().clone()))?;
        let info = &self.messages[slot as usize];
        let client = &self.plan.clients[info.client];
        let message = client
            .messages()
            .find(|m| m.id == message_id)
            .ok_or_else(|| EngineError::UnknownMessage(message_id.to_string().clone()))?;
        let message_tz = message
            .timezone
            .as_deref()
            .and_then(parse_timezone)
            .unwrap_or(self.index.clients[info.client].tz);
        let targets: Vec<usize> = message
            .segments
            .iter()
            .map(|id| self.index.segment_index[id])
            .collect();
        let only = match &segment {
            Some(id) => Some(
                targets
                    .iter()
                    .position(|&t| self.index.segments[t].id == *id)
                    .ok_or_else(|| EngineError::NotTargeted {
                        message: message.id.clone(),
                        segment: id.clone(),
                    })?,
            ),
            None => None,
        };
        let reached: Vec<_> = reach(&targets, &self.index)
            .into_iter()
            .filter(|r| only.is_none_or(|o| r.source == o))
            .collect();

        let mut blocked = Vec::new();
        let mut contexts = Vec::new();
        for r in &reached {
            let seg = &self.index.segments[r.segment];
            let channel = info.channel;
            if r.direct {
                if self.index.channels[channel as usize].requires_consent
                    && !seg.opt_in[channel as usize]
                {
                    blocked.push(Blocker {
                        rule: RuleKind::Consent,
                        segment: seg.id.clone(),
                        detail: format!(
                            "{} has not opted in to {}",
                            seg.name, self.index.channels[channel as usize].id
                        ),
                    });
                }
                for rule in &seg.rules {
                    if let Compiled::MinValue { score } = rule.compiled {
                        if info.score < score || !info.missing.is_empty() {
                            blocked.push(Blocker {
                                rule: RuleKind::MinValue,
                                segment: seg.id.clone(),
                                detail: format!(
                                    "value score {} (needs {score}){}",
                                    info.score,
                                    if info.missing.is_empty() {
                                        String::new()
                                    } else {
                                        format!(
                                            ", required items missing: {}",
                                            info.missing.join(", ")
                                        )
                                    }
                                ),
                            });
                        }
                    }
                }
            }
            let others: Vec<Touch> = self.segments[r.segment]
                .touches
                .iter()
                .filter(|t| t.msg != slot)
                .copied()
                .collect();
            let mut context = Context {
                segment: r.segment,
                zone: if message.local_delivery {
                    self.index.segments[targets[r.source]].tz
                } else {
                    message_tz
                },
                sliding: Vec::new(),
                local: Vec::new(),
            };
            for rule in &seg.rules {
                match &rule.compiled {
                    c @ (Compiled::Cap { channels, .. } | Compiled::MinGap { channels, .. }) => {
                        if message.transactional || !passes(channels, channel) {
                            continue;
                        }
                        let picked: Vec<Touch> = others
                            .iter()
                            .filter(|t| !t.transactional && passes(channels, t.channel))
                            .copied()
                            .collect();
                        let counts = match c {
                            Compiled::Cap { window_days, .. } => {
                                window_counts(&picked, *window_days as i64 * 86_400)
                            }
                            _ => Vec::new(),
                        };
                        context.sliding.push(Sliding {
                            rule: c,
                            picked,
                            counts,
                        });
                    }
                    c if c.is_local() => context.local.push(c),
                    _ => {}
                }
            }
            contexts.push(context);
        }

        Ok(Prepared {
            slot,
            message,
            message_tz,
            reached,
            blocked,
            contexts,
        })
    }

    /// The earliest slots for a message; see the module documentation for the rules.
    pub fn suggest(&self, request: &SuggestRequest) -> Result<Suggestion, EngineError> {
        let Prepared {
            slot,
            message,
            message_tz,
            reached,
            blocked,
            contexts,
        } = self.prepare(&request.message, request.segment.clone())?;
        let step = request.step_minutes.clamp(1, 1440) as i64 * 60;
        let first = request.after.timestamp().div_euclid(step) * step
            + if request.after.timestamp().rem_euclid(step) == 0 {
                0
            } else {
                step
            };
        let until = (request.after.timestamp() + request.search_days.clamp(1, 366) as i64 * 86_400)
            .min(self.period.end_secs());
        let count = request.count.clamp(1, 100);
        let mut slots = Vec::new();
        let mut t = first.max(self.period.start_secs());
        t += (first - t).rem_euclid(step);
        while t < until && slots.len() < count {
            let wall = local_time(t, message_tz);
            // The later instance of a repeated wall time cannot be written as `at` (the
            // earlier one wins), so it is not offered.
            let writable = local_to_utc(wall, message_tz).timestamp() == t;
            if writable
                && contexts.iter().all(|c| {
                    let at = if message.local_delivery {
                        local_to_utc(wall, c.zone).timestamp()
                    } else {
                        t
                    };
                    self.period.contains(at) && self.fits(c, slot, at)
                })
            {
                slots.push(Slot {
                    at: instant(t),
                    local: wall,
                });
            }
            t += step;
        }
        Ok(Suggestion {
            message: message.id.clone(),
            timezone: message_tz.name().to_string(),
            slots,
            blocked,
            segments: reached
                .iter()
                .map(|r| self.index.segments[r.segment].id.clone())
                .collect(),
            searched_until: instant(until),
        })
    }

    /// Whether a touch of message `slot` at `at` fits the segment's rules.
    fn fits(&self, context: &Context, slot: u32, at: i64) -> bool {
        self.failures(context, slot, at).is_empty()
    }

    /// The rules a touch of message `slot` at `at` would break in the context's segment.
    fn failures(&self, context: &Context, slot: u32, at: i64) -> Vec<RuleKind> {
        let seg = &self.index.segments[context.segment];
        let mut broken = Vec::new();
        if !context.local.is_empty() {
            let local = local_time(at, seg.tz);
            broken.extend(
                context
                    .local
                    .iter()
                    .filter(|r| r.breaks_local(local))
                    .map(|r| compiled_kind(r)),
            );
        }
        let new = Touch {
            at,
            msg: slot,
            occ: 0,
            channel: 0,
            direct: false,
            transactional: false,
        };
        let id = |m: u32| self.messages[m as usize].id.as_str();
        for s in &context.sliding {
            let p = s
                .picked
                .partition_point(|t| touch_order(t, &new, id).is_lt());
            let ok = match s.rule {
                Compiled::Cap {
                    max, window_days, ..
                } => {
                    let window = *window_days as i64 * 86_400;
                    let lo = s.picked.partition_point(|t| t.at <= at - window);
                    (p - lo + 1) as u32 <= *max
                        && s.picked[p..]
                            .iter()
                            .zip(&s.counts[p..])
                            .take_while(|(t, _)| t.at < at + window)
                            .all(|(_, &count)| count != *max)
                }
                Compiled::MinGap { hours, .. } => {
                    let gap = hours * 3600.0;
                    let prev = p.checked_sub(1).map(|i| s.picked[i].at);
                    if prev.is_some_and(|prev| ((at - prev) as f64) < gap) {
                        false
                    } else {
                        match s.picked.get(p) {
                            // Only a problem when the next touch was fine before.
                            Some(next) if (((next.at - at) as f64) < gap) => {
                                prev.is_some_and(|prev| ((next.at - prev) as f64) < gap)
                            }
                            _ => true,
                        }
                    }
                }
                _ => true,
            };
            if !ok {
                broken.push(compiled_kind(s.rule));
            }
        }
        broken
    }

    /// For each candidate instant, the rules `message_id` would break if it went out then
    /// (as a single occurrence, like [`Engine::suggest`] checks slots): consent and min_value
    /// failures apply at every instant; candidates outside the checked period get none.
    /// Sorted, without repeats. For shading a calendar while a message is dragged.
    pub fn probe(
        &self,
        message_id: &str,
        candidates: &[DateTime<Utc>],
    ) -> Result<Vec<Vec<RuleKind>>, EngineError> {
        let Prepared {
            slot,
            message,
            message_tz,
            blocked,
            contexts,
            ..
        } = self.prepare(message_id, None)?;
        let always: Vec<RuleKind> = blocked.iter().map(|b| b.rule).collect();
        Ok(candidates
            .iter()
            .map(|candidate| {
                let t = candidate.timestamp();
                let mut kinds = always.clone();
                if self.period.contains(t) {
                    let wall = local_time(t, message_tz);
                    for c in &contexts {
                        let at = if message.local_delivery {
                            local_to_utc(wall, c.zone).timestamp()
                        } else {
                            t
                        };
                        if self.period.contains(at) {
                            kinds.extend(self.failures(c, slot, at));
                        }
                    }
                }
                kinds.sort();
                kinds.dedup();
                kinds
            })
            .collect())
    }
}

/// The kind of a compiled rule.
fn compiled_kind(rule: &Compiled) -> RuleKind {
    match rule {
        Compiled::Cap { .. } => RuleKind::Cap,
        Compiled::MinGap { .. } => RuleKind::MinGap,
        Compiled::QuietHours { .. } => RuleKind::QuietHours,
        Compiled::Blackout { .. } => RuleKind::Blackout,
        Compiled::Weekdays { .. } => RuleKind::Weekdays,
        Compiled::MinValue { .. } => RuleKind::MinValue,
    }
}

/// What [`Engine::prepare`] gives the slot checks.
struct Prepared<'a> {
    slot: u32,
    message: &'a cadence_model::Message,
    message_tz: chrono_tz::Tz,
    reached: Vec<crate::expand::Reached>,
    blocked: Vec<Blocker>,
    contexts: Vec<Context<'a>>,
}

/// Each touch's count in its `(t - window, t]` window (two pointers).
pub(crate) fn window_counts(touches: &[Touch], window: i64) -> Vec<u32> {
    let mut counts = Vec::with_capacity(touches.len());
    let mut j = 0;
    for (k, t) in touches.iter().enumerate() {
        while touches[j].at <= t.at - window {
            j += 1;
        }
        counts.push((k - j + 1) as u32);
    }
    counts
}
