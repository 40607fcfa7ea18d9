//! The types that cross the IPC boundary. The UI's TypeScript types are generated from these.

use std::collections::BTreeMap;

use cadence_model::{ChecklistItem, Client, MessageStatus, Plan, PlanIssue, Rule, RuleKind};

use crate::history::HistoryState;
use cadence_engine::Finding;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the UI shows on start and after every change.
#[derive(Debug, Clone, Serialize, TS)]
pub struct WorkspaceView {
    /// The whole workspace.
    pub plan: Plan,
    /// The database file, shown in the UI and in error dialogs.
    pub db_path: String,
    /// Violation totals (the records of one client come from `findings_page`).
    pub checks: CheckTotals,
    /// What undo and redo would do.
    pub history: HistoryState,
    /// The day the app treats as today (the calendar opens on it).
    #[ts(type = "string")]
    pub today: NaiveDate,
    /// The longest names, labels and notes validation accepts (the UI's `maxlength`).
    pub limits: cadence_model::limits::TextLimits,
    /// Ids of the sample clients still in the workspace (those Cadence seeded, in plan
    /// order): the UI marks them and offers to remove them.
    pub sample: Vec<String>,
}

/// How many guideline violations the plan has, in all and per client.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct CheckTotals {
    /// All violations.
    #[ts(type = "number")]
    pub total: usize,
    /// Client id -> its violations (clients without any are left out).
    #[ts(type = "Record<string, number>")]
    pub by_client: BTreeMap<String, usize>,
    /// Problems in all: message occurrences with at least one violation (one decision each,
    /// however many segments and rules it breaks).
    #[ts(type = "number")]
    pub problems: usize,
    /// Client id -> its problems (clients without any are left out).
    #[ts(type = "Record<string, number>")]
    pub problems_by_client: BTreeMap<String, usize>,
}

/// The reply to every change (save, delete, move, reset, undo, redo): what changed in the
/// workspace, the id of what was saved or created (if one thing was), violation totals and
/// undo state.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Saved {
    /// What changed in the workspace; the UI applies it to its copy. An edit of one client
    /// sends that client only, so the reply stays small however big the workspace is.
    pub change: PlanChange,
    /// The id of the saved, created or moved entity, if the change was about one.
    pub id: Option<String>,
    /// Violation totals after the change.
    pub checks: CheckTotals,
    /// What undo and redo would do now.
    pub history: HistoryState,
    /// Ids of the sample clients still in the workspace, in plan order.
    pub sample: Vec<String>,
}

/// What a change did to the workspace, for the UI's copy of it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanChange {
    /// The whole workspace (reset, import, a restored backup, a reload, undo of those).
    Whole {
        /// The workspace after the change.
        plan: Plan,
    },
    /// One client, new or changed: any client with its id is replaced by it, at `index` of
    /// the client list (or at the end, if the list is shorter).
    Client {
        /// Its position in the client list.
        index: u32,
        /// The client after the change.
        #[serde(serialize_with = "cadence_model::shared::serialize")]
        #[ts(as = "Client")]
        client: std::sync::Arc<Client>,
    },
    /// The client with this id was removed.
    Removed {
        /// The removed client's id.
        id: String,
    },
}

impl PlanChange {
    /// `plan` with this change applied (what the UI does with it).
    pub fn apply_to(&self, plan: &Plan) -> Plan {
        match self {
            PlanChange::Whole { plan } => plan.clone(),
            PlanChange::Client { index, client } => {
                let mut next = plan.clone();
                next.clients.retain(|c| c.id != client.id);
                let at = (*index as usize).min(next.clients.len());
                next.clients.insert(at, client.clone());
                next
            }
            PlanChange::Removed { id } => {
                let mut next = plan.clone();
                next.clients.retain(|c| &c.id != id);
                next
            }
        }
    }
}

/// Which of a client's findings to send: the first few of every segment, more of some.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct FindingsQuery {
    /// Findings per segment (the earliest, in the spec's order).
    pub per_segment: u32,
    /// Segments the planner asked to see more of, with how many to send for each.
    #[serde(default)]
    pub more: BTreeMap<String, u32>,
}

/// One segment's findings: how many it has, and the first of them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SegmentFindings {
    /// Segment id.
    pub segment: String,
    /// Its violations in all.
    pub total: u32,
    /// The first of them with the engine's explanations, in the spec's order.
    pub findings: Vec<Finding>,
    /// For each of `findings`: whether it came with the desk's last change.
    pub new: Vec<bool>,
}

/// One problem (a message occurrence and what it breaks) as the violations panel lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ProblemView {
    /// The engine's grouping of the occurrence's violation records.
    pub problem: cadence_engine::Problem,
    /// The occurrence's wall time in the message's zone: "2026-11-14 22:30 CET".
    pub local: String,
    /// Whether any of its violations came with the desk's last change.
    pub new: bool,
}

/// A client's findings as the violations panel shows them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FindingsPage {
    /// The client's violations in all.
    pub total: u32,
    /// The client's problems in all (message occurrences with violations).
    pub problem_total: u32,
    /// The first problems: those that came with the last change first, then by time.
    pub problems: Vec<ProblemView>,
    /// Why violations marked new are new: "New since you moved “X” to Tue 17 Nov 10:00"
    /// (`None` when none is).
    pub cause: Option<String>,
    /// The segments with violations, in plan order.
    pub segments: Vec<SegmentFindings>,
}

/// What a drag moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MoveScope {
    /// The whole series shifts by the same amount.
    Series,
    /// Only this occurrence: it becomes a message of its own, the series skips it.
    Occurrence,
}

/// Reschedule a message (or one occurrence of it) to a new wall time.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MoveRequest {
    /// Message id.
    pub message: String,
    /// The occurrence that was dragged (0 for a single message).
    pub occurrence: u32,
    /// Its new wall time in `timezone` ("2026-11-20T14:00:00").
    #[ts(type = "string")]
    pub to: chrono::NaiveDateTime,
    /// The zone the calendar shows (the client's or a segment's).
    pub timezone: String,
    /// Series or just this occurrence (ignored for a single message).
    pub scope: MoveScope,
}

/// What a move would leave its client with, for one scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MoveOutcome {
    /// The client's violations after the move.
    pub violations: u32,
    /// Rules broken more often than now.
    pub worse: Vec<RuleKind>,
    /// Rules broken less often than now.
    pub better: Vec<RuleKind>,
}

/// What a move would do, worked out by the engine before the planner chooses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MovePreview {
    /// The client's violations now.
    pub violations: u32,
    /// Moving only this occurrence (`None` for a message that does not repeat).
    pub occurrence: Option<MoveOutcome>,
    /// Shifting the whole series (or moving the single message).
    pub series: MoveOutcome,
}

/// A client's own fields. `id: None` creates a client; `checklist`/`rules` `None` keeps what
/// the client has (a new client gets the default checklist and no rules).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ClientInput {
    /// Existing id, or `None` to create.
    #[serde(default)]
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// IANA time zone.
    pub timezone: String,
    /// Replacement checklist, if editing it.
    #[serde(default)]
    pub checklist: Option<Vec<ChecklistItem>>,
    /// Replacement rules, if editing them.
    #[serde(default)]
    pub rules: Option<Vec<Rule>>,
}

/// A segment's fields. `id: None` creates one in `client_id`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SegmentInput {
    /// Existing id, or `None` to create.
    #[serde(default)]
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// Enclosing segment of the same client.
    #[serde(default)]
    pub parent: Option<String>,
    /// IANA time zone, `None` for the client's.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Number of people.
    #[serde(default)]
    #[ts(type = "number")]
    pub size: u64,
    /// Consented channel ids.
    #[serde(default)]
    pub opt_in: Vec<String>,
    /// Interests.
    #[serde(default)]
    pub interests: Vec<String>,
    /// Shared values.
    #[serde(default)]
    pub values: Vec<String>,
    /// Replacement rules, if editing them (`None` keeps them).
    #[serde(default)]
    pub rules: Option<Vec<Rule>>,
}

/// A campaign's own fields. `id: None` creates one in `client_id`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CampaignInput {
    /// Existing id, or `None` to create.
    #[serde(default)]
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// What it is for.
    #[serde(default)]
    pub objective: String,
    /// First day.
    #[serde(default)]
    pub start: Option<NaiveDate>,
    /// Last day.
    #[serde(default)]
    pub end: Option<NaiveDate>,
}

/// A message's fields. `id: None` creates one in `campaign_id`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MessageInput {
    /// Existing id, or `None` to create.
    #[serde(default)]
    pub id: Option<String>,
    /// Title.
    pub title: String,
    /// Channel id.
    pub channel: String,
    /// Directly targeted segment ids.
    pub segments: Vec<String>,
    /// Local wall time of the first occurrence ("2026-03-03T09:00:00").
    #[ts(type = "string")]
    pub at: NaiveDateTime,
    /// IANA time zone, `None` for the client's.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Deliver in each segment's own time zone.
    #[serde(default)]
    pub local_delivery: bool,
    /// Service message the customer asked for.
    #[serde(default)]
    pub transactional: bool,
    /// RRULE, `None` for a single occurrence.
    #[serde(default)]
    pub rrule: Option<String>,
    /// Checklist answers.
    #[serde(default)]
    pub checklist: std::collections::BTreeMap<String, bool>,
    /// Brief.
    #[serde(default)]
    pub brief: String,
    /// Status.
    #[serde(default)]
    pub status: MessageStatus,
}

impl From<&cadence_model::Message> for MessageInput {
    /// The editor's input that saves `message` as it is (its skipped occurrences stay).
    fn from(message: &cadence_model::Message) -> Self {
        MessageInput {
            id: Some(message.id.clone()),
            title: message.title.clone(),
            channel: message.channel.clone(),
            segments: message.segments.clone(),
            at: message.at,
            timezone: message.timezone.clone(),
            local_delivery: message.local_delivery,
            transactional: message.transactional,
            rrule: message.rrule.clone(),
            checklist: message.checklist.clone(),
            brief: message.brief.clone(),
            status: message.status,
        }
    }
}

/// Which kind of entity a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A client.
    Client,
    /// A segment.
    Segment,
    /// A campaign.
    Campaign,
    /// A message.
    Message,
}

/// A reference to one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct EntityRef {
    /// Its kind.
    pub kind: EntityKind,
    /// Its id.
    pub id: String,
}

/// What deleting an entity takes with it, so the UI can ask first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct DeleteImpact {
    /// Display name of the entity itself.
    pub name: String,
    /// Names of segments deleted with it (sub-segments, or a client's segments).
    pub segments: Vec<String>,
    /// Names of campaigns deleted with it.
    pub campaigns: Vec<String>,
    /// Titles of messages deleted with it (including messages left with no target).
    pub messages: Vec<String>,
    /// Titles of messages that keep other targets but lose this one.
    pub retargeted: Vec<String>,
}

impl DeleteImpact {
    /// True when nothing else goes with the entity.
    pub fn is_alone(&self) -> bool {
        self.segments.is_empty()
            && self.campaigns.is_empty()
            && self.messages.is_empty()
            && self.retargeted.is_empty()
    }
}

/// How an imported plan file meets the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Clients and channels in the file replace those with the same id; others are kept.
    Merge,
    /// The workspace becomes the file.
    Replace,
}

/// What an import did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportSummary {
    /// The workspace after the import.
    pub plan: Plan,
    /// Names of clients added.
    pub added: Vec<String>,
    /// Names of clients replaced.
    pub replaced: Vec<String>,
    /// Said when a merge changed the workspace's horizon (to cover the file's clients).
    pub horizon_note: Option<String>,
    /// The backup taken before the import (its file name), if the workspace had anything.
    pub backup: Option<String>,
    /// Violation totals after the import.
    pub checks: CheckTotals,
    /// What undo and redo would do now.
    pub history: HistoryState,
}

/// A backup of the workspace, as the Restore dialog lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BackupView {
    /// Its file name: what restoring it asks for.
    pub name: String,
    /// When it was taken, UTC (RFC 3339).
    #[ts(type = "string")]
    pub taken_at: chrono::DateTime<chrono::Utc>,
    /// Why it was taken, for people: "Before importing a plan file".
    pub reason: String,
    /// Its size in bytes.
    pub size: u64,
}

/// What to reset the workspace to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ResetMode {
    /// The sample agency.
    Sample,
    /// No clients, the default channels.
    Empty,
}

/// The closed set of error codes the UI acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input breaks a plan rule; `issues` say where.
    InvalidInput,
    /// The entity does not exist (any more).
    NotFound,
    /// The database file is not a Cadence database or is damaged.
    DatabaseDamaged,
    /// Another program holds the database.
    DatabaseLocked,
    /// The database was written by a newer Cadence.
    DatabaseTooNew,
    /// The database is readable, but the workspace in it breaks this Cadence's limits or
    /// rules (stored by another tool or an older Cadence); backups and plan files get it out.
    WorkspaceRejected,
    /// Reading or writing a file failed.
    Io,
    /// The user cancelled a long action; nothing was written.
    Cancelled,
    /// Another program (the CLI, another window, a sync tool) changed the workspace since
    /// Cadence read it: the action was refused, nothing was written, and the desk reloaded
    /// the workspace (ask for it again and show the message).
    StaleWorkspace,
    /// Anything else: a bug.
    Internal,
}

/// The one error the UI receives.
#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    /// What kind of failure.
    pub code: ErrorCode,
    /// For people: what happened and what to do.
    pub message: String,
    /// For invalid input: each problem, with a path relative to the edited entity
    /// (`parent`, `segments[1]`) or, for plan files, the JSON path in the file.
    pub issues: Vec<PlanIssue>,
    /// The file involved, if any (the database, an imported plan).
    pub file: Option<String>,
}

/// What File → Export… can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// CSV: one row per engine touch (segment, message, occurrence).
    Touches,
    /// CSV: one row per message occurrence at one instant.
    Schedule,
    /// CSV: one row per violation record, with its explanation.
    Violations,
    /// CSV: one row per message.
    Messages,
    /// An RFC 5545 calendar (one client).
    Ics,
    /// The typeset report (one client).
    Pdf,
}

/// Paper size of the PDF report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaperSize {
    /// ISO A4.
    #[default]
    A4,
    /// US Letter.
    Letter,
}

/// An export as the planner chose it in the Export dialog (also what is remembered for the
/// next one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    /// What to write.
    pub format: ExportFormat,
    /// One client by id; `None` for every client (CSV tables only).
    #[serde(default)]
    pub client: Option<String>,
    /// Only this segment of the client (its touches include inherited ones).
    #[serde(default)]
    pub segment: Option<String>,
    /// First day ("2027-01-01"); `None` for the horizon's start.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub from: Option<NaiveDate>,
    /// Day after the last (exclusive); `None` for the horizon's end.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub to: Option<NaiveDate>,
    /// Paper size (PDF only).
    #[serde(default)]
    pub paper: PaperSize,
    /// CSV for scripts: no byte order mark, no `'` before formula-like cells (CSV only).
    #[serde(default)]
    pub plain: bool,
}

/// A finished export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportDone {
    /// The file written.
    pub path: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// One line for people: "PDF report, 14 pages", "412 rows".
    pub summary: String,
}

/// How far an export has got, sent as `export-progress` events while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExportProgress {
    /// The stage, for people: "Reading the plan", "Typesetting", "Writing".
    pub stage: String,
    /// Stages done before this one (0-based).
    pub step: u32,
    /// Stages in all.
    pub steps: u32,
}

/// A sample client still in the workspace, as the "Remove sample clients" dialog lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SampleClient {
    /// Client id.
    pub id: String,
    /// Its name now.
    pub name: String,
    /// Whether it differs from the sample as Cadence seeded it (the planner edited it).
    pub edited: bool,
}

/// What "Remove sample clients" would remove and keep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SampleData {
    /// The sample clients still in the workspace, in plan order.
    pub clients: Vec<SampleClient>,
    /// How many of the planner's own clients stay.
    pub kept: u32,
}

/// One rule kind and how many violations of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuleCount {
    /// The rule's kind.
    pub rule: RuleKind,
    /// Its violations.
    pub count: u32,
}

/// A message's guideline violations over every segment it reaches: what the message editor
/// shows for the message as stored, or for the draft being edited.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MessageFindings {
    /// Every violation of its touches.
    pub total: u32,
    /// Per rule kind, in the rules' order.
    pub rules: Vec<RuleCount>,
    /// The first of them with the engine's explanations (as the violations panel words
    /// them), in the spec's order.
    pub findings: Vec<Finding>,
}

impl From<cadence_engine::MessageFindings> for MessageFindings {
    fn from(found: cadence_engine::MessageFindings) -> Self {
        MessageFindings {
            total: found.total as u32,
            rules: found
                .by_rule
                .into_iter()
                .map(|(rule, count)| RuleCount {
                    rule,
                    count: count as u32,
                })
                .collect(),
            findings: found.findings,
        }
    }
}
