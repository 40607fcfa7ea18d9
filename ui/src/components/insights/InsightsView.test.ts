import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CurveView } from "../../bindings/CurveView";
import type { InsightsView as View } from "../../bindings/InsightsView";
import { samplePlan, savedReply } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import InsightsView from "./InsightsView.svelte";

function curve(over: Partial<CurveView> = {}): CurveView {
  return {
    fatigue: {
      audience: "Loyalty members",
      segment: "hl-loyal",
      channel: "email",
      source: "activity",
      bins: [
        {
          k: 1,
          touches: 4000,
          unsubscribes: 8,
          complaints: 0,
          rate: 0.002,
          low: 0.001,
          high: 0.004,
          complaint_rate: 0,
          open_rate: null,
          click_rate: null,
        },
        {
          k: 2,
          touches: 6000,
          unsubscribes: 12,
          complaints: 0,
          rate: 0.002,
          low: 0.0011,
          high: 0.0035,
          complaint_rate: 0,
          open_rate: null,
          click_rate: null,
        },
        {
          k: 3,
          touches: 9000,
          unsubscribes: 225,
          complaints: 1,
          rate: 0.025,
          low: 0.022,
          high: 0.028,
          complaint_rate: 0.0001,
          open_rate: null,
          click_rate: null,
        },
      ],
      unattributed: 0,
      baseline: 0.002,
      recommended_cap: 2,
      reason: "at 3 a week, 2.5% unsubscribed (2.2–2.8%), 12.5 × the 1-a-week rate",
    },
    segment_name: "Loyalty members",
    channel_name: "Email",
    cap_in_force: 3,
    cap_source: 'inherited from parent segment "Coupon fans"',
    would_change: true,
    blocked: null,
    ...over,
  };
}

function view(over: Partial<View> = {}): View {
  return {
    client_id: "harvest-lane",
    records: 19_245,
    curves: [curve()],
    complaints: [
      {
        audience: "Loyalty members",
        segment: "hl-loyal",
        channel: "email",
        source: "activity",
        touches: 19000,
        complaints: 1,
        rate: 0.00005,
        above_0_1: false,
        above_0_3: false,
      },
    ],
    engagement: [],
    response: [
      {
        channel: "email",
        messages: 10,
        answered: 0.9,
        answered_count: 9,
        median_hours: 25,
        p90_hours: 45,
        unanswered_after_target: 0.6,
        unanswered: 0.1,
        target_hours: 24,
        distribution: [
          { label: "< 1 h", from_hours: 0, to_hours: 1, messages: 0, share: 0 },
          { label: "1–4 h", from_hours: 1, to_hours: 4, messages: 0, share: 0 },
          { label: "4–24 h", from_hours: 4, to_hours: 24, messages: 4, share: 0.4 },
          { label: "1–3 days", from_hours: 24, to_hours: 72, messages: 5, share: 0.5 },
          { label: "> 3 days", from_hours: 72, to_hours: null, messages: 0, share: 0 },
          { label: "never", from_hours: null, to_hours: null, messages: 1, share: 0.1 },
        ],
      },
    ],
    reply_target_hours: 24,
    audiences: [{ audience: "Loyalty members", segment_id: "hl-loyal" }],
    complaint_lines: [0.001, 0.003],
    min_touches: 1000,
    tolerance: 2,
    ...over,
  };
}

function setup(first: View, after: View = first) {
  const plan = samplePlan();
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  let applied = false;
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    if (cmd === "client_insights") return applied ? after : first;
    if (cmd === "apply_history_cap") {
      applied = true;
      return {
        ...savedReply(plan, "hl-loyal"),
        history: { undo: "Apply history cap to segment “Loyalty members”", redo: null },
      };
    }
    if (cmd === "set_reply_target" || cmd === "set_audience_segment") return null;
  });
  const client = plan.clients.find((c) => c.id === "harvest-lane")!;
  return { calls, ...renderInWorkspace(InsightsView, { client }, { plan, selected: "harvest-lane" }) };
}

describe("InsightsView", () => {
  it("points to the history import when the client has none", async () => {
    setup(view({ records: 0, curves: [], complaints: [], response: [], audiences: [] }));
    const empty = await screen.findByTestId("empty-state");
    expect(empty).toHaveTextContent("No campaign history for this client yet");
    expect(empty).toHaveTextContent("File → Import History…");
    expect(within(empty).getByTestId("insights-import-history")).toBeInTheDocument();
  });

  it("draws the curve from the backend's numbers, with both caps and the reason", async () => {
    setup(view());
    const card = await screen.findByTestId("curve");
    expect(within(card).getByTestId("recommended-cap")).toHaveTextContent("History suggests at most 2 a week");
    expect(within(card).getByTestId("reason")).toHaveTextContent("at 3 a week, 2.5% unsubscribed");
    expect(within(card).getByTestId("cap-in-force")).toHaveTextContent(
      'cap in force 3 a week on Email (inherited from parent segment "Coupon fans")',
    );
    const chart = within(card).getByTestId("fatigue-chart");
    expect(chart.querySelectorAll("circle.point")).toHaveLength(3);
    expect(chart.querySelectorAll("rect.bar")).toHaveLength(3);
    expect(chart.querySelector("polygon.band")).not.toBeNull();
    // A cap of c sits after bin c: the recommended line before the cap in force's.
    const x = (id: string) => Number(chart.querySelector(`[data-testid="${id}"]`)!.getAttribute("x1"));
    expect(x("recommended-line")).toBeLessThan(x("cap-in-force-line"));
    expect(screen.getByTestId("complaints-chart")).toHaveTextContent("0.1%");
    expect(screen.getByTestId("response")).toHaveTextContent("unanswered after 24 h 60.0%");
  });

  it("applies the recommendation as an undoable edit and shows the new cap", async () => {
    const after = view({
      curves: [
        curve({
          cap_in_force: 2,
          cap_source: "set on this segment",
          would_change: false,
          blocked: "the cap in force is already at most 2 a week (set on this segment)",
        }),
      ],
    });
    const { calls, workspace } = setup(view(), after);
    const button = await screen.findByTestId("apply-cap");
    expect(button).toBeEnabled();
    await userEvent.click(button);
    await waitFor(() => expect(screen.getByTestId("cap-in-force")).toHaveTextContent("cap in force 2 a week"));
    expect(calls.find((c) => c.cmd === "apply_history_cap")?.args).toEqual({
      clientId: "harvest-lane",
      segmentId: "hl-loyal",
      channel: "email",
      capPerWeek: 2,
    });
    expect(workspace.history.undo).toBe("Apply history cap to segment “Loyalty members”");
    expect(workspace.notice?.text).toContain("Applied: at most 2 a week on Email");
    expect(screen.getByTestId("apply-cap")).toBeDisabled();
    expect(screen.getByTestId("apply-blocked")).toHaveTextContent("already at most 2 a week");
  });

  it("explains why an unmapped audience cannot be applied, and maps it", async () => {
    const { calls } = setup(
      view({
        curves: [
          curve({
            segment_name: null,
            cap_in_force: null,
            cap_source: null,
            would_change: false,
            blocked: "“Loyalty members” is not mapped to a segment; map it below to apply",
          }),
        ],
        audiences: [{ audience: "Loyalty members", segment_id: null }],
      }),
    );
    expect(await screen.findByTestId("apply-cap")).toBeDisabled();
    expect(screen.getByTestId("apply-blocked")).toHaveTextContent("not mapped to a segment");
    await userEvent.selectOptions(screen.getByTestId("audience-segment"), "hl-families");
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === "set_audience_segment")?.args).toEqual({
        clientId: "harvest-lane",
        audience: "Loyalty members",
        segmentId: "hl-families",
      }),
    );
    await waitFor(() => expect(calls.filter((c) => c.cmd === "client_insights")).toHaveLength(2));
  });
});
