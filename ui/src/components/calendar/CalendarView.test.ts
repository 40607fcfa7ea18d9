import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CalendarEntry } from "../../bindings/CalendarEntry";
import type { MoveRequest } from "../../bindings/MoveRequest";
import { samplePlan, savedReply } from "../../test/fixtures";
import { stubResizeObserver } from "../../test/layout";
import { renderInWorkspace } from "../../test/render";
import CalendarView from "./CalendarView.svelte";

// Harvest Lane (America/New_York): the weekly offers (Thursdays 07:30) and one 21:30 SMS.
const ENTRIES: CalendarEntry[] = [
  {
    message: "hl-weekly-offers",
    campaign: "hl-offers",
    occurrence: 1,
    at: "2026-11-12T12:30:00Z",
    violations: 2,
    rules: ["quiet_hours"],
  },
  {
    message: "hl-weekly-offers",
    campaign: "hl-offers",
    occurrence: 2,
    at: "2026-11-19T12:30:00Z",
    violations: 0,
    rules: [],
  },
  {
    message: "hl-sms-reminder",
    campaign: "hl-offers",
    occurrence: 0,
    at: "2026-11-14T02:30:00Z",
    violations: 1,
    rules: ["quiet_hours"],
  },
];

function setup(change?: (plan: ReturnType<typeof samplePlan>) => void) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  const plan = samplePlan();
  change?.(plan);
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    if (cmd === "calendar") return ENTRIES;
    if (cmd === "read_typed_when") {
      // A stand-in for the backend's reading (tested in Rust): ISO dates only.
      const { date, time } = args as { date: string; time: string };
      const ok = /^\d{4}-\d{2}-\d{2}$/.test(date);
      return {
        date: {
          date: ok ? date : null,
          how: ok ? "year-month-day" : null,
          problem: ok ? null : "Not a date: write it as YYYY-MM-DD or DD.MM.YYYY.",
          hint: "YYYY-MM-DD or DD.MM.YYYY",
        },
        time_problem: null,
        at: ok ? `${date}T${time.slice(0, 5)}:00` : null,
      };
    }
    if (cmd === "findings_page") return { total: 0, problem_total: 0, problems: [], cause: null, segments: [] };
    if (cmd === "move_message") return savedReply(plan, (args as { request: MoveRequest }).request.message);
    if (cmd === "preview_move")
      return {
        violations: 5,
        occurrence: { violations: 5, worse: [], better: [] },
        series: { violations: 7, worse: ["cap", "quiet_hours"], better: [] },
      };
  });
  const client = plan.clients.find((c) => c.id === "harvest-lane")!;
  const rendered = renderInWorkspace(CalendarView, { client }, { plan, selected: "harvest-lane" });
  return { calls, ...rendered };
}

const eventOf = (message: string, occurrence: number) =>
  document.querySelector<HTMLElement>(
    `[data-testid="calendar-event"][data-message-id="${message}"][data-occurrence="${occurrence}"]`,
  );

describe("CalendarView", () => {
  beforeAll(() => {
    stubResizeObserver();
    // The month of the sample agency (the calendar opens on today when the backend gives none).
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-23T12:00:00Z"));
  });
  afterAll(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("Today goes to the backend's today, not the browser clock", async () => {
    const { workspace, calls } = setup();
    workspace.today = "2027-03-10";
    // The calendar writes custom button labels with innerText, which jsdom lacks: find it by
    // its class (the browser tests see the label).
    const today = await waitFor(() => {
      const button = document.querySelector<HTMLButtonElement>(".ec-toolbar .ec-backendToday");
      if (!button) throw new Error("no Today button");
      return button;
    });
    await userEvent.click(today);
    // The calendar then asks the backend for the weeks around March 2027.
    await waitFor(() => {
      const ranges = calls.filter((c) => c.cmd === "calendar").map((c) => `${c.args.from}..${c.args.to}`);
      expect(ranges.some((r) => r.startsWith("2027-02") && r.includes("..2027-04"))).toBe(true);
    });
  });

  it("shows every occurrence at its wall time in the client's zone, with a badge on those that break a rule", async () => {
    const { calls } = setup();
    await waitFor(() => expect(document.querySelectorAll('[data-testid="calendar-event"]')).toHaveLength(3));
    // The calendar asks for local dates of the client's zone (a day either side of the view).
    const request = calls.find((c) => c.cmd === "calendar")!.args;
    expect(request).toMatchObject({ clientId: "harvest-lane" });
    expect(request.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const offers = eventOf("hl-weekly-offers", 1)!;
    expect(offers).toHaveTextContent("07:30");
    expect(offers).toHaveTextContent("This week's offers");
    expect(within(offers).getByTestId("violation-badge")).toHaveTextContent("2");
    expect(within(eventOf("hl-sms-reminder", 0)!).getByTestId("violation-badge")).toHaveTextContent("1");
    expect(eventOf("hl-sms-reminder", 0)).toHaveTextContent("21:30");
    expect(within(eventOf("hl-weekly-offers", 2)!).queryByTestId("violation-badge")).toBeNull();
  });

  it("shows the wall times of a segment's zone when switched to it, and filters by channel", async () => {
    setup((plan) => {
      plan.clients[0].segments.find((s) => s.id === "hl-families")!.timezone = "Europe/London";
    });
    const user = userEvent.setup();
    await waitFor(() => expect(eventOf("hl-sms-reminder", 0)).toHaveTextContent("21:30"));
    const zone = screen.getByTestId("calendar-zone");
    expect(
      within(zone)
        .getAllByRole("option")
        .map((o) => o.getAttribute("value")),
    ).toEqual(["America/New_York", "Europe/London"]);
    await user.selectOptions(zone, "Europe/London");
    // 02:30 UTC on 14 November is 02:30 in London (GMT), the next day.
    await waitFor(() => expect(eventOf("hl-sms-reminder", 0)).toHaveTextContent("02:30"));
    await user.selectOptions(screen.getByTestId("filter-channel"), "sms");
    await waitFor(() => expect(document.querySelectorAll('[data-testid="calendar-event"]')).toHaveLength(1));
  });

  it("filters by segment: a touch of an ancestor reaches the sub-segment", async () => {
    setup();
    const user = userEvent.setup();
    await waitFor(() => expect(document.querySelectorAll('[data-testid="calendar-event"]')).toHaveLength(3));
    // Families is a sibling of Coupon fans: neither offers nor the SMS (both to Coupon fans) reach it.
    await user.selectOptions(screen.getByTestId("filter-segment"), "hl-families");
    await waitFor(() => expect(document.querySelectorAll('[data-testid="calendar-event"]')).toHaveLength(0));
    // Loyalty members sits inside Coupon fans: both reach it.
    await user.selectOptions(screen.getByTestId("filter-segment"), "hl-loyal");
    await waitFor(() => expect(document.querySelectorAll('[data-testid="calendar-event"]')).toHaveLength(3));
  });

  it("moves a repeating message with the keyboard after asking: only this occurrence", async () => {
    const { calls } = setup();
    const user = userEvent.setup();
    await waitFor(() => expect(eventOf("hl-weekly-offers", 1)).not.toBeNull());
    // A plain click selects (jsdom has no layout for the pointer-driven drag code).
    await fireEvent.click(eventOf("hl-weekly-offers", 1)!);
    await user.keyboard("m");
    const date = await screen.findByTestId("move-date");
    expect(date).toHaveValue("2026-11-12");
    expect(screen.getByTestId("move-time")).toHaveValue("07:30");
    await user.clear(date);
    await user.type(date, "2026-11-13");
    await user.click(screen.getByTestId("move-apply"));

    // A repeating message: the scope dialog. Cancel sends nothing.
    await user.click(await screen.findByRole("button", { name: "Cancel" }));
    expect(screen.queryByTestId("move-scope-dialog")).toBeNull();
    expect(calls.filter((c) => c.cmd === "move_message")).toHaveLength(0);

    await user.click(screen.getByTestId("move-open"));
    await user.click(screen.getByTestId("move-apply"));
    // Each choice shows the engine's preview of it.
    expect(await screen.findByTestId("move-outcome-series")).toHaveTextContent(
      "2 more violations (breaks more: contact cap, quiet hours)",
    );
    expect(screen.getByTestId("move-outcome-occurrence")).toHaveTextContent("No change to the guidelines");
    expect(calls.find((c) => c.cmd === "preview_move")!.args.request).toMatchObject({
      message: "hl-weekly-offers",
      occurrence: 1,
    });
    await user.click(await screen.findByTestId("move-scope-occurrence"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "move_message")).toHaveLength(1));
    expect(calls.find((c) => c.cmd === "move_message")!.args.request).toEqual({
      message: "hl-weekly-offers",
      occurrence: 1,
      to: "2026-11-12T07:30:00",
      timezone: "America/New_York",
      scope: "occurrence",
    });
  });

  it("moves a single message at once, with the series scope", async () => {
    const { calls } = setup();
    const user = userEvent.setup();
    await waitFor(() => expect(eventOf("hl-sms-reminder", 0)).not.toBeNull());
    await fireEvent.click(eventOf("hl-sms-reminder", 0)!);
    await user.click(screen.getByTestId("move-open"));
    const time = screen.getByTestId("move-time");
    await user.clear(time);
    await user.type(time, "10:00");
    await user.click(screen.getByTestId("move-apply"));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "move_message")).toHaveLength(1));
    expect(screen.queryByTestId("move-scope-dialog")).toBeNull();
    expect(calls.find((c) => c.cmd === "move_message")!.args.request).toMatchObject({
      message: "hl-sms-reminder",
      to: "2026-11-13T10:00:00",
      scope: "series",
    });
  });
});
