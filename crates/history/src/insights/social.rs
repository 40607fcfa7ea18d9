//! Social engagement quality: engagement per reach per touch count, with comments and
//! shares apart from reactions, and daily follows/unfollows against posts per day.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate};
use serde::Serialize;

use super::{InsightOptions, WEEK};
use crate::model::{Metric, Rows, SendRow};

/// Engagement of posts at one touch count.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct EngagementBin {
    /// Posts to this audience in the 7 days up to and including this one.
    pub k: u32,
    /// Posts.
    pub posts: u64,
    /// Reach (delivered).
    pub reach: u64,
    /// Reactions.
    pub reactions: u64,
    /// Comments.
    pub comments: u64,
    /// Shares.
    pub shares: u64,
    /// (reactions + comments + shares + clicks) / reach.
    pub engagement_rate: f64,
    /// (comments + shares) / reach: conversation, worth more than a like.
    pub conversation_rate: f64,
    /// reactions / reach.
    pub reaction_rate: f64,
}

/// Followers gained and lost on days with a given number of posts.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct FollowerDay {
    /// Posts that day.
    pub posts: u32,
    /// Days with that many posts.
    pub days: u64,
    /// Mean follows per such day.
    pub follows_per_day: f64,
    /// Mean unfollows per such day.
    pub unfollows_per_day: f64,
}

/// Engagement of one audience on one channel (audience None: the channel's daily figures
/// without posts).
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct EngagementEntry {
    /// Audience (page).
    pub audience: Option<String>,
    /// Mapped segment.
    pub segment: Option<String>,
    /// Channel.
    pub channel: String,
    /// Per touch count.
    pub bins: Vec<EngagementBin>,
    /// The channel's follows and unfollows by posts per day (UTC days).
    pub followers: Vec<FollowerDay>,
}

fn day(at: i64) -> NaiveDate {
    DateTime::from_timestamp(at, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

fn rate(x: u64, n: u64) -> f64 {
    if n == 0 {
        0.0
    } else {
        x as f64 / n as f64
    }
}

/// Engagement entries for posts (sends without an unsubscribe count) and daily metrics.
pub(super) fn engagement(rows: &Rows, opts: &InsightOptions) -> Vec<EngagementEntry> {
    let posts: Vec<&SendRow> = rows
        .sends
        .iter()
        .filter(|r| r.unsubscribes.is_none() && opts.wanted(Some(&r.audience), &r.channel))
        .collect();
    let mut times: HashMap<(&str, &str), Vec<i64>> = HashMap::new();
    for r in &posts {
        times
            .entry((&r.channel, &r.audience))
            .or_default()
            .push(r.at);
    }
    for t in times.values_mut() {
        t.sort_unstable();
    }
    let mut acc: BTreeMap<(&str, &str), BTreeMap<u32, [u64; 6]>> = BTreeMap::new();
    let mut per_day: HashMap<(&str, NaiveDate), u32> = HashMap::new();
    for r in &posts {
        if !opts.in_period(r.at) {
            continue;
        }
        let t = &times[&(r.channel.as_str(), r.audience.as_str())];
        let k =
            (t.partition_point(|&x| x <= r.at) - t.partition_point(|&x| x <= r.at - WEEK)) as u32;
        let a = acc
            .entry((&r.audience, &r.channel))
            .or_default()
            .entry(k)
            .or_default();
        a[0] += 1;
        a[1] += r.delivered;
        a[2] += r.reactions.unwrap_or(0);
        a[3] += r.comments.unwrap_or(0);
        a[4] += r.shares.unwrap_or(0);
        a[5] += r.clicks.unwrap_or(0);
        *per_day.entry((&r.channel, day(r.at))).or_default() += 1;
    }
    // Daily follows/unfollows per channel and day.
    let mut daily: BTreeMap<&str, BTreeMap<NaiveDate, (u64, u64)>> = BTreeMap::new();
    for d in &rows.daily {
        let start = d.date.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp());
        if !start.is_some_and(|s| opts.in_period(s)) || !opts.wanted(None, &d.channel) {
            continue;
        }
        let e = daily
            .entry(&d.channel)
            .or_default()
            .entry(d.date)
            .or_default();
        match d.metric {
            Metric::Follows => e.0 += d.value,
            Metric::Unfollows => e.1 += d.value,
            _ => {}
        }
    }
    let followers = |channel: &str| -> Vec<FollowerDay> {
        let Some(days) = daily.get(channel) else {
            return Vec::new();
        };
        let mut by_posts: BTreeMap<u32, (u64, u64, u64)> = BTreeMap::new();
        for (date, (f, u)) in days {
            let n = per_day.get(&(channel, *date)).copied().unwrap_or(0);
            let e = by_posts.entry(n).or_default();
            e.0 += 1;
            e.1 += f;
            e.2 += u;
        }
        by_posts
            .into_iter()
            .map(|(posts, (days, f, u))| FollowerDay {
                posts,
                days,
                follows_per_day: f as f64 / days as f64,
                unfollows_per_day: u as f64 / days as f64,
            })
            .collect()
    };
    let mut out: Vec<EngagementEntry> = acc
        .iter()
        .map(|((audience, channel), bins)| EngagementEntry {
            audience: Some(audience.to_string()),
            segment: opts.segment_of(audience),
            channel: channel.to_string(),
            bins: bins
                .iter()
                .map(|(&k, a)| EngagementBin {
                    k,
                    posts: a[0],
                    reach: a[1],
                    reactions: a[2],
                    comments: a[3],
                    shares: a[4],
                    engagement_rate: rate(a[2] + a[3] + a[4] + a[5], a[1]),
                    conversation_rate: rate(a[3] + a[4], a[1]),
                    reaction_rate: rate(a[2], a[1]),
                })
                .collect(),
            followers: followers(channel),
        })
        .collect();
    for channel in daily.keys() {
        if !acc.keys().any(|(_, c)| c == channel) && opts.audience.is_none() {
            out.push(EngagementEntry {
                audience: None,
                segment: None,
                channel: channel.to_string(),
                bins: Vec::new(),
                followers: followers(channel),
            });
        }
    }
    out
}
