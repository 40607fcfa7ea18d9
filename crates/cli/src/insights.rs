//! `cadence insights`: fatigue curves, recommended caps, complaint rates, engagement and
//! engage-back of a client's imported history (shared/spec/history.md §5–6).

use std::process::ExitCode;

use cadence_desk::insights_view::hint_text;
use cadence_history::insights::{insights, InsightOptions, Insights};
use chrono::NaiveDate;
use clap::Args;

use crate::error::CliError;
use crate::history::client_context;
use crate::plan::write_stdout;
use crate::{Context, Format};

/// Arguments of `cadence insights`.
#[derive(Debug, Args)]
pub struct InsightsArgs {
    /// Client id.
    #[arg(long)]
    pub client: String,
    /// Only this audience (list, segment or page name as imported).
    #[arg(long)]
    pub audience: Option<String>,
    /// Only this channel.
    #[arg(long)]
    pub channel: Option<String>,
    /// First day counted (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Day after the last one counted (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn midnight(d: NaiveDate) -> i64 {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default()
}

/// Run the insights.
pub fn run(args: InsightsArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    if let (Some(f), Some(t)) = (args.from, args.to) {
        if t <= f {
            return Err(CliError::Invalid("--to must be after --from".into()));
        }
    }
    let store = cadence_store::Store::open_for_history_reading(&ctx.db_path()?)?;
    let plan = if store.has_workspace()? {
        store.load_plan()?
    } else {
        ctx.desk()?.plan().clone()
    };
    client_context(&plan, &args.client)?;
    let client = plan
        .clients
        .iter()
        .find(|c| c.id == args.client)
        .ok_or_else(|| CliError::Invalid(format!("no client with id \"{}\"", args.client)))?;
    let failed = |e: cadence_store::HistoryError| CliError::Failed(e.to_string());
    let rows = store.history_rows(&args.client).map_err(failed)?;
    let opts = InsightOptions {
        from: args.from.map(midnight),
        to: args.to.map(midnight),
        audience: args.audience.clone(),
        channel: args.channel.clone(),
        ..store.insight_options(client).map_err(failed)?
    };
    let result = insights(&rows, &opts);
    let text = match args.format {
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&result)
                .map_err(|e| CliError::Failed(e.to_string()))?;
            t.push('\n');
            t
        }
        Format::Text => text(&result),
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn pct(x: f64) -> String {
    format!("{:.2}%", x * 100.0)
}

fn text(r: &Insights) -> String {
    let mut out = String::new();
    if r.fatigue.is_empty() && r.engagement.is_empty() && r.response.is_empty() {
        out.push_str("no history imported for this client (see `cadence history import`)\n");
        return out;
    }
    for f in &r.fatigue {
        out.push_str(&format!(
            "{} on {} ({}{}): ",
            f.audience,
            f.channel,
            serde_json::to_value(f.source)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            f.segment
                .as_ref()
                .map(|s| format!(", segment {s}"))
                .unwrap_or_default()
        ));
        match f.recommended_cap {
            Some(c) => out.push_str(&format!("{}: {}\n", hint_text(c), f.reason)),
            None => out.push_str(&format!("{}\n", f.reason)),
        }
        out.push_str("   k    touches  unsubs  rate     95% interval       complaints\n");
        for b in &f.bins {
            out.push_str(&format!(
                "  {:>2} {:>10} {:>7}  {:<8} {:<8}–{:<8}  {}\n",
                b.k,
                b.touches,
                b.unsubscribes,
                pct(b.rate),
                pct(b.low),
                pct(b.high),
                b.complaints
            ));
        }
    }
    for c in &r.complaints {
        if c.touches == 0 {
            continue;
        }
        let line = if c.above_0_3 {
            "above the 0.3% line"
        } else if c.above_0_1 {
            "above the 0.1% line"
        } else {
            "below the 0.1% line"
        };
        out.push_str(&format!(
            "complaints {} on {}: {} of {} ({}), {line}\n",
            c.audience,
            c.channel,
            c.complaints,
            c.touches,
            pct(c.rate)
        ));
    }
    for e in &r.engagement {
        let posts: u64 = e.bins.iter().map(|b| b.posts).sum();
        let reach: u64 = e.bins.iter().map(|b| b.reach).sum();
        let talk: u64 = e.bins.iter().map(|b| b.comments + b.shares).sum();
        let likes: u64 = e.bins.iter().map(|b| b.reactions).sum();
        out.push_str(&format!(
            "engagement {} on {}: {posts} posts, reach {reach}, {likes} reactions, {talk} comments and shares\n",
            e.audience.as_deref().unwrap_or("(channel)"),
            e.channel
        ));
    }
    for s in &r.response {
        let hours = |h: Option<f64>| h.map(|h| format!("{h:.1} h")).unwrap_or("-".into());
        out.push_str(&format!(
            "replies on {}: {} messages, {} answered, median {}, p90 {}, {} unanswered after {} h, {} never\n",
            s.channel,
            s.messages,
            pct(s.answered),
            hours(s.median_hours),
            hours(s.p90_hours),
            pct(s.unanswered_after_target),
            s.target_hours,
            pct(s.unanswered)
        ));
    }
    out
}
