//! The message editor's recurrence presets and the RRULE each one stands for. A rule that no
//! preset can say exactly stays a custom RRULE, so editing never rewrites what was written.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::types::Weekday;

/// Which preset a recurrence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PresetKind {
    /// A single occurrence.
    None,
    /// Every N weeks on chosen days.
    Weekly,
    /// Every N days.
    Days,
    /// Monthly on a day of the month.
    Monthly,
    /// An RRULE as written.
    Custom,
}

impl PresetKind {
    /// Whether this preset repeats by itself (custom rules are the planner's own).
    fn repeats(self) -> bool {
        matches!(
            self,
            PresetKind::Weekly | PresetKind::Days | PresetKind::Monthly
        )
    }
}

/// A recurrence as the editor's presets hold it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RecurrencePreset {
    /// Which preset.
    pub kind: PresetKind,
    /// Weekly: the days, in week order.
    pub days: Vec<Weekday>,
    /// Weekly: every N weeks; days: every N days (monthly is every month).
    pub interval: u32,
    /// Monthly: the day of the month (1..31, -1 the last).
    pub month_day: i32,
    /// How many times in all; `None` for no end (the plan's horizon bounds it).
    pub count: Option<u32>,
    /// The last day it may occur (RRULE `UNTIL` as a bare local date: through the end of that
    /// day); never set together with `count`.
    #[ts(type = "string | null")]
    pub until: Option<NaiveDate>,
    /// Custom: the RRULE as written.
    pub custom: String,
}

/// A preset written back, for the editor.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WrittenRecurrence {
    /// The preset as it now stands (after a just-picked preset took the campaign's end).
    pub preset: RecurrencePreset,
    /// The RRULE it stands for; `None` when it does not repeat or has a problem.
    pub rrule: Option<String>,
    /// What keeps the preset from being an RRULE, in words.
    pub problem: Option<String>,
}

/// RRULE day codes in week order, with their days.
const CODES: [(&str, Weekday); 7] = [
    ("MO", Weekday::Mon),
    ("TU", Weekday::Tue),
    ("WE", Weekday::Wed),
    ("TH", Weekday::Thu),
    ("FR", Weekday::Fri),
    ("SA", Weekday::Sat),
    ("SU", Weekday::Sun),
];

fn code_of(day: Weekday) -> &'static str {
    CODES
        .iter()
        .find(|(_, d)| *d == day)
        .map_or("MO", |(code, _)| code)
}

/// A recurrence that does not repeat, with defaults that fit a first occurrence on `first`.
pub fn defaults(first: NaiveDate) -> RecurrencePreset {
    RecurrencePreset {
        kind: PresetKind::None,
        days: vec![first.weekday().into()],
        interval: 1,
        month_day: first.day() as i32,
        count: None,
        until: None,
        custom: String::new(),
    }
}

/// A whole number of 1 or more, as RRULE values are written.
fn positive(value: &str) -> Option<u32> {
    let n: u32 = value.parse().ok()?;
    (n > 0 && !value.starts_with('+') && !value.starts_with('0')).then_some(n)
}

/// "FREQ=WEEKLY;BYDAY=TH" as its parts, upper case; `None` when it is not KEY=VALUE;…
fn parts_of(text: &str) -> Option<Vec<(String, String)>> {
    let upper = text.to_ascii_uppercase();
    let body = upper.strip_prefix("RRULE:").unwrap_or(&upper);
    body.split(';')
        .map(|part| {
            let (key, value) = part.trim().split_once('=')?;
            let ok = !key.is_empty()
                && key.chars().all(|c| c.is_ascii_alphabetic())
                && !value.is_empty();
            ok.then(|| (key.to_string(), value.to_string()))
        })
        .collect()
}

/// Read an RRULE (or none) back into a preset, for a first occurrence on `first`; anything a
/// preset cannot say exactly is custom.
pub fn read(rrule: Option<&str>, first: NaiveDate) -> RecurrencePreset {
    let base = defaults(first);
    let text = rrule.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return base;
    }
    let custom = RecurrencePreset {
        kind: PresetKind::Custom,
        custom: text.to_string(),
        ..base.clone()
    };
    read_preset(text, base).unwrap_or(custom)
}

/// The preset `text` says exactly, if one does.
fn read_preset(text: &str, base: RecurrencePreset) -> Option<RecurrencePreset> {
    let parts = parts_of(text)?;
    let get = |key: &str| {
        parts
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let mut keys: Vec<&str> = parts.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    let count = get("COUNT")
        .map(positive)
        .map_or(Some(None), |c| c.map(Some))?;
    let until = match get("UNTIL") {
        None => None,
        Some(_) if count.is_some() => return None,
        Some(value) if value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()) => {
            Some(NaiveDate::parse_from_str(value, "%Y%m%d").ok()?)
        }
        Some(_) => return None,
    };
    let interval = get("INTERVAL").map_or(Some(1), positive)?;
    let only = |extra: &[&str]| {
        keys.iter()
            .all(|k| ["FREQ", "INTERVAL", "COUNT", "UNTIL"].contains(k) || extra.contains(k))
    };
    let preset = |kind| RecurrencePreset {
        kind,
        interval,
        count,
        until,
        ..base.clone()
    };
    match get("FREQ")? {
        "WEEKLY" if only(&["BYDAY"]) => {
            let days = match get("BYDAY") {
                None => base.days.clone(),
                Some(list) => {
                    let mut days = Vec::new();
                    for code in list.split(',') {
                        days.push(CODES.iter().find(|(c, _)| *c == code)?.1);
                    }
                    days.sort();
                    days.dedup();
                    days
                }
            };
            Some(RecurrencePreset {
                days,
                ..preset(PresetKind::Weekly)
            })
        }
        "DAILY" if only(&[]) => Some(preset(PresetKind::Days)),
        "MONTHLY" if interval == 1 && only(&["BYMONTHDAY"]) => {
            let day: i32 = get("BYMONTHDAY")?.parse().ok()?;
            ((1..=31).contains(&day) || day == -1).then(|| RecurrencePreset {
                month_day: day,
                ..preset(PresetKind::Monthly)
            })
        }
        _ => None,
    }
}

/// The RRULE a preset stands for (`None` when it does not repeat), or why there is none.
pub fn write(preset: &RecurrencePreset) -> Result<Option<String>, String> {
    let unit = match preset.kind {
        PresetKind::None => return Ok(None),
        PresetKind::Custom => {
            let text = preset.custom.trim();
            if text.is_empty() {
                return Err("Write the RRULE, or choose a preset.".into());
            }
            return Ok(Some(text.to_string()));
        }
        PresetKind::Weekly => "weeks",
        PresetKind::Days => "days",
        PresetKind::Monthly => "months",
    };
    if preset.interval < 1 {
        return Err(format!("Repeat every 1 or more {unit}."));
    }
    let end = match (preset.count, preset.until) {
        (Some(0), _) => return Err("End after 1 or more times, or leave it empty.".into()),
        (Some(_), Some(_)) => {
            return Err("End after a number of times or on a day, not both.".into())
        }
        (Some(n), None) => format!(";COUNT={n}"),
        (None, Some(day)) => format!(";UNTIL={}", day.format("%Y%m%d")),
        (None, None) => String::new(),
    };
    let every = if preset.interval > 1 {
        format!(";INTERVAL={}", preset.interval)
    } else {
        String::new()
    };
    let rule = match preset.kind {
        PresetKind::Weekly => {
            if preset.days.is_empty() {
                return Err("Choose at least one day.".into());
            }
            let mut days = preset.days.clone();
            days.sort();
            days.dedup();
            let codes: Vec<&str> = days.into_iter().map(code_of).collect();
            format!("FREQ=WEEKLY{every};BYDAY={}{end}", codes.join(","))
        }
        PresetKind::Days => format!("FREQ=DAILY{every}{end}"),
        _ => {
            if preset.interval != 1 {
                return Err("A monthly preset repeats every month; use a custom RRULE.".into());
            }
            if !((1..=31).contains(&preset.month_day) || preset.month_day == -1) {
                return Err("Choose a day of the month from 1 to 31, or the last.".into());
            }
            format!("FREQ=MONTHLY;BYMONTHDAY={}{end}", preset.month_day)
        }
    };
    Ok(Some(rule))
}

/// Write a preset for the editor. When `picked` (its kind was just chosen), a preset that
/// repeats with no end yet ends with the campaign, on `campaign_end` when that is on or after
/// `first`: a series must not keep going after its campaign without anyone choosing so.
pub fn write_for_editor(
    preset: &RecurrencePreset,
    picked: bool,
    first: NaiveDate,
    campaign_end: Option<NaiveDate>,
) -> WrittenRecurrence {
    let mut preset = preset.clone();
    if picked && preset.kind.repeats() && preset.count.is_none() && preset.until.is_none() {
        preset.until = campaign_end.filter(|end| *end >= first);
    }
    match write(&preset) {
        Ok(rrule) => WrittenRecurrence {
            preset,
            rrule,
            problem: None,
        },
        Err(problem) => WrittenRecurrence {
            preset,
            rrule: None,
            problem: Some(problem),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn reads_each_preset_and_leaves_the_rest_custom() {
        let first = date("2026-11-05"); // a Thursday
        assert_eq!(read(None, first), defaults(first));
        assert_eq!(defaults(first).days, [Weekday::Thu]);
        let weekly = read(Some("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,TH;COUNT=6"), first);
        assert_eq!(weekly.kind, PresetKind::Weekly);
        assert_eq!(weekly.days, [Weekday::Thu, Weekday::Sun]);
        assert_eq!((weekly.interval, weekly.count), (2, Some(6)));
        assert_eq!(read(Some("FREQ=WEEKLY"), first).days, [Weekday::Thu]);
        let monthly = read(
            Some("rrule:freq=monthly;bymonthday=-1;until=20270131"),
            first,
        );
        assert_eq!(monthly.kind, PresetKind::Monthly);
        assert_eq!(
            (monthly.month_day, monthly.until),
            (-1, Some(date("2027-01-31")))
        );
        assert_eq!(
            read(Some("FREQ=DAILY;INTERVAL=3"), first).kind,
            PresetKind::Days
        );
        for custom in [
            "FREQ=MONTHLY;BYDAY=1WE;COUNT=4",
            "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=3",
            "FREQ=DAILY;COUNT=0",
            "FREQ=DAILY;COUNT=2;UNTIL=20270101",
            "FREQ=DAILY;UNTIL=20270101T120000Z",
            "FREQ=WEEKLY;BYDAY=XX",
            "FREQ=DAILY;FREQ=WEEKLY",
            "FREQ=YEARLY",
            "not a rule",
        ] {
            let read = read(Some(custom), first);
            assert_eq!(read.kind, PresetKind::Custom, "{custom}");
            assert_eq!(read.custom, custom);
        }
    }

    #[test]
    fn writes_the_rrule_of_each_preset() {
        let first = date("2026-11-05");
        let weekly = RecurrencePreset {
            kind: PresetKind::Weekly,
            days: vec![Weekday::Sun, Weekday::Thu],
            count: Some(6),
            ..defaults(first)
        };
        assert_eq!(
            write(&weekly).unwrap().as_deref(),
            Some("FREQ=WEEKLY;BYDAY=TH,SU;COUNT=6")
        );
        let none = defaults(first);
        assert_eq!(write(&none), Ok(None));
        let no_day = RecurrencePreset {
            days: vec![],
            ..weekly.clone()
        };
        assert_eq!(write(&no_day), Err("Choose at least one day.".to_string()));
        let blank = RecurrencePreset {
            kind: PresetKind::Custom,
            custom: "  ".into(),
            ..defaults(first)
        };
        assert!(write(&blank).is_err());
        let zero = RecurrencePreset {
            kind: PresetKind::Days,
            interval: 0,
            ..defaults(first)
        };
        assert!(write(&zero).is_err());
    }

    #[test]
    fn a_picked_preset_ends_with_its_campaign() {
        let first = date("2026-11-05");
        let end = Some(date("2026-12-31"));
        let weekly = RecurrencePreset {
            kind: PresetKind::Weekly,
            ..defaults(first)
        };
        let picked = write_for_editor(&weekly, true, first, end);
        assert_eq!(picked.preset.until, end);
        assert_eq!(
            picked.rrule.as_deref(),
            Some("FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231")
        );
        // Cleared afterwards, it stays without an end; a campaign ending earlier is no end.
        assert_eq!(
            write_for_editor(&weekly, false, first, end).preset.until,
            None
        );
        let early = Some(date("2026-11-01"));
        assert_eq!(
            write_for_editor(&weekly, true, first, early).preset.until,
            None
        );
        let counted = RecurrencePreset {
            count: Some(3),
            ..weekly
        };
        assert_eq!(
            write_for_editor(&counted, true, first, end).preset.until,
            None
        );
    }

    fn preset_strategy() -> impl Strategy<Value = (RecurrencePreset, NaiveDate)> {
        let day = (0i64..36_500).prop_map(|n| date("2000-01-01") + chrono::Duration::days(n));
        let end = prop_oneof![
            Just((None, None)),
            (1u32..10_000).prop_map(|n| (Some(n), None)),
            (0i64..36_500)
                .prop_map(|n| (None, Some(date("2000-01-01") + chrono::Duration::days(n)))),
        ];
        let kind = prop_oneof![
            Just(PresetKind::None),
            Just(PresetKind::Weekly),
            Just(PresetKind::Days),
            Just(PresetKind::Monthly),
        ];
        let days = proptest::collection::btree_set(0usize..7, 1..=7);
        let month_day = prop_oneof![1i32..=31, Just(-1)];
        (day, kind, end, days, 1u32..500, month_day).prop_map(
            |(first, kind, (count, until), days, interval, month_day)| {
                let base = defaults(first);
                let preset = match kind {
                    PresetKind::Weekly => RecurrencePreset {
                        kind,
                        days: days.into_iter().map(|i| CODES[i].1).collect(),
                        interval,
                        count,
                        until,
                        ..base
                    },
                    PresetKind::Days => RecurrencePreset {
                        kind,
                        interval,
                        count,
                        until,
                        ..base
                    },
                    PresetKind::Monthly => RecurrencePreset {
                        kind,
                        month_day,
                        count,
                        until,
                        ..base
                    },
                    _ => base,
                };
                (preset, first)
            },
        )
    }

    proptest! {
        #[test]
        fn every_preset_written_reads_back_the_same((preset, first) in preset_strategy()) {
            let rrule = write(&preset).expect("a valid preset writes");
            prop_assert_eq!(read(rrule.as_deref(), first), preset);
        }

        #[test]
        fn any_text_reads_without_panicking(text in ".{0,200}", n in 0i64..36_500) {
            let first = date("2000-01-01") + chrono::Duration::days(n);
            let preset = read(Some(&text), first);
            if preset.kind != PresetKind::Custom && preset.kind != PresetKind::None {
                prop_assert!(write(&preset).is_ok());
            }
        }
    }
}
