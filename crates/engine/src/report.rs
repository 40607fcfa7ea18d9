//! From the engine's compact results to violation records, explanations and reports.

use std::collections::BTreeMap;

use chrono::TimeZone;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use cadence_model::{Rule, RuleKind};

use crate::cascade::{EffectiveRule, RuleSource};
use crate::engine::Engine;
use crate::error::EngineError;
use crate::evaluate::{Raw, CONSENT};
use crate::index::SegmentInfo;
use crate::parallel::collect;
use crate::period::{instant, Period};
use crate::touch::Touch;
use crate::violation::{Explanation, Finding, Severity, TouchRef, Violation, MAX_LISTED};

/// Totals of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReportSummary {
    /// Number of violations.
    pub violations: usize,
    /// Violations per rule kind ("cap" -> 3).
    pub by_rule: BTreeMap<String, usize>,
    /// Violations per segment id, for the segments that have some.
    pub by_segment: BTreeMap<String, usize>,
    /// Problems: message occurrences with at least one violation (see
    /// [`crate::group_by_occurrence`]).
    #[serde(default)]
    pub problems: usize,
    /// Clients checked.
    pub clients: usize,
    /// Segments checked.
    pub segments: usize,
    /// Segments with at least one violation.
    pub segments_with_violations: usize,
    /// Touches checked.
    pub touches: usize,
    /// Messages with more occurrences than the engine expands (only the first are checked).
    pub truncated_messages: Vec<String>,
}

/// The result of a check: every finding in the spec's order, and totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Report {
    /// The checked period.
    pub period: Period,
    /// The client the check was limited to, if any.
    pub client: Option<String>,
    /// Violations with explanations, sorted by (at, message, segment, rule).
    pub findings: Vec<Finding>,
    /// Totals.
    pub summary: ReportSummary,
}

impl Report {
    /// Whether nothing breaks a rule.
    pub fn is_clean(&self) -> bool {
        self.summary.violations == 0
    }

    /// The violation records, in the spec's order.
    pub fn violations(&self) -> impl Iterator<Item = &Violation> {
        self.findings.iter().map(|f| &f.violation)
    }

    /// The spec's JSON: an array of violation records with exactly the spec's fields.
    pub fn to_spec_json(&self) -> String {
        spec_json(self.violations())
    }
}

/// The spec's JSON array of violation records (pretty-printed, with a final newline).
pub fn spec_json<'a>(violations: impl IntoIterator<Item = &'a Violation>) -> String {
    let records: Vec<&Violation> = violations.into_iter().collect();
    let mut text = serde_json::to_string_pretty(&records).expect("violations serialize");
    text.push('\n');
    text
}

/// Integer ranks that order violations as the spec does without comparing strings.
struct OrderRanks {
    /// Per message slot: its rank among message ids.
    message: Vec<u32>,
    /// Per segment: its rank among segment ids.
    segment: Vec<u32>,
    /// Per segment with violations: the rank of each rule (consent last in the list) by
    /// (kind name, window, channels).
    rule: Vec<Vec<u32>>,
}

impl OrderRanks {
    fn new(engine: &Engine, weights: &[usize]) -> OrderRanks {
        fn ranks<T: Ord>(items: &[T]) -> Vec<u32> {
            let mut order: Vec<usize> = (0..items.len()).collect();
            order.sort_by(|&a, &b| items[a].cmp(&items[b]));
            let mut rank = vec![0u32; items.len()];
            for (r, &i) in order.iter().enumerate() {
                rank[i] = r as u32;
            }
            rank
        }
        let message_ids: Vec<&str> = engine.messages.iter().map(|m| m.id.as_str()).collect();
        let segment_ids: Vec<&str> = engine
            .index
            .segments
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        let rule = engine
            .index
            .segments
            .iter()
            .zip(weights)
            .map(|(seg, &w)| {
                if w == 0 {
                    return Vec::new();
                }
                let keys: Vec<_> = seg
                    .rules
                    .iter()
                    .map(Some)
                    .chain(std::iter::once(None))
                    .map(|r| (rule_name(r), rule_window(r), rule_channels(r)))
                    .collect();
                ranks(&keys)
            })
            .collect();
        OrderRanks {
            message: ranks(&message_ids),
            segment: ranks(&segment_ids),
            rule,
        }
    }

    fn key(&self, engine: &Engine, si: usize, raw: Raw) -> (i64, u32, u32, u32, u32) {
        let touch = &engine.segments[si].touches[raw.touch as usize];
        let rules = &self.rule[si];
        let rule = if raw.rule == CONSENT {
            rules[rules.len() - 1]
        } else {
            rules[raw.rule as usize]
        };
        (
            touch.at,
            self.message[touch.msg as usize],
            self.segment[si],
            rule,
            touch.occ,
        )
    }
}

/// Why [`Engine::write_spec_json`] stopped.
#[derive(Debug, thiserror::Error)]
pub enum SpecJsonError {
    /// The request named an unknown client.
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// Writing failed.
    #[error("cannot write the records: {0}")]
    Io(#[from] std::io::Error),
}

/// Ordinal of a count: 1st, 2nd, 3rd, 4th, 11th, 21st...
pub(crate) fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Hours for people: "16 h", "1.5 h".
pub(crate) fn hours_text(hours: f64) -> String {
    let rounded = (hours * 100.0).round() / 100.0;
    format!("{rounded} h")
}

/// A local wall time for people: "2026-03-10 10:00 EDT".
pub(crate) fn local_text(at: i64, tz: chrono_tz::Tz) -> String {
    tz.timestamp_opt(at, 0)
        .single()
        .map(|t| t.format("%Y-%m-%d %H:%M %Z").to_string())
        .unwrap_or_default()
}

impl Engine {
    /// Write the spec's JSON of every violation record (or one client's) to `out`, record by
    /// record: the same text as [`spec_json`] without holding the records in memory.
    /// Returns the number written.
    pub fn write_spec_json(
        &self,
        client: Option<&str>,
        out: &mut dyn std::io::Write,
    ) -> Result<usize, SpecJsonError> {
        let only = match client {
            Some(id) => Some(self.client_slot(id)?),
            None => None,
        };
        let sorted = self.sorted_raws(only);
        let mut json = serde_json::Serializer::pretty(&mut *out);
        serde::Serializer::collect_seq(
            &mut json,
            sorted.iter().map(|&(si, raw)| self.violation(si, raw)),
        )
        .map_err(std::io::Error::other)?;
        out.write_all(b"\n")?;
        Ok(sorted.len())
    }

    /// Every violation record of the last check, in the spec's order.
    pub fn violations(&self) -> Vec<Violation> {
        self.records(None)
    }

    /// The violation records of one client's segments, in the spec's order: what a view of
    /// one client needs, at a fraction of the cost of [`Engine::violations`].
    pub fn client_violations(&self, client: &str) -> Result<Vec<Violation>, EngineError> {
        Ok(self.records(Some(self.client_slot(client)?)))
    }

    /// The explanation of one violation record of the last check (as returned by
    /// [`Engine::violations`]); `None` when the engine has no such violation (any more).
    pub fn explain_violation(&self, violation: &Violation) -> Option<Explanation> {
        let si = *self.index.segment_index.get(&violation.segment)?;
        let seg = &self.index.segments[si];
        let state = &self.segments[si];
        state
            .raws
            .iter()
            .find(|raw| {
                let t = &state.touches[raw.touch as usize];
                let rule = (raw.rule != CONSENT).then(|| &seg.rules[raw.rule as usize]);
                self.messages[t.msg as usize].id == violation.message
                    && t.occ == violation.occurrence
                    && rule_name(rule) == violation.rule.as_str()
                    && rule_window(rule) == violation.window_days
                    && rule_channels(rule) == violation.channels.as_ref()
            })
            .map(|raw| self.explain(si, *raw))
    }

    /// The violation records of these segments (unknown ids are skipped), in the spec's
    /// order: after [`Engine::apply`], the records of [`crate::Recheck::segments`] are all
    /// that can have changed.
    pub fn segment_violations(&self, segments: &[String]) -> Vec<Violation> {
        let mut raws: Vec<(usize, Raw)> = segments
            .iter()
            .filter_map(|id| self.index.segment_index.get(id).copied())
            .flat_map(|si| self.segments[si].raws.iter().map(move |r| (si, *r)))
            .collect();
        raws.sort_unstable_by(|a, b| self.raw_order(*a, *b));
        raws.dedup();
        raws.into_iter()
            .map(|(si, raw)| self.violation(si, raw))
            .collect()
    }

    /// Records of every segment (or one client's): compact violations sorted first, then
    /// converted on threads for large results.
    fn records(&self, only: Option<usize>) -> Vec<Violation> {
        let sorted = self.sorted_raws(only);
        collect(&vec![1; sorted.len()], |range| {
            sorted[range]
                .iter()
                .map(|&(si, raw)| self.violation(si, raw))
                .collect()
        })
    }

    /// The compact violations of every segment (or one client's) in the spec's order: sorted
    /// by integer keys (instant, then ranks of message id, segment id and rule), the same
    /// order as [`Engine::raw_order`] at a fraction of the cost for millions of violations.
    pub(crate) fn sorted_raws(&self, only: Option<usize>) -> Vec<(usize, Raw)> {
        let weights = self.violation_weights(only);
        let mut raws: Vec<(usize, Raw)> = weights
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 0)
            .flat_map(|(si, _)| self.segments[si].raws.iter().map(move |r| (si, *r)))
            .collect();
        let ranks = OrderRanks::new(self, &weights);
        raws.sort_unstable_by_key(|&(si, raw)| ranks.key(self, si, raw));
        raws
    }

    /// [`Violation::spec_order`] on compact violations (`None` rule: consent).
    pub(crate) fn raw_order(
        &self,
        (sa, ra): (usize, Raw),
        (sb, rb): (usize, Raw),
    ) -> std::cmp::Ordering {
        let (ta, tb) = (
            &self.segments[sa].touches[ra.touch as usize],
            &self.segments[sb].touches[rb.touch as usize],
        );
        let rule = |si: usize, raw: Raw| {
            (raw.rule != CONSENT).then(|| &self.index.segments[si].rules[raw.rule as usize])
        };
        let (rule_a, rule_b) = (rule(sa, ra), rule(sb, rb));
        ta.at
            .cmp(&tb.at)
            .then_with(|| {
                self.messages[ta.msg as usize]
                    .id
                    .cmp(&self.messages[tb.msg as usize].id)
            })
            .then_with(|| self.index.segments[sa].id.cmp(&self.index.segments[sb].id))
            .then_with(|| rule_name(rule_a).cmp(rule_name(rule_b)))
            .then_with(|| rule_window(rule_a).cmp(&rule_window(rule_b)))
            .then_with(|| rule_channels(rule_a).cmp(&rule_channels(rule_b)))
            .then_with(|| ta.occ.cmp(&tb.occ))
    }

    /// Per segment: its number of violations, or 0 when outside client `only`.
    fn violation_weights(&self, only: Option<usize>) -> Vec<usize> {
        self.segments
            .iter()
            .enumerate()
            .map(|(si, s)| {
                if only.is_none_or(|ci| self.index.segments[si].client == ci) {
                    s.raws.len()
                } else {
                    0
                }
            })
            .collect()
    }

    /// A report of the last check, limited to one client when `client` is given.
    pub fn report(&self, client: Option<&str>) -> Report {
        self.report_listing(client, usize::MAX)
    }

    /// [`Engine::report`] with at most `per_segment` findings of each segment (the first in
    /// the spec's order) explained and listed; the totals still count every violation, and
    /// `summary.by_segment` says how many each segment has. Bounded work for people's
    /// reports however many violations a plan has.
    pub fn report_listing(&self, client: Option<&str>, per_segment: usize) -> Report {
        let only = client.and_then(|id| self.index.client_index.get(id).copied());
        let keep = |si: usize| only.is_none_or(|ci| self.index.segments[si].client == ci);
        let mut by_rule = BTreeMap::new();
        let mut by_segment = BTreeMap::new();
        let mut total = 0;
        for si in (0..self.segments.len()).filter(|&s| keep(s)) {
            let raws = &self.segments[si].raws;
            if raws.is_empty() {
                continue;
            }
            total += raws.len();
            by_segment.insert(self.index.segments[si].id.clone(), raws.len());
            for raw in raws {
                *by_rule
                    .entry(self.raw_kind(si, raw).as_str().to_string())
                    .or_insert(0) += 1;
            }
        }
        let sorted = if per_segment == usize::MAX {
            self.sorted_raws(only)
        } else {
            // Each segment's first few, then those in the spec's order: no full sort.
            let mut firsts: Vec<(usize, Raw)> = (0..self.segments.len())
                .filter(|&si| keep(si) && !self.segments[si].raws.is_empty())
                .flat_map(|si| {
                    let raws = self.segments[si].raws.iter().map(|r| (si, *r)).collect();
                    self.first_in_order(raws, per_segment)
                })
                .collect();
            firsts.sort_unstable_by(|a, b| self.raw_order(*a, *b));
            firsts
        };
        let findings: Vec<Finding> = collect(&vec![1; sorted.len()], |range| {
            sorted[range]
                .iter()
                .map(|&(si, raw)| Finding {
                    violation: self.violation(si, raw),
                    explanation: self.explain(si, raw),
                })
                .collect()
        });
        let segments: Vec<usize> = (0..self.segments.len()).filter(|&s| keep(s)).collect();
        Report {
            period: self.period,
            client: client.map(str::to_string),
            summary: ReportSummary {
                violations: total,
                by_rule,
                by_segment,
                problems: {
                    let counts = self.client_problem_counts();
                    match client {
                        Some(id) => counts.get(id).copied().unwrap_or(0),
                        None => counts.values().sum(),
                    }
                },
                clients: only.map_or(self.index.clients.len(), |_| 1),
                segments: segments.len(),
                segments_with_violations: segments
                    .iter()
                    .filter(|&&s| !self.segments[s].raws.is_empty())
                    .count(),
                touches: segments
                    .iter()
                    .map(|&s| self.segments[s].touches.len())
                    .sum(),
                truncated_messages: self
                    .messages
                    .iter()
                    .filter(|m| m.live && m.truncated && only.is_none_or(|ci| m.client == ci))
                    .map(|m| m.id.clone())
                    .collect(),
            },
            findings,
        }
    }

    /// A segment's touches in the spec's order (instant, message id, occurrence), with
    /// their local wall times; `None` for an unknown segment.
    pub fn touches_of(&self, segment: &str) -> Option<Vec<TouchRef>> {
        let si = *self.index.segment_index.get(segment)?;
        let seg = &self.index.segments[si];
        Some(
            self.segments[si]
                .touches
                .iter()
                .map(|t| self.touch_ref(seg, t))
                .collect(),
        )
    }

    fn touch_ref(&self, seg: &SegmentInfo, t: &Touch) -> TouchRef {
        TouchRef {
            message: self.messages[t.msg as usize].id.clone(),
            occurrence: t.occ,
            at: instant(t.at),
            local: local_text(t.at, seg.tz),
            channel: self.index.channels[t.channel as usize].id.clone(),
            direct: t.direct,
        }
    }

    /// The spec record of a compact violation.
    pub(crate) fn violation(&self, si: usize, raw: Raw) -> Violation {
        let seg = &self.index.segments[si];
        let touch = self.segments[si].touches[raw.touch as usize];
        let message = &self.messages[touch.msg as usize];
        let channel = &self.index.channels[touch.channel as usize].id;
        let mut v = Violation {
            rule: RuleKind::Consent,
            segment: seg.id.clone(),
            message: message.id.clone(),
            occurrence: touch.occ,
            at: instant(touch.at),
            channel: channel.clone(),
            direct: touch.direct,
            window_days: None,
            channels: None,
            limit: None,
            count: None,
            severity: Severity::Error,
            detail: String::new(),
        };
        if raw.rule == CONSENT {
            v.detail = format!("{} has not opted in to {channel}", seg.name);
            return v;
        }
        let effective = &seg.rules[raw.rule as usize];
        let rule = &effective.rule;
        v.rule = rule.kind();
        v.channels = effective.channels.clone();
        let local = seg.tz.timestamp_opt(touch.at, 0).single();
        match rule {
            Rule::Cap {
                max, window_days, ..
            } => {
                v.window_days = Some(*window_days);
                v.limit = Some(*max as f64);
                v.count = Some(raw.count);
                let on = v
                    .channels
                    .as_ref()
                    .map(|c| format!(" on {}", c.join(", ")))
                    .unwrap_or_default();
                v.detail = format!(
                    "{} touch{on} in {window_days} days for {} (max {max})",
                    ordinal(raw.count),
                    seg.name
                );
            }
            Rule::MinGap { hours, .. } => {
                v.limit = Some(*hours);
                let prev = self.segments[si].touches[raw.from as usize];
                let gap = (touch.at - prev.at) as f64 / 3600.0;
                v.detail = format!(
                    "only {} after the previous touch for {} (min {})",
                    hours_text(gap),
                    seg.name,
                    hours_text(*hours)
                );
            }
            Rule::QuietHours { start, end } => {
                let at = local.map(|l| l.format("%H:%M").to_string());
                v.detail = format!(
                    "at {} local time, inside quiet hours {start}-{end} for {}",
                    at.unwrap_or_default(),
                    seg.name
                );
            }
            Rule::Blackout { .. } => {
                let day = local.map(|l| l.format("%Y-%m-%d").to_string());
                v.detail = format!(
                    "on {}, a blackout date for {}",
                    day.unwrap_or_default(),
                    seg.name
                );
            }
            Rule::Weekdays { allowed } => {
                let day = local.map(|l| l.format("%A").to_string());
                let allowed: Vec<String> = allowed.iter().map(|d| format!("{d:?}")).collect();
                v.detail = format!(
                    "on a {}; {} only allows {}",
                    day.unwrap_or_default(),
                    seg.name,
                    allowed.join(", ")
                );
            }
            Rule::MinValue { score } => {
                v.limit = Some(*score);
                let mut why = Vec::new();
                if message.score < *score {
                    why.push(format!("value score {} is below {score}", message.score));
                }
                if !message.missing.is_empty() {
                    why.push(format!(
                        "required checklist items not answered yes: {}",
                        message.missing.join(", ")
                    ));
                }
                v.detail = why.join("; ");
            }
        }
        v
    }

    /// The explanation of a compact violation: its text ([`Engine::explanation_text`]) and
    /// the touches involved.
    pub(crate) fn explain(&self, si: usize, raw: Raw) -> Explanation {
        let seg = &self.index.segments[si];
        let touches = &self.segments[si].touches;
        let touch = touches[raw.touch as usize];
        let (rule, source) = if raw.rule == CONSENT {
            (None, RuleSource::AlwaysOn)
        } else {
            let r = &seg.rules[raw.rule as usize];
            (Some(r.rule.clone()), r.source.clone())
        };
        let mut more = 0;
        let listed: Vec<&Touch> = match &rule {
            Some(Rule::Cap { channels, .. }) => {
                // The touches the cap counted in the window, oldest first.
                let counted: Vec<&Touch> = touches[raw.from as usize..=raw.touch as usize]
                    .iter()
                    .filter(|t| {
                        !t.transactional
                            && channels.as_ref().is_none_or(|c| {
                                c.contains(&self.index.channels[t.channel as usize].id)
                            })
                    })
                    .collect();
                let skip = counted.len().saturating_sub(MAX_LISTED);
                more = skip as u32;
                counted[skip..].to_vec()
            }
            Some(Rule::MinGap { .. }) => {
                vec![&touches[raw.from as usize], &touches[raw.touch as usize]]
            }
            _ => vec![&touches[raw.touch as usize]],
        };
        Explanation {
            text: self.explanation_text(si, raw),
            rule,
            source,
            timezone: seg.tz.name().to_string(),
            local: local_text(touch.at, seg.tz),
            touches: listed.into_iter().map(|t| self.touch_ref(seg, t)).collect(),
            more,
        }
    }

    /// Only the words of a compact violation's explanation ([`Explanation::text`]), without
    /// gathering and formatting the touches it lists: what a table of every violation needs.
    pub(crate) fn explanation_text(&self, si: usize, raw: Raw) -> String {
        let seg = &self.index.segments[si];
        let touches = &self.segments[si].touches;
        let touch = touches[raw.touch as usize];
        if raw.rule == CONSENT {
            return format!(
                "Channel {} needs consent and {} has not opted in to it.",
                self.index.channels[touch.channel as usize].id, seg.name
            );
        }
        let effective = &seg.rules[raw.rule as usize];
        // The rule in its one wording (`cadence_model::words`), then what this touch did.
        let rule = format!(
            "{} (set on {})",
            self.rule_words(&effective.rule),
            effective.source.describe()
        );
        match &effective.rule {
            Rule::Cap { window_days, .. } => format!(
                "{rule}. The {} up to {} {} {} of them.",
                if *window_days == 1 {
                    "day".to_string()
                } else {
                    format!("{window_days} days")
                },
                local_text(touch.at, seg.tz),
                if *window_days == 1 { "holds" } else { "hold" },
                raw.count
            ),
            Rule::MinGap { .. } => format!(
                "{rule}; the previous touch was at {}.",
                local_text(touches[raw.from as usize].at, seg.tz)
            ),
            _ => format!("{rule}."),
        }
    }

    /// A rule in the one wording of `cadence_model::words`, channels by their names.
    pub fn rule_words(&self, rule: &Rule) -> String {
        cadence_model::words::rule_words(rule, &|id| {
            self.index.channel_index.get(id).map_or_else(
                || id.to_string(),
                |&i| self.index.channels[i as usize].name.clone(),
            )
        })
    }

    /// Every violation record of the last check (or one client's) in the spec's order, each
    /// with the text of its explanation: the same words as [`Engine::report`]'s findings,
    /// without the touches an [`Explanation`] lists (a fraction of the cost per record).
    pub fn violations_with_text(&self, client: Option<&str>) -> Vec<(Violation, String)> {
        let only = client.and_then(|id| self.index.client_index.get(id).copied());
        let sorted = self.sorted_raws(only);
        collect(&vec![1; sorted.len()], |range| {
            sorted[range]
                .iter()
                .map(|&(si, raw)| (self.violation(si, raw), self.explanation_text(si, raw)))
                .collect()
        })
    }
}

/// A compact violation's rule name, as sorted in the spec's order.
pub(crate) fn rule_name(rule: Option<&EffectiveRule>) -> &'static str {
    rule.map_or(RuleKind::Consent.as_str(), |r| r.kind().as_str())
}

/// A cap's window, for ordering.
pub(crate) fn rule_window(rule: Option<&EffectiveRule>) -> Option<u32> {
    match rule.map(|r| &r.rule) {
        Some(Rule::Cap { window_days, .. }) => Some(*window_days),
        _ => None,
    }
}

/// A cap's or min_gap's sorted channels, for ordering.
pub(crate) fn rule_channels(rule: Option<&EffectiveRule>) -> Option<&Vec<String>> {
    rule.and_then(|r| r.channels.as_ref())
}
