//! Engage-back: how fast the brand answers people who write to it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::stats::nearest_rank;
use super::InsightOptions;
use crate::model::InboxRow;

/// Response times of one channel.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ResponseEntry {
    /// Channel.
    pub channel: String,
    /// Messages received.
    pub messages: u64,
    /// Share of messages answered (0–1).
    pub answered: f64,
    /// Number answered.
    pub answered_count: u64,
    /// Median hours to the first reply (nearest rank, answered messages).
    pub median_hours: Option<f64>,
    /// 90th percentile hours (nearest rank, answered messages).
    pub p90_hours: Option<f64>,
    /// Share unanswered within the reply target (no reply, or a later one).
    pub unanswered_after_target: f64,
    /// Share never answered.
    pub unanswered: f64,
    /// The reply target used, in hours.
    pub target_hours: f64,
    /// How long messages waited for their first reply, in [`BUCKETS`] order, ending with the
    /// messages never answered.
    pub distribution: Vec<ResponseBucket>,
}

/// One bar of the response-time distribution.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ResponseBucket {
    /// For people: "< 1 h", "1–4 h", …, "never".
    pub label: String,
    /// Lower bound in hours (inclusive); None for "never".
    pub from_hours: Option<f64>,
    /// Upper bound in hours (exclusive); None for the last timed bucket and for "never".
    pub to_hours: Option<f64>,
    /// Messages in this bucket.
    pub messages: u64,
    /// Their share of all messages (0–1).
    pub share: f64,
}

/// The timed buckets of the distribution: label and upper bound in hours (exclusive).
pub const BUCKETS: [(&str, Option<f64>); 5] = [
    ("< 1 h", Some(1.0)),
    ("1–4 h", Some(4.0)),
    ("4–24 h", Some(24.0)),
    ("1–3 days", Some(72.0)),
    ("> 3 days", None),
];

/// The distribution of answered `hours` (sorted or not) among `messages`, then the
/// unanswered rest as "never".
pub fn distribution(hours: &[f64], messages: u64) -> Vec<ResponseBucket> {
    let share = |n: u64| {
        if messages == 0 {
            0.0
        } else {
            n as f64 / messages as f64
        }
    };
    let mut out = Vec::with_capacity(BUCKETS.len() + 1);
    let mut from = 0.0;
    for (label, to) in BUCKETS {
        let n = hours
            .iter()
            .filter(|&&h| h >= from && to.is_none_or(|t| h < t))
            .count() as u64;
        out.push(ResponseBucket {
            label: label.to_string(),
            from_hours: Some(from),
            to_hours: to,
            messages: n,
            share: share(n),
        });
        from = to.unwrap_or(f64::INFINITY);
    }
    // Replies stamped before the message (clock skew) count as the fastest.
    let early = hours.iter().filter(|&&h| h < 0.0).count() as u64;
    out[0].messages += early;
    out[0].share = share(out[0].messages);
    let never = messages.saturating_sub(hours.len() as u64);
    out.push(ResponseBucket {
        label: "never".to_string(),
        from_hours: None,
        to_hours: None,
        messages: never,
        share: share(never),
    });
    out
}

/// Response entries per channel, in channel order.
pub fn response(inbox: &[InboxRow], opts: &InsightOptions) -> Vec<ResponseEntry> {
    let mut by_channel: BTreeMap<&str, Vec<&InboxRow>> = BTreeMap::new();
    for row in inbox {
        if opts.in_period(row.received_at) && opts.wanted(None, &row.channel) {
            by_channel.entry(&row.channel).or_default().push(row);
        }
    }
    let target = opts.reply_target_hours;
    by_channel
        .into_iter()
        .map(|(channel, rows)| {
            let messages = rows.len() as u64;
            let mut hours: Vec<f64> = rows
                .iter()
                .filter_map(|r| {
                    r.first_reply_at
                        .map(|a| (a - r.received_at) as f64 / 3600.0)
                })
                .collect();
            hours.sort_by(f64::total_cmp);
            let answered_count = hours.len() as u64;
            let late = rows
                .iter()
                .filter(|r| match r.first_reply_at {
                    None => true,
                    Some(a) => (a - r.received_at) as f64 / 3600.0 > target,
                })
                .count() as f64;
            let n = messages as f64;
            ResponseEntry {
                channel: channel.to_string(),
                messages,
                answered: answered_count as f64 / n,
                answered_count,
                median_hours: nearest_rank(&hours, 0.5),
                p90_hours: nearest_rank(&hours, 0.9),
                unanswered_after_target: late / n,
                unanswered: (messages - answered_count) as f64 / n,
                target_hours: target,
                distribution: distribution(&hours, messages),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PersonId;

    fn msg(received: i64, reply_hours: Option<i64>, channel: &str) -> InboxRow {
        InboxRow {
            line: 0,
            received_at: received,
            channel: channel.into(),
            from: PersonId([0; 16]),
            first_reply_at: reply_hours.map(|h| received + h * 3600),
            thread: None,
        }
    }

    #[test]
    fn counts_shares_and_nearest_ranks() {
        let mut rows: Vec<InboxRow> = (1..=9)
            .map(|h| msg(h * 100_000, Some(h * 5), "x"))
            .collect();
        rows.push(msg(0, None, "x"));
        rows.push(msg(5, Some(2), "y"));
        let out = response(&rows, &InsightOptions::default());
        assert_eq!(out.len(), 2);
        let x = &out[0];
        assert_eq!((x.messages, x.answered_count), (10, 9));
        assert!((x.answered - 0.9).abs() < 1e-12);
        // hours 5,10,…,45: median rank ceil(4.5)=5 → 25; p90 rank ceil(8.1)=9 → 45.
        assert_eq!(x.median_hours, Some(25.0));
        assert_eq!(x.p90_hours, Some(45.0));
        // Over 24 h: 25..45 (5) plus the unanswered one.
        assert!((x.unanswered_after_target - 0.6).abs() < 1e-12);
        assert!((x.unanswered - 0.1).abs() < 1e-12);
        let opts = InsightOptions {
            reply_target_hours: 48.0,
            ..Default::default()
        };
        assert!((response(&rows, &opts)[0].unanswered_after_target - 0.1).abs() < 1e-12);
        // 5 h, 10 h, 15 h, 20 h in 4–24 h; 25–45 h in 1–3 days; one never.
        let counts: Vec<u64> = x.distribution.iter().map(|b| b.messages).collect();
        assert_eq!(counts, vec![0, 0, 4, 5, 0, 1]);
        assert_eq!(x.distribution.last().unwrap().label, "never");
        let y = &out[1];
        assert_eq!(y.distribution[1].messages, 1, "2 h is in 1–4 h");
    }

    #[test]
    fn distribution_bounds_are_half_open_and_shares_add_up() {
        let d = distribution(
            &[0.0, 0.99, 1.0, 3.99, 4.0, 24.0, 71.9, 72.0, 500.0, -0.5],
            12,
        );
        let counts: Vec<u64> = d.iter().map(|b| b.messages).collect();
        assert_eq!(counts, vec![3, 2, 1, 2, 2, 2]);
        let total: f64 = d.iter().map(|b| b.share).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert_eq!(d[4].to_hours, None);
        assert_eq!(d[5].from_hours, None);
        let empty = distribution(&[], 0);
        assert!(empty.iter().all(|b| b.messages == 0 && b.share == 0.0));
    }
}
