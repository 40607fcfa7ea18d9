//! `cadence suggest`: choices of time for a message (the nearest earlier and later times that
//! fix the flagged rules, the earliest that breaks nothing, other days; each with what it
//! fixes and leaves) and the earliest times it could go out without breaking any guideline
//! for the segments it reaches. Exit 0 with clean slots, 1 without, 2 for invalid input.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use cadence_engine::{Engine, SuggestRequest, Suggestion};
use cadence_model::RuleKind;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use clap::Args;

use crate::check::{invalid, load_plan};
use crate::error::CliError;
use crate::plan::write_stdout;
use crate::{Context, Format};

/// Arguments of `cadence suggest`.
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// A plan file (default: the database's workspace).
    #[arg(value_name = "PLAN.json")]
    pub file: Option<PathBuf>,
    /// The message to place (by id).
    #[arg(long)]
    pub message: String,
    /// Only this directly targeted segment (and the sub-segments it reaches).
    #[arg(long)]
    pub segment: Option<String>,
    /// Earliest time: RFC 3339 ("2026-03-10T14:00:00Z"), "YYYY-MM-DDTHH:MM" in UTC or a
    /// date (midnight UTC). Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_after)]
    pub after: Option<DateTime<Utc>>,
    /// The flagged rule the nearest times must fix (repeatable; default: every rule the
    /// message breaks at --after), e.g. quiet_hours, cap, min_gap, blackout, weekdays.
    #[arg(long, value_name = "RULE", value_parser = parse_rule)]
    pub fix: Vec<RuleKind>,
    /// How early the nearest earlier time may be (same forms as --after). Default: now.
    #[arg(long, value_name = "TIME", value_parser = parse_after)]
    pub not_before: Option<DateTime<Utc>>,
    /// How many slots.
    #[arg(long, default_value_t = cadence_engine::DEFAULT_SLOTS)]
    pub count: usize,
    /// Grid step in minutes.
    #[arg(long, default_value_t = cadence_engine::DEFAULT_STEP_MINUTES)]
    pub step: u32,
    /// How many days to search.
    #[arg(long, default_value_t = cadence_engine::DEFAULT_SEARCH_DAYS)]
    pub days: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn parse_after(text: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for pattern in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, pattern) {
            return Ok(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
        .map_err(|_| format!("\"{text}\" is not a time (use 2026-03-10T14:00:00Z or 2026-03-10)"))
}

fn parse_rule(text: &str) -> Result<RuleKind, String> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).map_err(|_| {
        format!("\"{text}\" is not a rule (quiet_hours, cap, min_gap, blackout, weekdays)")
    })
}

fn text(s: &Suggestion) -> String {
    let mut out = String::new();
    let tz: chrono_tz::Tz = s.timezone.parse().unwrap_or(chrono_tz::UTC);
    if !s.offers.is_empty() {
        let _ = writeln!(out, "Choices for {}:", s.message);
        let width = s.offers.iter().map(|o| o.label.chars().count()).max();
        for o in &s.offers {
            let _ = writeln!(
                out,
                "  {:width$}  {}  {}",
                o.label,
                o.at.with_timezone(&tz).format("%a %Y-%m-%d %H:%M %Z"),
                o.text,
                width = width.unwrap_or(0)
            );
        }
    }
    let _ = writeln!(
        out,
        "Slots that break nothing for {} (reaching {}), searched until {}:",
        s.message,
        s.segments.join(", "),
        s.searched_until.format("%Y-%m-%d %H:%M UTC")
    );
    if s.slots.is_empty() {
        let _ = writeln!(out, "  none found");
    }
    for slot in &s.slots {
        let _ = writeln!(
            out,
            "  {}  ({})",
            slot.at.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z"),
            slot.at.format("%Y-%m-%d %H:%M UTC")
        );
    }
    if !s.blocked.is_empty() {
        let _ = writeln!(out, "No time fixes these:");
        for b in &s.blocked {
            let _ = writeln!(out, "  {} on {}: {}", b.rule.as_str(), b.segment, b.detail);
        }
    }
    out
}

/// Run the search: exit 0 with slots, 1 when none was found.
pub fn run(args: SuggestArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let plan = load_plan(args.file.as_ref(), ctx)?;
    let engine = Engine::from_plan(&plan).map_err(invalid)?;
    let now = Utc::now();
    let mut request = SuggestRequest::new(args.message, args.after.unwrap_or(now));
    request.segment = args.segment;
    request.fix = args.fix;
    request.not_before = Some(args.not_before.unwrap_or(now));
    request.count = args.count;
    request.step_minutes = args.step;
    request.search_days = args.days;
    let suggestion = engine.suggest(&request).map_err(invalid)?;
    match args.format {
        Format::Text => write_stdout(&text(&suggestion))?,
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&suggestion).expect("serializes");
            json.push('\n');
            write_stdout(&json)?
        }
    }
    Ok(ExitCode::from(if suggestion.slots.is_empty() {
        1
    } else {
        0
    }))
}
