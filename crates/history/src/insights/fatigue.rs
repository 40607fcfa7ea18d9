//! Touch counts, attribution, fatigue bins and the recommended cap (spec §5).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::stats::wilson;
use super::{InsightOptions, COMPLAINT_LINES, MIN_BASELINE, MIN_TOUCHES, TOLERANCE, WEEK};
use crate::model::{Event, PersonId, Rows, SendRow};

/// Where a curve's touches come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Per-person events.
    Activity,
    /// Per-send totals.
    Sends,
}

/// One touch count k of a curve.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Bin {
    /// Touches in the 7 days up to and including this one.
    pub k: u32,
    /// Touches n(k).
    pub touches: u64,
    /// Unsubscribes x(k).
    pub unsubscribes: u64,
    /// Complaints.
    pub complaints: u64,
    /// x / n.
    pub rate: f64,
    /// Wilson 95% low end.
    pub low: f64,
    /// Wilson 95% high end.
    pub high: f64,
    /// Complaints / n.
    pub complaint_rate: f64,
    /// Opens per touch, where known.
    pub open_rate: Option<f64>,
    /// Clicks per touch, where known.
    pub click_rate: Option<f64>,
}

/// The fatigue curve of one audience on one channel.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct FatigueEntry {
    /// Audience name as written.
    pub audience: String,
    /// The mapped segment id.
    pub segment: Option<String>,
    /// Channel.
    pub channel: String,
    /// Activity or sends.
    pub source: Source,
    /// The bins, k ascending.
    pub bins: Vec<Bin>,
    /// Unsubscribes and complaints with no delivered touch in the 7 days before.
    pub unattributed: u64,
    /// The baseline rate b (None without judged bins).
    pub baseline: Option<f64>,
    /// The recommended cap per 7 days.
    pub recommended_cap: Option<u32>,
    /// Why, in numbers.
    pub reason: String,
}

/// Complaint rate of one audience on one channel.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct ComplaintEntry {
    /// Audience.
    pub audience: String,
    /// Mapped segment.
    pub segment: Option<String>,
    /// Channel.
    pub channel: String,
    /// Activity or sends.
    pub source: Source,
    /// Touches.
    pub touches: u64,
    /// Complaints.
    pub complaints: u64,
    /// Complaints / touches.
    pub rate: f64,
    /// Above 0.1%.
    pub above_0_1: bool,
    /// Above 0.3%.
    pub above_0_3: bool,
}

impl ComplaintEntry {
    /// The complaint totals of a curve.
    pub fn of(e: &FatigueEntry) -> ComplaintEntry {
        let touches: u64 = e.bins.iter().map(|b| b.touches).sum();
        let complaints: u64 = e.bins.iter().map(|b| b.complaints).sum();
        let rate = if touches == 0 {
            0.0
        } else {
            complaints as f64 / touches as f64
        };
        ComplaintEntry {
            audience: e.audience.clone(),
            segment: e.segment.clone(),
            channel: e.channel.clone(),
            source: e.source,
            touches,
            complaints,
            rate,
            above_0_1: rate > COMPLAINT_LINES.0,
            above_0_3: rate > COMPLAINT_LINES.1,
        }
    }
}

/// The recommendation of a curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// Baseline b.
    pub baseline: Option<f64>,
    /// Cap c.
    pub cap: Option<u32>,
    /// Why.
    pub reason: String,
}

/// A rate as a percent with one decimal (two below 0.1%).
fn pct(rate: f64) -> String {
    let p = rate * 100.0;
    if p != 0.0 && p < 0.1 {
        format!("{p:.2}")
    } else {
        format!("{p:.1}")
    }
}

/// The recommended cap of spec §5 over bins sorted by k.
pub fn recommend(bins: &[Bin]) -> Recommendation {
    let judged: Vec<&Bin> = bins.iter().filter(|b| b.touches >= MIN_TOUCHES).collect();
    if judged.len() < 2 {
        return Recommendation {
            baseline: judged.first().map(|b| b.rate.max(MIN_BASELINE)),
            cap: None,
            reason: format!(
                "not enough history: {} touch count{} with at least {} touches (2 needed)",
                judged.len(),
                if judged.len() == 1 { "" } else { "s" },
                MIN_TOUCHES
            ),
        };
    }
    let first = judged[0];
    let b = first.rate.max(MIN_BASELINE);
    match judged.iter().find(|bin| bin.low > TOLERANCE * b) {
        Some(tired) => Recommendation {
            baseline: Some(b),
            cap: Some(tired.k - 1),
            reason: format!(
                "at {} a week, {}% unsubscribed ({}–{}%), {:.1} × the {}-a-week rate",
                tired.k,
                pct(tired.rate),
                pct(tired.low),
                pct(tired.high),
                tired.rate / b,
                first.k
            ),
        },
        None => Recommendation {
            baseline: Some(b),
            cap: None,
            reason: format!(
                "no fatigue seen up to k = {}",
                judged.last().map(|b| b.k).unwrap_or(0)
            ),
        },
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Acc {
    touches: u64,
    unsubscribes: u64,
    complaints: u64,
    opens: u64,
    open_known: u64,
    clicks: u64,
    click_known: u64,
}

fn bins_of(acc: &BTreeMap<u32, Acc>) -> Vec<Bin> {
    acc.iter()
        .filter(|(_, a)| a.touches > 0)
        .map(|(&k, a)| {
            let n = a.touches;
            let x = a.unsubscribes.min(n);
            let (low, high) = wilson(x, n);
            Bin {
                k,
                touches: n,
                unsubscribes: a.unsubscribes,
                complaints: a.complaints,
                rate: x as f64 / n as f64,
                low,
                high,
                complaint_rate: a.complaints as f64 / n as f64,
                open_rate: (a.open_known > 0).then(|| a.opens as f64 / a.open_known as f64),
                click_rate: (a.click_known > 0).then(|| a.clicks as f64 / a.click_known as f64),
            }
        })
        .collect()
}

fn entry(
    audience: String,
    channel: String,
    source: Source,
    acc: &BTreeMap<u32, Acc>,
    unattributed: u64,
    opts: &InsightOptions,
) -> FatigueEntry {
    let bins = bins_of(acc);
    let rec = recommend(&bins);
    FatigueEntry {
        segment: opts.segment_of(&audience),
        audience,
        channel,
        source,
        bins,
        unattributed,
        baseline: rec.baseline,
        recommended_cap: rec.cap,
        reason: rec.reason,
    }
}

/// Flags of one delivered touch.
#[derive(Debug, Clone, Copy, Default)]
struct Touch {
    at: i64,
    audience: u32,
    k: u32,
    unsubscribed: bool,
    complained: bool,
    opened: bool,
    clicked: bool,
}

/// A cheap hasher for keys made of ids and person hashes (already uniformly random): the
/// default SipHash was a fifth of the insights' time.
#[derive(Default)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(29) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(29) ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(29) ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;
type FastSet<K> = HashSet<K, std::hash::BuildHasherDefault<IdHasher>>;

/// Curves from per-person activity.
pub(super) fn from_activity(rows: &Rows, opts: &InsightOptions) -> Vec<FatigueEntry> {
    if rows.activity.is_empty() {
        return Vec::new();
    }
    // Group by (channel, person); each group in time order, deliveries first at a tie.
    let mut groups: FastMap<(u32, PersonId), Vec<u32>> = FastMap::default();
    let mut has_opens: FastSet<(u32, u32)> = FastSet::default();
    let mut has_clicks: FastSet<(u32, u32)> = FastSet::default();
    for (i, r) in rows.activity.iter().enumerate() {
        groups
            .entry((r.channel, r.person))
            .or_default()
            .push(i as u32);
        match r.event {
            Event::Open => {
                has_opens.insert((r.audience, r.channel));
            }
            Event::Click => {
                has_clicks.insert((r.audience, r.channel));
            }
            _ => {}
        }
    }
    let mut acc: FastMap<(u32, u32), Vec<Acc>> = FastMap::default();
    let mut unattributed: FastMap<(u32, u32), u64> = FastMap::default();
    let mut touches: Vec<Touch> = Vec::new();
    for ((channel, _), mut group) in groups {
        let key_of = |i: &u32| {
            let r = &rows.activity[*i as usize];
            (r.at, r.event != Event::Delivered)
        };
        if !group.windows(2).all(|w| key_of(&w[0]) <= key_of(&w[1])) {
            group.sort_by_key(key_of);
        }
        touches.clear();
        touches.extend(
            group
                .iter()
                .map(|&i| &rows.activity[i as usize])
                .filter(|r| r.event == Event::Delivered)
                .map(|r| Touch {
                    at: r.at,
                    audience: r.audience,
                    ..Default::default()
                }),
        );
        // k over (t − 7d, t], ties at t included.
        let mut lo = 0;
        let mut hi = 0;
        for i in 0..touches.len() {
            let t = touches[i].at;
            while touches[lo].at <= t - WEEK {
                lo += 1;
            }
            if hi < i {
                hi = i;
            }
            while hi + 1 < touches.len() && touches[hi + 1].at <= t {
                hi += 1;
            }
            touches[i].k = (hi + 1 - lo) as u32;
        }
        // Attribute outcomes to the latest touch at or before, less than 7 days earlier.
        for &i in &group {
            let r = &rows.activity[i as usize];
            if !matches!(
                r.event,
                Event::Unsubscribe | Event::Complaint | Event::Open | Event::Click
            ) {
                continue;
            }
            let j = touches.partition_point(|t| t.at <= r.at);
            let touch = (j > 0)
                .then(|| j - 1)
                .filter(|&j| r.at - touches[j].at < WEEK);
            match (touch, r.event) {
                (Some(j), Event::Unsubscribe) => touches[j].unsubscribed = true,
                (Some(j), Event::Complaint) => touches[j].complained = true,
                (Some(j), Event::Open) => touches[j].opened = true,
                (Some(j), Event::Click) => touches[j].clicked = true,
                (None, Event::Unsubscribe | Event::Complaint) if opts.in_period(r.at) => {
                    *unattributed.entry((r.audience, r.channel)).or_default() += 1;
                }
                _ => {}
            }
        }
        for t in &touches {
            if !opts.in_period(t.at) {
                continue;
            }
            let key = (t.audience, channel);
            let bins = acc.entry(key).or_default();
            if bins.len() <= t.k as usize {
                bins.resize(t.k as usize + 1, Acc::default());
            }
            let a = &mut bins[t.k as usize];
            a.touches += 1;
            a.unsubscribes += u64::from(t.unsubscribed);
            a.complaints += u64::from(t.complained);
            if has_opens.contains(&key) {
                a.open_known += 1;
                a.opens += u64::from(t.opened);
            }
            if has_clicks.contains(&key) {
                a.click_known += 1;
                a.clicks += u64::from(t.clicked);
            }
        }
    }
    let acc: HashMap<(u32, u32), BTreeMap<u32, Acc>> = acc
        .into_iter()
        .map(|(key, bins)| {
            let map = bins
                .into_iter()
                .enumerate()
                .filter(|(_, a)| a.touches > 0)
                .map(|(k, a)| (k as u32, a))
                .collect();
            (key, map)
        })
        .collect();
    let mut out = Vec::new();
    for ((audience, channel), bins) in &acc {
        let (a, c) = (rows.names.name(*audience), rows.names.name(*channel));
        if !opts.wanted(Some(a), c) {
            continue;
        }
        let u = unattributed
            .get(&(*audience, *channel))
            .copied()
            .unwrap_or(0);
        out.push(entry(a.into(), c.into(), Source::Activity, bins, u, opts));
    }
    for ((audience, channel), u) in &unattributed {
        if !acc.contains_key(&(*audience, *channel)) {
            let (a, c) = (rows.names.name(*audience), rows.names.name(*channel));
            if opts.wanted(Some(a), c) {
                out.push(entry(
                    a.into(),
                    c.into(),
                    Source::Activity,
                    &BTreeMap::new(),
                    *u,
                    opts,
                ));
            }
        }
    }
    out
}

/// The lists a send went to (Klaviyo joins them with `, `).
fn lists(audience: &str) -> impl Iterator<Item = &str> {
    audience
        .split(", ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Curves from per-send totals (rows with a known unsubscribe count: not social posts).
pub(super) fn from_sends(sends: &[SendRow], opts: &InsightOptions) -> Vec<FatigueEntry> {
    let rows: Vec<&SendRow> = sends.iter().filter(|r| r.unsubscribes.is_some()).collect();
    // Times of sends per (channel, list), sorted.
    let mut times: HashMap<(&str, &str), Vec<i64>> = HashMap::new();
    for r in &rows {
        for list in lists(&r.audience) {
            times.entry((&r.channel, list)).or_default().push(r.at);
        }
    }
    for v in times.values_mut() {
        v.sort_unstable();
    }
    let mut acc: BTreeMap<(&str, &str), BTreeMap<u32, Acc>> = BTreeMap::new();
    for r in &rows {
        if !opts.in_period(r.at) || !opts.wanted(Some(&r.audience), &r.channel) {
            continue;
        }
        let k = lists(&r.audience)
            .map(|list| {
                let t = &times[&(r.channel.as_str(), list)];
                let lo = t.partition_point(|&x| x <= r.at - WEEK);
                let hi = t.partition_point(|&x| x <= r.at);
                (hi - lo) as u32
            })
            .max()
            .unwrap_or(1);
        let a = acc
            .entry((&r.audience, &r.channel))
            .or_default()
            .entry(k)
            .or_default();
        a.touches += r.delivered;
        a.unsubscribes += r.unsubscribes.unwrap_or(0);
        a.complaints += r.complaints.unwrap_or(0);
        if let Some(o) = r.opens {
            a.opens += o;
            a.open_known += r.delivered;
        }
        if let Some(c) = r.clicks {
            a.clicks += c;
            a.click_known += r.delivered;
        }
    }
    acc.iter()
        .map(|((audience, channel), bins)| {
            entry(
                audience.to_string(),
                channel.to_string(),
                Source::Sends,
                bins,
                0,
                opts,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bin(k: u32, n: u64, x: u64) -> Bin {
        let (low, high) = wilson(x, n);
        Bin {
            k,
            touches: n,
            unsubscribes: x,
            complaints: 0,
            rate: x as f64 / n as f64,
            low,
            high,
            complaint_rate: 0.0,
            open_rate: None,
            click_rate: None,
        }
    }

    #[test]
    fn recommendation_follows_the_spec() {
        // Baseline 0.3%; k=2 barely higher; k=3 1.6% tires.
        let bins = [
            bin(1, 10_000, 30),
            bin(2, 8_000, 30),
            bin(3, 5_000, 80),
            bin(4, 500, 50),
        ];
        let r = recommend(&bins);
        assert_eq!(r.cap, Some(2));
        assert_eq!(r.baseline, Some(0.003));
        assert!(
            r.reason.starts_with("at 3 a week, 1.6% unsubscribed ("),
            "{}",
            r.reason
        );
        assert!(
            r.reason.ends_with("5.3 × the 1-a-week rate"),
            "{}",
            r.reason
        );
        // k=4 has too few touches to be judged even though its rate is 10%.
        let r = recommend(&[bin(1, 10_000, 30), bin(2, 8_000, 30), bin(4, 500, 50)]);
        assert_eq!(
            (r.cap, r.reason.as_str()),
            (None, "no fatigue seen up to k = 2")
        );
        let r = recommend(&[bin(1, 10_000, 30), bin(2, 999, 300)]);
        assert!(r.reason.starts_with("not enough history"));
        // Baseline floor 0.05%: zero unsubscribes at k=1, 0.2% at k=2 (low end ≈ 0.13% > 0.1%).
        let r = recommend(&[bin(1, 5_000, 0), bin(2, 20_000, 40)]);
        assert_eq!((r.baseline, r.cap), (Some(0.0005), Some(1)));
    }
}
