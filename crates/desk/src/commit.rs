//! How a change is written: the engine takes it first, then the store writes it, then it
//! becomes current with its undo step; a change that cannot be written puts the engine back.

use cadence_engine::{Engine, MessageChange};
use cadence_model::Plan;

use crate::cause::{cause_of, client_keys, LastChange};
use crate::desk::{engine_error, not_found, Changed, Desk, Reach};
use crate::errors::relative_to;
use crate::history::{Snapshot, Step};
use crate::ipc::*;

/// How to put the engine back after a change that was not written.
enum EngineUndo {
    /// The engine before the change.
    Replace(Box<Engine>),
    /// Changes that undo the applied ones, in the order they were applied.
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
        self.plan = next;
        self.reach = Reach::Whole;
        self.engine = engine;
        self.history.record(Step { label, snapshot });
        self.last_change = None;
        Ok(())
    }

    /// Write `next` (the workspace after an edit of `client_id`) and make it current, as one
    /// undoable step. Issues are made relative to `entity_path`. The engine takes the change
    /// before the write, so a plan it cannot check is never stored; if the write fails, the
    /// engine is put back.
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
        let before = client_keys(&self.engine, client_id);
        let snapshot = Snapshot::of_client(&self.plan, client_id);
        let undo = self
            .engine_take(&next, changed)
            .map_err(|err| relative_to(err, entity_path))?;
        if let Err(err) = self.store.save_client_edit(&self.plan, &next, client_id) {
            self.engine_put_back(undo);
            return Err(self.after_failed_write(relative_to(err.into(), entity_path)));
        }
        self.plan = next;
        self.reach = Reach::Client(client_id.to_string());
        self.history.record(Step { label, snapshot });
        self.last_change = Some(LastChange {
            client: client_id.to_string(),
            cause,
            before,
        });
        Ok(())
    }

    /// Bring the engine to `next` after `changed`; returns how to put it back.
    fn engine_take(&mut self, next: &Plan, changed: Changed) -> Result<EngineUndo, AppError> {
        let message_of = |plan: &Plan, client: &str, id: &str| {
            plan.client(client)
                .and_then(|c| {
                    c.campaigns
                        .iter()
                        .find_map(|k| k.messages.iter().find(|m| m.id == id).map(|m| (k, m)))
                })
                .map(|(k, m)| (k.id.clone(), m.clone()))
        };
        let (changes, inverse) = match changed {
            Changed::Messages { client, ids } => {
                let mut changes = Vec::new();
                let mut inverse = Vec::new();
                for id in ids {
                    let (campaign, message) =
                        message_of(next, &client, &id).ok_or_else(|| not_found("message", &id))?;
                    changes.push(MessageChange::Upsert {
                        client: client.clone(),
                        campaign,
                        message: Box::new(message),
                    });
                    inverse.push(match message_of(&self.plan, &client, &id) {
                        Some((campaign, old)) => MessageChange::Upsert {
                            client: client.clone(),
                            campaign,
                            message: Box::new(old),
                        },
                        None => MessageChange::Remove { message: id },
                    });
                }
                (changes, inverse)
            }
            Changed::RemovedMessage(id) => {
                let old = self.plan.clients.iter().find_map(|c| {
                    message_of(&self.plan, &c.id, &id).map(|(k, m)| (c.id.clone(), k, m))
                });
                let inverse = old
                    .map(|(client, campaign, message)| MessageChange::Upsert {
                        client,
                        campaign,
                        message: Box::new(message),
                    })
                    .into_iter()
                    .collect();
                (vec![MessageChange::Remove { message: id }], inverse)
            }
            Changed::Everything => {
                let engine = Engine::from_plan(next).map_err(engine_error)?;
                let old = std::mem::replace(&mut self.engine, engine);
                return Ok(EngineUndo::Replace(Box::new(old)));
            }
        };
        for (done, change) in changes.into_iter().enumerate() {
            if let Err(err) = self.engine.apply(change) {
                self.engine_put_back(EngineUndo::Apply(inverse[..done].to_vec()));
                return Err(engine_error(err));
            }
        }
        Ok(EngineUndo::Apply(inverse))
    }

    /// Undo [`Desk::engine_take`] (rebuilding the engine from the plan if that fails).
    fn engine_put_back(&mut self, undo: EngineUndo) {
        match undo {
            EngineUndo::Replace(old) => self.engine = *old,
            EngineUndo::Apply(inverse) => {
                for change in inverse.into_iter().rev() {
                    if self.engine.apply(change).is_err() {
                        if let Ok(engine) = Engine::from_plan(&self.plan) {
                            self.engine = engine;
                        }
                        return;
                    }
                }
            }
        }
    }
}
