//! The one list of the app's commands: each with its arguments and its reply.
//!
//! [`with_command_list!`] is the list, in two parts: the commands the desk serves alone
//! (each a function of the same name in [`serve`]), and those that need a front end
//! ([`ShellCommands`]: native dialogs, events, the file manager). From it come:
//! - here, one argument type per command (`SaveClientArgs`…), [`dispatch_desk`] (a desk
//!   command by name, JSON in and out), [`COMMAND_NAMES`], and [`CommandTypes`] for the
//!   TypeScript bindings;
//! - in the Tauri shell, one async command per entry, each off the main thread, and the
//!   invoke handler registering them all; a desk command without its [`serve`] function or a
//!   shell command the shell does not implement does not compile;
//! - in the UI, `api.ts`'s typed functions (from `CommandTypes.ts` and `commandNames.ts`,
//!   generated with the other bindings), so a command the list lacks does not type-check.

pub mod serve;

use serde::Deserialize;
use std::future::Future;
use ts_rs::TS;

pub use serve::Clock;

pub use cadence_history::Rejected;
pub use cadence_model::checklist::ChecklistDraftItem;
pub use cadence_model::presets::GuidelinePreset;
pub use cadence_model::recurrence::RecurrencePreview;
pub use cadence_model::recurrence_preset::{RecurrencePreset, WrittenRecurrence};
pub use cadence_model::{ChecklistItem, Rule, RuleKind};

use crate::AppError;

/// Calls `$then! { desk { … } shell { … } }` with every command: docs, name, argument type
/// with its fields, reply. Types are written with `$crate` paths so the list expands the same
/// in any crate.
#[macro_export]
macro_rules! with_command_list {
    ($then:ident) => {
        $then! {
            desk {
                /// The whole workspace and the database path (or why it could not be opened).
                workspace: WorkspaceArgs {} -> $crate::WorkspaceView;
                /// Create or update a client.
                save_client: SaveClientArgs { input: $crate::ClientInput } -> $crate::Saved;
                /// Create or update a segment of a client.
                save_segment: SaveSegmentArgs { client_id: String, input: $crate::SegmentInput } -> $crate::Saved;
                /// Create or update a campaign of a client.
                save_campaign: SaveCampaignArgs { client_id: String, input: $crate::CampaignInput } -> $crate::Saved;
                /// Create or update a message of a campaign.
                save_message: SaveMessageArgs { campaign_id: String, input: $crate::MessageInput } -> $crate::Saved;
                /// What deleting an entity takes with it.
                delete_impact: DeleteImpactArgs { target: $crate::EntityRef } -> $crate::DeleteImpact;
                /// Delete an entity and what goes with it.
                delete_entity: DeleteEntityArgs { target: $crate::EntityRef } -> $crate::Saved;
                /// Reset to the sample agency or an empty workspace.
                reset_workspace: ResetWorkspaceArgs { mode: $crate::ResetMode } -> $crate::Saved;
                /// Undo the last action (nothing happens when there is none).
                undo: UndoArgs {} -> $crate::Saved;
                /// Redo the last undone action (nothing happens when there is none).
                redo: RedoArgs {} -> $crate::Saved;
                /// Every IANA time zone name, sorted.
                list_timezones: ListTimezonesArgs {} -> Vec<String>;
                /// The workspace's last export choices, to prefill the Export dialog.
                last_export_choices: LastExportChoicesArgs {} -> Option<$crate::ExportRequest>;
                /// A client's occurrences on wall dates [from, to) of the zone on screen, filtered, in that zone's wall time (dense days as hour blocks when asked).
                calendar: CalendarArgs { request: $crate::calendar_view::CalendarRequest } -> $crate::calendar_view::CalendarPage;
                /// The wall times of instants in a zone, in order (at most 1,000).
                wall_times: WallTimesArgs { zone: String, instants: Vec<chrono::DateTime<chrono::Utc>> } -> Vec<chrono::NaiveDateTime>;
                /// Reschedule a message or one occurrence of it.
                move_message: MoveMessageArgs { request: $crate::MoveRequest } -> $crate::Saved;
                /// What a move would do to the client's violations, per scope, without making it.
                preview_move: PreviewMoveArgs { request: $crate::MoveRequest } -> $crate::MovePreview;
                /// Where dropping a dragged message on the view's grid (week: 30-minute slots; month: days) would break a guideline, as shaded stretches in wall time of the zone on screen.
                probe_slots: ProbeSlotsArgs { request: $crate::calendar_view::ProbeRequest } -> Vec<$crate::calendar_view::Shade>;
                /// The first findings of each of a client's segments and every total (violations panel).
                findings_page: FindingsPageArgs { client_id: String, query: $crate::FindingsQuery } -> $crate::FindingsPage;
                /// The client's plan warnings: probable mistakes that break no guideline.
                plan_warnings: PlanWarningsArgs { client_id: String } -> Vec<$crate::PlanWarning>;
                /// The messages touching a segment on its local dates [from, to) (a cadence cell).
                bucket_messages: BucketMessagesArgs { client_id: String, segment_id: String, from: chrono::NaiveDate, to: chrono::NaiveDate } -> Vec<String>;
                /// Slots and offers for a message flagged at `after` (RFC 3339) for the rules `fix` (null or empty: all it breaks there).
                suggest_slots: SuggestSlotsArgs { message_id: String, segment_id: Option<String>, after: String, fix: Option<Vec<$crate::commands::RuleKind>> } -> $crate::Suggestion;
                /// Per segment and day or week bucket: touches and cap loads ([from, to) are local dates).
                cadence_summary: CadenceSummaryArgs { client_id: String, from: chrono::NaiveDate, to: chrono::NaiveDate, bucket: $crate::Bucket } -> $crate::CadenceSummary;
                /// A client's (segment null) or segment's guidelines through the cascade, in words, with `draft` in place of the stored own rules when given; nothing is saved.
                guidelines: GuidelinesArgs { client_id: String, segment_id: Option<String>, draft: Option<Vec<$crate::commands::Rule>> } -> $crate::guidelines_view::GuidelinesView;
                /// What applying a guideline preset to the editor's own rules (of a client, or of a segment when given) would do; nothing is saved.
                preset_preview: PresetPreviewArgs { client_id: String, segment_id: Option<String>, preset_id: String, rules: Vec<$crate::commands::Rule> } -> $crate::guidelines_view::PresetPreview;
                /// The value of a draft's checklist answers against the client's checklist (or a draft `checklist`).
                score_draft: ScoreDraftArgs { client_id: String, checklist: Option<Vec<$crate::commands::ChecklistItem>>, answers: std::collections::BTreeMap<String, bool> } -> $crate::value_view::ValueView;
                /// Every message whose value would change under a new checklist; nothing is saved.
                checklist_changes: ChecklistChangesArgs { client_id: String, checklist: Vec<$crate::commands::ChecklistItem> } -> Vec<$crate::value_view::ScoreChange>;
                /// Each message of a client: its value and its recurrence in words (the message rows).
                message_facts: MessageFactsArgs { client_id: String } -> Vec<$crate::value_view::MessageFacts>;
                /// The checklist editor's draft checked: ids for new rows, problems by row and field (as a save checks them), and what it does to the messages.
                check_checklist: CheckChecklistArgs { client_id: String, items: Vec<$crate::commands::ChecklistDraftItem> } -> $crate::value_view::ChecklistDraftView;
                /// A new rule of each kind, as "Add a rule" starts it.
                rule_defaults: RuleDefaultsArgs {} -> Vec<$crate::commands::Rule>;
                /// An RRULE (or none) read into the editor's recurrence preset, for a first occurrence on `first`.
                read_recurrence: ReadRecurrenceArgs { rrule: Option<String>, first: chrono::NaiveDate } -> $crate::commands::RecurrencePreset;
                /// A recurrence preset written as an RRULE; when `picked`, a repeating preset with no end ends on `campaign_end`. `until_text`, when given, is the last day as typed (read in `locale`; blank: no end date), in place of `preset.until`.
                write_recurrence: WriteRecurrenceArgs { preset: $crate::commands::RecurrencePreset, picked: bool, first: chrono::NaiveDate, campaign_end: Option<chrono::NaiveDate>, until_text: Option<String>, locale: Option<String> } -> $crate::commands::WrittenRecurrence;
                /// Guideline presets with their reasoning.
                guideline_presets: GuidelinePresetsArgs {} -> Vec<$crate::commands::GuidelinePreset>;
                /// Plain-language text and the next occurrences (5 when null, at most 50) of an RRULE starting at the local time `at`.
                preview_recurrence: PreviewRecurrenceArgs { at: chrono::NaiveDateTime, rrule: Option<String>, count: Option<u16> } -> $crate::commands::RecurrencePreview;
                /// The sample clients still in the workspace, and how many of the planner's own stay.
                sample_data: SampleDataArgs {} -> $crate::SampleData;
                /// Remove the sample clients, keep the planner's own: one undoable change, after a backup.
                remove_sample_clients: RemoveSampleClientsArgs {} -> $crate::Saved;
                /// A stored message's violations, in the violations panel's words.
                message_findings: MessageFindingsArgs { message_id: String } -> $crate::MessageFindings;
                /// The violations a draft would have if saved in `campaign_id`; nothing is saved.
                preview_message: PreviewMessageArgs { campaign_id: String, input: $crate::MessageInput } -> $crate::MessageFindings;
                /// The issues saving a client draft would raise, by field; nothing is saved.
                check_client_draft: CheckClientDraftArgs { input: $crate::ClientInput } -> $crate::drafts::DraftCheck;
                /// The issues saving a segment draft (its size as typed) would raise, by field; nothing is saved.
                check_segment_draft: CheckSegmentDraftArgs { client_id: String, input: $crate::SegmentInput, size_text: String } -> $crate::drafts::DraftCheck;
                /// A campaign draft's issues by field (its first and last days as typed, read in `locale`, replace `input.start` and `input.end`) and its dates as read; nothing is saved.
                check_campaign_draft: CheckCampaignDraftArgs { client_id: String, input: $crate::CampaignInput, start: String, end: String, locale: Option<String> } -> $crate::drafts::CampaignDraftCheck;
                /// A message draft's issues by field (its date and time as typed, read in `locale`, replace `input.at`), consent note, minimum value in effect and score; nothing is saved.
                check_message_draft: CheckMessageDraftArgs { campaign_id: String, input: $crate::MessageInput, date: String, time: String, locale: Option<String> } -> $crate::drafts::MessageDraftCheck;
                /// Each segment of a client as the parent of a segment (null: a new one): allowed, or why not.
                segment_parents: SegmentParentsArgs { client_id: String, segment_id: Option<String> } -> Vec<$crate::drafts::ParentChoice>;
                /// A date and a time typed into text fields, read in `locale` (the system's).
                read_typed_when: ReadTypedWhenArgs { date: String, time: String, locale: Option<String> } -> $crate::typed::TypedWhen;
                /// A date typed into a text field (blackout days, export periods), read in `locale` as the message date is.
                read_typed_date: ReadTypedDateArgs { text: String, locale: Option<String> } -> $crate::typed::TypedDate;
                /// Apply a recommended weekly cap to a segment's channel as one undoable edit.
                apply_history_cap: ApplyHistoryCapArgs { client_id: String, segment_id: String, channel: String, cap_per_week: u32 } -> $crate::Saved;
            }
            shell {
                /// The workspace reloaded if another program changed it since the last look, else null.
                check_for_changes: CheckForChangesArgs {} -> Option<$crate::Saved>;
                /// The system locale for dates ("de-DE"), or null when the system names none.
                system_locale: SystemLocaleArgs {} -> Option<String>;
                /// The CSS font-family for the window's text: the desktop's UI font, or the generic sans-serif where `system-ui` resolves to the same face (`cadence_desk::ui_font`).
                ui_font: UiFontArgs {} -> String;
                /// Pick a plan file with the native dialog and import it; null when cancelled.
                import_plan_dialog: ImportPlanDialogArgs { mode: $crate::ImportMode } -> Option<$crate::ImportSummary>;
                /// Save the workspace (or one client) as a plan file where the native dialog says; the path, null when cancelled.
                export_plan_dialog: ExportPlanDialogArgs { client_id: Option<String> } -> Option<String>;
                /// File → Export…: the native save dialog, then the file; null when cancelled.
                export_dialog: ExportDialogArgs { request: $crate::ExportRequest } -> Option<$crate::ExportDone>;
                /// Show a written file in the system's file manager.
                reveal_in_folder: RevealInFolderArgs { path: String } -> ();
                /// The automatic backups, newest first (also when the workspace cannot be opened).
                list_backups: ListBackupsArgs {} -> Vec<$crate::BackupView>;
                /// Put a backup (by the name the list gives) in place of the workspace.
                restore_backup: RestoreBackupArgs { name: String } -> $crate::WorkspaceView;
                /// Pick a campaign export with the native dialog; its path, null when cancelled.
                pick_history_file: PickHistoryFileArgs {} -> Option<String>;
                /// Preview a campaign export for the import dialog (nothing is written).
                preview_history: PreviewHistoryArgs { path: String, request: $crate::past::HistoryReadRequest } -> $crate::past::HistoryPreview;
                /// Import a campaign export as one transaction, with `history-progress` events.
                import_history: ImportHistoryArgs { path: String, request: $crate::past::HistoryImportRequest } -> $crate::past::HistoryImportDone;
                /// Cancel the running history import (nothing is written).
                cancel_history_import: CancelHistoryImportArgs {} -> ();
                /// Save rejected rows as CSV where the native dialog says; the path, null when cancelled.
                save_rejected_rows: SaveRejectedRowsArgs { rows: Vec<$crate::commands::Rejected>, file_name: String } -> Option<String>;
                /// A client's history imports, oldest first.
                history_imports: HistoryImportsArgs { client_id: String } -> Vec<$crate::past::HistoryImportView>;
                /// Remove a history import and exactly its rows.
                remove_history_import: RemoveHistoryImportArgs { import_id: i64 } -> $crate::past::HistoryRemoved;
                /// Everything the Insights view of a client draws.
                client_insights: ClientInsightsArgs { client_id: String } -> $crate::insights_view::InsightsView;
                /// What a client's history says about its segments' caps, in words.
                history_hints: HistoryHintsArgs { client_id: String } -> Vec<$crate::insights_view::HistoryHint>;
                /// Map (or unmap, with null) an audience of a client's history to one of its segments.
                set_audience_segment: SetAudienceSegmentArgs { client_id: String, audience: String, segment_id: Option<String> } -> ();
                /// Set a client's reply target in hours.
                set_reply_target: SetReplyTargetArgs { client_id: String, hours: f64 } -> ();
            }
        }
    };
}

/// Defines the argument types, [`serve`]'s dispatch, [`ShellCommands`], the names and the
/// TypeScript map.
macro_rules! define_commands {
    (
        desk { $( $(#[$ddoc:meta])* $dname:ident : $dargs:ident { $($dfield:ident : $dty:ty),* $(,)? } -> $dreply:ty; )* }
        shell { $( $(#[$sdoc:meta])* $sname:ident : $sargs:ident { $($sfield:ident : $sty:ty),* $(,)? } -> $sreply:ty; )* }
    ) => {
        $(
            $(#[$ddoc])*
            ///
            /// (The arguments of this command, named as the UI sends them.)
            #[derive(Debug, Clone, Deserialize, TS)]
            #[serde(rename_all = "camelCase")]
            #[allow(missing_docs)]
            pub struct $dargs { $(pub $dfield: $dty),* }
        )*
        $(
            $(#[$sdoc])*
            ///
            /// (The arguments of this command, named as the UI sends them.)
            #[derive(Debug, Clone, Deserialize, TS)]
            #[serde(rename_all = "camelCase")]
            #[allow(missing_docs)]
            pub struct $sargs { $(pub $sfield: $sty),* }
        )*

        /// The commands that need more than the desk (native dialogs, events, the file
        /// manager, their own database connection). Each front end implements them; one it
        /// does not serve does not compile.
        pub trait ShellCommands {
            $(
                $(#[$sdoc])*
                fn $sname(&self, args: $sargs) -> impl Future<Output = Result<$sreply, AppError>> + Send;
            )*
        }

        /// Serve a desk command given by name with its arguments as JSON, the reply as JSON;
        /// `None` when `name` is not a desk command (a shell command or none at all).
        pub fn dispatch_desk(
            desk: &mut crate::Desk,
            clock: Clock,
            name: &str,
            args: serde_json::Value,
        ) -> Option<Result<serde_json::Value, AppError>> {
            match name {
                $(
                    stringify!($dname) => Some(
                        serde_json::from_value::<$dargs>(args)
                            .map_err(|err| bad_arguments(name, err))
                            .and_then(|args| serve::$dname(desk, clock, args))
                            .and_then(|reply| reply_json(name, reply)),
                    ),
                )*
                _ => None,
            }
        }

        /// The commands the desk serves alone, in the list's order.
        pub const DESK_COMMANDS: &[&str] = &[$(stringify!($dname)),*];

        /// The commands a front end serves ([`ShellCommands`]), in the list's order.
        pub const SHELL_COMMANDS: &[&str] = &[$(stringify!($sname)),*];

        /// Every command's name: the desk's, then the shell's.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($dname),)* $(stringify!($sname)),*];

        /// Each command's `[arguments, reply]`, only for the TypeScript bindings
        /// (`ui/src/bindings/CommandTypes.ts`); never built.
        #[derive(TS)]
        #[allow(dead_code)]
        pub struct CommandTypes {
            $($dname: ($dargs, $dreply),)*
            $($sname: ($sargs, $sreply),)*
        }
    };
}

with_command_list!(define_commands);

/// The commands that change the workspace, the history or files: the ones the app logs.
pub const WRITE_COMMANDS: &[&str] = &[
    "save_client",
    "save_segment",
    "save_campaign",
    "save_message",
    "delete_entity",
    "reset_workspace",
    "undo",
    "redo",
    "move_message",
    "remove_sample_clients",
    "apply_history_cap",
    "import_plan_dialog",
    "export_plan_dialog",
    "export_dialog",
    "restore_backup",
    "import_history",
    "remove_history_import",
    "save_rejected_rows",
    "set_audience_segment",
    "set_reply_target",
];

/// Whether the command `name` writes (see [`WRITE_COMMANDS`]).
pub fn writes(name: &str) -> bool {
    WRITE_COMMANDS.contains(&name)
}

/// What a desk command runs on.
pub enum Target<'a> {
    /// The desk, under its lock: writes, and the reads that need its database or try a
    /// change on its engine.
    Desk(&'a mut crate::Desk),
    /// A published snapshot of the current state (a read, which never waits for a write).
    Snapshot(&'a crate::Current),
}

/// [`Serve`]'s mark for the functions that take the desk.
pub struct OnDesk;
/// [`Serve`]'s mark for the functions that take the current state.
pub struct OnSnapshot;

/// A [`serve`] function, and what it runs on, told by the type of its first argument: one
/// that takes `&Current` only reads and may answer from a snapshot while a write runs; one
/// that takes `&mut Desk` runs on the desk, one at a time. (The kind `K` is inferred.)
pub trait Serve<K, A, R> {
    /// Whether it may answer from a snapshot.
    const ON_SNAPSHOT: bool;
    /// Serve `args` on `target`.
    fn serve(&self, target: Target<'_>, clock: Clock, args: A) -> Result<R, AppError>;
}

impl<A, R, F> Serve<OnDesk, A, R> for F
where
    F: Fn(&mut crate::Desk, Clock, A) -> Result<R, AppError>,
{
    const ON_SNAPSHOT: bool = false;

    fn serve(&self, target: Target<'_>, clock: Clock, args: A) -> Result<R, AppError> {
        match target {
            Target::Desk(desk) => self(desk, clock, args),
            Target::Snapshot(_) => Err(AppError::new(
                crate::ErrorCode::Internal,
                "this command needs the desk, not a snapshot",
            )),
        }
    }
}

impl<A, R, F> Serve<OnSnapshot, A, R> for F
where
    F: Fn(&crate::Current, Clock, A) -> Result<R, AppError>,
{
    const ON_SNAPSHOT: bool = true;

    fn serve(&self, target: Target<'_>, clock: Clock, args: A) -> Result<R, AppError> {
        match target {
            Target::Desk(desk) => self(desk, clock, args),
            Target::Snapshot(current) => self(current, clock, args),
        }
    }
}

/// Whether the command `name` reads from a snapshot (see [`Serve`]); false for shell
/// commands and unknown names.
pub fn reads_snapshot(name: &str) -> bool {
    macro_rules! snapshot_commands {
        (
            desk { $( $(#[$ddoc:meta])* $dname:ident : $dargs:ident { $($dfield:ident : $dty:ty),* $(,)? } -> $dreply:ty; )* }
            shell { $( $(#[$sdoc:meta])* $sname:ident : $sargs:ident { $($sfield:ident : $sty:ty),* $(,)? } -> $sreply:ty; )* }
        ) => {
            match name {
                $(stringify!($dname) => on_snapshot::<_, $dargs, $dreply, _>(serve::$dname),)*
                _ => false,
            }
        };
    }
    with_command_list!(snapshot_commands)
}

/// [`Serve::ON_SNAPSHOT`] of `f`.
fn on_snapshot<K, A, R, F: Serve<K, A, R>>(_: F) -> bool {
    F::ON_SNAPSHOT
}

/// A command's arguments that do not fit its argument type.
fn bad_arguments(name: &str, err: serde_json::Error) -> AppError {
    AppError::new(
        crate::ErrorCode::InvalidInput,
        format!("the arguments of {name} do not fit: {err}"),
    )
}

/// A reply as JSON (replies are plain data; this fails only on a bug).
fn reply_json(name: &str, reply: impl serde::Serialize) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(reply).map_err(|err| {
        AppError::new(
            crate::ErrorCode::Internal,
            format!("the reply of {name} cannot be sent: {err}"),
        )
    })
}

/// The generated `commandNames.ts`: the command names as a TypeScript constant, so the UI
/// builds its functions from the same list its types come from.
pub fn command_names_typescript() -> String {
    let mut out = String::from(
        "// Generated from cadence_desk::commands (the one command list). Do not edit.\n\n\
         /** Every backend command, in the list's order. */\n\
         export const COMMAND_NAMES = [\n",
    );
    for name in COMMAND_NAMES {
        out.push_str(&format!("  \"{name}\",\n"));
    }
    out.push_str("] as const;\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_snake_case() {
        let mut seen = std::collections::BTreeSet::new();
        for name in COMMAND_NAMES {
            assert!(seen.insert(*name), "{name} twice in the list");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{name} is not snake_case"
            );
        }
    }

    #[test]
    fn arguments_arrive_in_the_uis_camel_case() {
        let args: SaveSegmentArgs = serde_json::from_value(serde_json::json!({
            "clientId": "harbor",
            "input": { "name": "Parents", "size": 10 }
        }))
        .unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(args.client_id, "harbor");
    }

    fn clock() -> Clock {
        Clock {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            now: chrono::DateTime::parse_from_rfc3339("2026-11-02T09:00:00Z")
                .unwrap()
                .to_utc(),
        }
    }

    #[test]
    fn desk_commands_dispatch_by_name_with_json_in_and_out() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = crate::Desk::open(&dir.path().join("cadence.db"), clock().today).unwrap();
        let before = dispatch_desk(&mut desk, clock(), "workspace", serde_json::json!({}))
            .expect("a desk command")
            .unwrap_or_else(|err| panic!("{}", err.message));
        let clients = before["plan"]["clients"].as_array().map(Vec::len);

        let saved = dispatch_desk(
            &mut desk,
            clock(),
            "save_client",
            serde_json::json!({ "input": { "name": "Dispatch Dental", "timezone": "Europe/Berlin" } }),
        )
        .expect("a desk command")
        .unwrap_or_else(|err| panic!("{}", err.message));
        assert!(saved["id"].is_string(), "{saved}");
        assert_eq!(
            desk.plan().clients.len(),
            clients.unwrap_or_default() + 1,
            "the save reached the desk"
        );
        assert!(desk
            .plan()
            .clients
            .iter()
            .any(|c| c.name == "Dispatch Dental"));
    }

    #[test]
    fn wrong_arguments_say_which_command_and_shell_commands_are_not_the_desks() {
        let dir = tempfile::tempdir().unwrap();
        let mut desk = crate::Desk::open(&dir.path().join("cadence.db"), clock().today).unwrap();
        let err = dispatch_desk(
            &mut desk,
            clock(),
            "save_segment",
            serde_json::json!({ "input": 3 }),
        )
        .expect("a desk command")
        .unwrap_err();
        assert_eq!(err.code, crate::ErrorCode::InvalidInput);
        assert!(err.message.contains("save_segment"), "{}", err.message);
        assert!(dispatch_desk(
            &mut desk,
            clock(),
            "import_plan_dialog",
            serde_json::json!({})
        )
        .is_none());
        assert!(
            dispatch_desk(&mut desk, clock(), "no_such_command", serde_json::json!({})).is_none()
        );
        for name in SHELL_COMMANDS {
            assert!(!DESK_COMMANDS.contains(name), "{name} in both parts");
        }
        assert_eq!(
            COMMAND_NAMES.len(),
            DESK_COMMANDS.len() + SHELL_COMMANDS.len()
        );
    }

    #[test]
    fn every_write_command_is_in_the_list() {
        for name in WRITE_COMMANDS {
            assert!(COMMAND_NAMES.contains(name), "{name} is not a command");
        }
        assert!(writes("save_message") && !writes("calendar") && !writes("check_for_changes"));
    }

    #[test]
    fn no_command_that_writes_reads_a_snapshot() {
        for name in COMMAND_NAMES {
            assert!(!(writes(name) && reads_snapshot(name)), "{name}");
        }
        assert!(reads_snapshot("calendar") && reads_snapshot("findings_page"));
        assert!(reads_snapshot("cadence_summary"));
        assert!(!reads_snapshot("save_message") && !reads_snapshot("preview_move"));
        // The form checks never wait behind a write.
        for name in [
            "check_client_draft",
            "check_segment_draft",
            "check_campaign_draft",
            "check_message_draft",
            "segment_parents",
            "read_typed_when",
            "read_typed_date",
        ] {
            assert!(reads_snapshot(name), "{name}");
        }
    }

    #[test]
    fn names_typescript_lists_every_command() {
        let ts = command_names_typescript();
        for name in COMMAND_NAMES {
            assert!(ts.contains(&format!("\"{name}\"")), "{name} missing");
        }
    }
}
