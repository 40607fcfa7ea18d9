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
    }
}
