//! What an export covers: one client or all, optionally one segment, and a period inside
//! the plan's horizon; resolved into the checked engine every format reads.

use chrono::NaiveDate;

use cadence_engine::{Engine, EngineError, Period};
use cadence_model::{validate, Client, Plan, Segment};

use crate::error::ExportError;

/// The scope of an export, as the user gave it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// One client by id; `None` for every client (tables only: ICS and PDF need one).
    pub client: Option<String>,
    /// One segment by id (its touches include inherited ones, as in the engine).
    pub segment: Option<String>,
    /// First day (UTC, as `cadence check --from`); default: the horizon's start.
    pub from: Option<NaiveDate>,
    /// Day after the last (UTC, exclusive, as `cadence check --to`); default: the
    /// horizon's end.
    pub to: Option<NaiveDate>,
}

/// A resolved scope: the plan's clients and segment in it, the period, and the engine
/// checked over that period (for one client, an engine of that client alone: clients never
/// affect each other).
#[derive(Debug)]
pub struct Resolved<'p> {
    /// The whole plan.
    pub plan: &'p Plan,
    /// The clients in scope, in plan order.
    pub clients: Vec<&'p Client>,
    /// The segment in scope, if one was chosen.
    pub segment: Option<&'p Segment>,
    /// The period.
    pub period: Period,
    /// The engine, checked over the period.
    pub engine: Engine,
}

impl<'p> Resolved<'p> {
    /// Validate the scope and the plan, then check the plan over the period.
    pub fn new(plan: &'p Plan, scope: &Scope) -> Result<Self, ExportError> {
        let period = period(plan, scope)?;
        let clients: Vec<&Client> = match scope.client.as_deref() {
            Some(id) => vec![plan
                .client(id)
                .ok_or_else(|| ExportError::UnknownClient(id.to_string()))?],
            None => plan.clients.iter().map(|c| &**c).collect(),
        };
        let segment = match scope.segment.as_deref() {
            Some(id) => {
                let found = clients.iter().find_map(|c| c.segment(id));
                Some(found.ok_or_else(|| ExportError::UnknownSegment {
                    segment: id.to_string(),
                    client: scope.client.clone(),
                })?)
            }
            None => None,
        };
        // A segment narrows the clients to its own.
        let clients: Vec<&Client> = match segment {
            Some(seg) => clients
                .into_iter()
                .filter(|c| c.segment(&seg.id).is_some())
                .collect(),
            None => clients,
        };
        let engine = match clients.as_slice() {
            [one] if plan.clients.len() > 1 => {
                // The whole plan must be valid; only the client is checked.
                validate(plan)
                    .map_err(|issues| ExportError::Engine(EngineError::Invalid(issues)))?;
                let only = plan
                    .only_client(&one.id)
                    .ok_or_else(|| ExportError::UnknownClient(one.id.clone()))?;
                Engine::new(&only, period)?
            }
            // Engine::new validates the plan first.
            _ => Engine::new(plan, period)?,
        };
        Ok(Resolved {
            plan,
            clients,
            segment,
            period,
            engine,
        })
    }

    /// The one client in scope, for formats that need exactly one.
    pub fn single_client(&self, format: &'static str) -> Result<&'p Client, ExportError> {
        match self.clients.as_slice() {
            [one] => Ok(one),
            [] => Err(ExportError::NoClients),
            many => Err(ExportError::OneClient {
                format,
                clients: many
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// The segments in scope: the chosen one, or every segment of the clients in scope.
    pub fn segments(&self) -> Vec<(&'p Client, &'p Segment)> {
        self.clients
            .iter()
            .flat_map(|c| c.segments.iter().map(move |s| (*c, s)))
            .filter(|(_, s)| self.segment.is_none_or(|only| only.id == s.id))
            .collect()
    }
}

/// The period of a scope: the horizon with `from`/`to` replacing its ends, never outside it.
pub fn period(plan: &Plan, scope: &Scope) -> Result<Period, ExportError> {
    let from = scope.from.unwrap_or(plan.horizon.start);
    let to = scope.to.unwrap_or(plan.horizon.end);
    if from >= to {
        return Err(ExportError::EmptyPeriod {
            from: from.to_string(),
            to: to.to_string(),
        });
    }
    if from < plan.horizon.start || to > plan.horizon.end {
        return Err(ExportError::OutsideHorizon {
            from: from.to_string(),
            to: to.to_string(),
            start: plan.horizon.start.to_string(),
            end: plan.horizon.end.to_string(),
        });
    }
    Ok(Period::new(from, to)?)
}
