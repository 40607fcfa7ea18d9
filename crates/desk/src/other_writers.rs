//! Changes made by other programs (the CLI, another window, a sync tool): noticing them,
//! reloading the workspace, and recovering from a write refused because another came first.

use cadence_engine::Engine;
use cadence_model::Plan;

use crate::desk::{unloadable, Desk};
use crate::history::History;
use crate::ipc::*;

impl Desk {
    /// If another program (the CLI, another window, a sync tool) changed the workspace since
    /// the desk last read or wrote it, read it again, rebuild the engine and clear undo and
    /// redo (their steps were taken from the older workspace and could put back what the
    /// other program removed, or remove what it added); returns the reloaded workspace, or
    /// `None` when nothing changed. Cheap when nothing changed (`PRAGMA data_version`), so
    /// the app can ask every second or two.
    ///
    /// The stored workspace is compared with the desk's, not only its revision, so a tool that
    /// writes the tables without bumping the revision (plain SQL) is noticed too.
    pub fn refresh_if_changed(&mut self) -> Result<Option<Saved>, AppError> {
        if !self.store.changed_by_others()? {
            return Ok(None);
        }
        let stale = self.store.is_stale()?;
        let plan = self.store.load_plan()?;
        if !stale && plan == self.plan {
            // A history import, or a write that left the workspace as it was.
            return Ok(None);
        }
        self.take_reloaded(plan)?;
        tracing::info!(
            clients = self.plan.clients.len(),
            "another program changed the workspace; reloaded"
        );
        Ok(Some(self.saved(None)))
    }

    /// Read the stored workspace again and start undo afresh. A stored workspace the engine
    /// cannot load is reported and the desk keeps what it had.
    fn reload(&mut self) -> Result<(), AppError> {
        let plan = self.store.load_plan()?;
        self.take_reloaded(plan)
    }

    /// Make `plan`, just read from the store, current; undo starts afresh.
    fn take_reloaded(&mut self, plan: Plan) -> Result<(), AppError> {
        let path = self.store.path().to_path_buf();
        let engine = Engine::from_plan(&plan).map_err(|err| unloadable(err, &path))?;
        self.replace_current(plan, engine);
        self.read_reserved_clients();
        self.history = History::default();
        Ok(())
    }

    /// After a write that failed (and changed nothing): if it was refused because another
    /// program wrote first, reload, so the screen shows what is stored and the next action
    /// starts from it. The refusal is returned either way (or why the reload failed).
    pub(crate) fn after_failed_write(&mut self, err: AppError) -> AppError {
        if err.code != ErrorCode::StaleWorkspace {
            return err;
        }
        tracing::warn!("a write was refused: another program wrote first; reloading");
        match self.reload() {
            Ok(()) => err,
            Err(reload) => reload,
        }
    }
}
