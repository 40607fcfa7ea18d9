import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import type { BucketLoad } from "../../bindings/BucketLoad";
import type { CadenceSummary } from "../../bindings/CadenceSummary";
import type { Heat } from "../../bindings/Heat";
import type { SummaryRequest } from "../../bindings/SummaryRequest";
import summaries from "../../test/engine-summaries.json";
import { samplePlan, segment } from "../../test/fixtures";
import { WORKSPACE_KEY, Workspace } from "../../lib/workspace.svelte";
import CadenceView from "./CadenceView.svelte";

const DAYS = ["2026-11-09", "2026-11-10", "2026-11-11"];

/**
 * The engine's own summary of the sample plan where the fixture has the range (see
 * crates/desk/tests/integration/ui_fixtures.rs), else empty buckets; `heats` overrides the engine's heat
 * (and worst ratio) of a segment on DAYS, to exercise the heat classes.
 */
function summaryFor(
  args: SummaryRequest & { clientId: string },
  heats: Record<string, [Heat, number][]>,
): CadenceSummary {
  const key = `${args.clientId}|${args.from}|${args.to}|${args.bucket}`;
  const engine = (summaries as Record<string, CadenceSummary>)[key];
  const summary: CadenceSummary = engine ? structuredClone(engine) : emptySummary(args);
  for (const s of summary.segments)
    for (const b of s.buckets) {
      const i = DAYS.indexOf(b.start);
      const heat = heats[s.segment]?.[i];
      if (i >= 0 && heat !== undefined) [b.heat, b.worst_ratio] = heat;
    }
  // Plan order reversed on purpose: the view must put rows in tree order itself.
  summary.segments.reverse();
  return summary;
}

/** A bucket with no touches. */
function emptyBucket(start: string, loads: number[]): BucketLoad {
  return {
    start,
    touches: 0,
    loads,
    over: loads.map(() => false),
    worst_ratio: 0,
    heat: "none",
    over_weekly_cap: false,
    channels: [],
    average_value: null,
    below_min_value: false,
    reach: [],
    violations: 0,
    notes: [],
    closed: null,
    blackout_days: 0,
  };
}

function emptySummary(args: SummaryRequest & { clientId: string }): CadenceSummary {
  const starts: string[] = [];
  const step = args.bucket === "day" ? 1 : 7;
  let d = new Date(`${args.from}T00:00:00Z`);
  if (args.bucket === "week") d = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
  while (d.toISOString().slice(0, 10) < args.to) {
    starts.push(d.toISOString().slice(0, 10));
    d = new Date(d.getTime() + step * 86_400_000);
  }
  const client = samplePlan().clients.find((c) => c.id === args.clientId)!;
  return {
    from: args.from,
    to: args.to,
    bucket: args.bucket,
    near_cap_percent: 80,
    segments: client.segments.map((s) => ({
      client: client.id,
      segment: s.id,
      name: s.name,
      timezone: s.timezone ?? client.timezone,
      caps: [
        {
          max: 2,
          window_days: 7,
          channels: null,
          source: { level: "client", client: client.id, name: client.name },
          set_on: `client "${client.name}"`,
          text: "At most 2 touches in any 7 days",
        },
      ],
      weekly_cap: 2,
      min_value: null,
      quiet_hours: null,
      buckets: starts.map((start) => emptyBucket(start, [0])),
    })),
  };
}

function setup(heats: Record<string, [Heat, number][]> = {}) {
  const calls: (SummaryRequest & { clientId: string })[] = [];
  const opened: Record<string, string>[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "cadence_summary") {
      const a = args as SummaryRequest & { clientId: string };
      calls.push(a);
      return summaryFor(a, heats);
    }
    if (cmd === "bucket_messages") {
      opened.push(args as Record<string, string>);
      return ["hl-weekly-offers", "hl-flash"];
    }
    throw new Error(`unexpected ${cmd}`);
  });
  const onOpenMessages = vi.fn();
  const plan = samplePlan();
  const result = render(CadenceView, { props: { plan, clientId: "harvest-lane", version: 0, onOpenMessages } });
  return { calls, opened, onOpenMessages, plan, ...result };
}

const cellOf = (segmentId: string, date: string) => {
  const row = screen.getAllByTestId("cadence-row").find((r) => r.dataset.segmentId === segmentId)!;
  return within(row)
    .getAllByTestId("cadence-cell")
    .find((c) => c.dataset.date === date)!;
};

describe("CadenceView", () => {
  it("draws the segment tree in tree order and colours cells by the summary's ratio", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-10T15:00:00Z"));
    try {
      const { calls } = setup({
        "hl-coupon": [
          ["within", 0.5],
          ["near", 0.9],
          ["over", 1.5],
        ],
      });
      await waitFor(() => expect(screen.getAllByTestId("cadence-row")).toHaveLength(4));
      expect(screen.getAllByTestId("cadence-row").map((r) => r.dataset.segmentId)).toEqual([
        "hl-all",
        "hl-coupon",
        "hl-loyal",
        "hl-families",
      ]);
      expect(calls[0]).toEqual({ clientId: "harvest-lane", from: "2026-11-01", to: "2026-12-01", bucket: "day" });
      // The legend's threshold is the engine's.
      expect(screen.getByLabelText("Legend")).toHaveTextContent("near (80–100%)");
      expect(cellOf("hl-coupon", "2026-11-09")).toHaveClass("within");
      expect(cellOf("hl-coupon", "2026-11-10")).toHaveClass("near");
      expect(cellOf("hl-coupon", "2026-11-11")).toHaveClass("over");
      expect(cellOf("hl-coupon", "2026-11-11").dataset.ratio).toBe("1.5");
      expect(cellOf("hl-all", "2026-11-11")).toHaveClass("none");
      // The violation lands on the local date of its segment (12 Nov in New York).
      expect(cellOf("hl-loyal", "2026-11-12").dataset.violations).toBe("1");
      expect(cellOf("hl-loyal", "2026-11-11").dataset.violations).toBe("0");
      expect(cellOf("hl-loyal", "2026-11-30").dataset.violations).toBe("0");
    } finally {
      vi.useRealTimers();
    }
  });

  it("hover shows the touches and the cap with its source; click opens the messages", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-10T15:00:00Z"));
    try {
      const { onOpenMessages, opened } = setup({
        "hl-loyal": [
          ["none", 0],
          ["none", 0],
          ["none", 0],
        ],
      });
      await waitFor(() => expect(screen.getAllByTestId("cadence-row")).toHaveLength(4));
      const cell = cellOf("hl-loyal", "2026-11-12");
      await fireEvent.mouseEnter(cell);
      const tip = screen.getByTestId("cadence-tooltip");
      expect(tip).toHaveTextContent("07:30 Email");
      expect(tip).toHaveTextContent("12:00 Push");
      expect(tip).toHaveTextContent("· via parent");
      expect(tip).toHaveTextContent("2 touches (America/New_York)");
      expect(tip).toHaveTextContent(
        'At most 3 touches in any 7 days: fullest window 2 of 3 · set on parent segment "Coupon fans"',
      );
      // The engine's explanation of the cell's violation, from the summary.
      expect(tip).toHaveTextContent("No touches from 21:00 to 08:00 local time");
      await fireEvent.click(cell);
      // Every message of the cell, from the backend (the summary lists only the first touches).
      await waitFor(() => expect(onOpenMessages).toHaveBeenCalledWith(["hl-weekly-offers", "hl-flash"]));
      expect(opened).toEqual([
        { clientId: "harvest-lane", segmentId: "hl-loyal", from: "2026-11-12", to: "2026-11-13" },
      ]);
      // An empty cell opens nothing.
      await fireEvent.click(cellOf("hl-loyal", "2026-11-11"));
      expect(onOpenMessages).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("zooms to weeks for a quarter, navigates, and refetches when the version changes", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-10T15:00:00Z"));
    try {
      const { calls, rerender, plan, onOpenMessages } = setup();
      await waitFor(() => expect(calls.length).toBeGreaterThan(0));
      await fireEvent.click(screen.getByTestId("cadence-zoom-quarter"));
      await waitFor(() =>
        expect(calls.at(-1)).toEqual({
          clientId: "harvest-lane",
          from: "2026-10-01",
          to: "2027-01-01",
          bucket: "week",
        }),
      );
      await waitFor(() => expect(cellOf("hl-all", "2026-09-28")).toBeInTheDocument());
      await fireEvent.click(screen.getByRole("button", { name: "Next" }));
      await waitFor(() => expect(calls.at(-1)?.from).toBe("2027-01-01"));
      const before = calls.length;
      await rerender({ plan, clientId: "harvest-lane", version: 1, onOpenMessages });
      await waitFor(() => expect(calls.length).toBeGreaterThan(before));
      expect(calls.at(-1)?.from).toBe("2027-01-01");
    } finally {
      vi.useRealTimers();
    }
  });

  it("shades blackout dates and weekdays the segment's rules close", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-10T12:00:00Z"));
    try {
      mockIPC((cmd, args) => {
        if (cmd === "cadence_summary") {
          const a = args as SummaryRequest & { clientId: string };
          const s = summaryFor({ ...a }, {});
          return {
            ...s,
            segments: s.segments
              .slice(0, 0)
              .concat([{ ...s.segments[0], client: "northbridge", segment: "nb-all", name: "All", caps: [] }]),
          };
        }
        return [];
      });
      const plan = samplePlan();
      const nb = plan.clients.find((c) => c.id === "northbridge")!;
      nb.segments = [segment("nb-all", null)];
      render(CadenceView, { props: { plan, clientId: "northbridge", version: 0, onOpenMessages: () => {} } });
      await waitFor(() => expect(screen.getAllByTestId("cadence-row")).toHaveLength(1));
      expect(cellOf("nb-all", "2026-12-25")).toHaveClass("closed"); // blackout (a Friday)
      expect(cellOf("nb-all", "2026-12-26")).toHaveClass("closed"); // Saturday: weekdays rule
      expect(cellOf("nb-all", "2026-12-24")).not.toHaveClass("closed");
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps only the rows in view in the DOM for a large tree", async () => {
    const plan = samplePlan();
    const client = plan.clients.find((c) => c.id === "tidewater")!;
    client.segments = Array.from({ length: 300 }, (_, i) => segment(`s${i}`, i % 3 === 0 ? null : `s${i - (i % 3)}`));
    client.campaigns = [];
    mockIPC((cmd, args) => {
      if (cmd === "cadence_summary") {
        const a = args as SummaryRequest & { clientId: string };
        return {
          from: a.from,
          to: a.to,
          bucket: a.bucket,
          near_cap_percent: 80,
          segments: client.segments.map((s) => ({
            client: "tidewater",
            segment: s.id,
            name: s.name,
            timezone: "Australia/Sydney",
            caps: [],
            buckets: [emptyBucket(a.from, [])],
          })),
        };
      }
      return [];
    });
    render(CadenceView, { props: { plan, clientId: "tidewater", version: 0, onOpenMessages: () => {} } });
    await waitFor(() => expect(screen.getAllByTestId("cadence-row").length).toBeGreaterThan(0));
    const ids = () => screen.getAllByTestId("cadence-row").map((r) => r.dataset.segmentId);
    expect(ids().length).toBeLessThan(100);
    expect(ids()[0]).toBe("s0");
    const scroller = screen.getByRole("grid").parentElement!;
    scroller.scrollTop = 150 * 30;
    await fireEvent.scroll(scroller);
    await waitFor(() => expect(ids()).toContain("s150"));
    expect(ids()).not.toContain("s0");
    expect(ids().length).toBeLessThan(100);
  });

  it("has one cell in the tab order and moves with the arrow keys; the focused cell opens its messages", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-10T15:00:00Z"));
    try {
      const { onOpenMessages } = setup();
      await waitFor(() => expect(screen.getAllByTestId("cadence-row")).toHaveLength(4));
      const tabbable = screen.getAllByTestId("cadence-cell").filter((c) => c.tabIndex === 0);
      expect(tabbable).toEqual([cellOf("hl-all", "2026-11-01")]);
      tabbable[0].focus();
      await fireEvent.keyDown(document.activeElement!, { key: "ArrowDown" });
      await waitFor(() => expect(document.activeElement).toBe(cellOf("hl-coupon", "2026-11-01")));
      await fireEvent.keyDown(document.activeElement!, { key: "End" });
      await waitFor(() => expect(document.activeElement).toBe(cellOf("hl-coupon", "2026-11-30")));
      for (let i = 0; i < 18; i++) await fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
      await waitFor(() => expect(document.activeElement).toBe(cellOf("hl-coupon", "2026-11-12")));
      expect(screen.getByTestId("cadence-tooltip")).toHaveTextContent("Coupon fans");
      await fireEvent.click(document.activeElement!);
      await waitFor(() => expect(onOpenMessages).toHaveBeenCalledWith(["hl-weekly-offers", "hl-flash"]));
      expect(screen.getAllByTestId("cadence-cell").filter((c) => c.tabIndex === 0)).toEqual([
        cellOf("hl-coupon", "2026-11-12"),
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("opens on the backend's today when the app provides it", async () => {
    const calls: SummaryRequest[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "cadence_summary") {
        calls.push(args as SummaryRequest);
        return summaryFor(args as SummaryRequest & { clientId: string }, {});
      }
      return [];
    });
    const plan = samplePlan();
    const workspace = new Workspace();
    workspace.apply(plan);
    workspace.today = "2027-02-10";
    render(CadenceView, {
      props: { plan, clientId: "harvest-lane", version: 0, onOpenMessages: () => {} },
      context: new Map([[WORKSPACE_KEY, workspace]]),
    });
    await waitFor(() => expect(calls.length).toBeGreaterThan(0));
    expect(calls[0]).toMatchObject({ from: "2027-02-01", to: "2027-03-01", bucket: "day" });
  });
});
