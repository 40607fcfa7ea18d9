//! Suggest a slot: the earliest times at or after an instant where a message breaks no rule
//! for any segment it touches (direct and inherited), and offers that give a planner real
//! choices (see [`Offer`]): the nearest earlier and later times that fix the flagged rules
//! (the request's `fix`, else whatever the message breaks at `after`), even if they break
//! something else; the earliest time that breaks nothing; and up to [`SPREAD_OFFERS`] clean
//! times on other days (the first at least a day after the earliest clean one, then two and
//! four days on), each the clean time of its day nearest the flagged time of day. Each offer
//! says what it fixes and what it leaves. No instant is offered twice and never three in
//! the same hour of one day. The nearest earlier time is only looked for when the request
//! says how early a time may be (`not_before`), and never further back than `search_days`.
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

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use cadence_model::time::{local_to_utc, parse_timezone};
use cadence_model::RuleKind;

use crate::cascade::{passes, Compiled};
use crate::engine::Engine;
use crate::error::EngineError;
use crate::evaluate::local_time;
use crate::expand::reach;
use crate::offers::{detail, offer_text, Broken, Left, Offer, OfferKind};
use crate::period::instant;
use crate::touch::{touch_order, Touch};

/// Default grid step.
pub const DEFAULT_STEP_MINUTES: u32 = 15;
/// Default search length.
pub const DEFAULT_SEARCH_DAYS: u32 = 60;
/// Default number of slots.
pub const DEFAULT_SLOTS: usize = 5;
/// Most clean offers on other days.
pub const SPREAD_OFFERS: usize = 3;
/// Days between the clean offers on other days: the first at least this many days after the
/// earliest clean one, each next one after the one before.
const SPREAD_GAPS: [i64; SPREAD_OFFERS] = [1, 2, 4];

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
    /// The flagged rules the nearest offers must fix (empty: the rules the message breaks
    /// at `after`). Consent and min_value are ignored: no time fixes them.
    #[serde(default)]
    pub fix: Vec<RuleKind>,
    /// How early the nearest earlier offer may be (`None`: no earlier offer).
    #[serde(default)]
    #[ts(type = "string | null")]
    pub not_before: Option<DateTime<Utc>>,
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
            fix: Vec::new(),
            not_before: None,
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
    /// The flagged time (the request's `after`) as a wall time in that zone: an offer on
    /// the same day needs only its time of day.
    #[ts(type = "string")]
    pub after_local: NaiveDateTime,
    /// The earliest slots that break nothing, in time order (fewer than asked when the
    /// search ran out).
    pub slots: Vec<Slot>,
    /// The choices to show: nearest earlier, nearest later, earliest clean, other days.
    pub offers: Vec<Offer>,
    /// The rules the nearest offers fix.
    pub flagged: Vec<RuleKind>,
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

    /// The earliest slots for a message and the offers (nearest, earliest clean, other
    /// days); see the module documentation for the rules.
    pub fn suggest(&self, request: &SuggestRequest) -> Result<Suggestion, EngineError> {
        let prepared = self.prepare(&request.message, request.segment.clone())?;
        let step = request.step_minutes.clamp(1, 1440) as i64 * 60;
        let after = request.after.timestamp();
        let first =
            after.div_euclid(step) * step + if after.rem_euclid(step) == 0 { 0 } else { step };
        let days = request.search_days.clamp(1, 366) as i64 * 86_400;
        let until = (after + days).min(self.period.end_secs());
        let count = request.count.clamp(1, 100);
        let tz = prepared.message_tz;

        // The flagged rules, and what the flagged time breaks (for "still").
        let at_flagged = self.check_at(&prepared, after, false).unwrap_or_default();
        let timed = |k: &RuleKind| !matches!(k, RuleKind::Consent | RuleKind::MinValue);
        let mut flagged: Vec<RuleKind> = if request.fix.iter().any(timed) {
            request.fix.iter().copied().filter(timed).collect()
        } else {
            at_flagged.iter().map(|(_, b)| b.kind).collect()
        };
        flagged.sort();
        flagged.dedup();
        let fixes =
            |found: &[(usize, Broken)]| !found.iter().any(|(_, b)| flagged.contains(&b.kind));

        let mut scan = Scan::new(count, local_time(after, tz).time(), !flagged.is_empty());
        let mut t = first.max(self.period.start_secs());
        t += (first - t).rem_euclid(step);
        while t < until && !scan.done() {
            if let Some(found) = self.check_at(&prepared, t, true) {
                scan.take(t, local_time(t, tz), found.is_empty(), fixes(&found));
            }
            t += step;
        }
        scan.finish();

        // The nearest earlier time that fixes the flagged rules, never before `not_before`.
        let mut earlier = None;
        if let (false, Some(not_before)) = (flagged.is_empty(), request.not_before) {
            let floor = not_before
                .timestamp()
                .max(self.period.start_secs())
                .max(after - days);
            let mut t = first - step;
            while t >= floor && t < after {
                if let Some(found) = self.check_at(&prepared, t, true) {
                    if fixes(&found) {
                        earlier = Some(t);
                        break;
                    }
                }
                t -= step;
            }
        }

        let offers = self.offers(&prepared, &flagged, &at_flagged, earlier, &scan);
        let Prepared {
            message,
            reached,
            blocked,
            ..
        } = prepared;
        Ok(Suggestion {
            message: message.id.clone(),
            timezone: tz.name().to_string(),
            after_local: local_time(after, tz),
            slots: scan
                .slots
                .iter()
                .map(|&t| Slot {
                    at: instant(t),
                    local: local_time(t, tz),
                })
                .collect(),
            offers,
            flagged,
            blocked,
            segments: reached
                .iter()
                .map(|r| self.index.segments[r.segment].id.clone())
                .collect(),
            searched_until: instant(until),
        })
    }

    /// What a single touch of the message at `t` breaks, per context (index into the
    /// prepared contexts); `None` when the time cannot be offered (a repeated wall time's
    /// later instance, or outside the period) unless `strict` is false.
    fn check_at(&self, p: &Prepared, t: i64, strict: bool) -> Option<Vec<(usize, Broken)>> {
        let wall = local_time(t, p.message_tz);
        // The later instance of a repeated wall time cannot be written as `at` (the
        // earlier one wins), so it is not offered.
        if strict && local_to_utc(wall, p.message_tz).timestamp() != t {
            return None;
        }
        let mut found = Vec::new();
        for (i, c) in p.contexts.iter().enumerate() {
            let at = if p.message.local_delivery {
                local_to_utc(wall, c.zone).timestamp()
            } else {
                t
            };
            if !self.period.contains(at) {
                if strict {
                    return None;
                }
                continue;
            }
            found.extend(self.failures(c, p.slot, at).into_iter().map(|b| (i, b)));
        }
        Some(found)
    }

    /// The offers in the order shown: nearest earlier, nearest later, earliest clean, other
    /// days; no instant twice and never three in the same hour of one day.
    fn offers(
        &self,
        p: &Prepared,
        flagged: &[RuleKind],
        at_flagged: &[(usize, Broken)],
        earlier: Option<i64>,
        scan: &Scan,
    ) -> Vec<Offer> {
        let tz = p.message_tz;
        let mut picks: Vec<(OfferKind, &str, i64)> = Vec::new();
        if let Some(t) = earlier {
            picks.push((OfferKind::Nearest, "Nearest earlier", t));
        }
        match (scan.nearest, scan.clean) {
            (Some(n), Some(c)) if n == c => {
                picks.push((OfferKind::Clean, "Nearest later, breaks nothing", c))
            }
            (n, c) => {
                if let Some(n) = n {
                    picks.push((OfferKind::Nearest, "Nearest later", n));
                }
                if let Some(c) = c {
                    picks.push((OfferKind::Clean, "Earliest that breaks nothing", c));
                }
            }
        }
        for &t in &scan.spread {
            picks.push((OfferKind::Spread, "Another day", t));
        }
        let mut offers = Vec::new();
        let mut hours: Vec<(chrono::NaiveDate, u32)> = Vec::new();
        for (kind, label, t) in picks {
            let local = local_time(t, tz);
            let hour = (local.date(), chrono::Timelike::hour(&local));
            if offers.iter().any(|o: &Offer| o.at.timestamp() == t)
                || hours.iter().filter(|h| **h == hour).count() >= 2
            {
                continue;
            }
            hours.push(hour);
            let found = self.check_at(p, t, false).unwrap_or_default();
            let mut leaves: Vec<Left> = Vec::new();
            for (i, b) in &found {
                let segment = self.index.segments[p.contexts[*i].segment].id.clone();
                let left = Left {
                    rule: b.kind,
                    still: at_flagged.iter().any(|(j, a)| {
                        a.kind == b.kind && p.contexts[*j].segment == p.contexts[*i].segment
                    }),
                    detail: detail(b),
                    segment,
                };
                if !leaves.contains(&left) {
                    leaves.push(left);
                }
            }
            let fixes: Vec<RuleKind> = flagged
                .iter()
                .copied()
                .filter(|k| !found.iter().any(|(_, b)| b.kind == *k))
                .collect();
            let names = |id: &str| {
                self.index
                    .segment_index
                    .get(id)
                    .map(|&s| self.index.segments[s].name.clone())
                    .unwrap_or_else(|| id.to_string())
            };
            offers.push(Offer {
                kind,
                at: instant(t),
                local,
                label: label.to_string(),
                text: offer_text(&fixes, &leaves, names),
                fixes,
                leaves,
            });
        }
        offers
    }

    /// The rules a touch of message `slot` at `at` would break in the context's segment.
    fn failures(&self, context: &Context, slot: u32, at: i64) -> Vec<Broken> {
        let seg = &self.index.segments[context.segment];
        let mut broken = Vec::new();
        if !context.local.is_empty() {
            let local = local_time(at, seg.tz);
            broken.extend(
                context
                    .local
                    .iter()
                    .filter(|r| r.breaks_local(local))
                    .map(|r| Broken {
                        kind: compiled_kind(r),
                        cap: None,
                        gap_hours: None,
                    }),
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
            let failed = match s.rule {
                Compiled::Cap {
                    max, window_days, ..
                } => {
                    let window = *window_days as i64 * 86_400;
                    let lo = s.picked.partition_point(|t| t.at <= at - window);
                    let own = (p - lo + 1) as u32;
                    if own > *max {
                        Some(Broken {
                            kind: RuleKind::Cap,
                            cap: Some((own, *max, *window_days)),
                            gap_hours: None,
                        })
                    } else if s.picked[p..]
                        .iter()
                        .zip(&s.counts[p..])
                        .take_while(|(t, _)| t.at < at + window)
                        .any(|(_, &count)| count == *max)
                    {
                        Some(Broken {
                            kind: RuleKind::Cap,
                            cap: None,
                            gap_hours: None,
                        })
                    } else {
                        None
                    }
                }
                Compiled::MinGap { hours, .. } => {
                    let gap = hours * 3600.0;
                    let prev = p.checked_sub(1).map(|i| s.picked[i].at);
                    let close = if prev.is_some_and(|prev| ((at - prev) as f64) < gap) {
                        true
                    } else {
                        match s.picked.get(p) {
                            // Only a problem when the next touch was fine before.
                            Some(next) if (((next.at - at) as f64) < gap) => {
                                !prev.is_some_and(|prev| ((next.at - prev) as f64) < gap)
                            }
                            _ => false,
                        }
                    };
                    close.then_some(Broken {
                        kind: RuleKind::MinGap,
                        cap: None,
                        gap_hours: Some(*hours),
                    })
                }
                _ => None,
            };
            broken.extend(failed);
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
                            kinds.extend(self.failures(c, slot, at).iter().map(|b| b.kind));
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

/// The forward search's findings: clean slots, the nearest later fix, the other days.
struct Scan {
    /// How many clean slots to keep.
    count: usize,
    /// Clean instants, in time order.
    slots: Vec<i64>,
    /// The first instant that fixes the flagged rules (looked for only when some are).
    nearest: Option<i64>,
    want_nearest: bool,
    /// The first clean instant.
    clean: Option<i64>,
    /// The flagged wall time of day: each other day's offer is its clean time nearest it.
    target: NaiveTime,
    /// Chosen other-day instants.
    spread: Vec<i64>,
    /// The day being looked at for the next other-day offer, and its best time so far.
    day: Option<(NaiveDate, i64, i64)>,
    /// The first day the next other-day offer may be on.
    next_day: Option<NaiveDate>,
}

impl Scan {
    fn new(count: usize, target: NaiveTime, want_nearest: bool) -> Self {
        Scan {
            count,
            slots: Vec::new(),
            nearest: None,
            want_nearest,
            clean: None,
            target,
            spread: Vec::new(),
            day: None,
            next_day: None,
        }
    }

    /// Everything found: the search can stop.
    fn done(&self) -> bool {
        self.slots.len() >= self.count
            && (!self.want_nearest || self.nearest.is_some())
            && self.spread.len() >= SPREAD_OFFERS
    }

    /// Look at one candidate: `clean` when it breaks nothing, `fixes` when it breaks none of
    /// the flagged rules.
    fn take(&mut self, t: i64, wall: NaiveDateTime, clean: bool, fixes: bool) {
        if self.want_nearest && self.nearest.is_none() && fixes {
            self.nearest = Some(t);
        }
        let date = wall.date();
        if self.day.is_some_and(|(d, _, _)| d != date) {
            self.finish();
        }
        if !clean {
            return;
        }
        if self.slots.len() < self.count {
            self.slots.push(t);
        }
        if self.clean.is_none() {
            self.clean = Some(t);
            self.next_day = date.checked_add_signed(chrono::Duration::days(SPREAD_GAPS[0]));
            return;
        }
        if self.spread.len() >= SPREAD_OFFERS || self.next_day.is_none_or(|d| date < d) {
            return;
        }
        let distance = (wall.time() - self.target).num_seconds().abs();
        match self.day {
            Some((_, _, best)) if best <= distance => {}
            _ => self.day = Some((date, t, distance)),
        }
    }

    /// Close the day being looked at: its best time becomes an other-day offer.
    fn finish(&mut self) {
        if let Some((date, t, _)) = self.day.take() {
            self.spread.push(t);
            self.next_day = SPREAD_GAPS
                .get(self.spread.len())
                .and_then(|gap| date.checked_add_signed(chrono::Duration::days(*gap)));
        }
    }
}
