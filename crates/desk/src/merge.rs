//! Importing a plan file into the workspace: merge by id, or replace. The desk fills in the
//! summary's checks and history once the import is written.

use cadence_model::Plan;

use crate::ipc::{ImportMode, ImportSummary};

/// The workspace after importing `incoming` into `current`.
///
/// Merge: channels and clients in the file replace those with the same id, in place; new
/// ones are appended; the horizon grows to cover both, and the summary says so (a workspace
/// without clients simply takes the file's horizon). A horizon that would grow past the
/// limit is refused by validation at `horizon.end`. Replace: the file is the workspace.
///
/// A new database (`current` is `None`) simply takes the file.
pub fn import(current: Option<&Plan>, incoming: Plan, mode: ImportMode) -> ImportSummary {
    let names = |plan: &Plan| {
        plan.clients
            .iter()
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
    };
    let current = match current {
        Some(current) if mode == ImportMode::Merge => current,
        _ => {
            return ImportSummary {
                added: names(&incoming),
                replaced: current.map(names).unwrap_or_default(),
                plan: incoming,
                horizon_note: None,
                backup: None,
                checks: Default::default(),
                history: Default::default(),
            }
        }
    };
    let mut plan = current.clone();
    let before = plan.horizon;
    if plan.clients.is_empty() {
        plan.horizon = incoming.horizon;
    } else {
        plan.horizon.start = before.start.min(incoming.horizon.start);
        plan.horizon.end = before.end.max(incoming.horizon.end);
    }
    let horizon_note = (!current.clients.is_empty() && plan.horizon != before).then(|| {
        format!(
            "The workspace's horizon grew from {} – {} to {} – {} to cover the imported clients.",
            before.start, before.end, plan.horizon.start, plan.horizon.end
        )
    });
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
        horizon_note,
        backup: None,
        checks: Default::default(),
        history: Default::default(),
    }
}
