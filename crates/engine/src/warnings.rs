//! Plan warnings: things in a valid plan that are probably mistakes but break no guideline
//! and no validation rule (docs/DECISIONS.md). They are not violations: the spec's
//! violation records stay exactly as plan-format.md §4 defines them, and a plan with only
//! warnings checks clean. The app (`Desk::plan_warnings`) and `cadence check`'s text output
//! both show what [`plan_warnings`] returns.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use cadence_model::{Campaign, Client, Message, Plan};

use crate::expand::wall_times;
use crate::period::Period;

/// What a warning is about; stable (the text may change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// A message has occurrences before its campaign's start or after its end.
    OutsideCampaign,
    /// A segment is bigger than its parent (members of a sub-segment are members of the
    /// parent, so it cannot be).
    LargerThanParent,
    /// A segment consents to a channel its parent does not.
    ConsentNotInParent,
}

/// One plan warning: its code, the client and the ids involved, and a sentence for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PlanWarning {
    /// What kind of warning.
    pub code: WarningCode,
    /// The client's id.
    pub client: String,
    /// The ids involved: `[message, campaign]` for `outside_campaign`, `[segment, parent]`
    /// for the segment warnings (then the channel, for `consent_not_in_parent`).
    pub ids: Vec<String>,
    /// For `outside_campaign`: how many occurrences in the period fall outside.
    pub count: u32,
    /// For `outside_campaign`: the first of them, a local wall time in the message's zone.
    #[ts(type = "string | null")]
    pub first: Option<NaiveDateTime>,
    /// The warning for people.
    pub text: String,
}

/// The warnings of `plan` (only of client `client` when given), for occurrences in
/// `period`, in plan order: per client, its segments first, then its messages.
pub fn plan_warnings(plan: &Plan, client: Option<&str>, period: Period) -> Vec<PlanWarning> {
    let mut out = Vec::new();
    for c in &plan.clients {
        if client.is_some_and(|id| id != c.id) {
            continue;
        }
        segment_warnings(c, plan, &mut out);
        for campaign in &c.campaigns {
            if campaign.start.is_none() && campaign.end.is_none() {
                continue;
            }
            for message in &campaign.messages {
                if let Some(w) = outside_campaign(c, campaign, message, period) {
                    out.push(w);
                }
            }
        }
    }
    out
}

fn segment_warnings(client: &Client, plan: &Plan, out: &mut Vec<PlanWarning>) {
    let by_id: HashMap<&str, usize> = client
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let channel_name = |id: &str| {
        plan.channels
            .iter()
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    for segment in &client.segments {
        let Some(parent) = segment
            .parent
            .as_deref()
            .and_then(|p| by_id.get(p))
            .map(|&i| &client.segments[i])
        else {
            continue;
        };
        // A size of 0 means "not known": nothing to compare.
        if parent.size > 0 && segment.size > parent.size {
            out.push(PlanWarning {
                code: WarningCode::LargerThanParent,
                client: client.id.clone(),
                ids: vec![segment.id.clone(), parent.id.clone()],
                count: 0,
                first: None,
                text: format!(
                    "segment “{}” ({}) has {} people but its parent “{}” ({}) has only {}: a sub-segment cannot be bigger than the segment it is part of",
                    segment.name,
                    segment.id,
                    thousands(segment.size),
                    parent.name,
                    parent.id,
                    thousands(parent.size)
                ),
            });
        }
        for channel in &segment.opt_in {
            if !parent.opt_in.contains(channel) {
                out.push(PlanWarning {
                    code: WarningCode::ConsentNotInParent,
                    client: client.id.clone(),
                    ids: vec![segment.id.clone(), parent.id.clone(), channel.clone()],
                    count: 0,
                    first: None,
                    text: format!(
                        "segment “{}” ({}) has consent for {} but its parent “{}” ({}) does not: its members are the parent's members, so one of the two is likely wrong",
                        segment.name,
                        segment.id,
                        channel_name(channel),
                        parent.name,
                        parent.id
                    ),
                });
            }
        }
    }
}

/// The `outside_campaign` warning of one message, if it has occurrences in `period` (by
/// local date) before its campaign's start or after its end.
fn outside_campaign(
    client: &Client,
    campaign: &Campaign,
    message: &Message,
    period: Period,
) -> Option<PlanWarning> {
    let outside = |wall: &NaiveDateTime| {
        let date = wall.date();
        campaign.start.is_some_and(|s| date < s) || campaign.end.is_some_and(|e| date > e)
    };
    let (walls, _) = wall_times(message, &period);
    let mut count = 0u32;
    let mut first = None;
    for (_, wall) in walls
        .iter()
        .filter(|(_, w)| w.date() >= period.start && w.date() < period.end)
    {
        if outside(wall) {
            count += 1;
            first.get_or_insert(*wall);
        }
    }
    let first = first?;
    let dates = match (campaign.start, campaign.end) {
        (Some(s), Some(e)) => format!("{s} to {e}"),
        (Some(s), None) => format!("from {s}"),
        (None, Some(e)) => format!("until {e}"),
        (None, None) => String::new(),
    };
    Some(PlanWarning {
        code: WarningCode::OutsideCampaign,
        client: client.id.clone(),
        ids: vec![message.id.clone(), campaign.id.clone()],
        count,
        first: Some(first),
        text: format!(
            "message “{}” ({}) has {count} occurrence{} outside its campaign “{}” ({dates}) (first: {})",
            message.title,
            message.id,
            if count == 1 { "" } else { "s" },
            campaign.name,
            first.format("%Y-%m-%d %H:%M")
        ),
    })
}

/// The warnings as text for people, after a check's report (`cadence check`): a heading and
/// one line per warning with its client; empty when there are none.
pub fn format_warnings(warnings: &[PlanWarning], plan: &Plan) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut out = format!("\nPlan warnings (not violations): {}\n", warnings.len());
    for w in warnings {
        let name = plan
            .clients
            .iter()
            .find(|c| c.id == w.client)
            .map_or(w.client.as_str(), |c| c.name.as_str());
        out.push_str(&format!("  {name} ({}): {}\n", w.client, w.text));
    }
    out
}

/// A count for people, its digits grouped: 52000 -> "52,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(20000), "20,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }
}
