//! The sample agency Cadence seeds on first start: which clients are sample data, and
//! removing them while keeping the planner's own.
//!
//! The store's `settings` table remembers what was seeded (key [`SAMPLE_KEY`]: the day the
//! sample was laid out around and its client ids), written when the app seeds the sample on
//! first start and on every reset to the sample. A client is sample data when its id is one
//! of those: names are never matched, and new clients never get a seeded id (see
//! [`Current::reserved_clients`]), so a client the planner made is never taken for sample.

use cadence_model::sample::sample_plan;
use cadence_model::Plan;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::desk::Desk;
use crate::ipc::{AppError, ErrorCode, SampleClient, SampleData, Saved};

/// The settings key of the sample marker.
pub const SAMPLE_KEY: &str = "sample.seeded";

/// The backup reason taken before the sample clients are removed.
pub const BEFORE_REMOVE_SAMPLE: &str = "before-remove-sample";

/// What was seeded: the day the sample was laid out around, and its client ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SampleMarker {
    /// `today` of the seeding (the sample's dates follow it).
    pub day: Option<NaiveDate>,
    /// The seeded client ids.
    pub clients: Vec<String>,
}

impl SampleMarker {
    /// The marker of `plan`, the sample seeded around `day`.
    pub(crate) fn of(plan: &Plan, day: NaiveDate) -> Self {
        SampleMarker {
            day: Some(day),
            clients: plan.clients.iter().map(|c| c.id.clone()).collect(),
        }
    }
}

impl Desk {
    /// The stored sample marker; an unreadable or missing one means no sample.
    pub(crate) fn sample_marker(&self) -> SampleMarker {
        self.store
            .setting(SAMPLE_KEY)
            .ok()
            .flatten()
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Remember that `plan` is the sample seeded around `day`.
    pub(crate) fn mark_sample(&mut self, plan: &Plan, day: NaiveDate) -> Result<(), AppError> {
        let marker = SampleMarker::of(plan, day);
        let text = serde_json::to_string(&marker)
            .map_err(|err| AppError::new(ErrorCode::Io, err.to_string()))?;
        self.store.set_setting(SAMPLE_KEY, &text)?;
        self.set_reserved_clients(marker.clients);
        Ok(())
    }

    /// Take the reserved client ids from the stored marker again (after the desk opens, a
    /// restore or another program's change, any of which may have replaced it).
    pub(crate) fn read_reserved_clients(&mut self) {
        let clients = self.sample_marker().clients;
        self.set_reserved_clients(clients);
    }

    /// Make `clients` the reserved ids of the current state (published again).
    fn set_reserved_clients(&mut self, clients: Vec<String>) {
        if self.reserved_clients != clients {
            self.current_mut().reserved_clients = clients;
            self.publish();
        }
    }

    /// Ids of the sample clients still in the workspace, in plan order.
    pub fn sample_ids(&self) -> Vec<String> {
        let marker = self.sample_marker();
        self.plan
            .clients
            .iter()
            .filter(|c| marker.clients.contains(&c.id))
            .map(|c| c.id.clone())
            .collect()
    }

    /// The sample clients still in the workspace (each saying whether the planner changed it
    /// since it was seeded) and how many of the planner's own clients stay.
    pub fn sample_data(&self) -> SampleData {
        let marker = self.sample_marker();
        let seeded = marker.day.map(sample_plan);
        let clients: Vec<SampleClient> = self
            .plan
            .clients
            .iter()
            .filter(|c| marker.clients.contains(&c.id))
            .map(|c| SampleClient {
                id: c.id.clone(),
                name: c.name.clone(),
                edited: seeded
                    .as_ref()
                    .and_then(|plan| plan.client(&c.id))
                    .is_none_or(|original| *original != **c),
            })
            .collect();
        SampleData {
            kept: (self.plan.clients.len() - clients.len()) as u32,
            clients,
        }
    }

    /// Remove the sample clients (edited or not) and keep everything else: the planner's own
    /// clients, the channels and the horizon. A backup taken at `now` first, then one
    /// undoable step.
    pub fn remove_sample_clients(&mut self, now: DateTime<Utc>) -> Result<Saved, AppError> {
        let sample = self.sample_ids();
        if sample.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                "There are no sample clients in the workspace.",
            ));
        }
        let mut next = self.plan.clone();
        next.clients.retain(|c| !sample.contains(&c.id));
        crate::backups::take_backup(&self.store, now, BEFORE_REMOVE_SAMPLE)?;
        let label = if sample.len() == 1 {
            "Remove the sample client".to_string()
        } else {
            format!("Remove {} sample clients", sample.len())
        };
        self.replace_whole(next, label)?;
        Ok(self.saved(None))
    }
}
