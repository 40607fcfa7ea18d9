//! Importing a plan file into the workspace: merge by id, or replace. The desk fills in the
//! summary's checks and history once the import is written.

use cadence_model::Plan;

use crate::ipc::{ImportMode, ImportSummary};

/// The workspace after importing `incoming` into `current`.
///
/// Merge: channels and clients in the file replace those with the same id, in place; new
/// ones are appended; the horizon grows to cover both. Replace: the file is the workspace.
pub fn import(current: &Plan, incoming: Plan, mode: ImportMode) -> ImportSummary {
    let names = |plan: &Plan| {
        plan.clients
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
    };
    if mode == ImportMode::Replace {
        return ImportSummary {
            added: names(&incoming),
            replaced: names(current),
            plan: incoming,
            checks: Default::default(),
            history: Default::default(),
        };
    }
    let mut plan = current.clone();
    plan.horizon.start = plan.horizon.start.min(incoming.horizon.start);
    plan.horizon.end = plan.horizon.end.max(incoming.horizon.end);
    for channel in incoming.channels {
        match plan.channels.iter_mut().find(|c| c.id == channel.id) {
            Some(existing) => *existing = channel,
            None => plan.channels.push(channel),
        }
    }
    let (mut added, mut replaced) = (Vec::new(), Vec::new());
    for client in incoming.clients {
        match plan.clients.iter_mut().find(|c| c.id == client.id) {
            Some(existing) => {
                replaced.push(client.name.clone());
                *existing = client;
            }
            None => {
                added.push(client.name.clone());
                plan.clients.push(client);
            }
        }
    }
    ImportSummary {
        plan,
        added,
        replaced,
        checks: Default::default(),
        history: Default::default(),
    }
}
