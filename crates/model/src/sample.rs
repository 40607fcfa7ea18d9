//! The sample agency a new workspace opens on: three clients with realistic audiences,
//! guidelines and a few months of messages, some of them breaking their guidelines.
//!
//! Dates are laid out around `today` (passed in, never read from the clock), so a first look
//! always shows the current month.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime};

use crate::types::{
    Campaign, Channel, Client, Horizon, Message, MessageStatus, Plan, Rule, Segment, Weekday,
};
use crate::value::default_checklist;

/// The workspace channels every new workspace starts with.
pub fn default_channels() -> Vec<Channel> {
    let channel = |id: &str, name: &str, requires_consent: bool| Channel {
        id: id.into(),
        name: name.into(),
        requires_consent,
    };
    vec![
        channel("email", "Email", true),
        channel("sms", "SMS", true),
        channel("push", "Push notification", true),
        channel("instagram", "Instagram post", false),
        channel("facebook", "Facebook post", false),
        channel("direct_mail", "Direct mail", false),
        channel("phone", "Phone call", true),
    ]
}

/// The default horizon around `today`: from the first of last month, for six months.
pub fn default_horizon(today: NaiveDate) -> Horizon {
    let month = first_of_month(today);
    Horizon {
        start: month - Months::new(1),
        end: month + Months::new(5),
    }
}

/// An empty workspace around `today` with the default channels.
pub fn empty_plan(today: NaiveDate) -> Plan {
    let mut plan = Plan::empty(default_horizon(today));
    plan.channels = default_channels();
    plan
}

/// The sample agency around `today`.
pub fn sample_plan(today: NaiveDate) -> Plan {
    let month = first_of_month(today);
    let mut plan = empty_plan(today);
    plan.clients = vec![
        grocer(month).into(),
        bank(month).into(),
        coffee(month).into(),
    ];
    plan
}

fn first_of_month(day: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(day.year(), day.month(), 1).expect("valid first of month")
}

/// The first `weekday` on or after `from`, plus `weeks` weeks, at `hh:mm`.
fn on(from: NaiveDate, weekday: chrono::Weekday, weeks: i64, hh: u32, mm: u32) -> NaiveDateTime {
    let shift = (7 + weekday.num_days_from_monday() as i64
        - from.weekday().num_days_from_monday() as i64)
        % 7;
    (from + Duration::days(shift + 7 * weeks))
        .and_hms_opt(hh, mm, 0)
        .expect("valid time")
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

struct Seg<'a> {
    id: &'a str,
    name: &'a str,
    parent: Option<&'a str>,
    size: u64,
    opt_in: &'a [&'a str],
    interests: &'a [&'a str],
    values: &'a [&'a str],
}

fn segment(s: Seg, timezone: Option<&str>, rules: Vec<Rule>) -> Segment {
    Segment {
        id: s.id.into(),
        name: s.name.into(),
        parent: s.parent.map(Into::into),
        timezone: timezone.map(Into::into),
        size: s.size,
        opt_in: strings(s.opt_in),
        interests: strings(s.interests),
        values: strings(s.values),
        rules,
    }
}

/// A message with the checklist answered true for `yes`.
fn msg(
    id: &str,
    title: &str,
    channel: &str,
    segments: &[&str],
    at: NaiveDateTime,
    yes: &[&str],
) -> Message {
    Message {
        id: id.into(),
        title: title.into(),
        channel: channel.into(),
        segments: strings(segments),
        at,
        timezone: None,
        local_delivery: false,
        transactional: false,
        rrule: None,
        exdates: Vec::new(),
        checklist: yes
            .iter()
            .map(|k| (k.to_string(), true))
            .collect::<BTreeMap<_, _>>(),
        brief: String::new(),
        status: MessageStatus::Planned,
    }
}

fn campaign(
    id: &str,
    name: &str,
    objective: &str,
    start: NaiveDate,
    months: u32,
    messages: Vec<Message>,
) -> Campaign {
    Campaign {
        id: id.into(),
        name: name.into(),
        objective: objective.into(),
        start: Some(start),
        end: Some(start + Months::new(months) - Duration::days(1)),
        messages,
    }
}

const GOOD: &[&str] = &[
    "glad",
    "useful",
    "actionable",
    "values",
    "new",
    "deliver",
    "answer",
];

fn cap(max: u32, window_days: u32, channels: Option<&[&str]>) -> Rule {
    Rule::Cap {
        max,
        window_days,
        channels: channels.map(strings),
    }
}

fn quiet(start: &str, end: &str) -> Rule {
    Rule::QuietHours {
        start: start.into(),
        end: end.into(),
    }
}

/// A grocer whose coupon fans welcome weekly offers, and whose other shoppers do not.
fn grocer(month: NaiveDate) -> Client {
    use chrono::Weekday::*;
    let segments = vec![
        segment(
            Seg {
                id: "hl-all",
                name: "All shoppers",
                parent: None,
                size: 48_000,
                opt_in: &["email", "push"],
                interests: &["weekly shop", "recipes"],
                values: &["local sourcing", "fair prices"],
            },
            None,
            vec![],
        ),
        segment(
            Seg {
                id: "hl-coupon",
                name: "Coupon fans",
                parent: Some("hl-all"),
                size: 12_500,
                opt_in: &["email", "sms", "push"],
                interests: &["deals", "bulk buys"],
                values: &["fair prices"],
            },
            None,
            vec![cap(3, 7, None)],
        ),
        segment(
            Seg {
                id: "hl-families",
                name: "Young families",
                parent: Some("hl-all"),
                size: 9_800,
                opt_in: &["email"],
                interests: &["quick dinners", "school lunches"],
                values: &["healthy kids"],
            },
            None,
            vec![],
        ),
        segment(
            Seg {
                id: "hl-loyal",
                name: "Loyalty members",
                parent: Some("hl-coupon"),
                size: 4_200,
                opt_in: &["email", "sms", "push"],
                interests: &["member prices"],
                values: &["local sourcing"],
            },
            None,
            vec![],
        ),
    ];
    let mut weekly = msg(
        "hl-weekly-offers",
        "This week's offers",
        "email",
        &["hl-coupon"],
        on(month, Thu, 0, 7, 30),
        GOOD,
    );
    weekly.rrule = Some("FREQ=WEEKLY;BYDAY=TH;COUNT=12".into());
    weekly.brief =
        "The strongest ten deals of the week, with a recipe that uses three of them.".into();
    weekly.status = MessageStatus::Approved;

    let mut recipes = msg(
        "hl-recipes",
        "Three dinners under $15",
        "email",
        &["hl-families"],
        on(month, Sun, 0, 10, 0),
        &[
            "glad",
            "useful",
            "actionable",
            "joy",
            "values",
            "new",
            "deliver",
        ],
    );
    recipes.rrule = Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;COUNT=6".into());

    let mut flash = msg(
        "hl-flash",
        "Flash sale: 30% off produce today",
        "push",
        &["hl-all"],
        on(month, Thu, 1, 12, 0),
        &["glad", "actionable", "deliver"],
    );
    flash.brief =
        "Same-day push to everyone. Collides with the weekly offers for coupon fans.".into();
    flash.status = MessageStatus::Draft;

    let sms_late = msg(
        "hl-sms-reminder",
        "Offers end tonight",
        "sms",
        &["hl-coupon"],
        on(month, Fri, 1, 21, 30),
        &["glad", "actionable", "deliver"],
    );

    let mut holiday = msg(
        "hl-holiday",
        "Holiday order pick-up slots are open",
        "email",
        &["hl-all"],
        on(month, Tue, 3, 9, 0),
        GOOD,
    );
    holiday.brief = "Useful: book a pick-up slot before they run out.".into();

    let mut receipt = msg(
        "hl-receipts",
        "Order ready for pick-up",
        "sms",
        &["hl-loyal"],
        on(month, Sat, 3, 10, 0),
        GOOD,
    );
    receipt.transactional = true;
    receipt.brief = "Service message the customer asked for: exempt from caps and gaps.".into();

    Client {
        id: "harvest-lane".into(),
        name: "Harvest Lane Grocers".into(),
        timezone: "America/New_York".into(),
        checklist: default_checklist(),
        rules: vec![
            cap(2, 7, None),
            Rule::MinGap {
                hours: 16.0,
                channels: Some(strings(&["email"])),
            },
            Rule::MinGap {
                hours: 24.0,
                channels: Some(strings(&["sms", "push"])),
            },
            quiet("21:00", "08:00"),
            Rule::MinValue { score: 50.0 },
        ],
        segments,
        campaigns: vec![
            campaign(
                "hl-offers",
                "Weekly offers",
                "Coupon fans asked for the week's best deals; keep it to one strong email.",
                month,
                3,
                vec![weekly, flash, sms_late],
            ),
            campaign(
                "hl-kitchen",
                "Family kitchen",
                "Useful recipes for busy families, every other Sunday.",
                month,
                3,
                vec![recipes, holiday, receipt],
            ),
        ],
    }
}

/// A bank whose customers want to be left alone until they ask.
fn bank(month: NaiveDate) -> Client {
    use chrono::Weekday::*;
    let segments = vec![
        segment(
            Seg {
                id: "nb-all",
                name: "All customers",
                parent: None,
                size: 310_000,
                opt_in: &["email"],
                interests: &["security", "saving"],
                values: &["trust", "plain language"],
            },
            None,
            vec![],
        ),
        segment(
            Seg {
                id: "nb-mortgage",
                name: "Mortgage holders",
                parent: Some("nb-all"),
                size: 42_000,
                opt_in: &["email", "phone"],
                interests: &["rates", "remortgaging"],
                values: &["trust"],
            },
            None,
            vec![],
        ),
        segment(
            Seg {
                id: "nb-savers",
                name: "Young savers",
                parent: Some("nb-all"),
                size: 27_500,
                opt_in: &["email", "push"],
                interests: &["first home", "budgeting"],
                values: &["financial independence"],
            },
            Some("Europe/Dublin"),
            vec![cap(2, 30, None)],
        ),
    ];
    let mut tip = msg(
        "nb-money-tip",
        "One money tip a month",
        "email",
        &["nb-all"],
        on(month, Wed, 0, 10, 0),
        GOOD,
    );
    tip.rrule = Some("FREQ=MONTHLY;BYDAY=1WE;COUNT=4".into());
    tip.brief = "Useful and short; the only regular contact the bank makes.".into();
    tip.status = MessageStatus::Approved;

    let mut promo = msg(
        "nb-card-promo",
        "Upgrade to our premium card",
        "email",
        &["nb-mortgage"],
        on(month, Tue, 1, 11, 0),
        &["deliver"],
    );
    promo.brief =
        "Sales push with little value for the reader: fails the value bar and the cap.".into();
    promo.status = MessageStatus::Draft;

    let weekend = msg(
        "nb-rate-change",
        "Your mortgage rate is changing",
        "phone",
        &["nb-mortgage"],
        on(month, Sat, 2, 10, 0),
        GOOD,
    );

    let mut app = msg(
        "nb-savings-goal",
        "Set a savings goal in the app",
        "push",
        &["nb-savers"],
        on(month, Mon, 2, 18, 0),
        &["glad", "useful", "actionable", "deliver", "values"],
    );
    app.local_delivery = true;

    let mut answer = msg(
        "nb-answers",
        "Answer: how to freeze a lost card",
        "email",
        &["nb-all"],
        on(month, Thu, 2, 9, 30),
        GOOD,
    );
    answer.transactional = true;
    answer.brief =
        "Sent when a customer asks; the bank answers fast and otherwise stays quiet.".into();

    Client {
        id: "northbridge".into(),
        name: "Northbridge Bank".into(),
        timezone: "Europe/London".into(),
        checklist: default_checklist(),
        rules: vec![
            cap(1, 30, None),
            Rule::Weekdays {
                allowed: vec![
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                ],
            },
            quiet("19:00", "09:00"),
            Rule::MinValue { score: 70.0 },
            Rule::Blackout {
                dates: vec![NaiveDate::from_ymd_opt(month.year(), 12, 25).expect("valid date")],
            },
        ],
        segments,
        campaigns: vec![
            campaign(
                "nb-helpful",
                "Helpful banking",
                "Contact rarely, answer fast: one useful tip a month and answers on request.",
                month,
                4,
                vec![tip, answer, app],
            ),
            campaign(
                "nb-cross-sell",
                "Card upgrade",
                "Proposed by the client; flagged for review against the guidelines.",
                month,
                1,
                vec![promo, weekend],
            ),
        ],
    }
}

/// A coffee roaster with an engaged community and a few brand advocates who want more.
fn coffee(month: NaiveDate) -> Client {
    use chrono::Weekday::*;
    let segments = vec![
        segment(
            Seg {
                id: "tw-community",
                name: "Coffee community",
                parent: None,
                size: 18_000,
                opt_in: &["email"],
                interests: &["brewing", "origins"],
                values: &["direct trade", "craft"],
            },
            None,
            vec![cap(2, 7, None)],
        ),
        segment(
            Seg {
                id: "tw-advocates",
                name: "Brand advocates",
                parent: Some("tw-community"),
                size: 900,
                opt_in: &["email", "push"],
                interests: &["first tastings", "events"],
                values: &["direct trade"],
            },
            None,
            vec![cap(4, 7, None)],
        ),
        segment(
            Seg {
                id: "tw-europe",
                name: "Subscribers in Europe",
                parent: Some("tw-community"),
                size: 2_400,
                opt_in: &["email"],
                interests: &["subscriptions"],
                values: &["craft"],
            },
            Some("Europe/Berlin"),
            vec![],
        ),
    ];
    let mut story = msg(
        "tw-origin-story",
        "Meet the growers: this month's origin",
        "email",
        &["tw-community"],
        on(month, Fri, 0, 8, 0),
        GOOD,
    );
    story.rrule = Some("FREQ=MONTHLY;BYMONTHDAY=5;COUNT=4".into());
    story.local_delivery = true;

    let mut insta = msg(
        "tw-brew-guide",
        "Brew guide reel",
        "instagram",
        &["tw-community"],
        on(month, Tue, 0, 19, 0),
        &[
            "glad", "useful", "joy", "values", "new", "deliver", "answer",
        ],
    );
    insta.rrule = Some("FREQ=WEEKLY;BYDAY=TU,SA;COUNT=16".into());

    let tasting = msg(
        "tw-tasting",
        "Advocates: first taste of the new roast",
        "push",
        &["tw-advocates"],
        on(month, Wed, 1, 17, 0),
        GOOD,
    );

    Client {
        id: "tidewater".into(),
        name: "Tidewater Coffee Co.".into(),
        timezone: "Australia/Sydney".into(),
        checklist: default_checklist(),
        rules: vec![
            quiet("22:00", "07:00"),
            Rule::MinGap {
                hours: 20.0,
                channels: None,
            },
            Rule::MinValue { score: 60.0 },
        ],
        segments,
        campaigns: vec![campaign(
            "tw-community-calendar",
            "Community calendar",
            "Stories and guides the community shares; advocates get first tastes.",
            month,
            4,
            vec![story, insta, tasting],
        )],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate;

    #[test]
    fn sample_is_valid_for_any_month() {
        for month in 1..=12 {
            let today = NaiveDate::from_ymd_opt(2026, month, 17).unwrap();
            let plan = sample_plan(today);
            assert_eq!(validate(&plan), Ok(()), "sample for {today}");
            assert_eq!(plan.clients.len(), 3);
        }
    }

    #[test]
    fn sample_messages_start_in_the_current_month() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let plan = sample_plan(today);
        for message in plan.clients.iter().flat_map(|c| c.messages()) {
            assert_eq!(
                message.at.date().month(),
                11,
                "{} at {}",
                message.id,
                message.at
            );
        }
    }

    #[test]
    fn default_horizon_covers_last_month_and_the_next_four() {
        let h = default_horizon(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(h.start, NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        assert_eq!(h.end, NaiveDate::from_ymd_opt(2027, 4, 1).unwrap());
    }
}
