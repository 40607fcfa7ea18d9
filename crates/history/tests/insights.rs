//! The insights against known answers: a simulated programme with a known fatigue point,
//! attribution on the activity fixture, touch counts of joined Klaviyo lists.

use cadence_history::insights::{insights, InsightOptions, SegmentRef, Source};
use cadence_history::{
    read, ActivityRow, ChannelRef, ClientContext, Event, PersonKey, ReadOptions, Rows, SendRow,
};

/// SplitMix64: a small seeded generator, so the programme is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const WEEK: i64 = 7 * 86_400;

/// People get 1–6 emails a week, evenly spaced; an email unsubscribes with 0.2% when it is
/// at most the 3rd of its week and 2% from the 4th on; an unsubscribed person gets no more.
fn programme(seed: u64, people: u32, weeks: i64) -> Rows {
    let mut rng = Rng(seed);
    let mut rows = Rows::default();
    let key = PersonKey::from_bytes([1; 32]);
    let audience = rows.names.intern("Newsletter");
    let channel = rows.names.intern("email");
    let campaign = rows.names.intern("");
    let start = 1_740_000_000;
    for p in 0..people {
        let person = key.hash(&format!("person{p}@example.com"));
        let per_week = 1 + (p % 6) as i64;
        let offset = (rng.next() % 3600) as i64;
        'weeks: for w in 0..weeks {
            for j in 0..per_week {
                let at = start + w * WEEK + j * (WEEK / per_week) + offset;
                let k = if w == 0 { j + 1 } else { per_week };
                let row = |event, at| ActivityRow {
                    line: 0,
                    person,
                    event,
                    at,
                    campaign,
                    audience,
                    channel,
                };
                rows.activity.push(row(Event::Delivered, at));
                let p_unsub = if k >= 4 { 0.02 } else { 0.002 };
                if rng.chance(p_unsub) {
                    rows.activity.push(row(Event::Unsubscribe, at + 3600));
                    break 'weeks;
                }
            }
        }
    }
    rows
}

#[test]
fn simulated_programme_recovers_its_fatigue_point() {
    for seed in [1, 2, 3] {
        let rows = programme(seed, 6_000, 8);
        let opts = InsightOptions {
            segments: vec![SegmentRef {
                id: "seg-news".into(),
                name: "newsletter".into(),
            }],
            ..Default::default()
        };
        let out = insights(&rows, &opts);
        assert_eq!(out.fatigue.len(), 1);
        let f = &out.fatigue[0];
        assert_eq!(
            (f.audience.as_str(), f.channel.as_str(), f.source),
            ("Newsletter", "email", Source::Activity)
        );
        assert_eq!(f.segment.as_deref(), Some("seg-news"));
        assert_eq!(f.recommended_cap, Some(3), "seed {seed}: {}", f.reason);
        assert!(f.reason.starts_with("at 4 a week, "), "{}", f.reason);
        let ks: Vec<u32> = f.bins.iter().map(|b| b.k).collect();
        assert_eq!(ks, vec![1, 2, 3, 4, 5, 6]);
        // Every unsubscribe was within an hour of its touch: all attributed.
        let unsubs = rows
            .activity
            .iter()
            .filter(|r| r.event == Event::Unsubscribe)
            .count() as u64;
        assert_eq!(f.bins.iter().map(|b| b.unsubscribes).sum::<u64>(), unsubs);
        assert_eq!(f.unattributed, 0);
        let touches = rows
            .activity
            .iter()
            .filter(|r| r.event == Event::Delivered)
            .count() as u64;
        assert_eq!(f.bins.iter().map(|b| b.touches).sum::<u64>(), touches);
        for b in &f.bins {
            assert!(b.low <= b.rate && b.rate <= b.high);
        }
    }
}

#[test]
fn a_gentle_programme_has_no_recommendation() {
    let mut rows = programme(9, 3_000, 6);
    // Remove every unsubscribe from the 4th touch on: nothing tires any more.
    let delivered: Vec<ActivityRow> = rows.activity.clone();
    rows.activity.retain(|r| r.event == Event::Delivered);
    let out = insights(&rows, &InsightOptions::default());
    let f = &out.fatigue[0];
    assert_eq!(f.recommended_cap, None);
    assert_eq!(f.reason, "no fatigue seen up to k = 6");
    assert!(delivered.len() > rows.activity.len());
    // Only 100 people: not enough history.
    let small = programme(9, 100, 2);
    let f = &insights(&small, &InsightOptions::default()).fatigue[0];
    assert!(f.reason.starts_with("not enough history"), "{}", f.reason);
}

#[test]
fn attribution_on_the_activity_fixture() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/history/activity.csv"
    ))
    .unwrap();
    let ctx = ClientContext {
        timezone: chrono_tz::UTC,
        channels: vec![ChannelRef {
            id: "email".into(),
            name: "Email".into(),
        }],
    };
    let r = read(
        &bytes,
        "activity.csv",
        &ctx,
        &ReadOptions::default(),
        &PersonKey::from_bytes([3; 32]),
    )
    .unwrap();
    let out = insights(&r.rows, &InsightOptions::default());
    let f = &out.fatigue[0];
    // Three people, one email a day for 7 days: k = 1..7, three touches each.
    assert_eq!(
        f.bins.iter().map(|b| (b.k, b.touches)).collect::<Vec<_>>(),
        (1..=7).map(|k| (k, 3)).collect::<Vec<_>>()
    );
    // Bob's unsubscribe 3 hours after his 7th email belongs to k = 7.
    assert_eq!(f.bins[6].unsubscribes, 1);
    // Cy's complaint 13 days after the last email is unattributed.
    assert_eq!(f.unattributed, 1);
    assert_eq!(f.bins.iter().map(|b| b.complaints).sum::<u64>(), 0);
    // Ann opened her first email: 1 of 3 at k = 1.
    assert_eq!(f.bins[0].open_rate, Some(1.0 / 3.0));
    assert_eq!(out.complaints[0].complaints, 0);
    // Filters.
    let none = insights(
        &r.rows,
        &InsightOptions {
            channel: Some("sms".into()),
            ..Default::default()
        },
    );
    assert!(none.fatigue.is_empty());
    let late = insights(
        &r.rows,
        &InsightOptions {
            from: Some(1_741_046_400),
            ..Default::default()
        },
    ); // 2025-03-04
    assert_eq!(
        late.fatigue[0].bins.iter().map(|b| b.touches).sum::<u64>(),
        12
    );
}

fn send(at: i64, audience: &str, delivered: u64, unsubscribes: u64, complaints: u64) -> SendRow {
    SendRow {
        line: 0,
        at,
        channel: "email".into(),
        audience: audience.into(),
        title: String::new(),
        recipients: None,
        delivered,
        opens: None,
        clicks: None,
        unsubscribes: Some(unsubscribes),
        complaints: Some(complaints),
        bounces: None,
        replies: None,
        reactions: None,
        comments: None,
        shares: None,
        revenue: None,
        external_id: None,
    }
}

#[test]
fn sends_count_joined_lists_towards_each_list() {
    let day = 86_400;
    let rows = Rows {
        sends: vec![
            send(0, "A", 100, 1, 0),
            send(day, "A, B", 500, 3, 1),
            send(2 * day, "B", 200, 2, 1),
            send(3 * day, "A", 100, 5, 0),
            send(10 * day + 1, "A", 100, 0, 0),
        ],
        ..Default::default()
    };
    let out = insights(&rows, &InsightOptions::default());
    let find = |a: &str| out.fatigue.iter().find(|f| f.audience == a).unwrap();
    let a = find("A");
    // A: k=1 at day 0; the joined send makes day 3 the third of A's week; day 10 is alone
    // again (day 3 is 7 days earlier, outside (t − 7d, t]).
    assert_eq!(
        a.bins
            .iter()
            .map(|b| (b.k, b.touches, b.unsubscribes))
            .collect::<Vec<_>>(),
        vec![(1, 200, 1), (3, 100, 5)]
    );
    // The joined send: k = max(A: 2, B: 1) = 2, under its joined name.
    let ab = find("A, B");
    assert_eq!(
        ab.bins.iter().map(|b| (b.k, b.touches)).collect::<Vec<_>>(),
        vec![(2, 500)]
    );
    // B's own send is B's second in the week.
    assert_eq!(find("B").bins[0].k, 2);
    let c = out.complaints.iter().find(|c| c.audience == "B").unwrap();
    assert!((c.rate - 0.005).abs() < 1e-12 && c.above_0_1 && c.above_0_3);
    let c = out
        .complaints
        .iter()
        .find(|c| c.audience == "A, B")
        .unwrap();
    assert!(c.above_0_1 && !c.above_0_3);
}
