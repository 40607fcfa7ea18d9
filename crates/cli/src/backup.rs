//! `cadence backup list|restore`: the automatic backups taken before imports, replaces,
//! resets and restores (the newest ten are kept beside the database, in `backups/`).

use clap::Subcommand;
use serde::Serialize;

use crate::error::CliError;
use crate::plan::write_stdout;
use crate::{now, Context, Format};

/// Backup commands.
#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// List the backups of the database, newest first.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Put a backup in place of the workspace (after backing up the current one).
    Restore {
        /// The backup's name, as `backup list` shows it.
        name: String,
    },
}

/// One row of `backup list --format json`.
#[derive(Debug, Serialize)]
struct BackupRow {
    name: String,
    taken_at: String,
    reason: String,
    size: u64,
}

/// Run a backup command.
pub fn run(command: BackupCommand, ctx: &Context) -> Result<(), CliError> {
    match command {
        BackupCommand::List { format } => {
            let db = ctx.db_path()?;
            ctx.store()?;
            let rows: Vec<BackupRow> = cadence_store::list_backups(&db)?
                .into_iter()
                .map(|b| BackupRow {
                    name: b
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    taken_at: b.taken_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                    reason: b.reason,
                    size: b.size,
                })
                .collect();
            match format {
                Format::Json => {
                    let text = serde_json::to_string_pretty(&rows)
                        .map_err(|e| CliError::Failed(e.to_string()))?;
                    write_stdout(&format!("{text}\n"))
                }
                Format::Text if rows.is_empty() => {
                    write_stdout(&format!("no backups of {} yet\n", db.display()))
                }
                Format::Text => {
                    let mut text = format!(
                        "{} backup(s) of {}, newest first:\n",
                        rows.len(),
                        db.display()
                    );
                    for row in &rows {
                        text.push_str(&format!(
                            "  {}  {}  {}  {} KB\n",
                            row.name,
                            row.taken_at,
                            row.reason,
                            row.size.div_ceil(1024)
                        ));
                    }
                    write_stdout(&text)
                }
            }
        }
        BackupCommand::Restore { name } => {
            let db = ctx.db_path()?;
            let mut store = ctx.store()?;
            let backup = cadence_store::list_backups(&db)?
                .into_iter()
                .find(|b| b.path.file_name().is_some_and(|n| n == name.as_str()))
                .ok_or_else(|| {
                    CliError::Invalid(format!(
                        "no backup named \"{name}\" (see `cadence backup list`)"
                    ))
                })?;
            let at = now();
            let before = store.restore(&backup.path, at)?;
            let loads = store
                .load_plan()
                .map_err(|e| e.to_string())
                .and_then(|plan| {
                    cadence_engine::Engine::from_plan(&plan)
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                });
            if let Err(why) = loads {
                store.restore(&before.path, at)?;
                return Err(CliError::Invalid(format!(
                    "backup {name} holds a workspace this Cadence cannot open ({}); the workspace was left as it was",
                    why.lines().next().unwrap_or_default()
                )));
            }
            eprintln!(
                "restored {name}; the workspace before it was saved as {}",
                before
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            );
            Ok(())
        }
    }
}
