//! The PDF report read back with poppler: `pdftotext` (every campaign and message title of
//! the period, violation totals equal to `cadence check`), `pdffonts` (every font embedded)
//! and `pdfinfo` (title, author, pages, paper size). Skipped with a message only when
//! poppler-utils is missing (`scripts/setup.sh` installs it).
#![cfg(feature = "pdf")]

use crate::common;

use std::path::Path;
use std::process::Command;

use cadence_engine::{check_plan, CheckOptions};
use cadence_export::{render, Format, Options, Paper, Scope, Table};
use cadence_model::Plan;
use chrono::NaiveDate;

use common::{read_csv, stamp};

fn poppler() -> bool {
    let ok = Command::new("pdfinfo").arg("-v").output().is_ok();
    if !ok {
        eprintln!("SKIPPED: poppler-utils (pdfinfo, pdftotext, pdffonts) is not installed");
    }
    ok
}

/// Run a poppler tool on `file` (`pdftotext` writes to standard output with `-`).
fn run(tool: &str, args: &[&str], file: &Path) -> String {
    let mut cmd = Command::new(tool);
    cmd.args(args).arg(file);
    if tool == "pdftotext" {
        cmd.arg("-");
    }
    let out = cmd.output().unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn report(plan: &Plan, client: &str, paper: Paper, dir: &Path) -> std::path::PathBuf {
    let options = Options {
        paper,
        agency: "Northwind Agency".into(),
        ..Options::new(stamp())
    };
    let scope = Scope {
        client: Some(client.into()),
        ..Scope::default()
    };
    let bytes = render(plan, Format::Pdf, &scope, &options).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let path = dir.join(format!("{client}-{paper:?}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn sample() -> Plan {
    cadence_model::sample::sample_plan(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap())
}

#[test]
fn report_holds_every_campaign_and_message_and_the_checks_totals() {
    if !poppler() {
        return;
    }
    let plan = sample();
    let dir = tempfile::tempdir().unwrap();
    for client in &plan.clients {
        let path = report(&plan, &client.id, Paper::A4, dir.path());
        let text = squash(&run("pdftotext", &["-enc", "UTF-8"], &path));
        // The tightest cap's bars are coloured by the engine's band; the caption says which.
        assert!(
            text.contains(&squash(
                "Bars above the line break it; amber bars are near it (over 80 %)."
            )),
            "cap chart caption of {}",
            client.id
        );
        let scope = Scope {
            client: Some(client.id.clone()),
            ..Scope::default()
        };
        let messages = read_csv(
            &render(
                &plan,
                Format::Csv(Table::Messages),
                &scope,
                &Options::new(stamp()),
            )
            .unwrap(),
        );
        assert!(
            !messages.is_empty(),
            "{} has messages in the period",
            client.id
        );
        for m in &messages {
            assert!(
                text.contains(&squash(&m["title"])),
                "title {:?} missing",
                m["title"]
            );
            let campaign = client
                .campaigns
                .iter()
                .find(|c| c.id == m["campaign"])
                .unwrap();
            assert!(
                text.contains(&squash(&campaign.name)),
                "campaign {:?} missing",
                campaign.name
            );
        }
        let check = check_plan(
            &plan,
            &CheckOptions {
                client: Some(client.id.clone()),
                ..CheckOptions::default()
            },
        )
        .unwrap();
        let total = check.summary.violations;
        if total == 0 {
            assert!(text.contains(&squash("No guideline is broken in this period.")));
        } else {
            // The summary's "Total" row of violations by guideline, read in layout order.
            let layout = run("pdftotext", &["-layout", "-enc", "UTF-8"], &path);
            let shown = layout
                .lines()
                .find(|l| l.trim_start().starts_with("Total"))
                .and_then(|l| l.split_whitespace().nth(1))
                .unwrap_or_default()
                .replace(',', "");
            assert_eq!(shown, total.to_string(), "violation total of {}", client.id);
            assert!(text.contains(&squash(&format!("{} violations in all", fmt(total)))));
        }
    }
}

fn fmt(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn fonts_are_embedded_and_metadata_and_paper_are_set() {
    if !poppler() {
        return;
    }
    let plan = sample();
    let client = plan.clients[0].clone();
    let dir = tempfile::tempdir().unwrap();
    for (paper, size) in [(Paper::A4, "(A4)"), (Paper::Letter, "(letter)")] {
        let path = report(&plan, &client.id, paper, dir.path());
        let info = run("pdfinfo", &[], &path);
        assert!(
            info.contains(&format!(
                "Title:           {}: engagement plan",
                client.name
            )),
            "{info}"
        );
        assert!(info.contains("Author:          Northwind Agency"), "{info}");
        assert!(info.contains(size), "{info}");
        let pages: u32 = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|p| p.trim().parse().ok())
            .unwrap();
        assert!(pages >= 7, "{pages} pages");
        let fonts = run("pdffonts", &[], &path);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in rows {
            // Columns: name type encoding emb sub uni object ID.
            let cols: Vec<&str> = row.split_whitespace().collect();
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "font not embedded: {row}");
        }
    }
}
