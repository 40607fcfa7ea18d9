//! A deliberately simple brute-force checker written from the spec's words, to compare the
//! engine against: quadratic, no cleverness, no shared code with the engine beyond the
//! model's time helpers (which the spec's DST rules are tested on separately).

use cadence_model::time::{local_to_utc, occurrences, parse_hhmm, parse_timezone};
use cadence_model::{missing_required, value_score, Plan, Rule};
use chrono::{Datelike, NaiveDate, TimeZone};
use chrono_tz::Tz;

/// A violation as the oracle sees it: (at seconds, message, segment, rule, rule key,
/// occurrence, count).
pub type Found = (i64, String, String, String, String, u32, Option<u32>);

struct T {
    at: i64,
    msg: String,
    occ: u32,
    channel: String,
    direct: bool,
    transactional: bool,
    score: f64,
    missing: bool,
}

/// A segment as the oracle sees it: its touches in order and its effective rules.
pub struct Seg {
    pub id: String,
    pub opt_in: Vec<String>,
    pub tz: Tz,
    touches: Vec<T>,
    pub rules: Vec<Rule>,
}

/// Every segment of the plan with its touches in `[start, end)`.
pub fn segments(plan: &Plan, start: NaiveDate, end: NaiveDate) -> Vec<Seg> {
    let (lo, hi) = (
        start.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp(),
        end.and_hms_opt(0, 0, 0).unwrap().and_utc().timestamp(),
    );
    let mut out = Vec::new();
    for client in &plan.clients {
        let ctz: Tz = parse_timezone(&client.timezone).unwrap();
        let seg_tz = |id: &str| -> Tz {
            let s = client.segment(id).unwrap();
            s.timezone
                .as_deref()
                .map(|t| parse_timezone(t).unwrap())
                .unwrap_or(ctz)
        };
        let parent = |id: &str| client.segment(id).unwrap().parent.clone();
        for segment in &client.segments {
            let tz = seg_tz(&segment.id);
            // Touches of this segment.
            let mut touches = Vec::new();
            for m in client.messages() {
                // Nearest targeted segment among itself and its ancestors.
                let mut cur = Some(segment.id.clone());
                let mut source = None;
                while let Some(c) = cur {
                    if m.segments.contains(&c) {
                        source = Some(c);
                        break;
                    }
                    cur = parent(&c);
                }
                let Some(source) = source else { continue };
                let mtz = m
                    .timezone
                    .as_deref()
                    .map(|t| parse_timezone(t).unwrap())
                    .unwrap_or(ctz);
                let zone = if m.local_delivery {
                    seg_tz(&source)
                } else {
                    mtz
                };
                let until = (end + chrono::Duration::days(2))
                    .and_hms_opt(0, 0, 0)
                    .unwrap();
                let walls = occurrences(m.at, m.rrule.as_deref(), until, 60000).unwrap();
                for (occ, w) in walls.iter().enumerate() {
                    if m.exdates.contains(w) {
                        continue; // skipped, but the others keep their numbers
                    }
                    let at = local_to_utc(*w, zone).timestamp();
                    if at >= lo && at < hi {
                        touches.push(T {
                            at,
                            msg: m.id.clone(),
                            occ: occ as u32,
                            channel: m.channel.clone(),
                            direct: source == segment.id,
                            transactional: m.transactional,
                            score: value_score(client, m),
                            missing: !missing_required(client, m).is_empty(),
                        });
                    }
                }
            }
            touches.sort_by(|a, b| (a.at, &a.msg, a.occ).cmp(&(b.at, &b.msg, b.occ)));

            // Effective rules: client, ancestors from the root, the segment.
            let mut chain = vec![segment.id.clone()];
            while let Some(p) = parent(chain.last().unwrap()) {
                chain.push(p);
            }
            chain.reverse();
            let mut rules: Vec<Rule> = Vec::new();
            let levels = std::iter::once(&client.rules)
                .chain(chain.iter().map(|id| &client.segment(id).unwrap().rules));
            for level in levels {
                for r in level {
                    rules.retain(|x| x.key() != r.key());
                    rules.push(r.clone());
                }
            }

            out.push(Seg {
                id: segment.id.clone(),
                opt_in: segment.opt_in.clone(),
                tz,
                touches,
                rules,
            });
        }
    }
    out
}

/// Every violation of the plan over `[start, end)`, sorted.
pub fn check(plan: &Plan, start: NaiveDate, end: NaiveDate) -> Vec<Found> {
    let mut out = Vec::new();
    for seg in segments(plan, start, end) {
        let Seg {
            id,
            opt_in,
            tz,
            touches,
            rules,
        } = seg;
        {
            let counts = |channels: &Option<Vec<String>>, t: &T| {
                !t.transactional && channels.as_ref().is_none_or(|c| c.contains(&t.channel))
            };
            for (i, t) in touches.iter().enumerate() {
                let local = tz
                    .from_utc_datetime(
                        &chrono::DateTime::from_timestamp(t.at, 0)
                            .unwrap()
                            .naive_utc(),
                    )
                    .naive_local();
                let mut flag = |rule: &str, key: String, count: Option<u32>| {
                    out.push((
                        t.at,
                        t.msg.clone(),
                        id.clone(),
                        rule.to_string(),
                        key,
                        t.occ,
                        count,
                    ));
                };
                for r in &rules {
                    match r {
                        Rule::Cap {
                            max,
                            window_days,
                            channels,
                        } => {
                            if !counts(channels, t) {
                                continue;
                            }
                            let n = touches[..=i]
                                .iter()
                                .filter(|u| {
                                    counts(channels, u) && u.at > t.at - *window_days as i64 * 86400
                                })
                                .count() as u32;
                            if n > *max {
                                flag("cap", r.key(), Some(n));
                            }
                        }
                        Rule::MinGap { hours, channels } => {
                            if !counts(channels, t) {
                                continue;
                            }
                            if let Some(prev) =
                                touches[..i].iter().rev().find(|u| counts(channels, u))
                            {
                                if ((t.at - prev.at) as f64) < hours * 3600.0 {
                                    flag("min_gap", r.key(), None);
                                }
                            }
                        }
                        Rule::QuietHours { start, end } => {
                            let (s, e) = (parse_hhmm(start).unwrap(), parse_hhmm(end).unwrap());
                            let x = local.time();
                            let quiet = if s < e {
                                s <= x && x < e
                            } else {
                                x >= s || x < e
                            };
                            if quiet {
                                flag("quiet_hours", r.key(), None);
                            }
                        }
                        Rule::Blackout { dates } => {
                            if dates.contains(&local.date()) {
                                flag("blackout", r.key(), None);
                            }
                        }
                        Rule::Weekdays { allowed } => {
                            let day: cadence_model::Weekday = local.weekday().into();
                            if !allowed.contains(&day) {
                                flag("weekdays", r.key(), None);
                            }
                        }
                        Rule::MinValue { score } => {
                            if t.direct && (t.score < *score || t.missing) {
                                flag("min_value", r.key(), None);
                            }
                        }
                    }
                }
                let consent_needed = plan
                    .channels
                    .iter()
                    .any(|c| c.id == t.channel && c.requires_consent);
                if t.direct && consent_needed && !opt_in.contains(&t.channel) {
                    flag("consent", "consent".into(), None);
                }
            }
        }
    }
    out.sort();
    out
}

/// For each segment, each cap (by rule key) and each local day in `days`: the fullest cap
/// window ending in that day, by brute force; and the touches of each day.
#[allow(clippy::type_complexity)]
pub fn day_loads(
    plan: &Plan,
    start: NaiveDate,
    end: NaiveDate,
    days: &[NaiveDate],
) -> Vec<(String, Vec<u32>, Vec<(String, Vec<u32>)>)> {
    segments(plan, start, end)
        .into_iter()
        .map(|seg| {
            let bounds = |d: NaiveDate| {
                let b0 = local_to_utc(d.and_hms_opt(0, 0, 0).unwrap(), seg.tz).timestamp();
                let b1 = local_to_utc(
                    (d + chrono::Duration::days(1))
                        .and_hms_opt(0, 0, 0)
                        .unwrap(),
                    seg.tz,
                )
                .timestamp();
                (b0, b1)
            };
            let touches: Vec<u32> = days
                .iter()
                .map(|d| {
                    let (b0, b1) = bounds(*d);
                    seg.touches
                        .iter()
                        .filter(|t| t.at >= b0 && t.at < b1)
                        .count() as u32
                })
                .collect();
            let mut caps = Vec::new();
            for r in &seg.rules {
                let Rule::Cap {
                    window_days,
                    channels,
                    ..
                } = r
                else {
                    continue;
                };
                let w = *window_days as i64 * 86400;
                let counts = |t: &T| {
                    !t.transactional && channels.as_ref().is_none_or(|c| c.contains(&t.channel))
                };
                let loads = days
                    .iter()
                    .map(|d| {
                        let (b0, b1) = bounds(*d);
                        let at_start = seg
                            .touches
                            .iter()
                            .filter(|u| counts(u) && u.at > b0 - w && u.at <= b0)
                            .count();
                        let inside = seg
                            .touches
                            .iter()
                            .enumerate()
                            .filter(|(_, t)| counts(t) && t.at >= b0 && t.at < b1)
                            .map(|(k, t)| {
                                seg.touches[..=k]
                                    .iter()
                                    .filter(|u| counts(u) && u.at > t.at - w)
                                    .count()
                            });
                        inside.fold(at_start, usize::max) as u32
                    })
                    .collect();
                caps.push((r.key(), loads));
            }
            caps.sort();
            (seg.id, touches, caps)
        })
        .collect()
}
