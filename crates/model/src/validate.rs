//! Semantic validation of a plan: references, uniqueness, cycles, time zones, rules, RRULEs.
//! Every problem found is reported with its JSON path; nothing stops at the first one.

use std::collections::{HashMap, HashSet};

use crate::error::PlanIssue;
use crate::time::{parse_hhmm, parse_rrule, parse_timezone};
use crate::types::{Client, Message, Plan, Rule, Segment, PLAN_FORMAT, PLAN_VERSION};

/// Longest accepted text field (names, titles, briefs): 64 KiB.
pub const MAX_TEXT_LEN: usize = 64 * 1024;

/// Check a whole plan. `Ok(())` or every issue found, in document order.
pub fn validate(plan: &Plan) -> Result<(), Vec<PlanIssue>> {
    let mut v = Validator::default();
    v.plan(plan);
    if v.issues.is_empty() {
        Ok(())
    } else {
        Err(v.issues)
    }
}

#[derive(Default)]
struct Validator {
    issues: Vec<PlanIssue>,
    /// Ids seen per kind, with the path where each was first seen.
    seen: HashMap<&'static str, HashMap<String, String>>,
}

impl Validator {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(PlanIssue::new(path, message));
    }

    fn id(&mut self, kind: &'static str, path: &str, id: &str) {
        if id.trim().is_empty() {
            self.push(format!("{path}.id"), "id must not be empty");
            return;
        }
        if id.len() > 200 {
            self.push(format!("{path}.id"), "id is longer than 200 characters");
        }
        let seen = self.seen.entry(kind).or_default();
        if let Some(first) = seen.get(id) {
            let first = first.clone();
            self.push(
                format!("{path}.id"),
                format!("duplicate {kind} id \"{id}\" (first used at {first})"),
            );
        } else {
            seen.insert(id.to_string(), path.to_string());
        }
    }

    fn text(&mut self, path: String, value: &str, required: bool) {
        if required && value.trim().is_empty() {
            self.push(path, "must not be empty");
        } else if value.len() > MAX_TEXT_LEN {
            self.push(
                path,
                format!("is {} bytes long; the limit is {MAX_TEXT_LEN}", value.len()),
            );
        }
    }

    fn timezone(&mut self, path: String, name: &str) {
        if parse_timezone(name).is_none() {
            self.push(
                path,
                format!("unknown time zone \"{name}\" (use an IANA name such as Europe/London)"),
            );
        }
    }

    fn plan(&mut self, plan: &Plan) {
        if plan.format != PLAN_FORMAT {
            self.push(
                "format",
                format!("expected \"{PLAN_FORMAT}\", found \"{}\"", plan.format),
            );
        }
        if plan.version != PLAN_VERSION {
            self.push(
                "version",
                format!(
                    "this Cadence reads version {PLAN_VERSION}; the file is version {}",
                    plan.version
                ),
            );
        }
        if plan.horizon.start >= plan.horizon.end {
            self.push("horizon.end", "must be after horizon.start");
        }
        let channels: HashSet<&str> = plan.channels.iter().map(|c| c.id.as_str()).collect();
        for (i, channel) in plan.channels.iter().enumerate() {
            let path = format!("channels[{i}]");
            self.id("channel", &path, &channel.id);
            self.text(format!("{path}.name"), &channel.name, true);
        }
        for (i, client) in plan.clients.iter().enumerate() {
            self.client(&format!("clients[{i}]"), client, &channels);
        }
    }

    fn client(&mut self, path: &str, client: &Client, channels: &HashSet<&str>) {
        self.id("client", path, &client.id);
        self.text(format!("{path}.name"), &client.name, true);
        self.timezone(format!("{path}.timezone"), &client.timezone);

        let mut items = HashSet::new();
        for (i, item) in client.checklist.iter().enumerate() {
            let ipath = format!("{path}.checklist[{i}]");
            if item.id.trim().is_empty() {
                self.push(format!("{ipath}.id"), "id must not be empty");
            } else if !items.insert(item.id.as_str()) {
                self.push(
                    format!("{ipath}.id"),
                    format!("duplicate checklist item id \"{}\"", item.id),
                );
            }
            self.text(format!("{ipath}.label"), &item.label, true);
            self.text(format!("{ipath}.guidance"), &item.guidance, false);
        }
        self.rules(&format!("{path}.rules"), &client.rules, channels);

        let segment_index: HashMap<&str, usize> = client
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        for (i, segment) in client.segments.iter().enumerate() {
            self.segment(
                &format!("{path}.segments[{i}]"),
                segment,
                &segment_index,
                channels,
            );
        }
        self.cycles(path, client, &segment_index);

        for (ci, campaign) in client.campaigns.iter().enumerate() {
            let cpath = format!("{path}.campaigns[{ci}]");
            self.id("campaign", &cpath, &campaign.id);
            self.text(format!("{cpath}.name"), &campaign.name, true);
            self.text(format!("{cpath}.objective"), &campaign.objective, false);
            if let (Some(start), Some(end)) = (campaign.start, campaign.end) {
                if end < start {
                    self.push(format!("{cpath}.end"), "must not be before start");
                }
            }
            for (mi, message) in campaign.messages.iter().enumerate() {
                self.message(
                    &format!("{cpath}.messages[{mi}]"),
                    message,
                    client,
                    &segment_index,
                    channels,
                    &items,
                );
            }
        }
    }

    fn segment(
        &mut self,
        path: &str,
        segment: &Segment,
        segments: &HashMap<&str, usize>,
        channels: &HashSet<&str>,
    ) {
        self.id("segment", path, &segment.id);
        self.text(format!("{path}.name"), &segment.name, true);
        if let Some(parent) = &segment.parent {
            if parent == &segment.id {
                self.push(
                    format!("{path}.parent"),
                    "a segment cannot be its own parent",
                );
            } else if !segments.contains_key(parent.as_str()) {
                self.push(
                    format!("{path}.parent"),
                    format!(
                        "unknown segment \"{parent}\" (the parent must belong to the same client)"
                    ),
                );
            }
        }
        if let Some(tz) = &segment.timezone {
            self.timezone(format!("{path}.timezone"), tz);
        }
        for (i, channel) in segment.opt_in.iter().enumerate() {
            if !channels.contains(channel.as_str()) {
                self.push(
                    format!("{path}.opt_in[{i}]"),
                    format!("unknown channel \"{channel}\""),
                );
            }
        }
        for (i, text) in segment.interests.iter().enumerate() {
            self.text(format!("{path}.interests[{i}]"), text, true);
        }
        for (i, text) in segment.values.iter().enumerate() {
            self.text(format!("{path}.values[{i}]"), text, true);
        }
        self.rules(&format!("{path}.rules"), &segment.rules, channels);
    }

    /// Parent chains must end at a root: report each segment that sits on a cycle once.
    fn cycles(&mut self, path: &str, client: &Client, segments: &HashMap<&str, usize>) {
        let mut reported = HashSet::new();
        for (start, segment) in client.segments.iter().enumerate() {
            let mut chain = vec![start];
            let mut current = segment;
            while let Some(parent) = current.parent.as_deref() {
                let Some(&next) = segments.get(parent) else {
                    break;
                };
                if next == start {
                    if reported.insert(start) {
                        let names: Vec<&str> = chain
                            .iter()
                            .chain(std::iter::once(&start))
                            .map(|&i| client.segments[i].id.as_str())
                            .collect();
                        self.push(
                            format!("{path}.segments[{start}].parent"),
                            format!("segment parents form a cycle: {}", names.join(" -> ")),
                        );
                    }
                    break;
                }
                if chain.contains(&next) {
                    break; // a cycle further up; it is reported from its own members
                }
                chain.push(next);
                current = &client.segments[next];
            }
        }
    }

    fn rules(&mut self, path: &str, rules: &[Rule], channels: &HashSet<&str>) {
        let mut keys = HashMap::new();
        for (i, rule) in rules.iter().enumerate() {
            let rpath = format!("{path}[{i}]");
            if let Some(first) = keys.insert(rule.key(), i) {
                self.push(
                    rpath.clone(),
                    format!("repeats the rule at {path}[{first}] (same kind and key); keep one"),
                );
            }
            match rule {
                Rule::Cap {
                    max,
                    window_days,
                    channels: only,
                } => {
                    if *max < 1 {
                        self.push(format!("{rpath}.max"), "must be at least 1");
                    }
                    if *window_days < 1 {
                        self.push(format!("{rpath}.window_days"), "must be at least 1");
                    } else if *window_days > 3660 {
                        self.push(format!("{rpath}.window_days"), "must be at most 3660");
                    }
                    self.channel_filter(&rpath, only, channels);
                }
                Rule::MinGap {
                    hours,
                    channels: only,
                } => {
                    if !hours.is_finite() || *hours <= 0.0 || *hours > 24.0 * 3660.0 {
                        self.push(
                            format!("{rpath}.hours"),
                            "must be a number of hours above 0",
                        );
                    }
                    self.channel_filter(&rpath, only, channels);
                }
                Rule::QuietHours { start, end } => {
                    let s = parse_hhmm(start);
                    let e = parse_hhmm(end);
                    if s.is_none() {
                        self.push(
                            format!("{rpath}.start"),
                            format!("\"{start}\" is not a time as HH:MM (00:00 to 23:59)"),
                        );
                    }
                    if e.is_none() {
                        self.push(
                            format!("{rpath}.end"),
                            format!("\"{end}\" is not a time as HH:MM (00:00 to 23:59)"),
                        );
                    }
                    if s.is_some() && s == e {
                        self.push(
                            format!("{rpath}.end"),
                            "start and end are equal, so the quiet period is empty",
                        );
                    }
                }
                Rule::Blackout { .. } | Rule::Weekdays { .. } => {}
                Rule::MinValue { score } => {
                    if !score.is_finite() || *score < 0.0 || *score > 100.0 {
                        self.push(format!("{rpath}.score"), "must be between 0 and 100");
                    }
                }
            }
        }
    }

    fn channel_filter(&mut self, path: &str, only: &Option<Vec<String>>, channels: &HashSet<&str>) {
        let Some(only) = only else { return };
        if only.is_empty() {
            self.push(
                format!("{path}.channels"),
                "an empty list matches nothing; leave it out to mean all channels",
            );
        }
        for (i, channel) in only.iter().enumerate() {
            if !channels.contains(channel.as_str()) {
                self.push(
                    format!("{path}.channels[{i}]"),
                    format!("unknown channel \"{channel}\""),
                );
            }
        }
    }

    fn message(
        &mut self,
        path: &str,
        message: &Message,
        client: &Client,
        segments: &HashMap<&str, usize>,
        channels: &HashSet<&str>,
        items: &HashSet<&str>,
    ) {
        self.id("message", path, &message.id);
        self.text(format!("{path}.title"), &message.title, true);
        self.text(format!("{path}.brief"), &message.brief, false);
        if !channels.contains(message.channel.as_str()) {
            self.push(
                format!("{path}.channel"),
                format!("unknown channel \"{}\"", message.channel),
            );
        }
        if message.segments.is_empty() {
            self.push(
                format!("{path}.segments"),
                "a message must target at least one segment",
            );
        }
        let mut targeted = HashSet::new();
        for (i, segment) in message.segments.iter().enumerate() {
            if !segments.contains_key(segment.as_str()) {
                self.push(
                    format!("{path}.segments[{i}]"),
                    format!(
                        "unknown segment \"{segment}\" (messages target segments of their own client, {})",
                        client.id
                    ),
                );
            } else if !targeted.insert(segment.as_str()) {
                self.push(
                    format!("{path}.segments[{i}]"),
                    format!("segment \"{segment}\" is targeted twice"),
                );
            }
        }
        if let Some(tz) = &message.timezone {
            self.timezone(format!("{path}.timezone"), tz);
        }
        if let Some(rrule) = &message.rrule {
            if let Err(err) = parse_rrule(rrule, message.at) {
                self.push(format!("{path}.rrule"), format!("invalid RRULE: {err}"));
            }
        } else if !message.exdates.is_empty() {
            self.push(
                format!("{path}.exdates"),
                "skipped occurrences need a recurrence (rrule)",
            );
        }
        for key in message.checklist.keys() {
            if !items.contains(key.as_str()) {
                self.push(
                    format!("{path}.checklist.{key}"),
                    format!(
                        "unknown checklist item \"{key}\" (not in {}'s checklist)",
                        client.id
                    ),
                );
            }
        }
    }
}
