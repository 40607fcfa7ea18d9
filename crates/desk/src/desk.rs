//! The desk: the open workspace, opening it, and the small helpers every action shares.
//!
//! Each action builds the next plan from the current one, lets the store validate and write it
//! in one transaction, and only then makes it current: a failed action changes nothing. The
//! actions live in rooms of their own: `queries.rs` (what the screens read), `edits.rs` (the
//! editor's saves, delete, reset), `commit.rs` (how a change is written), `undo.rs`,
//! `backups.rs`, `plan_files.rs` (plan import and export) and `other_writers.rs` (changes made by
//! other programs), besides `schedule.rs`, `sample.rs` and the others.

use std::collections::BTreeMap;
use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, Mutex};

use cadence_engine::{Engine, EngineError};
use cadence_model::sample::{empty_plan, sample_plan};
use cadence_model::Plan;
use cadence_store::Store;
use chrono::NaiveDate;

use crate::cause::LastChange;
use crate::history::History;
use crate::ipc::*;

/// The open workspace: its database, its undo history and the current state, which the
/// desk reads through (`Deref`) and readers share as an immutable snapshot ([`Snapshots`]).
#[derive(Debug)]
pub struct Desk {
    pub(crate) store: Store,
    pub(crate) history: History,
    /// The state now; changed only through [`Desk::current_mut`], and published to readers
    /// again with [`Desk::publish`].
    pub(crate) current: Arc<Current>,
    /// Where readers take the current state from ([`Desk::snapshots`]).
    published: Snapshots,
    /// What the last change reached, for the reply ([`Desk::saved`]).
    pub(crate) reach: Reach,
}

/// The workspace as one immutable state: what every read answers from. A write builds the
/// next one and swaps it in at its commit; a read that took this one keeps it whole.
#[derive(Debug, Clone)]
pub struct Current {
    pub(crate) plan: Plan,
    /// The checked plan, kept current after every change (incrementally for messages).
    pub(crate) engine: Engine,
    /// The day the desk was opened on (given by the caller, never read from the clock).
    pub(crate) today: NaiveDate,
    /// The last change of a client and its violations before it: what new violations are
    /// "new since" (cleared by undo, redo and anything that replaces the workspace).
    pub(crate) last_change: Option<LastChange>,
    /// Problems (message occurrences with violations) per client with any: the engine's
    /// [`Engine::client_problem_counts`], kept per client so an edit recounts only its own.
    pub(crate) problems: BTreeMap<String, usize>,
    /// Client ids a new client must not take (the seeded sample's, `sample.rs`): read from
    /// the store when the desk opens, seeds, restores or reloads, so the draft checks
    /// answer from this state without the database.
    pub(crate) reserved_clients: Vec<String>,
}

/// The published state of a desk, for readers on other threads: empty while a write is
/// making its (short, in-memory) change and after the desk is gone, so a reader then waits
/// for the desk instead.
#[derive(Debug, Clone, Default)]
pub struct Snapshots(Arc<Mutex<Option<Arc<Current>>>>);

impl Snapshots {
    /// The current state, if one is published (taken under a short lock).
    pub fn current(&self) -> Option<Arc<Current>> {
        self.0.lock().ok().and_then(|slot| slot.clone())
    }

    fn set(&self, current: Option<Arc<Current>>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = current;
    }
}

impl Deref for Desk {
    type Target = Current;

    fn deref(&self) -> &Current {
        &self.current
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        self.published.set(None);
    }
}

/// What a change reached: one client, or (when in doubt) the whole workspace.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reach {
    /// The client with this id (changed, added or removed).
    Client(String),
    /// Anything else.
    Whole,
}

/// What changed, so the engine re-checks as little as it can.
pub(crate) enum Changed {
    /// Messages of one campaign were added or edited.
    Messages { client: String, ids: Vec<String> },
    /// One message was removed.
    RemovedMessage(String),
    /// Anything else: rules, segments, clients, the whole workspace.
    Everything,
}

impl Desk {
    /// Open the database at `path` for the app: a brand-new one is created and seeded with the
    /// sample agency laid out around `today`. A stored plan that no longer validates is
    /// reported, never reset.
    pub fn open(path: &Path, today: NaiveDate) -> Result<Desk, AppError> {
        let store = Store::open(path)?;
        Desk::with_store(store, today, true)
    }

    /// Open the existing database at `path` (the CLI): a missing file is an error, never a
    /// new database; one that holds no workspace yet starts empty, not as the sample.
    pub fn open_existing(path: &Path, today: NaiveDate) -> Result<Desk, AppError> {
        let store = Store::open_existing(path)?;
        Desk::with_store(store, today, false)
    }

    /// Open on `store`; a store without a workspace is seeded with the sample agency (and
    /// the sample marker, see `sample.rs`) when `sample`, else with an empty workspace.
    fn with_store(mut store: Store, today: NaiveDate, sample: bool) -> Result<Desk, AppError> {
        let mut seeded = None;
        if !store.has_workspace()? {
            store.update_plan(|current| -> Result<Plan, AppError> {
                Ok(match current {
                    Some(plan) => plan,
                    None if sample => {
                        let plan = sample_plan(today);
                        seeded = Some(plan.clone());
                        plan
                    }
                    None => empty_plan(today),
                })
            })?;
        }
        let plan = store.load_plan()?;
        let path = store.path().to_path_buf();
        let engine = Engine::from_plan(&plan).map_err(|err| unloadable(err, &path))?;
        let current = Arc::new(Current {
            problems: engine.client_problem_counts(),
            plan,
            engine,
            today,
            last_change: None,
            reserved_clients: Vec::new(),
        });
        let published = Snapshots::default();
        published.set(Some(Arc::clone(&current)));
        let mut desk = Desk {
            store,
            history: History::default(),
            current,
            published,
            reach: Reach::Whole,
        };
        match seeded {
            Some(seeded) => desk.mark_sample(&seeded, today)?,
            None => desk.read_reserved_clients(),
        }
        Ok(desk)
    }

    /// The database file.
    pub fn db_path(&self) -> &Path {
        self.store.path()
    }

    /// Where readers on other threads take this desk's current state from.
    pub fn snapshots(&self) -> Snapshots {
        self.published.clone()
    }

    /// The current state, to change: readers stop getting it (they wait for the desk) until
    /// [`Desk::publish`]. Copied only when a reader still holds it (copy on write).
    pub(crate) fn current_mut(&mut self) -> &mut Current {
        self.published.set(None);
        Arc::make_mut(&mut self.current)
    }

    /// Let readers have the current state again (after [`Desk::current_mut`]); done by
    /// every change once it is whole, and harmless when nothing changed.
    pub fn publish(&self) {
        self.published.set(Some(Arc::clone(&self.current)));
    }

    /// Make `next` (and its engine) the current workspace: nothing of the last change stays.
    pub(crate) fn replace_current(&mut self, plan: Plan, engine: Engine) {
        let current = self.current_mut();
        let old = std::mem::replace(&mut current.plan, plan);
        let old_engine = std::mem::replace(&mut current.engine, engine);
        current.problems = current.engine.client_problem_counts();
        current.last_change = None;
        self.reach = Reach::Whole;
        self.publish();
        drop_later((old, old_engine));
    }

    /// Check the current plan afresh (after an engine change could not be put back).
    pub(crate) fn rebuild_engine(&mut self) -> Result<(), AppError> {
        let engine = Engine::from_plan(&self.plan).map_err(engine_error)?;
        let current = self.current_mut();
        current.problems = engine.client_problem_counts();
        current.engine = engine;
        self.publish();
        Ok(())
    }
}

/// Free `value` on another thread: dropping a replaced workspace takes milliseconds the
/// reply need not wait for.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    // Detached; should no thread be spared, the value is dropped here with the closure.
    drop(
        std::thread::Builder::new()
            .name("cadence-drop".into())
            .spawn(move || drop(value)),
    );
}

impl Current {
    /// Count `client`'s problems again (after a change of its messages only).
    pub(crate) fn recount_problems(&mut self, client: &str) {
        match self.engine.client_problem_count(client) {
            Ok(n) if n > 0 => {
                self.problems.insert(client.to_string(), n);
            }
            Ok(_) => {
                self.problems.remove(client);
            }
            Err(_) => self.problems = self.engine.client_problem_counts(),
        }
    }

    /// The current workspace.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The checked plan.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
}

impl Desk {
    /// The reply to a change: what it reached, the totals and the undo state.
    pub(crate) fn saved(&self, id: Option<String>) -> Saved {
        let change = match &self.reach {
            Reach::Whole => PlanChange::Whole {
                plan: self.plan.clone(),
            },
            Reach::Client(client) => match self.plan.clients.iter().position(|c| &c.id == client) {
                Some(index) => PlanChange::Client {
                    index: index as u32,
                    client: self.plan.clients[index].clone(),
                },
                None => PlanChange::Removed { id: client.clone() },
            },
        };
        Saved {
            change,
            id,
            checks: self.checks(),
            history: self.history.state(),
            sample: self.sample_ids(),
        }
    }
}

impl Current {
    /// The index of the client `id` in the plan.
    pub(crate) fn client_index(&self, id: &str) -> Result<usize, AppError> {
        position(&self.plan.clients, |c| &c.id, id, "client")
    }

    /// The indexes of the campaign `id` (its client's, its own in that client).
    pub(crate) fn campaign_index(&self, id: &str) -> Result<(usize, usize), AppError> {
        for (ci, client) in self.plan.clients.iter().enumerate() {
            if let Some(ki) = client.campaigns.iter().position(|c| c.id == id) {
                return Ok((ci, ki));
            }
        }
        Err(not_found("campaign", id))
    }
}

/// A stored workspace the engine cannot load: named, with the ways out.
pub(crate) fn unloadable(err: EngineError, path: &Path) -> AppError {
    let issues = match &err {
        EngineError::Invalid(issues) => issues.clone(),
        _ => Vec::new(),
    };
    let why = if issues.is_empty() {
        err.to_string()
    } else {
        let mut listed: Vec<String> = issues.iter().take(3).map(|i| i.to_string()).collect();
        if issues.len() > 3 {
            listed.push(format!("and {} more", issues.len() - 3));
        }
        listed.join("; ")
    };
    AppError {
        issues,
        ..AppError::new(
            ErrorCode::WorkspaceRejected,
            format!(
                "{} holds a workspace this Cadence cannot open ({}). Nothing was changed. Ways out: restore a backup (`cadence backup list`, `cadence backup restore NAME`), or export it with `cadence plan export -o plan.json`, fix the file, and bring it back with `cadence plan import plan.json --replace`.",
                path.display(),
                why
            ),
        )
    }
    .with_file(path)
}

/// The engine only fails on plans the store would not hold, or on bad requests.
pub(crate) fn engine_error(err: EngineError) -> AppError {
    let message = err.to_string();
    match err {
        EngineError::Invalid(issues) => AppError::invalid("The change breaks plan rules.", issues),
        EngineError::UnknownClient(_)
        | EngineError::UnknownCampaign { .. }
        | EngineError::UnknownMessage(_) => AppError::new(ErrorCode::NotFound, message),
        _ => AppError::new(ErrorCode::InvalidInput, message),
    }
}

/// "no {kind} with id …": what any lookup by an unknown id answers.
pub(crate) fn not_found(kind: &str, id: &str) -> AppError {
    AppError::new(ErrorCode::NotFound, format!("no {kind} with id \"{id}\""))
}

/// The index of the item with id `id` in `items` (not found is an error).
pub(crate) fn position<T>(
    items: &[T],
    id_of: impl Fn(&T) -> &String,
    id: &str,
    kind: &str,
) -> Result<usize, AppError> {
    items
        .iter()
        .position(|item| id_of(item) == id)
        .ok_or_else(|| not_found(kind, id))
}
