//! The desk: the open workspace and every action the app offers on it.
//!
//! Each action builds the next plan from the current one, lets the store validate and write it
//! in one transaction, and only then makes it current: a failed action changes nothing.

use std::path::Path;

use cadence_engine::{
    Bucket, CadenceSummary, Engine, EngineError, Finding, MessageChange, Period, SuggestRequest,
    Suggestion, SummaryRequest,
};
use cadence_model::sample::{empty_plan, sample_plan};
use cadence_model::time::{local_to_utc, parse_timezone};
use cadence_model::{
    default_checklist, parse_plan_bytes, plan_to_json, Campaign, Client, Message, Plan, Segment,
};
use cadence_store::Store;
use chrono::{DateTime, NaiveDate, Utc};

use crate::cause::{cause_of, client_keys, LastChange};
use crate::errors::{plan_file_error, relative_to};
use crate::history::{History, HistoryState, Snapshot, Step};
use crate::ids::{new_id, new_id_avoiding};
use crate::impact::{delete_impact, without_entity};
use crate::ipc::*;

/// Most findings of one segment a page may carry.
pub const MAX_FINDINGS_PER_SEGMENT: u32 = 5_000;
/// Problems a findings page lists (it counts them all).
pub const PROBLEMS_LISTED: usize = 50;

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
    /// What the last change reached, for the reply ([`Desk::saved`]).
    pub(crate) reach: Reach,
    /// The last change of a client and its violations before it: what new violations are
    /// "new since" (cleared by undo, redo and anything that replaces the workspace).
    pub(crate) last_change: Option<LastChange>,
}

/// What a change reached: one client, or (when in doubt) the whole workspace.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reach {
    /// The client with this id (changed, added or removed).
    Client(String),
    /// Anything else.
    Whole,
}

/// A message worked out from the editor's input, not yet written.
pub(crate) struct DraftMessage {
    /// Index of its client in the plan.
    pub client: usize,
    /// Index of its campaign in the client.
    pub campaign: usize,
    /// Its index in the campaign when it exists (an edit), `None` for a new message.
    pub existing: Option<usize>,
    /// The message as it would be saved.
    pub message: Message,
    /// The undo label of saving it.
    pub label: String,
}

/// How to put the engine back after a change that was not written.
enum EngineUndo {
    /// The engine before the change.
    Replace(Box<Engine>),
    /// Changes that undo the applied ones, in the order they were applied.
    Apply(Vec<MessageChange>),
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
        let mut desk = Desk {
            store,
            plan,
            history: History::default(),
            engine,
            today,
            reach: Reach::Whole,
            last_change: None,
        };
        if let Some(seeded) = seeded {
            desk.mark_sample(&seeded, today)?;
        }
        Ok(desk)
    }

    /// The database file.
    pub fn db_path(&self) -> &Path {
        self.store.path()
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
            limits: cadence_model::limits::TEXT_LIMITS,
            sample: self.sample_ids(),
        }
    }

    /// Violation totals, in all and per client.
    pub fn checks(&self) -> CheckTotals {
        let problems_by_client = self.engine.client_problem_counts();
        CheckTotals {
            total: self.engine.violation_count(),
            by_client: self.engine.client_violation_counts(),
            problems: problems_by_client.values().sum(),
            problems_by_client,
        }
    }

    /// Every violation of one client with its explanation, in the spec's order.
    pub fn client_findings(&self, client_id: &str) -> Result<Vec<Finding>, AppError> {
        self.client_index(client_id)?;
        Ok(self.engine.report(Some(client_id)).findings)
    }

    /// The plan warnings of one client (ARCHITECTURE.md, decisions): a message with
    /// occurrences outside its campaign's dates, a segment bigger than its parent, consent a
    /// parent lacks. Things that are probably mistakes but break no guideline; occurrences
    /// are counted over the engine's period (the horizon).
    pub fn plan_warnings(
        &self,
        client_id: &str,
    ) -> Result<Vec<cadence_engine::PlanWarning>, AppError> {
        self.client_index(client_id)?;
        Ok(cadence_engine::plan_warnings(
            &self.plan,
            Some(client_id),
            self.engine.period(),
        ))
    }

    /// The first findings of each of `client_id`'s segments with violations (more for the
    /// segments `query.more` names), with each segment's total, and the client's problems
    /// (violations grouped by message occurrence, see [`Desk::problems`]): what the
    /// violations panel shows. The findings cost the same however many violations there are;
    /// the grouping is one pass over the client's records.
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
        let (problem_total, problems) = self.problems(client_id, PROBLEMS_LISTED)?;
        let last = self
            .last_change
            .as_ref()
            .filter(|last| last.client == client_id);
        let mut page = FindingsPage {
            total: 0,
            problem_total,
            cause: None,
            problems,
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
                let new: Vec<bool> = findings
                    .iter()
                    .map(|f| last.is_some_and(|last| last.is_new(&f.violation)))
                    .collect();
                page.segments.push(SegmentFindings {
                    segment: segment.id.clone(),
                    total: total as u32,
                    findings,
                    new,
                });
            }
        }
        let any_new = page.problems.iter().any(|p| p.new)
            || page.segments.iter().any(|s| s.new.contains(&true));
        page.cause = last.filter(|_| any_new).map(|last| last.cause.clone());
        Ok(page)
    }

    /// The checked plan.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Times for `message_id` flagged at `after` (for `fix`, the flagged rules; empty: all
    /// it breaks there) in the segments it reaches (or only `segment` and its
    /// sub-segments): the earliest clean slots and the engine's offers (nearest earlier and
    /// later, earliest clean, other days). Earlier offers never go before the start of the
    /// desk's today (UTC): a planner is not offered the past.
    pub fn suggest(
        &self,
        message_id: &str,
        segment: Option<String>,
        after: DateTime<Utc>,
        fix: Vec<cadence_model::RuleKind>,
    ) -> Result<Suggestion, AppError> {
        let mut request = SuggestRequest::new(message_id, after);
        request.segment = segment;
        request.fix = fix;
        request.not_before = Some(self.today.and_time(chrono::NaiveTime::MIN).and_utc());
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
        Period::new(from, to).map_err(engine_error)?;
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
        let reserved = self.reserved_client_ids();
        let new = || new_id_avoiding(&self.plan, EntityKind::Client, &input.name, &reserved);
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

    /// Create or update a message of `campaign_id`. Saving a message exactly as it is
    /// writes nothing and adds no undo step (the reply is the workspace as it is).
    pub fn save_message(
        &mut self,
        campaign_id: &str,
        input: MessageInput,
    ) -> Result<Saved, AppError> {
        let draft = self.draft_message(campaign_id, input)?;
        let (ci, ki) = (draft.client, draft.campaign);
        let client_id = self.plan.clients[ci].id.clone();
        let id = draft.message.id.clone();
        if draft
            .existing
            .is_some_and(|mi| self.plan.clients[ci].campaigns[ki].messages[mi] == draft.message)
        {
            return Ok(self.saved(Some(id)));
        }
        let mut next = self.plan.clone();
        let messages = &mut next.clients[ci].campaigns[ki].messages;
        let mi = match draft.existing {
            Some(mi) => {
                messages[mi] = draft.message;
                mi
            }
            None => {
                messages.push(draft.message);
                messages.len() - 1
            }
        };
        self.commit(
            next,
            &client_id,
            &format!("clients[{ci}].campaigns[{ki}].messages[{mi}]"),
            draft.label,
            Changed::Messages {
                client: client_id.clone(),
                ids: vec![id.clone()],
            },
        )?;
        Ok(self.saved(Some(id)))
    }

    /// The message `input` makes in `campaign_id`, worked out from the current plan but not
    /// written: what [`Desk::save_message`] saves and the editor's preview checks.
    pub(crate) fn draft_message(
        &self,
        campaign_id: &str,
        input: MessageInput,
    ) -> Result<DraftMessage, AppError> {
        let (ci, ki) = self.campaign_index(campaign_id)?;
        let messages = &self.plan.clients[ci].campaigns[ki].messages;
        let (id, existing) = match &input.id {
            Some(id) => {
                // A message may only be edited in its own campaign.
                let mi = position(messages, |m| &m.id, id, "message")?;
                (id.clone(), Some(mi))
            }
            None => (new_id(&self.plan, EntityKind::Message, &input.title), None),
        };
        let label = format!("{} message “{}”", verb(&input.id), input.title);
        let rrule = input
            .rrule
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        // Skipped occurrences stay only while they still name occurrences of the series.
        let exdates = existing
            .map(|mi| &messages[mi])
            .filter(|m| m.at == input.at && m.rrule == rrule)
            .map(|m| m.exdates.clone())
            .unwrap_or_default();
        // The editor sends an answer for every checklist item; a "no" to an item the message
        // never answered stays unanswered (they score the same), so an unchanged form is an
        // unchanged message.
        let mut checklist = input.checklist;
        if let Some(old) = existing.map(|mi| &messages[mi]) {
            checklist.retain(|item, yes| *yes || old.checklist.contains_key(item));
        }
        let message = Message {
            id,
            title: input.title,
            channel: input.channel,
            segments: input.segments,
            at: input.at,
            timezone: input.timezone.filter(|t| !t.is_empty()),
            local_delivery: input.local_delivery,
            transactional: input.transactional,
            rrule,
            exdates,
            checklist,
            brief: input.brief,
            status: input.status,
        };
        Ok(DraftMessage {
            client: ci,
            campaign: ki,
            existing,
            message,
            label,
        })
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
            let engine = Engine::from_plan(&next).map_err(engine_error)?;
            if let Err(err) = self.store.delete_client(&target.id) {
                return Err(self.after_failed_write(err.into()));
            }
            self.plan = next;
            self.reach = Reach::Client(client_id);
            self.engine = engine;
            self.history.record(Step { label, snapshot });
            self.last_change = None;
        } else {
            let changed = match target.kind {
                EntityKind::Message => Changed::RemovedMessage(target.id.clone()),
                _ => Changed::Everything,
            };
            self.commit(next, &client_id, "", label, changed)?;
        }
        Ok(self.saved(None))
    }

    /// Replace the workspace with the sample agency or an empty one, around `today`, after a
    /// backup taken at `now`.
    pub fn reset(
        &mut self,
        mode: ResetMode,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Saved, AppError> {
        let next = match mode {
            ResetMode::Sample => sample_plan(today),
            ResetMode::Empty => empty_plan(today),
        };
        self.store.backup(now, "before-reset")?;
        self.replace_whole(next.clone(), "Reset the workspace".to_string())?;
        if mode == ResetMode::Sample {
            self.mark_sample(&next, today)?;
        }
        Ok(self.saved(None))
    }

    /// The backups of this database, newest first.
    pub fn backups(&self) -> Result<Vec<BackupView>, AppError> {
        Ok(cadence_store::list_backups(self.store.path())?
            .into_iter()
            .map(backup_view)
            .collect())
    }

    /// Put the backup named `name` (as [`Desk::backups`] lists it) in place of the
    /// workspace, after a backup of the current one taken at `now`. A backup whose workspace
    /// this Cadence cannot load is refused and the workspace is put back as it was. Clears
    /// undo: the restored workspace is a new start.
    pub fn restore_backup(&mut self, name: &str, now: DateTime<Utc>) -> Result<Saved, AppError> {
        let backup = cadence_store::list_backups(self.store.path())?
            .into_iter()
            .find(|b| b.path.file_name().is_some_and(|n| n == name))
            .ok_or_else(|| not_found("backup", name))?;
        let before = self.store.restore(&backup.path, now)?;
        let loaded = self
            .store
            .load_plan()
            .map_err(AppError::from)
            .and_then(|plan| {
                let engine = Engine::from_plan(&plan).map_err(engine_error)?;
                Ok((plan, engine))
            });
        match loaded {
            Ok((plan, engine)) => {
                self.plan = plan;
                self.reach = Reach::Whole;
                self.engine = engine;
                self.history = History::default();
                self.last_change = None;
                Ok(self.saved(None))
            }
            Err(err) => {
                self.store.restore(&before.path, now)?;
                Err(AppError {
                    message: format!(
                        "The backup {name} holds a workspace this Cadence cannot open ({}); the workspace was left as it was.",
                        err.message
                    ),
                    ..err
                })
            }
        }
    }

    /// Import a plan file's `bytes` (read by the caller from `path`, which names the file in
    /// messages and backups), after a backup taken at `now`. Everything is validated first;
    /// on any error nothing is written and the error names each problem's JSON path in the
    /// file. The merge reads the database as it is now, under its write lock, so a change
    /// another program made meanwhile is kept.
    pub fn import_plan_file(
        &mut self,
        bytes: &[u8],
        path: &Path,
        mode: ImportMode,
        now: DateTime<Utc>,
    ) -> Result<ImportSummary, AppError> {
        let incoming = parse_plan_bytes(bytes).map_err(|err| plan_file_error(err, path))?;
        let snapshot = Snapshot::Whole(Box::new(self.plan.clone()));
        let (summary, engine) = import_plan(&mut self.store, incoming, mode, path, now)
            .map_err(|err| self.after_failed_write(err))?;
        self.plan = summary.plan.clone();
        self.reach = Reach::Whole;
        self.engine = engine;
        self.last_change = None;
        self.history.record(Step {
            label: format!("Import {}", path.display()),
            snapshot,
        });
        Ok(ImportSummary {
            checks: self.checks(),
            history: self.history.state(),
            ..summary
        })
    }

    /// The workspace, or one client of it, as a plan file's text (the caller writes it).
    pub fn plan_file(&self, client_id: Option<&str>) -> Result<String, AppError> {
        let plan = match client_id {
            Some(id) => self.plan.only_client(id).ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, format!("no client with id \"{id}\""))
            })?,
            None => self.plan.clone(),
        };
        Ok(plan_to_json(&plan))
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
                Err(self.after_failed_write(err))
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
                Err(self.after_failed_write(err))
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

    /// Put a snapshot back, in the store and in memory (the engine is built first).
    fn restore(&mut self, snapshot: &Snapshot) -> Result<(), AppError> {
        let next = snapshot.restore_into(&self.plan);
        let engine = Engine::from_plan(&next).map_err(engine_error)?;
        match snapshot {
            Snapshot::Whole(_) => self.store.replace_plan(&next)?,
            Snapshot::Client { id, .. } => {
                if next.client(id).is_some() {
                    self.store.save_client_edit(&self.plan, &next, id)?;
                } else {
                    self.store.delete_client(id)?;
                }
            }
        }
        self.plan = next;
        self.reach = match snapshot {
            Snapshot::Whole(_) => Reach::Whole,
            Snapshot::Client { id, .. } => Reach::Client(id.clone()),
        };
        self.engine = engine;
        self.last_change = None;
        Ok(())
    }

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

    /// If another program (the CLI, another window, a sync tool) changed the workspace since
    /// the desk last read or wrote it, read it again, rebuild the engine and clear undo and
    /// redo (their steps were taken from the older workspace and could put back what the
    /// other program removed, or remove what it added); returns the reloaded workspace, or
    /// `None` when nothing changed. Cheap when nothing changed (`PRAGMA data_version`), so
    /// the app can ask every second or two.
    ///
    /// The stored workspace is compared with the desk's, not only its revision, so a tool that
    /// writes the tables without bumping the revision (plain SQL) is noticed too.
    pub fn refresh_if_changed(&mut self) -> Result<Option<Saved>, AppError> {
        if !self.store.changed_by_others()? {
            return Ok(None);
        }
        let stale = self.store.is_stale()?;
        let plan = self.store.load_plan()?;
        if !stale && plan == self.plan {
            // A history import, or a write that left the workspace as it was.
            return Ok(None);
        }
        self.take_reloaded(plan)?;
        Ok(Some(self.saved(None)))
    }

    /// Read the stored workspace again and start undo afresh. A stored workspace the engine
    /// cannot load is reported and the desk keeps what it had.
    fn reload(&mut self) -> Result<(), AppError> {
        let plan = self.store.load_plan()?;
        self.take_reloaded(plan)
    }

    /// Make `plan`, just read from the store, current; undo starts afresh.
    fn take_reloaded(&mut self, plan: Plan) -> Result<(), AppError> {
        let path = self.store.path().to_path_buf();
        let engine = Engine::from_plan(&plan).map_err(|err| unloadable(err, &path))?;
        self.plan = plan;
        self.reach = Reach::Whole;
        self.engine = engine;
        self.history = History::default();
        self.last_change = None;
        Ok(())
    }

    /// After a write that failed (and changed nothing): if it was refused because another
    /// program wrote first, reload, so the screen shows what is stored and the next action
    /// starts from it. The refusal is returned either way (or why the reload failed).
    fn after_failed_write(&mut self, err: AppError) -> AppError {
        if err.code != ErrorCode::StaleWorkspace {
            return err;
        }
        match self.reload() {
            Ok(()) => err,
            Err(reload) => reload,
        }
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

    /// Check the current plan afresh (after an engine change could not be put back).
    pub(crate) fn rebuild_engine(&mut self) -> Result<(), AppError> {
        self.engine = Engine::from_plan(&self.plan).map_err(engine_error)?;
        Ok(())
    }

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

/// Import `incoming` into the workspace of `store` (merge or replace), as the CLI and the app
/// do: a backup first (taken at `now`, when there is a workspace to lose), then, under one
/// write lock, the stored workspace is read, merged and checked by the engine before it is
/// written. A new database simply takes the file. Returns what was done and the engine of
/// the new workspace. Works on a workspace the engine rejects when `mode` is replace: the
/// way out of a broken database.
pub fn import_plan(
    store: &mut Store,
    incoming: Plan,
    mode: ImportMode,
    source: &Path,
    now: DateTime<Utc>,
) -> Result<(ImportSummary, Engine), AppError> {
    let backup = if store.has_workspace()? {
        let reason = match mode {
            ImportMode::Merge => "before-import",
            ImportMode::Replace => "before-replace",
        };
        let taken = store.backup(now, reason)?;
        taken
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    } else {
        None
    };
    let mut done = None;
    let written = store.update_plan(|current| -> Result<Plan, AppError> {
        let summary = crate::merge::import(current.as_ref(), incoming, mode);
        let engine = Engine::from_plan(&summary.plan).map_err(engine_error)?;
        let plan = summary.plan.clone();
        done = Some((summary, engine));
        Ok(plan)
    });
    if let Err(err) = written {
        return Err(
            if err.code == ErrorCode::InvalidInput && mode == ImportMode::Merge {
                AppError {
                message: format!(
                    "{} is a valid plan, but merging it into the workspace would break the plan rules (ids unique across clients, the horizon's length, the plan's size); nothing was imported. Import it with \"replace\", or change the file.",
                    source.display()
                ),
                ..err
            }
            .with_file(source)
            } else {
                err
            },
        );
    }
    let (summary, engine) = done.expect("a written import has its summary");
    Ok((ImportSummary { backup, ..summary }, engine))
}

/// A backup as the UI lists it.
pub fn backup_view(backup: cadence_store::Backup) -> BackupView {
    let reason = match backup.reason.as_str() {
        "before-import" => "Before importing a plan file",
        "before-replace" => "Before replacing the workspace with a plan file",
        "before-reset" => "Before resetting the workspace",
        crate::sample::BEFORE_REMOVE_SAMPLE => "Before removing the sample clients",
        "before-restore" => "Before restoring a backup",
        "before-history-import" => "Before importing campaign history",
        other => other,
    }
    .to_string();
    BackupView {
        name: backup
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        taken_at: backup.taken_at,
        reason,
        size: backup.size,
    }
}

/// A stored workspace the engine cannot load: named, with the ways out.
fn unloadable(err: EngineError, path: &Path) -> AppError {
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
