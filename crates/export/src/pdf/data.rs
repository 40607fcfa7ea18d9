//! The report's data, gathered from the engine's answers and passed to the template as
//! `/data.json`. Every number here is read from the engine (touches, violation records,
//! explanations, suggestions, cadence summaries); this module only groups and words them.
//!
//! `history` is `null` for now: the fatigue curves and response times of spec section 4
//! item 8 will fill it once history import exists, and the template shows that section only
//! when it is set.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

use cadence_engine::{Bucket, CadenceSummary, Heat, SuggestRequest, SummaryRequest};
use cadence_model::presets::guideline_presets;
use cadence_model::recurrence::describe;
use cadence_model::{Client, Plan, RuleKind};

use super::words::{local_moment, long_date, rule_label, rule_text};
use crate::error::ExportError;
use crate::rows::{local_wall, Rows, TimeText};
use crate::scope::Resolved;
use crate::tables::status_text;
use crate::{Options, Paper};

/// Most violations listed one by one (every total still counts all of them).
pub const LISTED_VIOLATIONS: usize = 100;
/// Most messages a calendar day lists before "+N more".
pub const DAY_ITEMS: usize = 4;
/// Most distinct messages the violations section asks the engine for a slot.
pub const SUGGESTED_MESSAGES: usize = 12;

/// Everything the template shows.
#[derive(Debug, Serialize)]
pub struct ReportData {
    title: String,
    agency: String,
    paper: &'static str,
    exported: String,
    client: ClientData,
    segment: Option<String>,
    period: PeriodData,
    summary: SummaryData,
    cadence: CadenceData,
    months: Vec<MonthData>,
    campaigns: Vec<CampaignData>,
    checklist: Vec<String>,
    violations: ViolationsData,
    guidelines: Vec<GuidelineData>,
    presets: Vec<PresetData>,
    /// Spec section 4 item 8, when history is imported.
    history: Option<HistoryData>,
}

/// What the imported history says (spec section 4 item 8, history.md section 5).
#[derive(Debug, Serialize)]
struct HistoryData {
    curves: Vec<CurveData>,
    response: Vec<ResponseData>,
}

/// One fatigue curve: unsubscribe rate per touches in 7 days, with the caps.
#[derive(Debug, Serialize)]
struct CurveData {
    audience: String,
    channel: String,
    /// The segment the audience maps to, by name.
    segment: Option<String>,
    source: &'static str,
    bins: Vec<BinData>,
    /// Highest rate or interval end, in percent, for the chart's scale.
    top: f64,
    recommended: Option<u32>,
    /// The tightest cap in force on the mapped segment for the channel, per 7 days.
    current: Option<u32>,
    /// That cap in words ("3 per 7 days, set on Harvest Lane Grocers").
    current_text: Option<String>,
    reason: String,
}

#[derive(Debug, Serialize)]
struct BinData {
    k: u32,
    touches: u64,
    /// Percent.
    rate: f64,
    low: f64,
    high: f64,
    /// Whether enough touches back the bin to judge it.
    judged: bool,
}

#[derive(Debug, Serialize)]
struct ResponseData {
    channel: String,
    messages: u64,
    answered: String,
    median: String,
    p90: String,
    target: String,
    late: String,
}

#[derive(Debug, Serialize)]
struct ClientData {
    id: String,
    name: String,
    timezone: String,
}

#[derive(Debug, Serialize)]
struct PeriodData {
    from: String,
    to: String,
    label: String,
}

#[derive(Debug, Serialize)]
struct SummaryData {
    messages: usize,
    sends: usize,
    touches: usize,
    violations: usize,
    campaigns: usize,
    segments: usize,
    by_rule: Vec<RuleCount>,
    value_bins: Vec<usize>,
    value_mean: Option<f64>,
}

#[derive(Debug, Serialize)]
struct RuleCount {
    rule: String,
    label: &'static str,
    count: usize,
}

#[derive(Debug, Serialize)]
struct CadenceData {
    /// The share of a cap above which a week is near it, in percent (the legend's words).
    near_cap_percent: u32,
    weeks: Vec<WeekLabel>,
    segments: Vec<SegmentRow>,
}

#[derive(Debug, Serialize)]
struct WeekLabel {
    start: String,
    month: String,
    day: u32,
}

#[derive(Debug, Serialize)]
struct SegmentRow {
    name: String,
    depth: usize,
    timezone: String,
    /// The cap with the highest peak load, in words; `None` without caps.
    cap: Option<String>,
    cap_max: Option<u32>,
    peak: u32,
    cells: Vec<Cell>,
}

#[derive(Debug, Serialize)]
struct Cell {
    touches: u32,
    /// How full the fullest cap window is: the engine's [`cadence_engine::Heat`].
    heat: Heat,
    /// The tightest cap's load in the week.
    load: u32,
    /// How full the tightest cap is in the week: over when the engine finds it broken, else
    /// the engine's band of `load / max` (near above [`cadence_engine::NEAR_CAP`], up to the
    /// max itself).
    band: Heat,
    violations: u32,
}

#[derive(Debug, Serialize)]
struct MonthData {
    title: String,
    /// Weeks of seven days, Monday first; `None` for days outside the month.
    weeks: Vec<Vec<Option<DayData>>>,
    sends: usize,
    violations: u32,
}

#[derive(Debug, Serialize)]
struct DayData {
    day: u32,
    in_period: bool,
    items: Vec<DayItem>,
    more: usize,
    violations: u32,
}

#[derive(Debug, Serialize)]
struct DayItem {
    time: String,
    channel: String,
    title: String,
    violations: u32,
}

#[derive(Debug, Serialize)]
struct CampaignData {
    name: String,
    objective: String,
    dates: String,
    messages: Vec<MessageData>,
}

#[derive(Debug, Serialize)]
struct MessageData {
    title: String,
    first: String,
    recurrence: String,
    sends: usize,
    channel: String,
    segments: String,
    status: &'static str,
    value: f64,
    /// The engine flagged the message below a minimum value in effect in the period (the
    /// template shows its score in the warning colour).
    below_minimum: bool,
    ticks: Vec<bool>,
    violations: u32,
}

#[derive(Debug, Serialize)]
struct ViolationsData {
    total: usize,
    listed: Vec<ViolationData>,
    more: usize,
}

#[derive(Debug, Serialize)]
struct ViolationData {
    when: String,
    segment: String,
    message: String,
    rule: &'static str,
    detail: String,
    explanation: String,
    suggestion: Option<String>,
}

#[derive(Debug, Serialize)]
struct GuidelineData {
    segment: String,
    path: String,
    timezone: String,
    size: u64,
    rules: Vec<RuleData>,
}

#[derive(Debug, Serialize)]
struct RuleData {
    label: &'static str,
    text: String,
    source: String,
    /// The guideline preset the rule comes from (same rule), if any.
    preset: Option<String>,
}

/// A guideline preset used by a rule in the report: its reasoning and sources.
#[derive(Debug, Serialize)]
struct PresetData {
    name: String,
    reasoning: String,
    sources: Vec<String>,
}

/// Gather the report's data for one client.
pub fn gather(
    scope: &Resolved<'_>,
    rows: &Rows<'_>,
    options: &Options,
) -> Result<ReportData, ExportError> {
    let client = scope.single_client("pdf")?;
    let plan = scope.plan;
    let from = scope.period.start;
    let last = scope.period.end - Duration::days(1);
    let summary = scope.engine.summarize(&SummaryRequest {
        from: scope.period.start,
        to: scope.period.end,
        bucket: Bucket::Week,
        client: Some(client.id.clone()),
    })?;
    let (guidelines, presets) = guidelines(scope, client, plan);
    let title = match scope.segment {
        Some(seg) => format!("{} – {}: engagement plan", client.name, seg.name),
        None => format!("{}: engagement plan", client.name),
    };
    Ok(ReportData {
        title,
        agency: options.agency.clone(),
        paper: match options.paper {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        },
        exported: long_date(options.exported_at.date_naive()),
        client: ClientData {
            id: client.id.clone(),
            name: client.name.clone(),
            timezone: client.timezone.clone(),
        },
        segment: scope.segment.map(|s| s.name.clone()),
        period: PeriodData {
            from: from.to_string(),
            to: last.to_string(),
            label: format!("{} – {}", long_date(from), long_date(last)),
        },
        summary: summary_data(scope, rows),
        cadence: cadence_data(scope, client, &summary),
        months: months(scope, rows, plan),
        campaigns: campaigns(rows, client, plan),
        checklist: client.checklist.iter().map(|i| i.label.clone()).collect(),
        violations: violations(scope, rows, client),
        guidelines,
        presets,
        history: options
            .history
            .as_ref()
            .map(|insights| history(scope, client, insights)),
    })
}

/// The history section's data: each fatigue curve with the recommended cap and the cap in
/// force on the segment its audience maps to, and response times.
fn history(
    scope: &Resolved<'_>,
    client: &Client,
    insights: &cadence_history::insights::Insights,
) -> HistoryData {
    let percent = |rate: f64| rate * 100.0;
    let hours = |h: Option<f64>| h.map_or("–".to_string(), |h| format!("{h:.1} h"));
    let curves = insights
        .fatigue
        .iter()
        .map(|f| {
            let current = f
                .segment
                .as_deref()
                .and_then(|seg| weekly_cap(scope, client, seg, &f.channel));
            let bins: Vec<BinData> = f
                .bins
                .iter()
                .map(|b| BinData {
                    k: b.k,
                    touches: b.touches,
                    rate: percent(b.rate),
                    low: percent(b.low),
                    high: percent(b.high),
                    judged: b.touches >= cadence_history::insights::MIN_TOUCHES,
                })
                .collect();
            let top = bins
                .iter()
                .filter(|b| b.judged)
                .map(|b| b.high.max(b.rate))
                .fold(0.0_f64, f64::max);
            CurveData {
                audience: f.audience.clone(),
                channel: plan_channel_name(scope.plan, &f.channel),
                segment: f
                    .segment
                    .as_deref()
                    .and_then(|id| client.segment(id))
                    .map(|s| s.name.clone()),
                source: match f.source {
                    cadence_history::insights::Source::Activity => "per-person activity",
                    cadence_history::insights::Source::Sends => "per-send totals",
                },
                bins,
                top: if top > 0.0 { top } else { 1.0 },
                recommended: f.recommended_cap,
                current: current.as_ref().map(|c| c.0),
                current_text: current.map(|c| c.1),
                reason: f.reason.clone(),
            }
        })
        .collect();
    let response = insights
        .response
        .iter()
        .map(|r| ResponseData {
            channel: plan_channel_name(scope.plan, &r.channel),
            messages: r.messages,
            answered: format!("{:.0}%", percent(r.answered)),
            median: hours(r.median_hours),
            p90: hours(r.p90_hours),
            target: format!("{} h", r.target_hours),
            late: format!("{:.0}%", percent(r.unanswered_after_target)),
        })
        .collect();
    HistoryData { curves, response }
}

/// A channel's name in the plan (the id as imported when the plan has no such channel).
fn plan_channel_name(plan: &Plan, channel: &str) -> String {
    plan.channels
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(channel))
        .map_or(channel.to_string(), |c| c.name.clone())
}

/// The tightest 7-day cap in force on `segment` for `channel`, as the engine answers it
/// (the same cap the Insights view draws), with its words.
fn weekly_cap(
    scope: &Resolved<'_>,
    client: &Client,
    segment: &str,
    channel: &str,
) -> Option<(u32, String)> {
    let (max, rule) = scope.engine.weekly_cap(segment, channel)?;
    let source = match &rule.source {
        cadence_engine::RuleSource::Client { .. } => format!("set for {}", client.name),
        cadence_engine::RuleSource::Ancestor { name, .. } => format!("set on {name}"),
        _ => "set on this segment".to_string(),
    };
    Some((max, format!("{max} per 7 days, {source}")))
}

fn summary_data(scope: &Resolved<'_>, rows: &Rows<'_>) -> SummaryData {
    let messages = rows.messages_in_scope();
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for v in &rows.violations {
        *by_rule.entry(v.rule.as_str()).or_default() += 1;
    }
    let mut bins = vec![0usize; 10];
    let mut sum = 0.0;
    for m in &messages {
        let v = rows
            .values
            .get(m.message.id.as_str())
            .copied()
            .unwrap_or(0.0);
        sum += v;
        bins[((v / 10.0).floor() as usize).min(9)] += 1;
    }
    let mut by_rule: Vec<RuleCount> = by_rule
        .into_iter()
        .map(|(rule, count)| RuleCount {
            rule: rule.to_string(),
            label: rule_label(rule),
            count,
        })
        .collect();
    by_rule.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.cmp(&b.rule)));
    let campaigns: std::collections::HashSet<&str> =
        messages.iter().map(|m| m.campaign.id.as_str()).collect();
    SummaryData {
        messages: messages.len(),
        sends: rows.schedule.len(),
        touches: rows.touches.len(),
        violations: rows.violations.len(),
        campaigns: campaigns.len(),
        segments: scope.segments().len(),
        by_rule,
        value_bins: bins,
        value_mean: (!messages.is_empty())
            .then(|| (10.0 * sum / messages.len() as f64).round() / 10.0),
    }
}

/// Depth of a segment in its client's tree (0 for a root).
fn depth(client: &Client, segment: &str) -> usize {
    let mut depth = 0;
    let mut at = client.segment(segment).and_then(|s| s.parent.as_deref());
    while let Some(p) = at {
        depth += 1;
        at = client.segment(p).and_then(|s| s.parent.as_deref());
        if depth > 64 {
            break;
        }
    }
    depth
}

fn cadence_data(scope: &Resolved<'_>, client: &Client, summary: &CadenceSummary) -> CadenceData {
    let weeks = summary
        .segments
        .first()
        .map(|s| {
            s.buckets
                .iter()
                .map(|b| WeekLabel {
                    start: b.start.to_string(),
                    month: b.start.format("%b").to_string(),
                    day: b.start.day(),
                })
                .collect()
        })
        .unwrap_or_default();
    let segments = summary
        .segments
        .iter()
        .filter(|s| scope.segment.is_none_or(|only| only.id == s.segment))
        .map(|s| {
            // The tightest cap: the one whose fullest window comes closest to (or past) its max.
            let tightest = (0..s.caps.len()).max_by(|&a, &b| {
                let peak = |i: usize| {
                    s.buckets.iter().map(|b| b.loads[i]).max().unwrap_or(0) as f64
                        / s.caps[i].max.max(1) as f64
                };
                peak(a).total_cmp(&peak(b))
            });
            let cells = s
                .buckets
                .iter()
                .map(|b| Cell {
                    touches: b.touches,
                    heat: b.heat,
                    load: tightest.map_or(0, |i| b.loads[i]),
                    band: tightest.map_or(Heat::None, |i| {
                        cap_band(b.loads[i], s.caps[i].max, b.over[i])
                    }),
                    violations: b.violations,
                })
                .collect::<Vec<_>>();
            let cap = tightest.map(|i| &s.caps[i]);
            SegmentRow {
                name: s.name.clone(),
                depth: depth(client, &s.segment),
                timezone: s.timezone.clone(),
                cap: cap.map(|c| c.text.clone()),
                cap_max: cap.map(|c| c.max),
                peak: cells.iter().map(|c| c.load).max().unwrap_or(0),
                cells,
            }
        })
        .collect();
    CadenceData {
        near_cap_percent: summary.near_cap_percent,
        weeks,
        segments,
    }
}

/// How full one cap is in a week, from the engine: over when it finds the cap broken
/// (`over`), else its heat band of `load / max` (near up to the max itself).
fn cap_band(load: u32, max: u32, over: bool) -> Heat {
    if over {
        Heat::Over
    } else {
        Heat::of(load as f64 / max.max(1) as f64)
    }
}

fn months(scope: &Resolved<'_>, rows: &Rows<'_>, plan: &Plan) -> Vec<MonthData> {
    // Sends per local date (in their delivery zone), in time order.
    let mut by_day: BTreeMap<NaiveDate, Vec<(String, &crate::rows::ScheduleRow<'_>)>> =
        BTreeMap::new();
    for r in &rows.schedule {
        if let Some(wall) = local_wall(r.at, r.tz) {
            by_day
                .entry(wall.date())
                .or_default()
                .push((TimeText(Some(wall)).to_string(), r));
        }
    }
    let (first, last) = (scope.period.start, scope.period.end - Duration::days(1));
    let mut out = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
    while month <= last {
        let next = if month.month() == 12 {
            NaiveDate::from_ymd_opt(month.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(month.year(), month.month() + 1, 1)
        }
        .unwrap_or(last + Duration::days(1));
        let lead = month.weekday().num_days_from_monday() as usize;
        let mut cells: Vec<Option<DayData>> = (0..lead).map(|_| None).collect();
        let (mut sends, mut month_violations) = (0, 0);
        let mut day = month;
        while day < next {
            let list = by_day.get(&day).map(Vec::as_slice).unwrap_or_default();
            let mut list: Vec<&(String, &crate::rows::ScheduleRow<'_>)> = list.iter().collect();
            list.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.at.cmp(&b.1.at)));
            let violations: u32 = list.iter().map(|(_, r)| r.violations).sum();
            sends += list.len();
            month_violations += violations;
            cells.push(Some(DayData {
                day: day.day(),
                in_period: day >= first && day <= last,
                items: list
                    .iter()
                    .take(DAY_ITEMS)
                    .map(|(time, r)| DayItem {
                        time: time.clone(),
                        channel: plan
                            .channel(&r.msg.message.channel)
                            .map_or(r.msg.message.channel.clone(), |c| c.name.clone()),
                        title: r.msg.message.title.clone(),
                        violations: r.violations,
                    })
                    .collect(),
                more: list.len().saturating_sub(DAY_ITEMS),
                violations,
            }));
            day += Duration::days(1);
        }
        while !cells.len().is_multiple_of(7) {
            cells.push(None);
        }
        out.push(MonthData {
            title: month.format("%B %Y").to_string(),
            weeks: weeks_of(cells),
            sends,
            violations: month_violations,
        });
        month = next;
    }
    out
}

/// Days in rows of seven.
fn weeks_of(cells: Vec<Option<DayData>>) -> Vec<Vec<Option<DayData>>> {
    let mut weeks = Vec::new();
    let mut days = cells.into_iter().peekable();
    while days.peek().is_some() {
        weeks.push(days.by_ref().take(7).collect());
    }
    weeks
}

fn campaigns(rows: &Rows<'_>, client: &Client, plan: &Plan) -> Vec<CampaignData> {
    let listed = rows.messages_in_scope();
    let below_minimum: HashSet<&str> = rows
        .violations
        .iter()
        .filter(|v| v.rule == RuleKind::MinValue)
        .map(|v| v.message.as_str())
        .collect();
    // Per message: its sends in the period (schedule order) and their violations.
    let mut sends: HashMap<&str, (usize, u32, Option<String>)> = HashMap::new();
    for r in &rows.schedule {
        let e = sends
            .entry(r.msg.message.id.as_str())
            .or_insert((0, 0, None));
        e.0 += 1;
        e.1 += r.violations;
        if e.2.is_none() {
            e.2 = Some(local_moment(r.at, r.tz));
        }
    }
    client
        .campaigns
        .iter()
        .filter_map(|campaign| {
            let messages: Vec<MessageData> = listed
                .iter()
                .filter(|m| m.campaign.id == campaign.id)
                .map(|m| {
                    let msg = m.message;
                    let (count, violations, first) =
                        sends.get(msg.id.as_str()).cloned().unwrap_or_default();
                    let segments: Vec<&str> = msg
                        .segments
                        .iter()
                        .map(|id| client.segment(id).map_or(id.as_str(), |s| s.name.as_str()))
                        .collect();
                    MessageData {
                        title: msg.title.clone(),
                        first: first.unwrap_or_default(),
                        recurrence: msg.rrule.as_deref().map_or("Once".to_string(), describe),
                        sends: count,
                        channel: plan
                            .channel(&msg.channel)
                            .map_or(msg.channel.clone(), |c| c.name.clone()),
                        segments: segments.join(", "),
                        status: status_text(msg.status),
                        value: rows.values.get(msg.id.as_str()).copied().unwrap_or(0.0),
                        below_minimum: below_minimum.contains(msg.id.as_str()),
                        ticks: client
                            .checklist
                            .iter()
                            .map(|i| msg.checklist.get(&i.id).copied().unwrap_or(false))
                            .collect(),
                        violations,
                    }
                })
                .collect();
            (!messages.is_empty()).then(|| CampaignData {
                name: campaign.name.clone(),
                objective: campaign.objective.clone(),
                dates: match (campaign.start, campaign.end) {
                    (Some(s), Some(e)) => format!("{} – {}", long_date(s), long_date(e)),
                    (Some(s), None) => format!("from {}", long_date(s)),
                    (None, Some(e)) => format!("until {}", long_date(e)),
                    (None, None) => String::new(),
                },
                messages,
            })
        })
        .collect()
}

fn violations(scope: &Resolved<'_>, rows: &Rows<'_>, client: &Client) -> ViolationsData {
    let listed = &rows.violations[..rows.violations.len().min(LISTED_VIOLATIONS)];
    // One engine suggestion per message (the earliest clean slot after its first listed
    // violation), for the first few messages.
    let mut suggestions: HashMap<&str, Option<String>> = HashMap::new();
    for v in listed {
        let id = v.message.as_str();
        if suggestions.contains_key(id) || suggestions.len() >= SUGGESTED_MESSAGES {
            continue;
        }
        let mut request = SuggestRequest::new(id, v.at);
        request.count = 1;
        let text = scope.engine.suggest(&request).ok().map(|s| {
            if !s.blocked.is_empty() {
                let why: Vec<String> = s.blocked.iter().map(|b| b.detail.clone()).collect();
                format!("No time fixes this: {}", why.join("; "))
            } else if let Some(slot) = s.slots.first() {
                let tz = cadence_model::time::parse_timezone(&s.timezone).unwrap_or_default();
                format!(
                    "Earliest time this message breaks nothing: {}",
                    local_moment(slot.at.timestamp(), tz)
                )
            } else {
                "No clean slot in the searched days".to_string()
            }
        });
        suggestions.insert(id, text);
    }
    let title = |id: &str| {
        rows.messages
            .get(id)
            .map_or(id.to_string(), |m| m.message.title.clone())
    };
    let mut shown = std::collections::HashSet::new();
    ViolationsData {
        total: rows.violations.len(),
        listed: listed
            .iter()
            .map(|v| {
                // Only the listed violations are explained (by the engine).
                let explanation = scope.engine.explain_violation(v);
                ViolationData {
                    when: explanation
                        .as_ref()
                        .map(|e| e.local.clone())
                        .unwrap_or_default(),
                    segment: client
                        .segment(&v.segment)
                        .map_or(v.segment.clone(), |s| s.name.clone()),
                    message: title(&v.message),
                    rule: rule_label(v.rule.as_str()),
                    detail: v.detail.clone(),
                    explanation: explanation.map(|e| e.text).unwrap_or_default(),
                    // Shown once, on the message's first listed violation.
                    suggestion: shown
                        .insert(v.message.as_str())
                        .then(|| suggestions.get(v.message.as_str()).cloned().flatten())
                        .flatten(),
                }
            })
            .collect(),
        more: rows.violations.len().saturating_sub(listed.len()),
    }
}

fn guidelines(
    scope: &Resolved<'_>,
    client: &Client,
    plan: &Plan,
) -> (Vec<GuidelineData>, Vec<PresetData>) {
    let presets = guideline_presets();
    let mut used: Vec<usize> = Vec::new();
    let segments = scope
        .segments()
        .into_iter()
        .map(|(_, seg)| {
            let mut path = vec![seg.name.clone()];
            let mut at = seg.parent.as_deref();
            while let Some(p) = at {
                match client.segment(p) {
                    Some(parent) if path.len() < 64 => {
                        path.push(parent.name.clone());
                        at = parent.parent.as_deref();
                    }
                    _ => break,
                }
            }
            path.reverse();
            let rules = scope
                .engine
                .effective_rules(&seg.id)
                .unwrap_or_default()
                .iter()
                .map(|r| {
                    let preset = presets
                        .iter()
                        .position(|p| p.rules_for(&plan.channels).contains(&r.rule));
                    if let Some(i) = preset.filter(|i| !used.contains(i)) {
                        used.push(i);
                    }
                    RuleData {
                        label: rule_label(r.rule.kind().as_str()),
                        text: rule_text(plan, &r.rule),
                        source: match &r.source {
                            cadence_engine::RuleSource::Client { .. } => {
                                format!("Set for all of {}", client.name)
                            }
                            cadence_engine::RuleSource::Ancestor { name, .. } => {
                                format!("Set on the parent segment {name}")
                            }
                            cadence_engine::RuleSource::Segment { .. } => {
                                "Set on this segment".to_string()
                            }
                            cadence_engine::RuleSource::AlwaysOn => "Always on".to_string(),
                        },
                        preset: preset.map(|i| presets[i].name.clone()),
                    }
                })
                .collect();
            GuidelineData {
                segment: seg.name.clone(),
                path: path.join(" › "),
                timezone: scope
                    .engine
                    .segment_zone(&seg.id)
                    .map_or(client.timezone.clone(), |z| z.name().to_string()),
                size: seg.size,
                rules,
            }
        })
        .collect();
    let presets = used
        .into_iter()
        .map(|i| PresetData {
            name: presets[i].name.clone(),
            reasoning: presets[i].reasoning.clone(),
            sources: presets[i].sources.clone(),
        })
        .collect();
    (segments, presets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caps_band_is_the_engines_flag_then_its_heat() {
        assert_eq!(cap_band(5, 4, true), Heat::Over);
        assert_eq!(cap_band(4, 4, false), Heat::Near);
        assert_eq!(cap_band(4, 5, false), Heat::Within);
        assert_eq!(cap_band(5, 6, false), Heat::Near);
        assert_eq!(cap_band(0, 4, false), Heat::None);
    }

    #[test]
    fn a_score_is_below_the_minimum_only_where_the_engine_flags_it() {
        use cadence_model::Rule;
        let mut plan =
            cadence_model::sample::sample_plan(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        let rules = &mut plan.client_at_mut(0).rules;
        rules.retain(|r| !matches!(r, Rule::MinValue { .. }));
        rules.push(Rule::MinValue { score: 60.0 });
        let client = plan.clients[0].id.clone();
        let scope = crate::Scope {
            client: Some(client),
            ..crate::Scope::default()
        };
        let resolved = Resolved::new(&plan, &scope).unwrap();
        let rows = Rows::new(&resolved, false);
        let stamp = chrono::DateTime::UNIX_EPOCH;
        let data =
            serde_json::to_value(gather(&resolved, &rows, &Options::new(stamp)).unwrap()).unwrap();
        let messages: Vec<&serde_json::Value> = data["campaigns"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["messages"].as_array().unwrap())
            .collect();
        let flagged = |m: &serde_json::Value| m["below_minimum"].as_bool().unwrap();
        for m in &messages {
            let value = m["value"].as_f64().unwrap();
            let sent = m["sends"].as_u64().unwrap() > 0;
            assert_eq!(flagged(m), sent && value < 60.0, "{m}");
        }
        assert!(
            messages.iter().any(|m| flagged(m)),
            "a sample score is below 60"
        );
        assert!(
            messages.iter().any(|m| !flagged(m)),
            "a sample score is above 60"
        );
    }
}
