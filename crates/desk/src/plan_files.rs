//! Plan files in and out: importing one (merge or replace, after a backup) and a plan file
//! of the workspace or one client. The caller reads and writes the file; the desk only sees bytes.

use std::path::Path;

use cadence_engine::Engine;
use cadence_model::{parse_plan_bytes, plan_to_json, Plan};
use cadence_store::Store;
use chrono::{DateTime, Utc};

use crate::backups::take_backup;
use crate::desk::{engine_error, Desk};
use crate::errors::plan_file_error;
use crate::history::{Snapshot, Step};
use crate::ipc::*;

impl Desk {
    /// Import a plan file's `bytes` (read by the caller from `path`, which names the file in
    /// messages and backups), after a backup taken at `now`. Everything is validated first;
    /// on any error nothing is written and the error names each problem's JSON path in the
    /// file. The merge reads the database as it is now, under its write lock, so a change
    /// another program made meanwhile is kept.
    pub fn import_plan_file(
        &mut self,
        bytes: &[u8],
        path: &Path,
        mode: ImportMode,
        now: DateTime<Utc>,
    ) -> Result<ImportSummary, AppError> {
        let incoming = parse_plan_bytes(bytes).map_err(|err| plan_file_error(err, path))?;
        let snapshot = Snapshot::Whole(Box::new(self.plan.clone()));
        let (summary, engine) = import_plan(&mut self.store, incoming, mode, path, now)
            .map_err(|err| self.after_failed_write(err))?;
        self.replace_current(summary.plan.clone(), engine);
        self.history.record(Step {
            label: format!("Import {}", path.display()),
            snapshot,
        });
        Ok(ImportSummary {
            checks: self.checks(),
            history: self.history.state(),
            ..summary
        })
    }

    /// The workspace, or one client of it, as a plan file's text (the caller writes it).
    pub fn plan_file(&self, client_id: Option<&str>) -> Result<String, AppError> {
        let plan = match client_id {
            Some(id) => self.plan.only_client(id).ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, format!("no client with id \"{id}\""))
            })?,
            None => self.plan.clone(),
        };
        Ok(plan_to_json(&plan))
    }
}

/// Import `incoming` into the workspace of `store` (merge or replace), as the CLI and the app
/// do: a backup first (taken at `now`, when there is a workspace to lose), then, under one
/// write lock, the stored workspace is read, merged and checked by the engine before it is
/// written. A new database simply takes the file. Returns what was done and the engine of
/// the new workspace. Works on a workspace the engine rejects when `mode` is replace: the
/// way out of a broken database.
pub fn import_plan(
    store: &mut Store,
    incoming: Plan,
    mode: ImportMode,
    source: &Path,
    now: DateTime<Utc>,
) -> Result<(ImportSummary, Engine), AppError> {
    let backup = if store.has_workspace()? {
        let reason = match mode {
            ImportMode::Merge => "before-import",
            ImportMode::Replace => "before-replace",
        };
        let taken = take_backup(store, now, reason)?;
        taken
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    } else {
        None
    };
    let mut done = None;
    let written = store.update_plan(|current| -> Result<Plan, AppError> {
        let summary = crate::merge::import(current.as_ref(), incoming, mode);
        let engine = Engine::from_plan(&summary.plan).map_err(engine_error)?;
        let plan = summary.plan.clone();
        done = Some((summary, engine));
        Ok(plan)
    });
    if let Err(err) = written {
        return Err(
            if err.code == ErrorCode::InvalidInput && mode == ImportMode::Merge {
                AppError {
                message: format!(
                    "{} is a valid plan, but merging it into the workspace would break the plan rules (ids unique across clients, the horizon's length, the plan's size); nothing was imported. Import it with \"replace\", or change the file.",
                    source.display()
                ),
                ..err
            }
            .with_file(source)
            } else {
                err
            },
        );
    }
    let (summary, engine) = done.expect("a written import has its summary");
    tracing::info!(
        mode = ?mode,
        added = summary.added.len(),
        replaced = summary.replaced.len(),
        clients = summary.plan.clients.len(),
        "plan imported"
    );
    Ok((ImportSummary { backup, ..summary }, engine))
}

/// Replace the workspace in the database at `db` with a plan file's `bytes` (read from
/// `path`): the way out when the workspace cannot be opened. A file that is not a valid plan
/// is refused with its issues and the file named; nothing is written then.
pub fn replace_with_plan_file(
    db: &Path,
    bytes: &[u8],
    path: &Path,
    now: DateTime<Utc>,
) -> Result<ImportSummary, AppError> {
    let incoming = parse_plan_bytes(bytes).map_err(|err| {
        AppError::invalid(
            format!("{} is not a valid plan file", path.display()),
            err.issues(),
        )
        .with_file(path)
    })?;
    let mut store = Store::open(db)?;
    let (summary, _) = import_plan(&mut store, incoming, ImportMode::Replace, path, now)?;
    Ok(summary)
}
