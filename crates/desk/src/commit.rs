//! How a change is written: the engine checks it first (reading only), then the store writes
//! it, and only then the desk makes it current in one short in-memory step (the engine takes
//! the change, the plan is swapped, the undo step recorded) and publishes it to readers. A
//! change that is refused or cannot be written leaves the state as it was; readers answer
//! from the state before the change until it is whole.

use cadence_engine::{Engine, MessageChange};
use cadence_model::Plan;

use crate::cause::{cause_of, client_keys, LastChange};
use crate::desk::{drop_later, engine_error, not_found, Changed, Desk, Reach};
use crate::errors::relative_to;
use crate::history::{Snapshot, Step};
use crate::ipc::*;

/// A change the engine checked and will take once it is written.
enum EngineChange {
    /// A new engine, built from the next plan.
    Replace(Box<Engine>),
    /// Message changes, checked, to apply in order.
    Apply(Vec<MessageChange>),
}

impl Desk {
    /// Replace the whole workspace as one undoable step (the engine is built first).
    pub(crate) fn replace_whole(&mut self, next: Plan, label: String) -> Result<(), AppError> {
        let snapshot = Snapshot::Whole(Box::new(self.plan.clone()));
        let engine = Engine::from_plan(&next).map_err(engine_error)?;
        if let Err(err) = self.store.replace_plan(&next) {
            return Err(self.after_failed_write(err.into()));
        }
        self.replace_current(next, engine);
        self.history.record(Step { label, snapshot });
        Ok(())
    }

    /// Write `next` (the workspace after an edit of `client_id`) and make it current, as one
    /// undoable step. Issues are made relative to `entity_path`. The engine checks the change
    /// before the write, so a plan it cannot check is never stored.
    pub(crate) fn commit(
        &mut self,
        next: Plan,
        client_id: &str,
        entity_path: &str,
        label: String,
        changed: Changed,
    ) -> Result<(), AppError> {
        let cause = cause_of(&label);
        self.commit_because(next, client_id, entity_path, label, changed, cause)
    }

    /// [`Desk::commit`] with the sentence new violations give as their cause ("New since you
    /// moved “X” to Tue 17 Nov 10:00").
    pub(crate) fn commit_because(
        &mut self,
        next: Plan,
        client_id: &str,
        entity_path: &str,
        label: String,
        changed: Changed,
        cause: String,
    ) -> Result<(), AppError> {
        let change = self
            .engine_check(&next, changed)
            .map_err(|err| relative_to(err, entity_path))?;
        let before = client_keys(&self.engine, client_id);
        let snapshot = Snapshot::of_client(&self.plan, client_id);
        if let Err(err) = self
            .store
            .save_client_edit(&self.current.plan, &next, client_id)
        {
            return Err(self.after_failed_write(relative_to(err.into(), entity_path)));
        }
        // Written: the short step readers wait for.
        if let Err(err) = self.engine_take(change, client_id) {
            // The engine refused what it had checked (a bug): the file goes back to the plan
            // the desk still holds, so neither changed.
            let back = self
                .store
                .save_client_edit(&next, &self.current.plan, client_id);
            self.publish();
            return Err(match back {
                Ok(()) => relative_to(err, entity_path),
                Err(back) => back.into(),
            });
        }
        let current = self.current_mut();
        let old = std::mem::replace(&mut current.plan, next);
        current.last_change = Some(LastChange {
            client: client_id.to_string(),
            cause,
            before,
        });
        self.reach = Reach::Client(client_id.to_string());
        self.history.record(Step { label, snapshot });
        self.publish();
        drop_later(old);
        Ok(())
    }

    /// What the engine will take to reach `next` after `changed`, checked without changing
    /// it (a refused change is an error here, before anything is written).
    fn engine_check(&self, next: &Plan, changed: Changed) -> Result<EngineChange, AppError> {
        let changes = match changed {
            Changed::Messages { client, ids } => ids
                .into_iter()
                .map(|id| {
                    let (campaign, message) = next
                        .client(&client)
                        .and_then(|c| {
                            c.campaigns.iter().find_map(|k| {
                                k.messages.iter().find(|m| m.id == id).map(|m| (k, m))
                            })
                        })
                        .map(|(k, m)| (k.id.clone(), m.clone()))
                        .ok_or_else(|| not_found("message", &id))?;
                    Ok(MessageChange::Upsert {
                        client: client.clone(),
                        campaign,
                        message: Box::new(message),
                    })
                })
                .collect::<Result<Vec<_>, AppError>>()?,
            Changed::RemovedMessage(id) => vec![MessageChange::Remove { message: id }],
            Changed::Everything => {
                let engine = Engine::from_plan(next).map_err(engine_error)?;
                return Ok(EngineChange::Replace(Box::new(engine)));
            }
        };
        for change in &changes {
            self.engine.check_change(change).map_err(engine_error)?;
        }
        Ok(EngineChange::Apply(changes))
    }

    /// Bring the engine to the next plan with the checked `change` (of `client_id`'s messages,
    /// or anything), and recount problems. Should a change be refused after all, the engine
    /// is rebuilt from the plan it had and the error returned.
    fn engine_take(&mut self, change: EngineChange, client_id: &str) -> Result<(), AppError> {
        let current = self.current_mut();
        let changes = match change {
            EngineChange::Replace(engine) => {
                drop_later(std::mem::replace(&mut current.engine, *engine));
                current.problems = current.engine.client_problem_counts();
                return Ok(());
            }
            EngineChange::Apply(changes) => changes,
        };
        for change in changes {
            if let Err(err) = current.engine.apply(change) {
                if let Ok(engine) = Engine::from_plan(&current.plan) {
                    current.problems = engine.client_problem_counts();
                    current.engine = engine;
                }
                return Err(engine_error(err));
            }
        }
        current.recount_problems(client_id);
        Ok(())
    }
}
