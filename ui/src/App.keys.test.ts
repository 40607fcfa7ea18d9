import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { HistoryState } from "./bindings/HistoryState";
import App from "./App.svelte";
import { samplePlan } from "./test/fixtures";
import { stubResizeObserver } from "./test/layout";

/** The app on the sample plan; undo/redo replies move the history one step. */
function start(history: HistoryState) {
  const calls: string[] = [];
  const plan = samplePlan();
  const reply = (h: HistoryState) => ({
    change: { kind: "whole", plan },
    id: null,
    checks: { total: 3, by_client: { "harvest-lane": 3 }, problems: 2, problems_by_client: { "harvest-lane": 2 } },
    history: h,
  });
  mockIPC(
    (cmd) => {
      calls.push(cmd);
      if (cmd === "workspace") {
        return {
          plan,
          db_path: "/db",
          checks: {
            total: 4,
            by_client: { "harvest-lane": 4 },
            problems: 3,
            problems_by_client: { "harvest-lane": 3 },
          },
          history,
          today: "2026-11-23",
        };
      }
      if (cmd === "list_timezones") return ["America/New_York"];
      if (cmd === "calendar") return { zone: "America/New_York", entries: [], clusters: [] };
      if (cmd === "message_facts" || cmd === "checklist_changes") return [];
      // The editors' first questions (their answers are tested with the editors).
      if (cmd === "rule_defaults" || cmd === "guideline_presets") return [];
      if (cmd === "guidelines") return { inherited: [], own: [], effective: [], issues: [] };
      if (cmd === "check_checklist") return { items: [], checklist: null, changes: [] };
      if (cmd === "findings_page") return { total: 0, problem_total: 0, problems: [], cause: null, segments: [] };
      if (cmd === "check_message_draft") {
        const date = { date: null, how: null, problem: null, hint: "YYYY-MM-DD or DD.MM.YYYY" };
        const facts = { without_consent: [], min_value: null, meets_min_value: null, value: null, reached_via: {} };
        return { issues: { fields: {}, form: [] }, date, at: null, ...facts };
      }
      if (cmd === "undo") return reply({ undo: null, redo: history.undo });
      if (cmd === "redo") return reply({ undo: "Move message “Flash sale”", redo: null });
    },
    { shouldMockEvents: true },
  );
  render(App);
  return calls;
}

describe("App keyboard", () => {
  beforeAll(stubResizeObserver);
  afterAll(() => vi.unstubAllGlobals());

  it("Ctrl+Z undoes and Shift+Ctrl+Z redoes; the header follows the reply", async () => {
    const calls = start({ undo: "Move message “Flash sale”", redo: null });
    const user = userEvent.setup();
    await screen.findAllByTestId("client-item");
    expect(screen.getByTestId("header-violations")).toHaveTextContent("4");
    expect(screen.getByTestId("undo")).toHaveAccessibleName("Undo Move message “Flash sale”");
    expect(screen.getByTestId("redo")).toBeDisabled();

    await user.keyboard("{Control>}z{/Control}");
    await waitFor(() => expect(calls.filter((c) => c === "undo")).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId("redo")).toBeEnabled());
    expect(screen.getByTestId("header-violations")).toHaveTextContent("3");
    expect(screen.getByTestId("client-violations")).toHaveTextContent("3");

    await user.keyboard("{Control>}{Shift>}Z{/Shift}{/Control}");
    await waitFor(() => expect(calls.filter((c) => c === "redo")).toHaveLength(1));
    // Cmd on macOS.
    await waitFor(() => expect(screen.getByTestId("undo")).toBeEnabled());
    await user.keyboard("{Meta>}z{/Meta}");
    await waitFor(() => expect(calls.filter((c) => c === "undo")).toHaveLength(2));
  });

  it("leaves the keys to a text field while typing, and to an open dialog", async () => {
    const calls = start({ undo: "Edit client “Harvest Lane Grocers”", redo: null });
    const user = userEvent.setup();
    await screen.findAllByTestId("client-item");
    await user.click(screen.getByTestId("new-client"));
    const name = await screen.findByTestId("client-name");
    await user.type(name, "Lumen");
    await user.keyboard("{Control>}z{/Control}");
    await user.keyboard("2");
    expect(calls).not.toContain("undo");
    expect(name).toHaveValue("Lumen2");
  });

  it("1, 2, 3 switch views, N opens a new message, ? the shortcut list", async () => {
    start({ undo: null, redo: null });
    const user = userEvent.setup();
    await screen.findAllByTestId("client-item");
    await user.keyboard("2");
    expect(screen.getByTestId("view-calendar")).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByTestId("calendar", {}, { timeout: 10_000 })).toBeInTheDocument();
    await user.keyboard("1");
    expect(screen.getByTestId("view-overview")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("client-title")).toHaveTextContent("Harvest Lane Grocers");
    await user.keyboard("?");
    expect(await screen.findByTestId("shortcuts-dialog")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    await user.keyboard("n");
    expect(await screen.findByTestId("message-form")).toBeInTheDocument();
    // A new message from anywhere asks for its campaign.
    expect(screen.getByTestId("message-campaign")).toHaveValue("hl-offers");
  }, 15_000);

  it("offers every view and both editors: nothing is left out at run time", async () => {
    start({ undo: null, redo: null });
    const user = userEvent.setup();
    await screen.findAllByTestId("client-item");
    const tabs = screen.getAllByRole("tab").map((t) => t.dataset.testid);
    expect(tabs).toEqual(["view-overview", "view-calendar", "view-cadence", "view-insights"]);
    await user.click(screen.getByTestId("client-guidelines"));
    expect(screen.getByTestId("guidelines-editor")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    await user.click(screen.getByTestId("client-checklist"));
    expect(screen.getByRole("dialog")).toHaveTextContent("checklist");
    await user.keyboard("{Escape}");
    await user.keyboard("3");
    expect(screen.getByTestId("view-cadence")).toHaveAttribute("aria-selected", "true");
    // The cadence view is loaded when first shown.
    expect(await screen.findByTestId("cadence-view")).toBeInTheDocument();
  });
});
