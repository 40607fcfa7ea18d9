//! `cadence client list`.

use clap::Subcommand;
use serde::Serialize;

use crate::error::CliError;
use crate::plan::write_stdout;
use crate::{Context, Format};

/// Client commands.
#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// List the clients with their audience and plan sizes.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// One row of `client list`.
#[derive(Debug, Serialize)]
struct ClientRow {
    id: String,
    name: String,
    timezone: String,
    segments: usize,
    campaigns: usize,
    messages: usize,
}

/// Run a client command.
pub fn run(command: ClientCommand, ctx: &Context) -> Result<(), CliError> {
    let ClientCommand::List { format } = command;
    let plan = ctx.stored_plan()?;
    let rows: Vec<ClientRow> = plan
        .clients
        .iter()
        .map(|c| ClientRow {
            id: c.id.clone(),
            name: c.name.clone(),
            timezone: c.timezone.clone(),
            segments: c.segments.len(),
            campaigns: c.campaigns.len(),
            messages: c.messages().count(),
        })
        .collect();
    let text = match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&rows).expect("rows serialize");
            text.push('\n');
            text
        }
        Format::Text => table(&rows),
    };
    write_stdout(&text)
}

fn table(rows: &[ClientRow]) -> String {
    if rows.is_empty() {
        return "no clients\n".to_string();
    }
    let id_w = rows.iter().map(|r| r.id.len()).max().unwrap_or(0).max(2);
    let name_w = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0)
        .max(4);
    let mut out = format!(
        "{:id_w$}  {:name_w$}  {:20}  {:>8}  {:>9}  {:>8}\n",
        "ID", "NAME", "TIME ZONE", "SEGMENTS", "CAMPAIGNS", "MESSAGES"
    );
    for r in rows {
        out.push_str(&format!(
            "{:id_w$}  {:name_w$}  {:20}  {:>8}  {:>9}  {:>8}\n",
            r.id, r.name, r.timezone, r.segments, r.campaigns, r.messages
        ));
    }
    out
}
