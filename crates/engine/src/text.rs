//! The text report for people (the CLI's default output): violations grouped by client and
//! segment, one line each with local and UTC time, the explanation under it, and a summary.

use std::collections::HashMap;
use std::fmt::Write;

use cadence_model::Plan;

use crate::report::Report;
use crate::violation::Finding;

/// Render a report. `plan` supplies client and segment names and the grouping order.
pub fn format_text(report: &Report, plan: &Plan) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(
        out,
        "Cadence check {} to {} (UTC){}",
        report.period.start,
        report.period.end,
        report
            .client
            .as_ref()
            .map(|c| format!(", client {c}"))
            .unwrap_or_default()
    );
    // Findings by segment, in the report's order.
    let mut by_segment: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in &report.findings {
        by_segment
            .entry(f.violation.segment.as_str())
            .or_default()
            .push(f);
    }
    for client in &plan.clients {
        if report.client.as_ref().is_some_and(|c| *c != client.id) {
            continue;
        }
        let mut client_header = false;
        for segment in &client.segments {
            let Some(found) = by_segment.get(segment.id.as_str()) else {
                continue;
            };
            if !client_header {
                let _ = writeln!(out, "\n{} ({})", client.name, client.id);
                client_header = true;
            }
            let total = s
                .by_segment
                .get(&segment.id)
                .copied()
                .unwrap_or(found.len());
            let _ = writeln!(
                out,
                "  {} ({}), {}: {} violation{}",
                segment.name,
                segment.id,
                found[0].explanation.timezone,
                total,
                plural(total)
            );
            for f in found {
                line(&mut out, f);
            }
            if total > found.len() {
                let _ = writeln!(
                    out,
                    "    … and {} more (the first {} are listed; --format json gives every record)",
                    total - found.len(),
                    found.len()
                );
            }
        }
    }
    if report.is_clean() {
        let _ = writeln!(out, "\nNo violations.");
    }
    let by_rule: Vec<String> = s.by_rule.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let _ = writeln!(
        out,
        "\nSummary: {} violation{}{}{} in {} of {} segment{} ({} client{}, {} touches checked).",
        s.violations,
        plural(s.violations),
        if by_rule.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_rule.join(", "))
        },
        if s.violations == 0 {
            String::new()
        } else {
            format!(
                " from {} message occurrence{}",
                s.problems,
                plural(s.problems)
            )
        },
        s.segments_with_violations,
        s.segments,
        plural(s.segments),
        s.clients,
        plural(s.clients),
        s.touches
    );
    if !s.truncated_messages.is_empty() {
        let _ = writeln!(
            out,
            "Note: only the first {} occurrences of {} were checked.",
            crate::expand::MAX_OCCURRENCES,
            s.truncated_messages.join(", ")
        );
    }
    out
}

fn line(out: &mut String, f: &Finding) {
    let v = &f.violation;
    let _ = writeln!(
        out,
        "    {}  ({})  {:<11}  {} #{} {}{}  {}",
        f.explanation.local,
        v.at.format("%Y-%m-%d %H:%M UTC"),
        v.rule.as_str(),
        v.message,
        v.occurrence,
        v.channel,
        if v.direct { "" } else { ", inherited" },
        v.detail
    );
    let _ = writeln!(out, "        {}", f.explanation.text);
    if f.explanation.touches.len() > 1 {
        let listed: Vec<String> = f
            .explanation
            .touches
            .iter()
            .map(|t| format!("{} #{} {}", t.message, t.occurrence, t.local))
            .collect();
        let _ = writeln!(
            out,
            "        touches: {}{}",
            listed.join("; "),
            if f.explanation.more > 0 {
                format!(" (and {} earlier)", f.explanation.more)
            } else {
                String::new()
            }
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
