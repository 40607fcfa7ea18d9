//! The other clients' ids and work, kept from one edit to the next, so that checking an edit
//! of one client reads that client only.

use std::collections::HashMap;
use std::sync::Arc;

use super::{client_work, horizon_end, validate, validate_edit, Validator};
use crate::error::PlanIssue;
use crate::types::{Client, Horizon, Plan};

/// The ids and checking work of a plan's clients, for [`EditIndex::validate_edit`]. A client
/// is recognised as the one indexed by `Arc::ptr_eq` (plans share unchanged clients); a plan
/// whose other clients are not those indexed is indexed afresh, so any plan may be given.
#[derive(Debug, Default)]
pub struct EditIndex {
    /// The clients indexed, at their positions (`None`: left out, the edited one).
    clients: Vec<Option<Arc<Client>>>,
    /// The horizon their work was counted over.
    horizon: Option<Horizon>,
    /// Per kind (`client`, `segment`, `campaign`, `message`): each id and its client's position.
    ids: HashMap<&'static str, HashMap<String, usize>>,
    /// Each indexed client's work (0 for the one left out).
    work: Vec<u64>,
    /// Whether the indexed clients' ids were all unique (else every check is a whole one).
    sound: bool,
}

impl EditIndex {
    /// [`validate_edit`]'s answer for `plan`, edited inside the client at `edited`, reading
    /// only that client when the others are the ones indexed (after the first call, the
    /// clients an edit left alone). The index then holds `plan`'s clients when it is valid.
    pub fn validate_edit(&mut self, plan: &Plan, edited: usize) -> Result<(), Vec<PlanIssue>> {
        if edited >= plan.clients.len() {
            return validate(plan);
        }
        self.leave_out(plan, edited);
        let clean = self.sound && {
            let mut v = Validator {
                only: Some(edited),
                others: Some(self),
                ..Validator::default()
            };
            v.plan(plan);
            v.issues.is_empty()
        };
        if !clean {
            // Something is wrong: the exact answer, with every issue where it belongs.
            return validate_edit(plan, edited);
        }
        let end = horizon_end(&plan.horizon);
        self.add(edited, &plan.clients[edited], end);
        Ok(())
    }

    /// Make the index hold `plan`'s clients except the one at `edited`: that one is taken
    /// out, or, when the others are not those indexed, they are indexed afresh.
    fn leave_out(&mut self, plan: &Plan, edited: usize) {
        let count = plan.clients.len();
        let same = self.horizon == Some(plan.horizon)
            && (self.clients.len() == count || self.clients.len() + 1 == count)
            && plan.clients.iter().enumerate().all(|(i, client)| {
                i == edited
                    || self.clients.get(i).is_some_and(|indexed| {
                        indexed.as_ref().is_some_and(|c| Arc::ptr_eq(c, client))
                    })
            });
        if same {
            self.remove(edited);
            self.clients.resize(count, None);
            self.work.resize(count, 0);
            return;
        }
        *self = EditIndex {
            clients: vec![None; count],
            horizon: Some(plan.horizon),
            work: vec![0; count],
            sound: true,
            ..EditIndex::default()
        };
        let end = horizon_end(&plan.horizon);
        for (i, client) in plan.clients.iter().enumerate() {
            if i != edited {
                self.add(i, client, end);
            }
        }
    }

    /// Index `client` at position `at`, its work counted to `end`.
    fn add(&mut self, at: usize, client: &Arc<Client>, end: Option<chrono::NaiveDateTime>) {
        for (kind, id) in ids_of(client) {
            let owners = self.ids.entry(kind).or_default();
            if owners.insert(id.to_string(), at).is_some() || id.trim().is_empty() {
                self.sound = false;
            }
        }
        self.work[at] = client_work(client, end);
        self.clients[at] = Some(Arc::clone(client));
    }

    /// Take the client at position `at` out of the index (nothing when there is none).
    fn remove(&mut self, at: usize) {
        let Some(Some(client)) = self.clients.get_mut(at).map(Option::take) else {
            return;
        };
        for (kind, id) in ids_of(&client) {
            if let Some(owners) = self.ids.get_mut(kind) {
                if owners.get(id) == Some(&at) {
                    owners.remove(id);
                }
            }
        }
        self.work[at] = 0;
    }

    /// The position of the indexed client that uses `id` as a `kind`'s id, if one does.
    pub(super) fn owner(&self, kind: &str, id: &str) -> Option<usize> {
        self.ids.get(kind)?.get(id).copied()
    }

    /// The indexed clients' work together.
    pub(super) fn work(&self) -> u64 {
        self.work
            .iter()
            .fold(0, |sum: u64, w| sum.saturating_add(*w))
    }
}

/// Every id a client holds, with its kind as [`Validator`] names it.
fn ids_of(client: &Client) -> impl Iterator<Item = (&'static str, &str)> {
    std::iter::once(("client", client.id.as_str()))
        .chain(client.segments.iter().map(|s| ("segment", s.id.as_str())))
        .chain(client.campaigns.iter().flat_map(|k| {
            std::iter::once(("campaign", k.id.as_str()))
                .chain(k.messages.iter().map(|m| ("message", m.id.as_str())))
        }))
}
