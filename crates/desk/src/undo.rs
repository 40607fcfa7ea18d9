//! Undo and redo on the desk: each puts a snapshot back in the store and in memory.

use cadence_engine::Engine;

use crate::desk::{engine_error, Desk, Reach};
use crate::history::{HistoryState, Snapshot, Step, Way};
use crate::ipc::*;

impl Desk {
    /// Undo the last action; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>, AppError> {
        self.travel(Way::Undo)
    }

    /// Redo the last undone action; `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<String>, AppError> {
        self.travel(Way::Redo)
    }

    /// Restore the next step going `way` and keep its inverse for the way back; a failed
    /// restore leaves the step where it was. The step's label, `None` when there is none.
    fn travel(&mut self, way: Way) -> Result<Option<String>, AppError> {
        let Some(step) = self.history.take(way) else {
            return Ok(None);
        };
        let inverse = Step {
            label: step.label.clone(),
            snapshot: step.snapshot.capture_like(&self.plan),
        };
        match self.restore(&step.snapshot) {
            Ok(()) => {
                self.history.travelled(way, inverse);
                Ok(Some(step.label))
            }
            Err(err) => {
                self.history.put_back(way, step);
                Err(self.after_failed_write(err))
            }
        }
    }

    /// Undo, and reply as every change does.
    pub fn undo_saved(&mut self) -> Result<Saved, AppError> {
        self.undo()?;
        Ok(self.saved(None))
    }

    /// Redo, and reply as every change does.
    pub fn redo_saved(&mut self) -> Result<Saved, AppError> {
        self.redo()?;
        Ok(self.saved(None))
    }

    /// What undo and redo would do now.
    pub fn history(&self) -> HistoryState {
        self.history.state()
    }

    /// Put a snapshot back, in the store and in memory (the engine is built first).
    fn restore(&mut self, snapshot: &Snapshot) -> Result<(), AppError> {
        let next = snapshot.restore_into(&self.plan);
        let engine = Engine::from_plan(&next).map_err(engine_error)?;
        match snapshot {
            Snapshot::Whole(_) => self.store.replace_plan(&next)?,
            Snapshot::Client { id, .. } => {
                if next.client(id).is_some() {
                    self.store.save_client_edit(&self.current.plan, &next, id)?;
                } else {
                    self.store.delete_client(id)?;
                }
            }
        }
        self.replace_current(next, engine);
        if let Snapshot::Client { id, .. } = snapshot {
            self.reach = Reach::Client(id.clone());
        }
        Ok(())
    }
}
