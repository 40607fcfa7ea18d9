import { mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { samplePlan, savedReply } from "../test/fixtures";
import { formatDate, setDateLocale } from "./datetime";
import { FONT_PROPERTY } from "./uiFont";
import { CHANGED_OUTSIDE, NOTICE_MS, Workspace } from "./workspace.svelte";

describe("Workspace", () => {
  it("keeps the selection on a client that still exists, else takes the first", () => {
    const workspace = new Workspace();
    const plan = samplePlan();
    workspace.apply(plan);
    expect(workspace.selectedClientId).toBe("harvest-lane");
    workspace.select("tidewater");
    workspace.apply(samplePlan());
    expect(workspace.selectedClientId).toBe("tidewater");
    workspace.apply({ ...plan, clients: plan.clients.filter((c) => c.id !== "tidewater") });
    expect(workspace.selectedClientId).toBe("harvest-lane");
    workspace.apply({ ...plan, clients: [] });
    expect(workspace.selectedClientId).toBeNull();
  });

  it("routes menu actions to dialogs, and ignores them while the workspace failed to open", () => {
    const workspace = new Workspace();
    workspace.apply(samplePlan());
    workspace.menu("reset_empty");
    expect(workspace.dialog).toEqual({ kind: "reset", mode: "empty" });
    workspace.menu("new_client");
    expect(workspace.dialog).toEqual({ kind: "client", client: null });
    workspace.close();
    workspace.loadError = { code: "database_locked", message: "locked", issues: [], file: null };
    workspace.menu("import");
    expect(workspace.dialog).toBeNull();
  });

  it("reports what an import did, and an export's path or error", async () => {
    const plan = samplePlan();
    let exportResult: unknown = "/tmp/plan.json";
    let horizonNote: string | null = null;
    mockIPC((cmd) => {
      if (cmd === "import_plan_dialog")
        return {
          ...savedReply(plan),
          plan,
          added: ["Tidewater Coffee Co."],
          replaced: [],
          horizon_note: horizonNote,
          backup: "cadence-20261201T090000.000Z-before-import.db",
        };
      if (cmd === "export_plan_dialog") {
        if (exportResult instanceof Error)
          throw { code: "io", message: "disk full", issues: [], file: "/tmp/plan.json" };
        return exportResult;
      }
    });
    const workspace = new Workspace();
    await workspace.importPlan("merge");
    expect(workspace.notice).toEqual({ tone: "info", text: "Imported the plan (added: Tidewater Coffee Co.)." });
    expect(workspace.selectedClientId).toBe("tidewater");
    // The backend's word on a grown horizon is passed on as it is.
    horizonNote = "The workspace's horizon grew from 2026-01-01 – 2027-01-01 to 2026-01-01 – 2028-01-01.";
    await workspace.importPlan("merge");
    expect(workspace.notice).toEqual({
      tone: "info",
      text: `Imported the plan (added: Tidewater Coffee Co.). ${horizonNote}`,
    });

    await workspace.exportPlan(null);
    expect(workspace.notice).toEqual({ tone: "info", text: "Exported to /tmp/plan.json" });
    exportResult = new Error();
    await workspace.exportPlan("tidewater");
    expect(workspace.notice).toEqual({ tone: "error", text: "Export failed: disk full (/tmp/plan.json)" });
  });

  it("offers the backups even when the workspace could not be opened, and a restore loads it", async () => {
    const plan = samplePlan();
    let broken = true;
    mockIPC((cmd, args) => {
      if (cmd === "workspace") {
        if (broken) throw { code: "database_damaged", message: "cannot open", issues: [], file: "/tmp/c.db" };
        return {
          plan,
          db_path: "/tmp/c.db",
          checks: { total: 0, by_client: {}, problems: 0, problems_by_client: {} },
          history: { undo: null, redo: null },
        };
      }
      if (cmd === "restore_backup") {
        expect(args).toEqual({ name: "cadence-20261201T090000.000Z-before-import.db" });
        broken = false;
        return {
          plan,
          db_path: "/tmp/c.db",
          checks: { total: 0, by_client: {}, problems: 0, problems_by_client: {} },
          history: { undo: null, redo: null },
        };
      }
      if (cmd === "list_timezones") return ["UTC"];
    });
    const workspace = new Workspace();
    await workspace.load();
    expect(workspace.loadError?.code).toBe("database_damaged");
    workspace.menu("import");
    expect(workspace.dialog).toBeNull();
    workspace.menu("restore_backup");
    expect(workspace.dialog).toEqual({ kind: "restore" });
    await workspace.restoreBackup("cadence-20261201T090000.000Z-before-import.db", "1 Dec 2026, 09:00");
    expect(workspace.loadError).toBeNull();
    expect(workspace.plan?.clients.length).toBe(plan.clients.length);
    expect(workspace.notice?.text).toContain("Restored the backup from 1 Dec 2026, 09:00");
  });

  /** The backend at start: the sample plan, and `answer` for the start's other commands. */
  function mockStart(answer: (cmd: string) => unknown): void {
    const plan = samplePlan();
    mockIPC((cmd) => {
      if (cmd === "workspace")
        return { plan, db_path: "/tmp/c.db", checks: { total: 0, by_client: {} }, history: { undo: null, redo: null } };
      if (cmd === "list_timezones") return ["UTC"];
      return answer(cmd);
    });
  }

  it("writes dates in the system locale the backend reports", async () => {
    mockStart((cmd) => (cmd === "system_locale" ? "de-DE" : undefined));
    const workspace = new Workspace();
    await workspace.load();
    try {
      expect(workspace.locale).toBe("de-DE");
      expect(formatDate("2026-11-23")).toBe("23. Nov. 2026");
    } finally {
      setDateLocale(null);
    }
  });

  it("sets the window's text in the font family the backend chooses, before the first screen", async () => {
    mockStart((cmd) => (cmd === "ui_font" ? "sans-serif" : undefined));
    const root = document.documentElement.style;
    const workspace = new Workspace();
    try {
      await workspace.load();
      expect(workspace.plan).not.toBeNull();
      expect(root.getPropertyValue(FONT_PROPERTY)).toBe("sans-serif");
    } finally {
      root.removeProperty(FONT_PROPERTY);
    }
  });

  it("keeps the stylesheet's font when the backend cannot say", async () => {
    mockStart((cmd) => {
      if (cmd === "ui_font") throw new Error("no such command");
    });
    const workspace = new Workspace();
    await workspace.load();
    expect(workspace.loadError).toBeNull();
    expect(workspace.plan).not.toBeNull();
    expect(document.documentElement.style.getPropertyValue(FONT_PROPERTY)).toBe("");
  });

  it("Edit → Undo/Redo from the native menu undo the last change, or the text in a field", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "undo" || cmd === "redo")
        return {
          plan: samplePlan(),
          id: null,
          checks: { total: 0, by_client: {} },
          history: { undo: null, redo: "Move “A”" },
        };
    });
    const workspace = new Workspace();
    workspace.apply(samplePlan());
    workspace.history = { undo: "Move “A”", redo: null };
    workspace.menu("undo");
    await vi.waitFor(() => expect(calls).toContain("undo"));
    await vi.waitFor(() => expect(workspace.history.redo).toBe("Move “A”"));

    // In a text field the menu's undo is the field's own.
    const input = document.createElement("input");
    document.body.append(input);
    input.focus();
    const execCommand = vi.fn(() => true);
    Object.defineProperty(document, "execCommand", { value: execCommand, configurable: true });
    workspace.menu("redo");
    expect(execCommand).toHaveBeenCalledWith("redo");
    expect(calls.filter((c) => c === "redo")).toHaveLength(0);
    input.remove();
  });

  it("changes nothing when the import dialog is cancelled", async () => {
    mockIPC((cmd) => (cmd === "import_plan_dialog" ? null : undefined));
    const workspace = new Workspace();
    workspace.apply(samplePlan());
    const before = workspace.plan;
    await workspace.importPlan("replace");
    expect(workspace.plan).toBe(before);
    expect(workspace.notice).toBeNull();
  });

  it("shows a workspace another program changed, and says so; nothing when nothing changed", async () => {
    const plan = samplePlan();
    const changed = { ...plan, clients: plan.clients.slice(0, 1) };
    let reply: unknown = null;
    mockIPC((cmd) => (cmd === "check_for_changes" ? reply : undefined));
    const workspace = new Workspace();
    workspace.apply(plan);
    expect(await workspace.checkForChanges()).toBe(false);
    expect(workspace.notice).toBeNull();
    reply = savedReply(changed);
    expect(await workspace.checkForChanges()).toBe(true);
    expect(workspace.plan?.clients).toHaveLength(1);
    expect(workspace.notice).toEqual({ tone: "info", text: CHANGED_OUTSIDE });
  });

  it("reloads the workspace and shows the refusal when an edit was based on a stale one", async () => {
    const plan = samplePlan();
    const stale = {
      code: "stale_workspace",
      message:
        "The workspace was changed by another program; Cadence reloaded it. Your change was not saved: make it again.",
      issues: [],
      file: "/tmp/cadence.db",
    };
    mockIPC((cmd) => {
      if (cmd === "save_client") throw stale;
      if (cmd === "workspace") return { ...savedReply(plan), plan, db_path: "/tmp/cadence.db", today: "2026-11-23" };
    });
    const workspace = new Workspace();
    const stop = workspace.watch();
    workspace.apply({ ...plan, clients: [] });
    await expect(
      workspace.saveClient({ id: "tidewater", name: "X", timezone: "UTC", checklist: null, rules: null }),
    ).rejects.toMatchObject({ code: "stale_workspace" });
    await new Promise((done) => setTimeout(done, 0));
    stop();
    expect(workspace.plan?.clients).toHaveLength(plan.clients.length);
    expect(workspace.notice).toEqual({ tone: "error", text: stale.message });
  });

  describe("the status line", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it("says where a move put the message, in the zone it was moved in", async () => {
      const plan = samplePlan();
      mockIPC((cmd) => {
        if (cmd === "move_message") return savedReply(plan);
      });
      const workspace = new Workspace();
      workspace.apply(plan);
      const single = plan.clients
        .flatMap((c) => c.campaigns)
        .flatMap((k) => k.messages)
        .find((m) => !m.rrule)!;
      const recurring = plan.clients
        .flatMap((c) => c.campaigns)
        .flatMap((k) => k.messages)
        .find((m) => m.rrule)!;
      const to = "2026-03-03T10:00:00";
      await workspace.moveMessage({
        message: single.id,
        occurrence: 0,
        to,
        timezone: "Europe/Berlin",
        scope: "series",
      });
      expect(workspace.notice).toEqual({
        tone: "info",
        text: `Moved “${single.title}” to Tue 3 Mar 2026, 10:00 (Europe/Berlin).`,
      });
      await workspace.moveMessage({ message: recurring.id, occurrence: 2, to, timezone: "UTC", scope: "occurrence" });
      expect(workspace.notice?.text).toBe(
        `Moved one occurrence of “${recurring.title}” to Tue 3 Mar 2026, 10:00 (UTC).`,
      );
      await workspace.moveMessage({ message: recurring.id, occurrence: 2, to, timezone: "UTC", scope: "series" });
      expect(workspace.notice?.text).toBe(
        `Moved the series “${recurring.title}”: this occurrence is now Tue 3 Mar 2026, 10:00 (UTC).`,
      );
    });

    it("clears an info line after a few seconds and at the next change", async () => {
      vi.useFakeTimers();
      const plan = samplePlan();
      mockIPC((cmd) => {
        if (cmd === "undo") return { ...savedReply(plan), history: { undo: null, redo: "Edit message" } };
        if (cmd === "save_client") return savedReply(plan, "harvest-lane");
      });
      const workspace = new Workspace();
      workspace.apply(plan);
      workspace.history = { undo: "Edit message", redo: null };
      await workspace.undo();
      expect(workspace.notice?.text).toBe("Undid: Edit message");
      vi.advanceTimersByTime(NOTICE_MS - 1);
      expect(workspace.notice?.text).toBe("Undid: Edit message");
      vi.advanceTimersByTime(1);
      expect(workspace.notice).toBeNull();

      workspace.info("Exported to /tmp/plan.json");
      await workspace.saveClient({
        id: "harvest-lane",
        name: "Harvest Lane",
        timezone: "UTC",
        checklist: null,
        rules: null,
      });
      expect(workspace.notice).toBeNull();
      // An error stays until the next change (or Dismiss), not on a timer.
      workspace.report(new Error("disk full"), "Export failed");
      vi.advanceTimersByTime(NOTICE_MS * 3);
      expect(workspace.notice?.tone).toBe("error");
    });
  });
});
