//! Undo and redo: each step remembers what its action replaced, scoped to one client where it
//! can (so a workspace of many clients does not keep whole copies per edit).

use std::sync::Arc;

use cadence_model::{Client, Plan};
use serde::Serialize;
use ts_rs::TS;

/// How many steps are kept.
pub const HISTORY_LIMIT: usize = 200;

/// What an undo or redo puts back.
#[derive(Debug, Clone)]
pub enum Snapshot {
    /// One client as it was (`None`: it did not exist), at its position in the list.
    Client {
        /// The client's id.
        id: String,
        /// Its position and content, if it existed (shared with the state it was taken from).
        before: Option<(usize, Arc<Client>)>,
    },
    /// The whole workspace (reset, import).
    Whole(Box<Plan>),
}

impl Snapshot {
    /// The current state of `plan` in the same scope as `self`.
    pub fn capture_like(&self, plan: &Plan) -> Snapshot {
        match self {
            Snapshot::Client { id, .. } => Snapshot::of_client(plan, id),
            Snapshot::Whole(_) => Snapshot::Whole(Box::new(plan.clone())),
        }
    }

    /// The client `id` of `plan` as it is now.
    pub fn of_client(plan: &Plan, id: &str) -> Snapshot {
        Snapshot::Client {
            id: id.to_string(),
            before: plan
                .clients
                .iter()
                .position(|c| c.id == id)
                .map(|i| (i, plan.clients[i].clone())),
        }
    }

    /// `plan` with this snapshot put back.
    pub fn restore_into(&self, plan: &Plan) -> Plan {
        match self {
            Snapshot::Whole(whole) => (**whole).clone(),
            Snapshot::Client { id, before } => {
                let mut next = plan.clone();
                next.clients.retain(|c| &c.id != id);
                if let Some((position, client)) = before {
                    let at = (*position).min(next.clients.len());
                    next.clients.insert(at, client.clone());
                }
                next
            }
        }
    }
}

/// One undoable action.
#[derive(Debug, Clone)]
pub struct Step {
    /// For people: "Move “Flash sale”".
    pub label: String,
    /// What the action replaced.
    pub snapshot: Snapshot,
}

/// What the UI needs to show undo and redo.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct HistoryState {
    /// Label of the step undo would revert, if any.
    pub undo: Option<String>,
    /// Label of the step redo would apply again, if any.
    pub redo: Option<String>,
}

/// The longest step label the native Edit menu shows before cutting it with "…".
pub const MENU_LABEL_CHARS: usize = 48;

impl HistoryState {
    /// The native Edit menu's undo item: its text ("Undo Move “Flash sale”", or "Undo" when
    /// there is nothing to undo) and whether it is enabled.
    pub fn undo_item(&self) -> (String, bool) {
        menu_item("Undo", self.undo.as_deref())
    }

    /// The native Edit menu's redo item, like [`HistoryState::undo_item`].
    pub fn redo_item(&self) -> (String, bool) {
        menu_item("Redo", self.redo.as_deref())
    }
}

fn menu_item(verb: &str, label: Option<&str>) -> (String, bool) {
    match label {
        None => (verb.to_string(), false),
        Some(label) if label.chars().count() > MENU_LABEL_CHARS => {
            let cut: String = label.chars().take(MENU_LABEL_CHARS - 1).collect();
            (format!("{verb} {}…", cut.trim_end()), true)
        }
        Some(label) => (format!("{verb} {label}"), true),
    }
}

/// Which way through the history an action goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// Back: the undo stack.
    Undo,
    /// Forward again: the redo stack.
    Redo,
}

impl Way {
    /// The other way.
    pub fn opposite(self) -> Way {
        match self {
            Way::Undo => Way::Redo,
            Way::Redo => Way::Undo,
        }
    }
}

/// The undo and redo stacks.
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    /// Record a new action; the redo stack is cleared.
    pub fn record(&mut self, step: Step) {
        self.undo.push(step);
        if self.undo.len() > HISTORY_LIMIT {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    /// The step to take back (undo) or forward again (redo), if any; the caller restores it and
    /// hands the inverse to [`History::travelled`], or the step to [`History::put_back`].
    pub fn take(&mut self, way: Way) -> Option<Step> {
        self.stack(way).pop()
    }

    /// A step was restored going `way`: `inverse` goes on the other stack, to travel back.
    pub fn travelled(&mut self, way: Way, inverse: Step) {
        self.stack(way.opposite()).push(inverse);
    }

    /// Put a step back where it was taken from after a failed restore.
    pub fn put_back(&mut self, way: Way, step: Step) {
        self.stack(way).push(step);
    }

    fn stack(&mut self, way: Way) -> &mut Vec<Step> {
        match way {
            Way::Undo => &mut self.undo,
            Way::Redo => &mut self.redo,
        }
    }

    /// Labels for the UI.
    pub fn state(&self) -> HistoryState {
        HistoryState {
            undo: self.undo.last().map(|s| s.label.clone()),
            redo: self.redo.last().map(|s| s.label.clone()),
        }
    }
}

#[cfg(test)]
mod menu_tests {
    use super::*;

    #[test]
    fn menu_items_follow_the_history() {
        let nothing = HistoryState::default();
        assert_eq!(nothing.undo_item(), ("Undo".to_string(), false));
        assert_eq!(nothing.redo_item(), ("Redo".to_string(), false));
        let state = HistoryState {
            undo: Some("Move “Flash sale”".into()),
            redo: Some("Delete segment “VIP”".into()),
        };
        assert_eq!(
            state.undo_item(),
            ("Undo Move “Flash sale”".to_string(), true)
        );
        assert_eq!(
            state.redo_item(),
            ("Redo Delete segment “VIP”".to_string(), true)
        );
    }

    #[test]
    fn long_labels_are_cut() {
        let state = HistoryState {
            undo: Some(format!("Move “{}”", "x".repeat(200))),
            redo: None,
        };
        let (text, enabled) = state.undo_item();
        assert!(enabled);
        assert!(text.ends_with('…'), "{text}");
        assert_eq!(text.chars().count(), "Undo ".len() + MENU_LABEL_CHARS);
    }
}
