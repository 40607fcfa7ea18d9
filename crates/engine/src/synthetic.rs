//! Deterministic synthetic plans for benchmarks and stress tests: clients with segment trees
//! three levels deep, rules at every level, and a year of messages (a quarter recurring).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};

use cadence_model::sample::default_channels;
use cadence_model::{
    default_checklist, Campaign, Client, Horizon, Message, Plan, Rule, Segment, Weekday,
};

/// The shape of a synthetic plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Number of clients.
    pub clients: usize,
    /// Messages per client (a quarter of them recurring).
    pub messages_per_client: usize,
    /// Messages start within this many days from 1 January 2026 (1 to 365).
    pub days: u32,
    /// Children of each client's root segment (each with two children of its own), so a
    /// client has `1 + 3 × branches` segments.
    pub branches: usize,
    /// Seed of the generator: the same shape and seed give the same plan.
    pub seed: u64,
}

impl Shape {
    /// The benchmark's year plan: 40 clients, 400 segments, 20,000 messages, about
    /// 500,000 touches. `factor` scales the messages per client (0.1 to 10).
    pub fn year(factor: f64) -> Self {
        Shape {
            clients: 40,
            messages_per_client: ((500.0 * factor).round() as usize).max(1),
            days: 365,
            branches: 3,
            seed: 7,
        }
    }
}

/// A small, fast pseudo-random generator (SplitMix64), enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const ZONES: [&str; 6] = [
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "America/Los_Angeles",
    "Europe/Berlin",
    "Asia/Tokyo",
];

/// Generate a plan of this shape over the year 2026.
pub fn plan(shape: Shape) -> Plan {
    let mut rng = Rng::new(shape.seed);
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date");
    let mut plan = Plan::empty(Horizon {
        start,
        end: NaiveDate::from_ymd_opt(2027, 1, 1).expect("valid date"),
    });
    plan.channels = default_channels();
    let channel_ids: Vec<String> = plan.channels.iter().map(|c| c.id.clone()).collect();
    for c in 0..shape.clients {
        plan.clients
            .push(client(c, shape, &channel_ids, start, &mut rng).into());
    }
    plan
}

fn segment(id: String, parent: Option<String>, rng: &mut Rng, channels: &[String]) -> Segment {
    let mut rules = Vec::new();
    match rng.below(6) {
        0 => rules.push(Rule::Cap {
            max: 35,
            window_days: 7,
            channels: None,
        }),
        1 => rules.push(Rule::Weekdays {
            allowed: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
        }),
        2 => rules.push(Rule::Blackout {
            dates: vec![
                NaiveDate::from_ymd_opt(2026, 12, 25).expect("valid date"),
                NaiveDate::from_ymd_opt(2026, 7, 4).expect("valid date"),
            ],
        }),
        3 => rules.push(Rule::Cap {
            max: 100,
            window_days: 30,
            channels: Some(vec!["email".into()]),
        }),
        _ => {}
    }
    Segment {
        name: format!("Segment {id}"),
        timezone: rng
            .chance(0.1)
            .then(|| ZONES[rng.below(ZONES.len() as u64) as usize].to_string()),
        size: 1000 + rng.below(50_000),
        opt_in: channels
            .iter()
            .filter(|_| rng.chance(0.95))
            .cloned()
            .collect(),
        interests: Vec::new(),
        values: Vec::new(),
        rules,
        id,
        parent,
    }
}

fn client(c: usize, shape: Shape, channels: &[String], start: NaiveDate, rng: &mut Rng) -> Client {
    let id = format!("c{c}");
    let mut segments = Vec::new();
    let root = format!("{id}-s0");
    segments.push(segment(root.clone(), None, rng, channels));
    let branches = shape.branches.max(1);
    for k in 0..branches {
        let child = format!("{id}-s{}", 1 + k);
        segments.push(segment(child.clone(), Some(root.clone()), rng, channels));
        for g in 0..2 {
            let grand = format!("{id}-s{}", 1 + branches + 2 * k + g);
            segments.push(segment(grand, Some(child.clone()), rng, channels));
        }
    }
    let checklist = default_checklist();
    let mut campaigns = Vec::new();
    for m in 0..shape.messages_per_client {
        if m % 50 == 0 {
            campaigns.push(Campaign {
                id: format!("{id}-k{}", m / 50),
                name: format!("Campaign {}", m / 50),
                objective: String::new(),
                start: None,
                end: None,
                messages: Vec::new(),
            });
        }
        let target = |rng: &mut Rng| {
            let r = rng.below(100);
            let s = if r < 15 {
                0
            } else if r < 60 {
                1 + rng.below(branches as u64)
            } else {
                1 + branches as u64 + rng.below(2 * branches as u64)
            };
            format!("{id}-s{s}")
        };
        let mut targets = vec![target(rng)];
        if rng.chance(0.2) {
            let other = target(rng);
            if !targets.contains(&other) {
                targets.push(other);
            }
        }
        // Recurring messages start early enough to run their course within the year.
        let (rrule, span_days) = if m % 4 == 0 {
            match rng.below(10) {
                0..=6 => {
                    let count = 16 + rng.below(30);
                    (Some(format!("FREQ=WEEKLY;COUNT={count}")), 7 * count)
                }
                7 | 8 => {
                    let count = 5 + rng.below(20);
                    (Some(format!("FREQ=DAILY;COUNT={count}")), count)
                }
                _ => (Some("FREQ=MONTHLY;COUNT=6".to_string()), 186),
            }
        } else {
            (None, 1)
        };
        // Within the year when the span fits the first `days`, else started within them.
        let days = u64::from(shape.days.clamp(1, 365));
        let room = if span_days < days {
            days - span_days
        } else {
            days
        };
        let day = start + Duration::days(rng.below(room) as i64);
        let at = day
            .and_hms_opt(7 + rng.below(14) as u32, 15 * rng.below(4) as u32, 0)
            .expect("valid time");
        let checklist_answers: BTreeMap<String, bool> = checklist
            .iter()
            .map(|item| (item.id.clone(), rng.chance(0.95)))
            .collect();
        let campaign = campaigns.last_mut().expect("a campaign exists");
        campaign.messages.push(Message {
            id: format!("{id}-m{m}"),
            title: format!("Message {m}"),
            channel: channels[rng.below(channels.len() as u64) as usize].clone(),
            segments: targets,
            at,
            timezone: None,
            local_delivery: rng.chance(0.1),
            transactional: rng.chance(0.05),
            rrule,
            exdates: Vec::new(),
            checklist: checklist_answers,
            brief: String::new(),
            status: Default::default(),
        });
    }
    Client {
        name: format!("Client {c}"),
        timezone: ZONES[c % ZONES.len()].to_string(),
        checklist,
        rules: vec![
            Rule::Cap {
                max: 50,
                window_days: 7,
                channels: None,
            },
            Rule::MinGap {
                hours: 16.0,
                channels: Some(vec!["email".into()]),
            },
            Rule::QuietHours {
                start: "22:00".into(),
                end: "07:00".into(),
            },
            Rule::MinValue { score: 50.0 },
        ],
        segments,
        campaigns,
        id,
    }
}
