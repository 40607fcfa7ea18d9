//! Semantic validation of a plan: references, uniqueness, cycles, time zones, rules, RRULEs.
//! Every problem found is reported with its JSON path; nothing stops at the first one.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};

use crate::error::PlanIssue;
use crate::limits::{
    latest_horizon_end, parse_until, year_in_range, year_range_text, Forest, WorkMeter,
    MAX_CLIENTS, MAX_EXDATES, MAX_HORIZON_YEARS, MAX_LABEL_CHARS, MAX_MESSAGES, MAX_NAME_CHARS,
    MAX_NOTE_CHARS, MAX_RULES_PER_SCOPE, MAX_SEGMENTS, MAX_SEGMENT_DEPTH, MAX_WORK,
};
use crate::time::{parse_hhmm, parse_rrule, parse_timezone};
use crate::types::{
    ChecklistItem, Client, Horizon, Message, Plan, Rule, Segment, PLAN_FORMAT, PLAN_VERSION,
};
pub use edit_index::EditIndex;

mod edit_index;

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

/// Check a plan that differs from one that passed [`validate`] only inside the client at
/// index `edited` (an edit of that client: same format, version, horizon, channels and other
/// clients). The answer is the same as `validate(plan)`'s, issues and their order included,
/// but only the edited client is checked field by field: of the others only what an edit
/// can collide with is read (their ids, and their work against the workspace's budget).
/// When `edited` is out of range the whole plan is checked.
pub fn validate_edit(plan: &Plan, edited: usize) -> Result<(), Vec<PlanIssue>> {
    let mut v = Validator {
        only: Some(edited),
        ..Validator::default()
    };
    v.plan(plan);
    if v.issues.is_empty() {
        Ok(())
    } else {
        Err(v.issues)
    }
}

/// Check a list of rules (a client's or a segment's, or a draft of one) against the plan's
/// channels, with the same checks [`validate`] applies to them; paths are `rules[i].field`.
/// Empty when they are fine.
pub fn validate_rules(rules: &[Rule], channels: &[crate::types::Channel]) -> Vec<PlanIssue> {
    let channels: HashSet<&str> = channels.iter().map(|c| c.id.as_str()).collect();
    let mut v = Validator::default();
    v.rules("rules", rules, &channels);
    v.issues
}

/// Check a client's checklist (or a draft of one) with the same checks [`validate`] applies to
/// it; paths are `checklist[i].field`. Empty when it is fine.
pub fn validate_checklist(items: &[ChecklistItem]) -> Vec<PlanIssue> {
    let mut v = Validator::default();
    v.checklist("checklist", items);
    v.issues
}

/// The `UNTIL` value of an RRULE, if it has one.
fn until_of(rrule: &str) -> Option<&str> {
    rrule.split(';').find_map(|part| {
        let (key, value) = part.split_once('=')?;
        let key = key.trim();
        let key = key.rsplit(':').next().unwrap_or(key);
        key.eq_ignore_ascii_case("UNTIL").then_some(value.trim())
    })
}

/// The last wall time a plan over `horizon` expands occurrences to.
fn horizon_end(horizon: &Horizon) -> Option<NaiveDateTime> {
    horizon
        .end
        .checked_add_days(chrono::Days::new(2))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

/// The checking work of a client's messages within a horizon ending at `end`, as
/// [`validate`] counts it (none when its segments have a cycle or there is no end).
fn client_work(client: &Client, end: Option<NaiveDateTime>) -> u64 {
    let Some(end) = end else {
        return 0;
    };
    let Some(meter) = work_meter(client, &segment_index(client)) else {
        return 0;
    };
    client.messages().fold(0, |sum: u64, m| {
        sum.saturating_add(meter.message_work(m, end))
    })
}

/// A client's segment ids and their indexes.
fn segment_index(client: &Client) -> HashMap<&str, usize> {
    client
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect()
}

/// What weighs a client's messages' work, unless its segments have a cycle.
fn work_meter(client: &Client, segment_index: &HashMap<&str, usize>) -> Option<WorkMeter> {
    let forest = Forest::new(client, segment_index);
    forest
        .cycles
        .is_empty()
        .then(|| WorkMeter::new(client, &forest.parents, &forest.order))
}

/// Where an id was first seen: its path, or, for a message of a client [`validate_edit`]
/// does not check field by field (the most numerous ids), its indexes, written out as a path
/// only when an issue names it.
enum Place {
    Path(String),
    Message(usize, usize, usize),
}

impl Place {
    fn path(&self) -> String {
        match self {
            Place::Path(path) => path.clone(),
            Place::Message(client, campaign, message) => {
                format!("clients[{client}].campaigns[{campaign}].messages[{message}]")
            }
        }
    }
}

#[derive(Default)]
struct Validator<'a> {
    issues: Vec<PlanIssue>,
    /// Ids seen per kind, with the place where each was first seen.
    seen: HashMap<&'static str, HashMap<&'a str, Place>>,
    /// The checking work asked for so far (see [`MAX_WORK`]); reported once, when crossed.
    work: u64,
    /// The end of the horizon as a wall time (occurrences after it are never expanded).
    horizon_end: Option<NaiveDateTime>,
    /// Check only this client field by field (see [`validate_edit`]); `None`: all of them.
    only: Option<usize>,
    /// The other clients' ids and work, instead of reading them (see [`EditIndex`]): an id
    /// found there or work over the budget is reported with a placeholder issue, for
    /// [`EditIndex::validate_edit`] to ask for the exact answer.
    others: Option<&'a EditIndex>,
}

impl<'a> Validator<'a> {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(PlanIssue::new(path, message));
    }

    fn id(&mut self, kind: &'static str, path: &str, id: &'a str) {
        self.id_at(kind, Place::Path(path.to_string()), id);
    }

    /// [`Validator::id`] at a [`Place`].
    fn id_at(&mut self, kind: &'static str, place: Place, id: &'a str) {
        if id.trim().is_empty() {
            self.push(format!("{}.id", place.path()), "id must not be empty");
            return;
        }
        if id.len() > 200 {
            self.push(
                format!("{}.id", place.path()),
                "id is longer than 200 characters",
            );
        }
        if self
            .others
            .is_some_and(|others| others.owner(kind, id).is_some())
        {
            self.push(format!("{}.id", place.path()), "used by another client");
        }
        let seen = self.seen.entry(kind).or_default();
        if let Some(first) = seen.get(id) {
            let first = first.path();
            self.push(
                format!("{}.id", place.path()),
                format!("duplicate {kind} id \"{id}\" (first used at {first})"),
            );
        } else {
            seen.insert(id, place);
        }
    }

    /// A text field: not empty when `required`, and at most `limit` characters (Unicode
    /// scalar values) long. `what` names the field in the message ("the name").
    fn text(&mut self, path: String, value: &str, required: bool, what: &str, limit: usize) {
        if required && value.trim().is_empty() {
            self.push(path, "must not be empty");
        } else if value.len() > limit {
            // Bytes are at least as many as characters: count only when it may matter.
            let chars = value.chars().count();
            if chars > limit {
                self.push(
                    path,
                    format!("{what} is {chars} characters long; the limit is {limit}"),
                );
            }
        }
    }

    /// A date must lie in the supported years.
    fn date(&mut self, path: String, date: NaiveDate) {
        if !year_in_range(date) {
            self.push(path, format!("{date} {}", year_range_text()));
        }
    }

    /// A workspace holds at most `limit` of something.
    fn count(&mut self, path: &str, found: usize, limit: usize, what: &str) {
        if found > limit {
            self.push(
                path,
                format!("the workspace has {found} {what}; Cadence holds at most {limit}"),
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

    fn plan(&mut self, plan: &'a Plan) {
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
        self.date("horizon.start".into(), plan.horizon.start);
        self.date("horizon.end".into(), plan.horizon.end);
        if plan.horizon.start >= plan.horizon.end {
            self.push("horizon.end", "must be after horizon.start");
        } else if plan.horizon.end > latest_horizon_end(plan.horizon.start) {
            self.push(
                "horizon.end",
                format!(
                    "the horizon spans at most {MAX_HORIZON_YEARS} years (until {} for this start)",
                    latest_horizon_end(plan.horizon.start)
                ),
            );
        }
        self.horizon_end = horizon_end(&plan.horizon);
        self.count("clients", plan.clients.len(), MAX_CLIENTS, "clients");
        let segments = plan.clients.iter().map(|c| c.segments.len()).sum();
        self.count("clients", segments, MAX_SEGMENTS, "segments");
        let messages = plan.clients.iter().map(|c| c.messages().count()).sum();
        self.count("clients", messages, MAX_MESSAGES, "messages");
        let channels: HashSet<&str> = plan.channels.iter().map(|c| c.id.as_str()).collect();
        for (i, channel) in plan.channels.iter().enumerate() {
            let path = format!("channels[{i}]");
            self.id("channel", &path, &channel.id);
            self.text(
                format!("{path}.name"),
                &channel.name,
                true,
                "the channel name",
                MAX_NAME_CHARS,
            );
        }
        let only = self.only.filter(|&i| i < plan.clients.len());
        for (i, client) in plan.clients.iter().enumerate() {
            if only.is_none_or(|only| only == i) {
                self.client(&format!("clients[{i}]"), client, &channels);
            } else if self.others.is_none() {
                self.unedited_client(i, client);
            }
        }
        if let Some(others) = self.others {
            self.work = self.work.saturating_add(others.work());
            if self.work > MAX_WORK {
                self.push("clients", "more checking than Cadence allows");
            }
        }
    }

    /// A client that passed validation and did not change: only its ids (another client's
    /// edit may reuse one) and its work (which counts against the workspace's budget), in
    /// the same order as [`Validator::client`] reads them.
    fn unedited_client(&mut self, index: usize, client: &'a Client) {
        let path = &format!("clients[{index}]");
        self.id("client", path, &client.id);
        let segment_index = segment_index(client);
        for (i, segment) in client.segments.iter().enumerate() {
            self.id("segment", &format!("{path}.segments[{i}]"), &segment.id);
        }
        let meter = work_meter(client, &segment_index);
        for (ci, campaign) in client.campaigns.iter().enumerate() {
            let cpath = format!("{path}.campaigns[{ci}]");
            self.id("campaign", &cpath, &campaign.id);
            for (mi, message) in campaign.messages.iter().enumerate() {
                let place = || Place::Message(index, ci, mi);
                self.id_at("message", place(), &message.id);
                if let (Some(meter), Some(end)) = (&meter, self.horizon_end) {
                    self.work_with(|| place().path(), meter.message_work(message, end));
                }
            }
        }
    }

    fn client(&mut self, path: &str, client: &'a Client, channels: &HashSet<&str>) {
        self.id("client", path, &client.id);
        self.text(
            format!("{path}.name"),
            &client.name,
            true,
            "the client name",
            MAX_NAME_CHARS,
        );
        self.timezone(format!("{path}.timezone"), &client.timezone);

        self.checklist(&format!("{path}.checklist"), &client.checklist);
        let items: HashSet<&str> = client.checklist.iter().map(|i| i.id.as_str()).collect();
        self.rules(&format!("{path}.rules"), &client.rules, channels);

        let segment_index = segment_index(client);
        for (i, segment) in client.segments.iter().enumerate() {
            self.segment(
                &format!("{path}.segments[{i}]"),
                segment,
                &segment_index,
                channels,
            );
        }
        let forest = self.tree(path, client, &segment_index);
        let meter = forest.map(|f| WorkMeter::new(client, &f.parents, &f.order));

        for (ci, campaign) in client.campaigns.iter().enumerate() {
            let cpath = format!("{path}.campaigns[{ci}]");
            self.id("campaign", &cpath, &campaign.id);
            self.text(
                format!("{cpath}.name"),
                &campaign.name,
                true,
                "the campaign name",
                MAX_NAME_CHARS,
            );
            self.text(
                format!("{cpath}.objective"),
                &campaign.objective,
                false,
                "the objective",
                MAX_NOTE_CHARS,
            );
            if let Some(start) = campaign.start {
                self.date(format!("{cpath}.start"), start);
            }
            if let Some(end) = campaign.end {
                self.date(format!("{cpath}.end"), end);
            }
            if let (Some(start), Some(end)) = (campaign.start, campaign.end) {
                if end < start {
                    self.push(format!("{cpath}.end"), "must not be before start");
                }
            }
            for (mi, message) in campaign.messages.iter().enumerate() {
                let mpath = format!("{cpath}.messages[{mi}]");
                self.message(&mpath, message, client, &segment_index, channels, &items);
                if let (Some(meter), Some(end)) = (&meter, self.horizon_end) {
                    self.work(&mpath, meter.message_work(message, end));
                }
            }
        }
    }

    fn segment(
        &mut self,
        path: &str,
        segment: &'a Segment,
        segments: &HashMap<&str, usize>,
        channels: &HashSet<&str>,
    ) {
        self.id("segment", path, &segment.id);
        self.text(
            format!("{path}.name"),
            &segment.name,
            true,
            "the segment name",
            MAX_NAME_CHARS,
        );
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
            self.text(
                format!("{path}.interests[{i}]"),
                text,
                true,
                "an interest",
                MAX_NAME_CHARS,
            );
        }
        for (i, text) in segment.values.iter().enumerate() {
            self.text(
                format!("{path}.values[{i}]"),
                text,
                true,
                "a value",
                MAX_NAME_CHARS,
            );
        }
        self.rules(&format!("{path}.rules"), &segment.rules, channels);
    }

    /// Parent chains must end at a root within [`MAX_SEGMENT_DEPTH`]: each segment on a
    /// cycle is reported (with up to 8 names of its cycle), and each segment too deep. Linear
    /// in the number of segments. Returns the forest when there is no cycle.
    fn tree(
        &mut self,
        path: &str,
        client: &Client,
        segments: &HashMap<&str, usize>,
    ) -> Option<Forest> {
        let forest = Forest::new(client, segments);
        for cycle in &forest.cycles {
            for (k, &member) in cycle.iter().enumerate() {
                let mut names: Vec<&str> = cycle[k..]
                    .iter()
                    .chain(&cycle[..k])
                    .take(8)
                    .map(|&i| client.segments[i].id.as_str())
                    .collect();
                let tail = if cycle.len() > 8 { " -> …" } else { "" };
                names.push(&client.segments[member].id);
                let text = if tail.is_empty() {
                    names.join(" -> ")
                } else {
                    format!("{}{tail}", names[..8].join(" -> "))
                };
                self.push(
                    format!("{path}.segments[{member}].parent"),
                    format!("segment parents form a cycle: {text}"),
                );
            }
        }
        for (i, &depth) in forest.depth.iter().enumerate() {
            if depth == MAX_SEGMENT_DEPTH + 1 {
                self.push(
                    format!("{path}.segments[{i}].parent"),
                    format!("segments nest at most {MAX_SEGMENT_DEPTH} levels deep; this one would be level {depth}"),
                );
            }
        }
        forest.cycles.is_empty().then_some(forest)
    }

    /// Add one message's work; the message that crosses [`MAX_WORK`] is named.
    fn work(&mut self, path: &str, work: u64) {
        self.work_with(|| path.to_string(), work);
    }

    /// [`Validator::work`] with the path written out only if it is reported.
    fn work_with(&mut self, path: impl FnOnce() -> String, work: u64) {
        let before = self.work;
        self.work = self.work.saturating_add(work);
        if before <= MAX_WORK && self.work > MAX_WORK {
            self.push(
                path(),
                format!(
                    "with this message the plan asks for more checking than Cadence allows (about {} touch checks, the limit is {MAX_WORK}): this message alone may reach {work}; send it less often, to fewer segments, or shorten the horizon",
                    self.work
                ),
            );
        }
    }

    /// A client's checklist: ids present and unique, labels present, texts within limits.
    fn checklist(&mut self, path: &str, items: &[ChecklistItem]) {
        let mut ids = HashSet::new();
        for (i, item) in items.iter().enumerate() {
            let ipath = format!("{path}[{i}]");
            if item.id.trim().is_empty() {
                self.push(format!("{ipath}.id"), "id must not be empty");
            } else if !ids.insert(item.id.as_str()) {
                self.push(
                    format!("{ipath}.id"),
                    format!("duplicate checklist item id \"{}\"", item.id),
                );
            }
            self.text(
                format!("{ipath}.label"),
                &item.label,
                true,
                "the label",
                MAX_LABEL_CHARS,
            );
            self.text(
                format!("{ipath}.guidance"),
                &item.guidance,
                false,
                "the guidance",
                MAX_NOTE_CHARS,
            );
        }
    }

    fn rules(&mut self, path: &str, rules: &[Rule], channels: &HashSet<&str>) {
        if rules.len() > MAX_RULES_PER_SCOPE {
            self.push(
                path,
                format!(
                    "{} rules; one client or segment takes at most {MAX_RULES_PER_SCOPE}",
                    rules.len()
                ),
            );
        }
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
        message: &'a Message,
        client: &Client,
        segments: &HashMap<&str, usize>,
        channels: &HashSet<&str>,
        items: &HashSet<&str>,
    ) {
        self.id("message", path, &message.id);
        self.text(
            format!("{path}.title"),
            &message.title,
            true,
            "the title",
            MAX_NAME_CHARS,
        );
        self.text(
            format!("{path}.brief"),
            &message.brief,
            false,
            "the brief",
            MAX_NOTE_CHARS,
        );
        if message.channel.is_empty() {
            self.push(format!("{path}.channel"), "choose a channel");
        } else if !channels.contains(message.channel.as_str()) {
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
        self.date(format!("{path}.at"), message.at.date());
        if message.exdates.len() > MAX_EXDATES {
            self.push(
                format!("{path}.exdates"),
                format!(
                    "{} skipped occurrences; a message skips at most {MAX_EXDATES}",
                    message.exdates.len()
                ),
            );
        } else if let Some(i) = message
            .exdates
            .iter()
            .position(|d| !year_in_range(d.date()))
        {
            self.date(format!("{path}.exdates[{i}]"), message.exdates[i].date());
        }
        if let Some(until) = message.rrule.as_deref().and_then(until_of) {
            match parse_until(&until.to_ascii_uppercase()) {
                Some(until) => self.date(format!("{path}.rrule"), until.date()),
                None => self.push(
                    format!("{path}.rrule"),
                    format!("UNTIL={until} is not a date (use YYYYMMDD or YYYYMMDDTHHMMSS)"),
                ),
            }
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

#[cfg(test)]
mod tests {
    use super::validate;
    use crate::limits::{MAX_LABEL_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS};
    use crate::sample::sample_plan;
    use chrono::NaiveDate;

    fn issues_of(plan: &crate::Plan) -> Vec<(String, String)> {
        validate(plan)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|i| (i.path, i.message))
            .collect()
    }

    #[test]
    fn names_and_titles_hold_at_most_120_characters_notes_10000() {
        let mut plan = sample_plan(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        // Exactly at the limit is fine, counted in characters (ä is two bytes).
        plan.client_at_mut(0).name = "ä".repeat(MAX_NAME_CHARS);
        plan.client_at_mut(0).campaigns[0].messages[0].brief = "b".repeat(MAX_NOTE_CHARS);
        plan.client_at_mut(0).checklist[0].label = "l".repeat(MAX_LABEL_CHARS);
        assert_eq!(issues_of(&plan), vec![]);

        plan.client_at_mut(0).name = "x".repeat(500);
        plan.channels[0].name = "c".repeat(121);
        plan.client_at_mut(0).segments[0].name = "s".repeat(121);
        plan.client_at_mut(0).segments[0].interests = vec!["i".repeat(121)];
        plan.client_at_mut(0).campaigns[0].name = "k".repeat(121);
        plan.client_at_mut(0).campaigns[0].objective = "o".repeat(MAX_NOTE_CHARS + 1);
        plan.client_at_mut(0).campaigns[0].messages[0].title = "t".repeat(500);
        plan.client_at_mut(0).campaigns[0].messages[0].brief = "b".repeat(MAX_NOTE_CHARS + 1);
        plan.client_at_mut(0).checklist[0].label = "l".repeat(MAX_LABEL_CHARS + 1);
        let issues = issues_of(&plan);
        let find = |path: &str| {
            issues
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, m)| m.as_str())
                .unwrap_or_else(|| panic!("no issue at {path}: {issues:?}"))
        };
        assert_eq!(
            find("clients[0].name"),
            "the client name is 500 characters long; the limit is 120"
        );
        assert_eq!(
            find("channels[0].name"),
            "the channel name is 121 characters long; the limit is 120"
        );
        assert_eq!(
            find("clients[0].segments[0].name"),
            "the segment name is 121 characters long; the limit is 120"
        );
        assert_eq!(
            find("clients[0].segments[0].interests[0]"),
            "an interest is 121 characters long; the limit is 120"
        );
        assert_eq!(
            find("clients[0].campaigns[0].name"),
            "the campaign name is 121 characters long; the limit is 120"
        );
        assert_eq!(
            find("clients[0].campaigns[0].objective"),
            "the objective is 10001 characters long; the limit is 10000"
        );
        assert_eq!(
            find("clients[0].campaigns[0].messages[0].title"),
            "the title is 500 characters long; the limit is 120"
        );
        assert_eq!(
            find("clients[0].campaigns[0].messages[0].brief"),
            "the brief is 10001 characters long; the limit is 10000"
        );
        assert_eq!(
            find("clients[0].checklist[0].label"),
            "the label is 201 characters long; the limit is 200"
        );
        assert_eq!(issues.len(), 9, "{issues:?}");
    }
}
