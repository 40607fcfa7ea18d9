//! The desk commands of the list, one function each, named as the command: what every front
//! end (the Tauri shell, the browser tests' bridge) runs for them. Each takes the desk (or,
//! for a read, the current state: [`Current`], which a front end may take from a published
//! snapshot while a write runs, see [`super::Serve`]), the [`Clock`] its caller read, and
//! the command's arguments.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::*;
use crate::drafts::{CampaignDraftCheck, DraftCheck, MessageDraftCheck, ParentChoice};
use crate::typed::{TypedDate, TypedWhen};
use crate::{
    AppError, CadenceSummary, CalendarPage, Current, DeleteImpact, Desk, ErrorCode, ExportRequest,
    FindingsPage, MessageFindings, MovePreview, PlanWarning, SampleData, Saved, Shade, Suggestion,
    WorkspaceView,
};

/// The moment a command runs in, read by the caller (the desk never reads the clock).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clock {
    /// The app's today (what the desk's "today" means for new plans and the sample).
    pub today: NaiveDate,
    /// Now, for the backups and export stamps actions take.
    pub now: DateTime<Utc>,
}

/// The whole workspace and the database path.
pub fn workspace(desk: &mut Desk, _: Clock, _: WorkspaceArgs) -> Result<WorkspaceView, AppError> {
    Ok(desk.view())
}

/// Create or update a client.
pub fn save_client(desk: &mut Desk, _: Clock, a: SaveClientArgs) -> Result<Saved, AppError> {
    desk.save_client(a.input)
}

/// Create or update a segment.
pub fn save_segment(desk: &mut Desk, _: Clock, a: SaveSegmentArgs) -> Result<Saved, AppError> {
    desk.save_segment(&a.client_id, a.input)
}

/// Create or update a campaign.
pub fn save_campaign(desk: &mut Desk, _: Clock, a: SaveCampaignArgs) -> Result<Saved, AppError> {
    desk.save_campaign(&a.client_id, a.input)
}

/// Create or update a message.
pub fn save_message(desk: &mut Desk, _: Clock, a: SaveMessageArgs) -> Result<Saved, AppError> {
    desk.save_message(&a.campaign_id, a.input)
}

/// What deleting an entity takes with it.
pub fn delete_impact(
    desk: &Current,
    _: Clock,
    a: DeleteImpactArgs,
) -> Result<DeleteImpact, AppError> {
    desk.delete_impact(&a.target)
}

/// Delete an entity and what goes with it.
pub fn delete_entity(desk: &mut Desk, _: Clock, a: DeleteEntityArgs) -> Result<Saved, AppError> {
    desk.delete(&a.target)
}

/// Reset to the sample agency or an empty workspace.
pub fn reset_workspace(
    desk: &mut Desk,
    clock: Clock,
    a: ResetWorkspaceArgs,
) -> Result<Saved, AppError> {
    desk.reset(a.mode, clock.today, clock.now)
}

/// Undo the last action.
pub fn undo(desk: &mut Desk, _: Clock, _: UndoArgs) -> Result<Saved, AppError> {
    desk.undo_saved()
}

/// Redo the last undone action.
pub fn redo(desk: &mut Desk, _: Clock, _: RedoArgs) -> Result<Saved, AppError> {
    desk.redo_saved()
}

/// Every IANA time zone name.
pub fn list_timezones(
    _: &Current,
    _: Clock,
    _: ListTimezonesArgs,
) -> Result<Vec<String>, AppError> {
    Ok(crate::timezones())
}

/// The workspace's last export choices.
pub fn last_export_choices(
    desk: &mut Desk,
    _: Clock,
    _: LastExportChoicesArgs,
) -> Result<Option<ExportRequest>, AppError> {
    desk.last_export_choices()
}

/// A client's occurrences in the wall time of the zone on screen.
pub fn calendar(desk: &Current, _: Clock, a: CalendarArgs) -> Result<CalendarPage, AppError> {
    desk.calendar(&a.request)
}

/// The wall times of instants in a zone.
pub fn wall_times(_: &Current, _: Clock, a: WallTimesArgs) -> Result<Vec<NaiveDateTime>, AppError> {
    crate::wall_times(&a.zone, &a.instants)
}

/// Move a message (the series or one occurrence).
pub fn move_message(desk: &mut Desk, _: Clock, a: MoveMessageArgs) -> Result<Saved, AppError> {
    desk.move_message(a.request)
}

/// What a move would do, without making it.
pub fn preview_move(
    desk: &mut Desk,
    _: Clock,
    a: PreviewMoveArgs,
) -> Result<MovePreview, AppError> {
    desk.preview_move(&a.request)
}

/// Where a dragged message would break a guideline, as shaded stretches.
pub fn probe_slots(desk: &Current, _: Clock, a: ProbeSlotsArgs) -> Result<Vec<Shade>, AppError> {
    desk.probe(&a.request)
}

/// The violations panel's page of findings.
pub fn findings_page(
    desk: &Current,
    _: Clock,
    a: FindingsPageArgs,
) -> Result<FindingsPage, AppError> {
    desk.findings_page(&a.client_id, &a.query)
}

/// The client's plan warnings.
pub fn plan_warnings(
    desk: &Current,
    _: Clock,
    a: PlanWarningsArgs,
) -> Result<Vec<PlanWarning>, AppError> {
    desk.plan_warnings(&a.client_id)
}

/// The messages touching a segment on its local dates `[from, to)`.
pub fn bucket_messages(
    desk: &Current,
    _: Clock,
    a: BucketMessagesArgs,
) -> Result<Vec<String>, AppError> {
    desk.bucket_messages(&a.client_id, &a.segment_id, a.from, a.to)
}

/// Slots and offers for a flagged message; `after` must be an RFC 3339 time.
pub fn suggest_slots(
    desk: &Current,
    _: Clock,
    a: SuggestSlotsArgs,
) -> Result<Suggestion, AppError> {
    let after = DateTime::parse_from_rfc3339(&a.after)
        .map_err(|err| {
            AppError::new(
                ErrorCode::InvalidInput,
                format!("\"{}\" is not an RFC 3339 time: {err}", a.after),
            )
        })?
        .with_timezone(&Utc);
    desk.suggest(
        &a.message_id,
        a.segment_id,
        after,
        a.fix.unwrap_or_default(),
    )
}

/// Touches and cap loads per segment and bucket.
pub fn cadence_summary(
    desk: &Current,
    _: Clock,
    a: CadenceSummaryArgs,
) -> Result<CadenceSummary, AppError> {
    desk.summary(&a.client_id, a.from, a.to, a.bucket)
}

/// A client's or segment's guidelines through the cascade (a draft's when given).
pub fn guidelines(
    desk: &Current,
    _: Clock,
    a: GuidelinesArgs,
) -> Result<crate::guidelines_view::GuidelinesView, AppError> {
    desk.guidelines(&a.client_id, a.segment_id.as_deref(), a.draft.as_deref())
}

/// What a preset would do to the editor's own rules.
pub fn preset_preview(
    desk: &Current,
    _: Clock,
    a: PresetPreviewArgs,
) -> Result<crate::guidelines_view::PresetPreview, AppError> {
    desk.preset_preview(
        &a.client_id,
        a.segment_id.as_deref(),
        &a.preset_id,
        &a.rules,
    )
}

/// The value of a draft's checklist answers.
pub fn score_draft(
    desk: &Current,
    _: Clock,
    a: ScoreDraftArgs,
) -> Result<crate::value_view::ValueView, AppError> {
    desk.score_draft(&a.client_id, a.checklist.as_deref(), &a.answers)
}

/// The messages whose value a new checklist would change.
pub fn checklist_changes(
    desk: &Current,
    _: Clock,
    a: ChecklistChangesArgs,
) -> Result<Vec<crate::value_view::ScoreChange>, AppError> {
    desk.checklist_changes(&a.client_id, &a.checklist)
}

/// Each message's value and recurrence in words.
pub fn message_facts(
    desk: &Current,
    _: Clock,
    a: MessageFactsArgs,
) -> Result<Vec<crate::value_view::MessageFacts>, AppError> {
    desk.message_facts(&a.client_id)
}

/// The checklist editor's draft, checked.
pub fn check_checklist(
    desk: &mut Desk,
    _: Clock,
    a: CheckChecklistArgs,
) -> Result<crate::value_view::ChecklistDraftView, AppError> {
    desk.check_checklist(&a.client_id, &a.items)
}

/// A new rule of each kind.
pub fn rule_defaults(_: &Current, _: Clock, _: RuleDefaultsArgs) -> Result<Vec<Rule>, AppError> {
    Ok(cadence_model::presets::rule_defaults())
}

/// An RRULE read into a recurrence preset.
pub fn read_recurrence(
    _: &Current,
    _: Clock,
    a: ReadRecurrenceArgs,
) -> Result<RecurrencePreset, AppError> {
    Ok(cadence_model::recurrence_preset::read(
        a.rrule.as_deref(),
        a.first,
    ))
}

/// A recurrence preset written as an RRULE.
pub fn write_recurrence(
    _: &Current,
    _: Clock,
    a: WriteRecurrenceArgs,
) -> Result<WrittenRecurrence, AppError> {
    let preset = match a.until_text {
        Some(text) => match crate::typed::with_typed_until(a.preset, &text, a.locale.as_deref()) {
            Ok(preset) => preset,
            Err(refused) => return Ok(refused),
        },
        None => a.preset,
    };
    Ok(cadence_model::recurrence_preset::write_for_editor(
        &preset,
        a.picked,
        a.first,
        a.campaign_end,
    ))
}

/// Guideline presets with their reasoning.
pub fn guideline_presets(
    _: &Current,
    _: Clock,
    _: GuidelinePresetsArgs,
) -> Result<Vec<GuidelinePreset>, AppError> {
    Ok(cadence_model::presets::guideline_presets())
}

/// A recurrence in words with its next occurrences (5 by default, at most 50).
pub fn preview_recurrence(
    _: &Current,
    _: Clock,
    a: PreviewRecurrenceArgs,
) -> Result<RecurrencePreview, AppError> {
    Ok(cadence_model::recurrence::preview(
        a.at,
        a.rrule.as_deref(),
        a.count.unwrap_or(5).min(50),
    ))
}

/// The sample clients still in the workspace.
pub fn sample_data(desk: &mut Desk, _: Clock, _: SampleDataArgs) -> Result<SampleData, AppError> {
    Ok(desk.sample_data())
}

/// Remove the sample clients, keep the planner's own.
pub fn remove_sample_clients(
    desk: &mut Desk,
    clock: Clock,
    _: RemoveSampleClientsArgs,
) -> Result<Saved, AppError> {
    desk.remove_sample_clients(clock.now)
}

/// A stored message's violations.
pub fn message_findings(
    desk: &Current,
    _: Clock,
    a: MessageFindingsArgs,
) -> Result<MessageFindings, AppError> {
    desk.message_findings(&a.message_id)
}

/// The violations a draft would have; nothing is saved.
pub fn preview_message(
    desk: &mut Desk,
    _: Clock,
    a: PreviewMessageArgs,
) -> Result<MessageFindings, AppError> {
    desk.preview_message(&a.campaign_id, a.input)
}

/// Apply a recommended weekly cap as one undoable edit.
pub fn apply_history_cap(
    desk: &mut Desk,
    _: Clock,
    a: ApplyHistoryCapArgs,
) -> Result<Saved, AppError> {
    desk.apply_history_cap(&a.client_id, &a.segment_id, &a.channel, a.cap_per_week)
}

/// The issues saving a client draft would raise.
pub fn check_client_draft(
    desk: &Current,
    _: Clock,
    a: CheckClientDraftArgs,
) -> Result<DraftCheck, AppError> {
    Ok(desk.check_client_draft(a.input))
}

/// The issues saving a segment draft would raise.
pub fn check_segment_draft(
    desk: &Current,
    _: Clock,
    a: CheckSegmentDraftArgs,
) -> Result<DraftCheck, AppError> {
    Ok(desk.check_segment_draft(&a.client_id, a.input, &a.size_text))
}

/// The issues saving a campaign draft would raise.
pub fn check_campaign_draft(
    desk: &Current,
    _: Clock,
    a: CheckCampaignDraftArgs,
) -> Result<CampaignDraftCheck, AppError> {
    Ok(desk.check_campaign_draft(&a.client_id, a.input, &a.start, &a.end, a.locale.as_deref()))
}

/// A message draft's issues and the facts its editor shows.
pub fn check_message_draft(
    desk: &Current,
    _: Clock,
    a: CheckMessageDraftArgs,
) -> Result<MessageDraftCheck, AppError> {
    Ok(desk.check_message_draft(
        &a.campaign_id,
        a.input,
        &a.date,
        &a.time,
        a.locale.as_deref(),
    ))
}

/// Each segment of a client as the parent of a segment.
pub fn segment_parents(
    desk: &Current,
    _: Clock,
    a: SegmentParentsArgs,
) -> Result<Vec<ParentChoice>, AppError> {
    desk.segment_parents(&a.client_id, a.segment_id.as_deref())
}

/// A typed date and time, read.
pub fn read_typed_when(_: &Current, _: Clock, a: ReadTypedWhenArgs) -> Result<TypedWhen, AppError> {
    Ok(crate::typed::read_when(
        &a.date,
        &a.time,
        a.locale.as_deref(),
    ))
}

/// A typed date, read.
pub fn read_typed_date(_: &Current, _: Clock, a: ReadTypedDateArgs) -> Result<TypedDate, AppError> {
    Ok(crate::typed::read_date(&a.text, a.locale.as_deref()))
}
