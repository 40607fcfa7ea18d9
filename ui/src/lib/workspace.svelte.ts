// The workspace state the whole UI reads: the plan, the selection, the open dialog, the last
// notice. Every change goes through the backend, which returns the new plan; nothing here
// edits the plan locally, so the screen always shows what is stored.
import { getContext, setContext } from "svelte";
import type { AppError } from "../bindings/AppError";
import type { Campaign } from "../bindings/Campaign";
import type { CampaignInput } from "../bindings/CampaignInput";
import type { Client } from "../bindings/Client";
import type { ClientInput } from "../bindings/ClientInput";
import type { EntityRef } from "../bindings/EntityRef";
import type { ImportMode } from "../bindings/ImportMode";
import type { Message } from "../bindings/Message";
import type { MessageInput } from "../bindings/MessageInput";
import type { MoveRequest } from "../bindings/MoveRequest";
import type { Plan } from "../bindings/Plan";
import type { CheckTotals } from "../bindings/CheckTotals";
import type { HistoryState } from "../bindings/HistoryState";
import type { ResetMode } from "../bindings/ResetMode";
import type { TextLimits } from "../bindings/TextLimits";
import type { Saved } from "../bindings/Saved";
import type { WorkspaceView } from "../bindings/WorkspaceView";
import type { Segment } from "../bindings/Segment";
import type { SegmentInput } from "../bindings/SegmentInput";
import { api, onStaleWorkspace, toAppError, type MenuAction } from "./api";
import { formatLocal, setDateLocale } from "./datetime";
import { markStartup } from "./firstContent";
import { setUiFont } from "./uiFont";
import { withChange } from "./plan-change";
import { UNDO_HINT, isTyping } from "./shortcuts";

/** How often the window asks whether another program changed the workspace. */
export const CHANGE_POLL_MS = 1500;

/**
 * How long an info line stays in the status bar. It also goes at the next change, so the
 * line always speaks of the last action and the database path gets its room back.
 */
export const NOTICE_MS = 6000;

/** The status line after the workspace was reloaded because another program changed it. */
export const CHANGED_OUTSIDE = "The workspace was changed outside Cadence; reloaded. Undo starts afresh from here.";

/** The one dialog open at a time (forms, confirmations, the import/export choices). */
export type DialogState =
  | { kind: "client"; client: Client | null }
  | { kind: "segment"; clientId: string; segment: Segment | null }
  | { kind: "campaign"; clientId: string; campaign: Campaign | null }
  | {
      kind: "message";
      clientId: string;
      /** null: a new message whose campaign the form asks for. */
      campaignId: string | null;
      message: Message | null;
      /** A new message's first date and time (from a click on the calendar). */
      prefill?: { at: string; timezone: string | null };
    }
  | { kind: "guidelines"; clientId: string; segmentId: string | null }
  | { kind: "checklist"; clientId: string }
  | { kind: "shortcuts" }
  | { kind: "delete"; target: EntityRef }
  | { kind: "reset"; mode: ResetMode }
  | { kind: "remove_sample" }
  | { kind: "import" }
  | { kind: "export" }
  | { kind: "export_plan" }
  | { kind: "restore" }
  | { kind: "history"; clientId: string };

/** A line in the status bar after an action ("Exported to ..."), or an action's error. */
export type Notice = { tone: "info" | "error"; text: string };

/** The views of the selected client. */
export type View = "overview" | "calendar" | "cadence" | "insights";
export const VIEWS: readonly { id: View; label: string }[] = [
  { id: "overview", label: "Overview" },
  { id: "calendar", label: "Calendar" },
  { id: "cadence", label: "Cadence" },
  { id: "insights", label: "Insights" },
];

/** Where the calendar should go next (a jump from the violations panel). */
export type CalendarFocus = { at: string; message: string; occurrence: number };

/** Errors that make the database unusable: the whole window explains them. */
export const FATAL_CODES = ["database_damaged", "database_locked", "database_too_new", "workspace_rejected"] as const;

export class Workspace {
  plan = $state<Plan | null>(null);
  dbPath = $state("");
  /** Set when the workspace could not be loaded at all. */
  loadError = $state<AppError | null>(null);
  loading = $state(true);
  timezones = $state<string[]>([]);
  selectedClientId = $state<string | null>(null);
  dialog = $state<DialogState | null>(null);
  notice = $state<Notice | null>(null);
  /** Violation totals from the engine, in all and per client. */
  checks = $state<CheckTotals>({ total: 0, by_client: {}, problems: 0, problems_by_client: {} });
  /** What undo and redo would do. */
  history = $state<HistoryState>({ undo: null, redo: null });
  /** The longest names, labels and notes the backend accepts (fields' maxlength). */
  limits = $state<TextLimits | null>(null);
  /** The day the backend treats as today ("2026-11-23"); the calendar opens on it. */
  today = $state<string | null>(null);
  /** Ids of the sample clients still in the workspace (the backend knows which were seeded). */
  sample = $state<string[]>([]);
  /** The system locale's tag for dates ("de-DE"), from the backend; null: the built-in day-month order. */
  locale = $state<string | null>(null);
  /** The view shown for the selected client. */
  view = $state<View>("overview");
  /** Goes up by one after every change, so views that fetch from the engine fetch again. */
  version = $state(0);
  /** Goes up when the campaign history changes (an import or a removal): not a plan change. */
  historyVersion = $state(0);
  /** A pending jump of the calendar to a message. */
  calendarFocus = $state<CalendarFocus | null>(null);
  /** Only these messages on the calendar (opened from the cadence view); null shows all. */
  calendarMessages = $state<string[] | null>(null);
  /** True while an undo or redo is on its way (a held key must not send a burst). */
  private stepping = false;
  /** Clears the current info line after {@link NOTICE_MS}. */
  private noticeTimer: ReturnType<typeof setTimeout> | null = null;

  selectedClient = $derived(this.plan?.clients.find((c) => c.id === this.selectedClientId) ?? null);

  async load(): Promise<void> {
    this.loading = true;
    try {
      // The system locale (dates in its order) and the font are set before anything is drawn
      // with them.
      markStartup("asked");
      const [view, locale, font] = await Promise.all([
        api.workspace(),
        api.systemLocale().catch(() => null),
        api.uiFont().catch(() => null),
      ]);
      markStartup("answered");
      this.locale = setDateLocale(locale ?? null);
      setUiFont(font);
      this.take(view);
    } catch (reason) {
      this.loadError = toAppError(reason);
    } finally {
      this.loading = false;
    }
    if (!this.loadError) await this.loadTimezones();
  }

  /** True while a look for other programs' changes is on its way. */
  private checking = false;

  /**
   * Ask the backend whether another program (the CLI, another window, a sync tool) changed
   * the workspace; if so, show the reloaded one and say so. Quiet on failure: the next look
   * tries again, and an edit in the meantime is refused by the backend, never lost.
   */
  async checkForChanges(): Promise<boolean> {
    if (this.checking || !this.plan || this.loadError) return false;
    this.checking = true;
    try {
      const saved = await api.checkForChanges();
      if (!saved) return false;
      this.applySaved(saved);
      this.info(CHANGED_OUTSIDE);
      return true;
    } catch {
      return false;
    } finally {
      this.checking = false;
    }
  }

  /**
   * Look for other programs' changes every {@link CHANGE_POLL_MS} while the window is
   * visible (and at once when it comes back), and reload after an action refused as stale.
   * Returns the function that stops it.
   */
  watch(): () => void {
    const visible = () => typeof document === "undefined" || document.visibilityState === "visible";
    const look = () => {
      if (visible()) void this.checkForChanges();
    };
    const timer = setInterval(look, CHANGE_POLL_MS);
    const onVisible = () => look();
    if (typeof document !== "undefined") document.addEventListener("visibilitychange", onVisible);
    if (typeof window !== "undefined") window.addEventListener("focus", onVisible);
    onStaleWorkspace((error) => void this.reloadAfterStale(error));
    return () => {
      clearInterval(timer);
      if (typeof document !== "undefined") document.removeEventListener("visibilitychange", onVisible);
      if (typeof window !== "undefined") window.removeEventListener("focus", onVisible);
      onStaleWorkspace(null);
    };
  }

  /** An action was refused because another program wrote first: show what is stored now. */
  async reloadAfterStale(error: AppError): Promise<void> {
    try {
      this.take(await api.workspace());
      this.version += 1;
    } catch (reason) {
      this.loadError = toAppError(reason);
    }
    this.clearNotice();
    this.notice = { tone: "error", text: error.message };
  }

  /** Take a whole workspace from the backend (at start, after a restore). */
  private take(view: WorkspaceView): void {
    this.dbPath = view.db_path;
    this.loadError = null;
    this.checks = view.checks;
    this.history = view.history;
    this.today = view.today ?? null;
    this.limits = view.limits ?? null;
    this.sample = view.sample ?? [];
    this.apply(view.plan);
  }

  /** The way out of a workspace that cannot be opened: replace it with a plan file. */
  async replaceBrokenWorkspace(): Promise<void> {
    try {
      const summary = await api.importPlanDialog({ mode: "replace" });
      if (!summary) return;
      await this.load();
      this.info(`Replaced the workspace with the plan file (${summary.added.length} clients).`);
    } catch (reason) {
      const failed = toAppError(reason);
      if (this.loadError) {
        this.loadError = {
          ...this.loadError,
          message: `${this.loadError.message}\n\nThe replacement was not made: ${failed.message}`,
        };
      }
    }
  }

  /** Put a backup in place of the workspace; also the way out when it could not be opened. */
  async restoreBackup(name: string, takenAt: string): Promise<void> {
    const wasBroken = this.loadError !== null;
    this.take(await api.restoreBackup({ name }));
    this.version += 1;
    if (wasBroken) await this.loadTimezones();
    this.info(`Restored the backup from ${takenAt}. The workspace before it is kept as a backup too.`);
  }

  private async loadTimezones(): Promise<void> {
    try {
      this.timezones = await api.listTimezones();
    } catch (reason) {
      // Forms still work without the list: the backend checks time zones on save.
      this.report(reason, "Could not load the list of time zones");
    }
  }

  /** Take a new plan from the backend and keep the selection on a client that exists. */
  apply(plan: Plan, select?: string): void {
    this.plan = plan;
    const ids = plan.clients.map((c) => c.id);
    if (select && ids.includes(select)) this.selectedClientId = select;
    else if (!this.selectedClientId || !ids.includes(this.selectedClientId)) {
      this.selectedClientId = ids[0] ?? null;
    }
  }

  /** Take the reply to a change: what changed, violation totals and undo state. The last action's line goes. */
  applySaved(saved: Saved, select?: string): string | null {
    this.clearNotice();
    this.checks = saved.checks;
    this.history = saved.history;
    this.sample = saved.sample ?? [];
    this.apply(withChange(this.plan, saved.change), select);
    this.version += 1;
    return saved.id;
  }

  select(clientId: string): void {
    if (clientId !== this.selectedClientId) {
      this.calendarMessages = null;
      this.calendarFocus = null;
    }
    this.selectedClientId = clientId;
  }

  show(view: View): void {
    this.view = view;
  }

  /** Show the calendar at one occurrence of a message. */
  focusMessage(focus: CalendarFocus): void {
    this.calendarFocus = focus;
    this.view = "calendar";
  }

  /** Open messages picked elsewhere (the cadence view): one in its editor, several on the calendar. */
  openMessages(ids: string[]): void {
    if (ids.length === 1) return this.editMessage(ids[0]);
    if (!ids.length) return;
    this.calendarMessages = [...ids];
    this.view = "calendar";
  }

  /** Open the message form for a new message of the selected client (optionally at a time). */
  newMessage(prefill?: { at: string; timezone: string | null }): void {
    const client = this.selectedClient;
    if (!client) return;
    this.open({ kind: "message", clientId: client.id, campaignId: null, message: null, prefill });
  }

  /** Open the message form on an existing message. */
  editMessage(messageId: string): void {
    const client = this.selectedClient;
    const campaign = client?.campaigns.find((k) => k.messages.some((m) => m.id === messageId));
    const message = campaign?.messages.find((m) => m.id === messageId);
    if (client && campaign && message) {
      this.open({ kind: "message", clientId: client.id, campaignId: campaign.id, message });
    }
  }

  /**
   * Reschedule a message and say so in the status bar ("Moved “Title” to Tue 3 Mar 2026,
   * 10:00"); errors are reported there too and change nothing.
   */
  async moveMessage(request: MoveRequest): Promise<boolean> {
    const message = this.plan?.clients
      .flatMap((c) => c.campaigns)
      .flatMap((k) => k.messages)
      .find((m) => m.id === request.message);
    try {
      this.applySaved(await api.moveMessage({ request }));
      this.info(moveNotice(message?.title ?? request.message, Boolean(message?.rrule), request));
      return true;
    } catch (reason) {
      this.report(reason, "Could not move the message");
      return false;
    }
  }

  async undo(): Promise<void> {
    await this.step("undo");
  }

  async redo(): Promise<void> {
    await this.step("redo");
  }

  private async step(which: "undo" | "redo"): Promise<void> {
    if (this.stepping || !this.history[which]) return;
    this.stepping = true;
    const label = this.history[which];
    try {
      this.applySaved(await (which === "undo" ? api.undo() : api.redo()));
      this.info(`${which === "undo" ? "Undid" : "Redid"}: ${label}`);
    } catch (reason) {
      this.report(reason, which === "undo" ? "Undo failed" : "Redo failed");
    } finally {
      this.stepping = false;
    }
  }

  open(dialog: DialogState): void {
    this.dialog = dialog;
  }

  close(): void {
    this.dialog = null;
  }

  /** Say what an action did, for {@link NOTICE_MS} (or until the next change). */
  info(text: string): void {
    this.clearNotice();
    this.notice = { tone: "info", text };
    // clearNotice cancels this timer whenever another line or a change comes first.
    this.noticeTimer = setTimeout(() => {
      this.notice = null;
      this.noticeTimer = null;
    }, NOTICE_MS);
  }

  /** An action failed: the line stays until dismissed or the next change. */
  report(reason: unknown, context: string): void {
    const error = toAppError(reason);
    const file = error.file ? ` (${error.file})` : "";
    this.clearNotice();
    this.notice = { tone: "error", text: `${context}: ${error.message}${file}` };
  }

  private clearNotice(): void {
    if (this.noticeTimer !== null) clearTimeout(this.noticeTimer);
    this.noticeTimer = null;
    this.notice = null;
  }

  // Saves reject with the AppError so the open form can show its issues next to the fields.

  async saveClient(input: ClientInput): Promise<string | null> {
    const saved = await api.saveClient({ input });
    return this.applySaved(saved, saved.id ?? undefined);
  }

  async saveSegment(clientId: string, input: SegmentInput): Promise<string | null> {
    return this.applySaved(await api.saveSegment({ clientId, input }));
  }

  async saveCampaign(clientId: string, input: CampaignInput): Promise<string | null> {
    return this.applySaved(await api.saveCampaign({ clientId, input }));
  }

  async saveMessage(campaignId: string, input: MessageInput): Promise<string | null> {
    return this.applySaved(await api.saveMessage({ campaignId, input }));
  }

  async deleteEntity(target: EntityRef): Promise<void> {
    this.applySaved(await api.deleteEntity({ target }));
  }

  async reset(mode: ResetMode): Promise<void> {
    this.selectedClientId = null;
    this.applySaved(await api.resetWorkspace({ mode }));
    this.info(mode === "sample" ? "The sample agency is loaded." : "The workspace is empty.");
  }

  /** Remove the sample clients and keep the planner's own; says what it did and how to undo. */
  async removeSample(): Promise<void> {
    const count = this.sample.length;
    this.applySaved(await api.removeSampleClients());
    this.info(
      `Removed ${count === 1 ? "the sample client" : `${count} sample clients`}; your own clients are kept. ${UNDO_HINT}`,
    );
  }

  /** Import through the backend's open dialog; a cancelled dialog changes nothing. */
  async importPlan(mode: ImportMode): Promise<void> {
    try {
      const summary = await api.importPlanDialog({ mode });
      if (!summary) return;
      // The summary names clients; select the first one it touched.
      const touched = [...summary.added, ...summary.replaced];
      const first = summary.plan.clients.find((c) => touched.includes(c.name));
      this.checks = summary.checks;
      this.history = summary.history;
      this.apply(summary.plan, first?.id);
      this.version += 1;
      const parts = [];
      if (summary.added.length) parts.push(`added: ${summary.added.join(", ")}`);
      if (summary.replaced.length) parts.push(`replaced: ${summary.replaced.join(", ")}`);
      const imported = parts.length ? `Imported the plan (${parts.join("; ")}).` : "Imported the plan.";
      this.info([imported, summary.horizon_note].filter(Boolean).join(" "));
    } catch (reason) {
      this.report(reason, "Import failed");
    }
  }

  /** Export through the backend's save dialog; null exports the whole workspace. */
  async exportPlan(clientId: string | null): Promise<void> {
    try {
      const path = await api.exportPlanDialog({ clientId });
      if (path) this.info(`Exported to ${path}`);
    } catch (reason) {
      this.report(reason, "Export failed");
    }
  }

  /** The native menu and the in-app menu both land here. */
  menu(action: MenuAction): void {
    // A workspace that cannot be opened still offers its ways out.
    if (this.loadError && action !== "restore_backup") return;
    switch (action) {
      case "import":
        return this.open({ kind: "import" });
      case "export":
        return this.open({ kind: "export" });
      case "export_plan":
        return this.open({ kind: "export_plan" });
      case "reset_sample":
        return this.open({ kind: "reset", mode: "sample" });
      case "reset_empty":
        return this.open({ kind: "reset", mode: "empty" });
      case "remove_sample":
        if (!this.sample.length) return this.info("There are no sample clients in the workspace.");
        return this.open({ kind: "remove_sample" });
      case "new_client":
        return this.open({ kind: "client", client: null });
      case "restore_backup":
        return this.open({ kind: "restore" });
      case "undo":
      case "redo": {
        // Edit → Undo/Redo (and their keys, which the native menu may take first): in a text
        // field they act on its text; otherwise on the workspace, unless a dialog is open.
        const focused = typeof document === "undefined" ? null : document.activeElement;
        if (isTyping(focused)) return void document.execCommand(action);
        if (this.dialog) return;
        return void (action === "undo" ? this.undo() : this.redo());
      }
      case "import_history": {
        const clientId = this.selectedClientId ?? this.plan?.clients[0]?.id;
        if (!clientId) return this.info("Add a client first: history belongs to a client.");
        return this.open({ kind: "history", clientId });
      }
    }
  }
}

/** The status line after a move: what moved where, in the zone it was moved in. */
export function moveNotice(title: string, recurring: boolean, request: MoveRequest): string {
  const when = `${formatLocal(request.to)} (${request.timezone})`;
  if (!recurring) return `Moved “${title}” to ${when}.`;
  if (request.scope === "occurrence") return `Moved one occurrence of “${title}” to ${when}.`;
  return `Moved the series “${title}”: this occurrence is now ${when}.`;
}

const KEY = Symbol("workspace");

export function provideWorkspace(workspace: Workspace): Workspace {
  return setContext(KEY, workspace);
}

export function useWorkspace(): Workspace {
  const workspace = getContext<Workspace | undefined>(KEY);
  if (!workspace) throw new Error("useWorkspace() outside provideWorkspace()");
  return workspace;
}

export { KEY as WORKSPACE_KEY };
