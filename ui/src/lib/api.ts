// Typed wrappers around the backend's Tauri commands. Every other module talks to the
// backend through these functions only, so the IPC contract lives in one place.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AppError } from "../bindings/AppError";
import type { BackupView } from "../bindings/BackupView";
import type { PlanWarning } from "../bindings/PlanWarning";
import type { Bucket } from "../bindings/Bucket";
import type { CadenceSummary } from "../bindings/CadenceSummary";
import type { CalendarEntry } from "../bindings/CalendarEntry";
import type { FindingsPage } from "../bindings/FindingsPage";
import type { FindingsQuery } from "../bindings/FindingsQuery";
import type { GuidelinePreset } from "../bindings/GuidelinePreset";
import type { MovePreview } from "../bindings/MovePreview";
import type { MoveRequest } from "../bindings/MoveRequest";
import type { ProbeRequest } from "../bindings/ProbeRequest";
import type { ProbeResult } from "../bindings/ProbeResult";
import type { RecurrencePreview } from "../bindings/RecurrencePreview";
import type { RuleKind } from "../bindings/RuleKind";
import type { Suggestion } from "../bindings/Suggestion";
import type { CampaignInput } from "../bindings/CampaignInput";
import type { ClientInput } from "../bindings/ClientInput";
import type { DeleteImpact } from "../bindings/DeleteImpact";
import type { ExportDone } from "../bindings/ExportDone";
import type { ExportProgress } from "../bindings/ExportProgress";
import type { ExportRequest } from "../bindings/ExportRequest";
import type { EntityRef } from "../bindings/EntityRef";
import type { ImportMode } from "../bindings/ImportMode";
import type { ImportSummary } from "../bindings/ImportSummary";
import type { MessageInput } from "../bindings/MessageInput";
import type { ResetMode } from "../bindings/ResetMode";
import type { SampleData } from "../bindings/SampleData";
import type { MessageFindings } from "../bindings/MessageFindings";
import type { Saved } from "../bindings/Saved";
import type { SegmentInput } from "../bindings/SegmentInput";
import type { WorkspaceView } from "../bindings/WorkspaceView";

/** Actions the native menu sends through the `menu-action` event. */
export type MenuAction =
  | "import"
  | "export"
  | "export_plan"
  | "import_history"
  | "reset_sample"
  | "reset_empty"
  | "remove_sample"
  | "new_client"
  | "restore_backup"
  | "undo"
  | "redo";

const MENU_ACTIONS: readonly MenuAction[] = [
  "import",
  "export",
  "export_plan",
  "import_history",
  "reset_sample",
  "reset_empty",
  "remove_sample",
  "new_client",
  "restore_backup",
  "undo",
  "redo",
];

/** True when `value` has the shape of the backend's one error type. */
export function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.message === "string" && Array.isArray(v.issues);
}

/**
 * Turn whatever a rejected command gave us into an AppError. The backend always rejects with
 * one; anything else (a bug, a missing command) becomes `internal` so the UI can still show it.
 */
export function toAppError(reason: unknown): AppError {
  if (isAppError(reason)) return reason;
  const message = reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "Unknown error";
  return { code: "internal", message, issues: [], file: null };
}

/** Called when a command is refused because another program changed the workspace first. */
let staleHandler: ((error: AppError) => void) | null = null;

/**
 * Set what happens when any command comes back with `stale_workspace` (the backend has
 * already reloaded the workspace; the UI fetches it again). The caller still gets the error.
 */
export function onStaleWorkspace(handler: ((error: AppError) => void) | null): void {
  staleHandler = handler;
}

/** Invoke a backend command; a rejection is always an AppError. */
export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (reason) {
    const error = toAppError(reason);
    if (error.code === "stale_workspace") staleHandler?.(error);
    throw error;
  }
}

export const api = {
  workspace: () => call<WorkspaceView>("workspace"),
  /** The workspace reloaded if another program changed it since the last look, else null. */
  checkForChanges: () => call<Saved | null>("check_for_changes"),
  saveClient: (input: ClientInput) => call<Saved>("save_client", { input }),
  saveSegment: (clientId: string, input: SegmentInput) => call<Saved>("save_segment", { clientId, input }),
  saveCampaign: (clientId: string, input: CampaignInput) => call<Saved>("save_campaign", { clientId, input }),
  saveMessage: (campaignId: string, input: MessageInput) => call<Saved>("save_message", { campaignId, input }),
  deleteImpact: (target: EntityRef) => call<DeleteImpact>("delete_impact", { target }),
  deleteEntity: (target: EntityRef) => call<Saved>("delete_entity", { target }),
  resetWorkspace: (mode: ResetMode) => call<Saved>("reset_workspace", { mode }),
  undo: () => call<Saved>("undo"),
  redo: () => call<Saved>("redo"),
  importPlan: (mode: ImportMode) => call<ImportSummary | null>("import_plan_dialog", { mode }),
  exportPlan: (clientId: string | null) => call<string | null>("export_plan_dialog", { clientId }),
  /** File → Export…: the native save dialog, then the file; null when the dialog was cancelled. */
  exportFile: (request: ExportRequest) => call<ExportDone | null>("export_dialog", { request }),
  /** The workspace's last export choices, to prefill the Export dialog. */
  lastExportChoices: () => call<ExportRequest | null>("last_export_choices"),
  /** Show a written file in the system's file manager. */
  revealInFolder: (path: string) => call<null>("reveal_in_folder", { path }),
  listTimezones: () => call<string[]>("list_timezones"),
  /** The system locale for dates ("de-DE"), or null when the system names none (C, POSIX). */
  systemLocale: () => call<string | null>("system_locale"),
  /** The automatic backups, newest first (works even when the workspace cannot be opened). */
  listBackups: () => call<BackupView[]>("list_backups"),
  /** Put a backup (by the name the list gives) in place of the workspace. */
  restoreBackup: (name: string) => call<WorkspaceView>("restore_backup", { name }),

  // The planning desk (issue 4).

  /** The client's message occurrences on local dates [from, to) ("2026-11-01") of the client's zone. */
  calendar: (args: { clientId: string; from: string; to: string }) => call<CalendarEntry[]>("calendar", args),
  /** Reschedule a message or one occurrence of it; the reply is a change like any save. */
  moveMessage: (request: MoveRequest) => call<Saved>("move_message", { request }),
  /** What a move would do to the client's violations, per scope, without making it. */
  previewMove: (request: MoveRequest) => call<MovePreview>("preview_move", { request }),
  /** Which of the candidate instants would break a guideline for the message (drag shading). */
  probeSlots: (request: ProbeRequest) => call<ProbeResult[]>("probe_slots", { request }),
  /** The first findings of each of a client's segments, every total (violations panel). */
  findingsPage: (args: { clientId: string; query: FindingsQuery }) => call<FindingsPage>("findings_page", args),
  /** The client's plan warnings: probable mistakes that break no guideline (never violations). */
  planWarnings: (clientId: string) => call<PlanWarning[]>("plan_warnings", { clientId }),
  /** The messages touching a segment on its local dates [from, to) (a cadence cell's click). */
  bucketMessages: (args: { clientId: string; segmentId: string; from: string; to: string }) =>
    call<string[]>("bucket_messages", args),
  /** The earliest clean slots for a message at or after `after` (RFC 3339). */
  /** Slots and offers for a message flagged at `after` for the rules `fix` (empty: all it breaks there). */
  suggestSlots: (args: { messageId: string; segmentId: string | null; after: string; fix: RuleKind[] }) =>
    call<Suggestion>("suggest_slots", args),
  /** Plain-language text and next occurrences of an RRULE starting at the local time `at`. */
  previewRecurrence: (args: { at: string; rrule: string | null; count?: number }) =>
    call<RecurrencePreview>("preview_recurrence", { at: args.at, rrule: args.rrule, count: args.count ?? 5 }),
  guidelinePresets: () => call<GuidelinePreset[]>("guideline_presets"),
  /** Per segment and day/week bucket: touches and cap loads ([from, to) are local dates). */
  /** The sample clients still in the workspace (edited or not) and how many own clients stay. */
  sampleData: () => call<SampleData>("sample_data"),
  /** Remove the sample clients, keep the planner's own: one undoable change, after a backup. */
  removeSampleClients: () => call<Saved>("remove_sample_clients"),
  /** A stored message's violations, in the violations panel's words (the message editor). */
  messageFindings: (messageId: string) => call<MessageFindings>("message_findings", { messageId }),
  /** The violations a draft would have if saved in `campaignId`; nothing is saved. */
  previewMessage: (campaignId: string, input: MessageInput) =>
    call<MessageFindings>("preview_message", { campaignId, input }),
  cadenceSummary: (args: { clientId: string; from: string; to: string; bucket: Bucket }) =>
    call<CadenceSummary>("cadence_summary", args),
};

/** Listen for an export's stages while it runs. */
export function onExportProgress(handler: (progress: ExportProgress) => void): Promise<UnlistenFn> {
  return listen<ExportProgress>("export-progress", (event) => handler(event.payload));
}

/** Listen for the native menu's actions; unknown payloads are ignored. */
export function onMenuAction(handler: (action: MenuAction) => void): Promise<UnlistenFn> {
  return listen<string>("menu-action", (event) => {
    const action = MENU_ACTIONS.find((a) => a === event.payload);
    if (action) handler(action);
  });
}
