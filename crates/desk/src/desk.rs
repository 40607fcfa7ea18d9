//! The desk: the open workspace and every action the app offers on it.
//!
//! Each action builds the next plan from the current one, lets the store validate and write it
//! in one transaction, and only then makes it current: a failed action changes nothing.

use std::path::Path;

use cadence_engine::{
    Bucket, CadenceSummary, Engine, EngineError, Finding, MessageChange, SuggestRequest,
    Suggestion, SummaryRequest,
};
use cadence_model::sample::{empty_plan, sample_plan};
use cadence_model::time::{local_to_utc, parse_timezone};
use cadence_model::{
    default_checklist, parse_plan_bytes, plan_to_json, validate, Campaign, Client, Message, Plan,
    Segment,
};
use cadence_store::Store;
use chrono::{DateTime, NaiveDate, Utc};

use crate::errors::{plan_file_error, relative_to};
use crate::history::{History, HistoryState, Snapshot, Step};
use crate::ids::new_id;
use crate::impact::{delete_impact, without_entity};
use crate::ipc::*;

/// Most findings of one segment a page may carry.
pub const MAX_FINDINGS_PER_SEGMENT: u32 = 5_000;

/// The open workspace.
#[derive(Debug)]
pub struct Desk {
    pub(crate) store: Store,
    pub(crate) plan: Plan,
    pub(crate) history: History,
    /// The checked plan, kept current after every change (incrementally for messages).
    pub(crate) engine: Engine,
    /// The day the desk was opened on (given by the caller, never read from the clock).
    today: NaiveDate,
}

/// What changed, so the engine re-checks as little as it can.
pub(crate) enum Changed {
    /// Messages of one campaign were added or edited.
    Messages {
        client: String,
        campaign: String,
        ids: Vec<String>,
    },
    /// One message was removed.
    RemovedMessage(String),
    /// Anything else: rules, segments, clients, the whole workspace.
    Everything,
}

impl Desk {
    /// Open the database at `path`; a brand-new one is seeded with the sample agency laid out
    /// around `today`. A stored plan that no longer validates is reported, never reset.
    pub fn open(path: &Path, today: NaiveDate) -> Result<Desk, AppError> {
        let mut store = Store::open(path)?;
        if !store.has_workspace()? {
            store.replace_plan(&sample_plan(today))?;
        }
        let plan = store.load_plan()?;
        if let Err(issues) = validate(&plan) {
            return Err(AppError {
                issues,
                ..AppError::new(
                    ErrorCode::DatabaseDamaged,
                    format!(
                        "{} holds a plan that breaks the plan rules (edited by another tool?). Nothing was changed; export it with the cadence CLI, fix it, and import it again.",
                        path.display()
                    ),
                )
            }
            .with_file(path));
        }
        let engine = Engine::from_plan(&plan).map_err(engine_error)?;
        Ok(Desk {
            store,
            plan,
            history: History::default(),
            engine,
            today,
        })
    }

    /// The current workspace.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// What the UI shows.
    pub fn view(&self) -> WorkspaceView {
        WorkspaceView {
            plan: self.plan.clone(),
            db_path: self.store.path().display().to_string(),
            checks: self.checks(),
            history: self.history.state(),
            today: self.today,
        }
    }

    /// Violation totals, in all and per client.
    pub fn checks(&self) -> CheckTotals {
        CheckTotals {
            total: self.engine.violation_count(),
            by_client: self.engine.client_violation_counts(),
        }
    }

    /// Every violation of one client with its explanation, in the spec's order.
    pub fn client_findings(&self, client_id: &str) -> Result<Vec<Finding>, AppError> {
        self.client_index(client_id)?;
        Ok(self.engine.report(Some(client_id)).findings)
    }

    /// The first findings of each of `client_id`'s segments with violations (more for the
    /// segments `query.more` names), with each segment's total: what the violations panel
    /// shows, at a cost that does not grow with the number of violations.
    pub fn findings_page(
        &self,
        client_id: &str,
        query: &FindingsQuery,
    ) -> Result<FindingsPage, AppError> {
        let ci = self.client_index(client_id)?;
        let too_many = query
            .more
            .values()
            .chain(std::iter::once(&query.per_segment))
            .any(|n| *n > MAX_FINDINGS_PER_SEGMENT);
        if too_many {
            return Err(AppError::new(
                ErrorCode::InvalidInput,
                format!("at most {MAX_FINDINGS_PER_SEGMENT} findings per segment at a time"),
            ));
        }
        let mut page = FindingsPage {
            total: 0,
            segments: Vec::new(),
        };
        for segment in &self.plan.clients[ci].segments {
            let limit = query
                .more
                .get(&segment.id)
                .copied()
                .unwrap_or(query.per_segment);
            let (total, findings) = self
                .engine
                .segment_findings(&segment.id, limit as usize)
                .ok_or_else(|| not_found("segment", &segment.id))?;
            if total > 0 {
                page.total += total as u32;
                page.segments.push(SegmentFindings {
                    segment: segment.id.clone(),
                    total: total as u32,
                    findings,
                });
            }
        }
        Ok(page)
    }

    /// The checked plan.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The earliest slots at or after `after` where `message_id` breaks no guideline for any
    /// segment it reaches (or only `segment` and its sub-segments).
    pub fn suggest(
        &self,
        message_id: &str,
        segment: Option<String>,
        after: DateTime<Utc>,
    ) -> Result<Suggestion, AppError> {
        let mut request = SuggestRequest::new(message_id, after);
        request.segment = segment;
        self.engine.suggest(&request).map_err(engine_error)
    }

    /// Per segment of `client_id` and day (or week) in `[from, to)`: touches and cap loads.
    pub fn summary(
        &self,
        client_id: &str,
        from: NaiveDate,
        to: NaiveDate,
        bucket: Bucket,
    ) -> Result<CadenceSummary, AppError> {
        self.client_index(client_id)?;
        self.engine
            .summarize(&SummaryRequest {
                from,
                to,
                bucket,
                client: Some(client_id.to_string()),
            })
            .map_err(engine_error)
    }

    /// The messages that touch `segment_id` (directly or through an ancestor) on its local
    /// dates `[from, to)`: what a click on a cadence cell opens.
    pub fn bucket_messages(
        &self,
        client_id: &str,
        segment_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<String>, AppError> {
        let client = &self.plan.clients[self.client_index(client_id)?];
        let segment = client
            .segments
            .iter()
            .find(|s| s.id == segment_id)
            .ok_or_else(|| not_found("segment", segment_id))?;
        let zone = segment.timezone.as_deref().unwrap_or(&client.timezone);
        let tz = parse_timezone(zone).ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("unknown time zone \"{zone}\""),
            )
        })?;
        let at = |d: NaiveDate| local_to_utc(d.and_hms_opt(0, 0, 0).expect("midnight"), tz);
        self.engine
            .segment_messages(segment_id, at(from), at(to))
            .ok_or_else(|| not_found("segment", segment_id))
    }

    /// Create or update a client's own fields.
    pub fn save_client(&mut self, input: ClientInput) -> Result<Saved, AppError> {
        let mut next = self.plan.clone();
        let new = || new_id(&self.plan, EntityKind::Client, &input.name);
        let (index, id) =
            find_or_append(&mut next.clients, &input.id, "client", new, |id| Client {
                id,
                name: String::new(),
                timezone: String::new(),
                checklist: default_checklist(),
                rules: Vec::new(),
                segments: Vec::new(),
                campaigns: Vec::new(),
            })?;
        let client = &mut next.clients[index];
        client.name = input.name;
        client.timezone = input.timezone;
        if let Some(checklist) = input.checklist {
            client.checklist = checklist;
        }
        if let Some(rules) = input.rules {
            client.rules = rules;
        }
        let label = format!("{} “{}”", verb(&input.id), next.clients[index].name);
        self.commit(
            next,
            &id,
            &format!("clients[{index}]"),
            label,
            Changed::Everything,
        )?;
        Ok(self.saved(Some(id)))
    }

    /// Create or update a segment of `client_id`.
    pub fn save_segment(
        &mut self,
        client_id: &str,
        input: SegmentInput,
    ) -> Result<Saved, AppError> {
        let ci = self.client_index(client_id)?;
        let mut next = self.plan.clone();
        let segments = &mut next.clients[ci].segments;
        let new = || new_id(&self.plan, EntityKind::Segment, &input.name);
        let (si, id) = find_or_append(segments, &input.id, "segment", new, |id| Segment {
            id,
            name: String::new(),
            parent: None,
            timezone: None,
            size: 0,
            opt_in: Vec::new(),
            interests: Vec::new(),
            values: Vec::new(),
            rules: Vec::new(),
        })?;
        let label = format!("{} segment “{}”", verb(&input.id), input.name);
        let segment = &mut segments[si];
        segment.name = input.name;
        segment.parent = input.parent.filter(|p| !p.is_empty());
        segment.timezone = input.timezone.filter(|t| !t.is_empty());
        segment.size = input.size;
        segment.opt_in = input.opt_in;
        segment.interests = input.interests;
        segment.values = input.values;
        if let Some(rules) = input.rules {
            segment.rules = rules;
        }
        self.commit(
            next,
            client_id,
            &format!("clients[{ci}].segments[{si}]"),
            label,
            Changed::Everything,
        )?;
        Ok(self.saved(Some(id)))
    }

    /// Create or update a campaign of `client_id`.
    pub fn save_campaign(
        &mut self,
        client_id: &str,
        input: CampaignInput,
    ) -> Result<Saved, AppError> {
        let ci = self.client_index(client_id)?;
        let mut next = self.plan.clone();
        let campaigns = &mut next.clients[ci].campaigns;
        let new = || new_id(&self.plan, EntityKind::Campaign, &input.name);
        let (ki, id) = find_or_append(campaigns, &input.id, "campaign", new, |id| Campaign {
            id,
            name: String::new(),
            objective: String::new(),
            start: None,
            end: None,
            messages: Vec::new(),
        })?;
        let label = format!("{} campaign “{}”", verb(&input.id), input.name);
        let campaign = &mut campaigns[ki];
        campaign.name = input.name;
        campaign.objective = input.objective;
        campaign.start = input.start;
        campaign.end = input.end;
        self.commit(
            next,
            client_id,
            &format!("clients[{ci}].campaigns[{ki}]"),
            label,
            Changed::Everything,
        )?;
        Ok(self.saved(Some(id)))
    }

    /// Create or update a message of `campaign_id`.
    pub fn save_message(
        &mut self,
        campaign_id: &str,
        input: MessageInput,
    ) -> Result<Saved, AppError> {
        let (ci, ki) = self.campaign_index(campaign_id)?;
        let client_id = self.plan.clients[ci].id.clone();
        let mut next = self.plan.clone();
        let messages = &mut next.clients[ci].campaigns[ki].messages;
        let id = match &input.id {
            Some(id) => {
                // A message may only be edited in its own campaign.
                position(messages, |m| &m.id, id, "message")?;
                id.clone()
            }
            None => new_id(&self.plan, EntityKind::Message, &input.title),
        };
        let label = format!("{} message “{}”", verb(&input.id), input.title);
        let rrule = input
            .rrule
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        // Skipped occurrences stay only while they still name occurrences of the series.
        let exdates = messages
            .iter()
            .find(|m| m.id == id && m.at == input.at && m.rrule == rrule)
            .map(|m| m.exdates.clone())
            .unwrap_or_default();
        let message = Message {
            id: id.clone(),
            title: input.title,
            channel: input.channel,
            segments: input.segments,
            at: input.at,
            timezone: input.timezone.filter(|t| !t.is_empty()),
            local_delivery: input.local_delivery,
            transactional: input.transactional,
            rrule,
            exdates,
            checklist: input.checklist,
            brief: input.brief,
            status: input.status,
        };
        let mi = match messages.iter().position(|m| m.id == id) {
            Some(mi) => {
                messages[mi] = message;
                mi
            }
            None => {
                messages.push(message);
                messages.len() - 1
            }
        };
        self.commit(
            next,
            &client_id,
            &format!("clients[{ci}].campaigns[{ki}].messages[{mi}]"),
            label,
            Changed::Messages {
                client: client_id.clone(),
                campaign: campaign_id.to_string(),
                ids: vec![id.clone()],
            },
        )?;
        Ok(self.saved(Some(id)))
    }

    /// What deleting `target` would take with it.
    pub fn delete_impact(&self, target: &EntityRef) -> Result<DeleteImpact, AppError> {
        delete_impact(&self.plan, target)
    }

    /// Delete `target` and what goes with it (see [`Desk::delete_impact`]).
    pub fn delete(&mut self, target: &EntityRef) -> Result<Saved, AppError> {
        let label = format!("Delete “{}”", delete_impact(&self.plan, target)?.name);
        let (next, client_id) = without_entity(&self.plan, target)?;
        if target.kind == EntityKind::Client {
            let snapshot = Snapshot::of_client(&self.plan, &client_id);
            self.store.delete_client(&target.id)?;
            self.plan = next;
            self.history.record(Step { label, snapshot });
            self.recheck(Changed::Everything)?;
        } else {
            let changed = match target.kind {
                EntityKind::Message => Changed::RemovedMessage(target.id.clone()),
                _ => Changed::Everything,
            };
            self.commit(next, &client_id, "", label, changed)?;
        }
        Ok(self.saved(None))
    }

    /// Replace the workspace with the sample agency or an empty one, around `today`.
    pub fn reset(&mut self, mode: ResetMode, today: NaiveDate) -> Result<Saved, AppError> {
        let next = match mode {
            ResetMode::Sample => sample_plan(today),
            ResetMode::Empty => empty_plan(today),
        };
        self.replace_whole(next, "Reset the workspace".to_string())?;
        Ok(self.saved(None))
    }

    /// Import the plan file at `path`. Everything is validated first; on any error nothing
    /// is written and the error names each problem's JSON path in the file.
    pub fn import_file(
        &mut self,
        path: &Path,
        mode: ImportMode,
    ) -> Result<ImportSummary, AppError> {
        let bytes = std::fs::read(path).map_err(|err| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot read {}: {err}", path.display()),
            )
            .with_file(path)
        })?;
        let incoming = parse_plan_bytes(&bytes).map_err(|err| plan_file_error(err, path))?;
        let summary = crate::merge::import(&self.plan, incoming, mode);
        let snapshot = Snapshot::Whole(Box::new(self.plan.clone()));
        self.store.replace_plan(&summary.plan).map_err(|err| {
            let err = AppError::from(err);
            if err.code == ErrorCode::InvalidInput {
                AppError {
                    message: format!(
                        "{} is a valid plan, but merging it would break the workspace (ids must be unique across clients); nothing was imported. Import it with \"replace\" or rename the ids.",
                        path.display()
                    ),
                    ..err
                }
                .with_file(path)
            } else {
                err
            }
        })?;
        self.plan = summary.plan.clone();
        self.history.record(Step {
            label: format!("Import {}", path.display()),
            snapshot,
        });
        self.recheck(Changed::Everything)?;
        Ok(ImportSummary {
            checks: self.checks(),
            history: self.history.state(),
            ..summary
        })
    }

    /// Write the workspace, or one client of it, as a plan file at `path`. The file is
    /// written next to its final place and renamed, so a failure never leaves half a file.
    pub fn export_file(&self, path: &Path, client_id: Option<&str>) -> Result<(), AppError> {
        let plan = match client_id {
            Some(id) => self.plan.only_client(id).ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, format!("no client with id \"{id}\""))
            })?,
            None => self.plan.clone(),
        };
        write_atomically(path, plan_to_json(&plan).as_bytes())
    }

    /// Undo the last action; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>, AppError> {
        let Some(step) = self.history.take_undo() else {
            return Ok(None);
        };
        let inverse = Step {
            label: step.label.clone(),
            snapshot: step.snapshot.capture_like(&self.plan),
        };
        match self.restore(&step.snapshot) {
            Ok(()) => {
                self.history.undone(inverse);
                Ok(Some(step.label))
            }
            Err(err) => {
                self.history.put_back_undo(step);
                Err(err)
            }
        }
    }

    /// Redo the last undone action; `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<String>, AppError> {
        let Some(step) = self.history.take_redo() else {
            return Ok(None);
        };
        let inverse = Step {
            label: step.label.clone(),
            snapshot: step.snapshot.capture_like(&self.plan),
        };
        match self.restore(&step.snapshot) {
            Ok(()) => {
                self.history.redone(inverse);
                Ok(Some(step.label))
            }
            Err(err) => {
                self.history.put_back_redo(step);
                Err(err)
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

    /// Put a snapshot back, in the store and in memory.
    fn restore(&mut self, snapshot: &Snapshot) -> Result<(), AppError> {
        let next = snapshot.restore_into(&self.plan);
        match snapshot {
            Snapshot::Whole(_) => self.store.replace_plan(&next)?,
            Snapshot::Client { id, .. } => {
                if next.client(id).is_some() {
                    self.store.save_client(&next, id)?;
                } else {
                    self.store.delete_client(id)?;
                }
            }
        }
        self.plan = next;
        self.recheck(Changed::Everything)
    }

    /// Replace the whole workspace as one undoable step.
    fn replace_whole(&mut self, next: Plan, label: String) -> Result<(), AppError> {
        let snapshot = Snapshot::Whole(Box::new(self.plan.clone()));
        self.store.replace_plan(&next)?;
        self.plan = next;
        self.history.record(Step { label, snapshot });
        self.recheck(Changed::Everything)
    }

    /// Write `next` (the workspace after an edit of `client_id`) and make it current, as one
    /// undoable step. Issues are made relative to `entity_path`.
    pub(crate) fn commit(
        &mut self,
        next: Plan,
        client_id: &str,
        entity_path: &str,
        label: String,
        changed: Changed,
    ) -> Result<(), AppError> {
        let snapshot = Snapshot::of_client(&self.plan, client_id);
        self.store
            .save_client(&next, client_id)
            .map_err(|err| relative_to(err.into(), entity_path))?;
        self.plan = next;
        self.history.record(Step { label, snapshot });
        self.recheck(changed)
    }

    /// Bring the engine up to date with `self.plan` after `changed`.
    fn recheck(&mut self, changed: Changed) -> Result<(), AppError> {
        let changes = match changed {
            Changed::Messages {
                client,
                campaign,
                ids,
            } => {
                let mut changes = Vec::new();
                for id in ids {
                    let message = self
                        .plan
                        .client(&client)
                        .and_then(|c| c.messages().find(|m| m.id == id))
                        .cloned()
                        .ok_or_else(|| not_found("message", &id))?;
                    changes.push(MessageChange::Upsert {
                        client: client.clone(),
                        campaign: campaign.clone(),
                        message: Box::new(message),
                    });
                }
                changes
            }
            Changed::RemovedMessage(id) => vec![MessageChange::Remove { message: id }],
            Changed::Everything => {
                self.engine = Engine::from_plan(&self.plan).map_err(engine_error)?;
                return Ok(());
            }
        };
        for change in changes {
            self.engine.apply(change).map_err(engine_error)?;
        }
        Ok(())
    }

    pub(crate) fn saved(&self, id: Option<String>) -> Saved {
        Saved {
            plan: self.plan.clone(),
            id,
            checks: self.checks(),
            history: self.history.state(),
        }
    }

    pub(crate) fn client_index(&self, id: &str) -> Result<usize, AppError> {
        position(&self.plan.clients, |c| &c.id, id, "client")
    }

    fn campaign_index(&self, id: &str) -> Result<(usize, usize), AppError> {
        for (ci, client) in self.plan.clients.iter().enumerate() {
            if let Some(ki) = client.campaigns.iter().position(|c| c.id == id) {
                return Ok((ci, ki));
            }
        }
        Err(not_found("campaign", id))
    }
}

/// The engine only fails on plans the store would not hold, or on bad requests.
pub(crate) fn engine_error(err: EngineError) -> AppError {
    let message = err.to_string();
    match err {
        EngineError::Invalid(issues) => AppError::invalid(message, issues),
        EngineError::UnknownClient(_)
        | EngineError::UnknownCampaign { .. }
        | EngineError::UnknownMessage(_) => AppError::new(ErrorCode::NotFound, message),
        _ => AppError::new(ErrorCode::InvalidInput, message),
    }
}

/// "New" for a create, "Edit" for an update.
fn verb(id: &Option<String>) -> &'static str {
    if id.is_some() {
        "Edit"
    } else {
        "New"
    }
}

pub(crate) fn not_found(kind: &str, id: &str) -> AppError {
    AppError::new(ErrorCode::NotFound, format!("no {kind} with id \"{id}\""))
}

fn position<T>(
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

/// Entities found by id in their lists.
trait HasId {
    fn id(&self) -> &String;
}

impl HasId for Client {
    fn id(&self) -> &String {
        &self.id
    }
}

impl HasId for Segment {
    fn id(&self) -> &String {
        &self.id
    }
}

impl HasId for Campaign {
    fn id(&self) -> &String {
        &self.id
    }
}

/// The index and id of the entity `id` names in `items` (not found is an error), or, for no
/// id, of a `blank` one appended under the id `new` gives.
fn find_or_append<T: HasId>(
    items: &mut Vec<T>,
    id: &Option<String>,
    kind: &str,
    new: impl FnOnce() -> String,
    blank: impl FnOnce(String) -> T,
) -> Result<(usize, String), AppError> {
    match id {
        Some(id) => Ok((position(items, |item| item.id(), id, kind)?, id.clone())),
        None => {
            let id = new();
            items.push(blank(id.clone()));
            Ok((items.len() - 1, id))
        }
    }
}

/// Write `bytes` to a temporary file beside `path`, then rename it into place.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let io = |err: std::io::Error| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot write {}: {err}", path.display()),
        )
        .with_file(path)
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io(std::io::Error::other("no file name")))?;
    let temp = dir.join(format!(".{}.partial", name.to_string_lossy()));
    std::fs::write(&temp, bytes).map_err(io)?;
    std::fs::rename(&temp, path).map_err(|err| {
        let _ = std::fs::remove_file(&temp);
        io(err)
    })
}
