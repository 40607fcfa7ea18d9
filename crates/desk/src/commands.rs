//! The one list of the app's commands: each with its arguments and its reply.
//!
//! [`with_command_list!`] is the list. From it come:
//! - here, one argument type per command (`SaveClientArgs`…), the [`Commands`] trait that
//!   serves them, [`COMMAND_NAMES`], and [`CommandTypes`] for the TypeScript bindings;
//! - in the Tauri shell, one async command per entry and the invoke handler registering them
//!   all; the shell implements [`Commands`], so a command it does not serve does not compile;
//! - in the UI, `api.ts`'s typed functions (from `CommandTypes.ts` and `commandNames.ts`,
//!   generated with the other bindings), so a command the list lacks does not type-check.

use serde::Deserialize;
use std::future::Future;
use ts_rs::TS;

pub use cadence_history::Rejected;
pub use cadence_model::presets::GuidelinePreset;
pub use cadence_model::recurrence::RecurrencePreview;
pub use cadence_model::RuleKind;

use crate::AppError;

/// Calls `$then! { … }` with every command: docs, name, argument type with its fields, reply.
/// Types are written with `$crate` paths so the list expands the same in any crate.
#[macro_export]
macro_rules! with_command_list {
    ($then:ident) => {
        $then! {
            /// The whole workspace and the database path (or why it could not be opened).
            workspace: WorkspaceArgs {} -> $crate::WorkspaceView;
            /// The workspace reloaded if another program changed it since the last look, else null.
            check_for_changes: CheckForChangesArgs {} -> Option<$crate::Saved>;
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
            /// The system locale for dates ("de-DE"), or null when the system names none.
            system_locale: SystemLocaleArgs {} -> Option<String>;
            /// Pick a plan file with the native dialog and import it; null when cancelled.
            import_plan_dialog: ImportPlanDialogArgs { mode: $crate::ImportMode } -> Option<$crate::ImportSummary>;
            /// Save the workspace (or one client) as a plan file where the native dialog says; the path, null when cancelled.
            export_plan_dialog: ExportPlanDialogArgs { client_id: Option<String> } -> Option<String>;
            /// File → Export…: the native save dialog, then the file; null when cancelled.
            export_dialog: ExportDialogArgs { request: $crate::ExportRequest } -> Option<$crate::ExportDone>;
            /// The workspace's last export choices, to prefill the Export dialog.
            last_export_choices: LastExportChoicesArgs {} -> Option<$crate::ExportRequest>;
            /// Show a written file in the system's file manager.
            reveal_in_folder: RevealInFolderArgs { path: String } -> ();
            /// The automatic backups, newest first (also when the workspace cannot be opened).
            list_backups: ListBackupsArgs {} -> Vec<$crate::BackupView>;
            /// Put a backup (by the name the list gives) in place of the workspace.
            restore_backup: RestoreBackupArgs { name: String } -> $crate::WorkspaceView;
            /// The client's message occurrences on local dates [from, to) of its zone.
            calendar: CalendarArgs { client_id: String, from: chrono::NaiveDate, to: chrono::NaiveDate } -> Vec<$crate::CalendarEntry>;
            /// Reschedule a message or one occurrence of it.
            move_message: MoveMessageArgs { request: $crate::MoveRequest } -> $crate::Saved;
            /// What a move would do to the client's violations, per scope, without making it.
            preview_move: PreviewMoveArgs { request: $crate::MoveRequest } -> $crate::MovePreview;
            /// The rules a message would break at each candidate instant (drag shading).
            probe_slots: ProbeSlotsArgs { request: $crate::ProbeRequest } -> Vec<$crate::ProbeResult>;
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
            /// Apply a recommended weekly cap to a segment's channel as one undoable edit.
            apply_history_cap: ApplyHistoryCapArgs { client_id: String, segment_id: String, channel: String, cap_per_week: u32 } -> $crate::Saved;
        }
    };
}

/// Defines the argument types, the [`Commands`] trait, the names and the TypeScript map.
macro_rules! define_commands {
    ($( $(#[$doc:meta])* $name:ident : $args:ident { $($field:ident : $ty:ty),* $(,)? } -> $reply:ty; )*) => {
        $(
            $(#[$doc])*
            ///
            /// (The arguments of this command, named as the UI sends them.)
            #[derive(Debug, Clone, Deserialize, TS)]
            #[serde(rename_all = "camelCase")]
            #[allow(missing_docs)]
            pub struct $args { $(pub $field: $ty),* }
        )*

        /// What serves the commands. The Tauri shell implements it; every command of the list
        /// must have an implementation, or the shell does not compile.
        pub trait Commands {
            $(
                $(#[$doc])*
                fn $name(&self, args: $args) -> impl Future<Output = Result<$reply, AppError>> + Send;
            )*
        }

        /// Every command's name, in the list's order.
        pub const COMMAND_NAMES: &[&str] = &[$(stringify!($name)),*];

        /// Each command's `[arguments, reply]`, only for the TypeScript bindings
        /// (`ui/src/bindings/CommandTypes.ts`); never built.
        #[derive(TS)]
        #[allow(dead_code)]
        pub struct CommandTypes {
            $($name: ($args, $reply),)*
        }
    };
}

with_command_list!(define_commands);

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

    #[test]
    fn names_typescript_lists_every_command() {
        let ts = command_names_typescript();
        for name in COMMAND_NAMES {
            assert!(ts.contains(&format!("\"{name}\"")), "{name} missing");
        }
    }
}
