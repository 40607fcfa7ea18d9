import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../bindings/Finding";
import type { FindingsPage } from "../../bindings/FindingsPage";
import type { FindingsQuery } from "../../bindings/FindingsQuery";
import type { HistoryHint } from "../../bindings/HistoryHint";
import { forgetHints } from "../../lib/insights";
import type { RuleKind } from "../../bindings/RuleKind";
import type { Offer } from "../../bindings/Offer";
import type { OfferKind } from "../../bindings/OfferKind";
import type { Suggestion } from "../../bindings/Suggestion";
import { samplePlan, savedReply } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import ViolationsPanel from "./ViolationsPanel.svelte";

function finding(
  segment: string,
  message: string,
  occurrence: number,
  at: string,
  rule: RuleKind,
  text: string,
): Finding {
  return {
    violation: {
      rule,
      segment,
      message,
      occurrence,
      at,
      channel: "email",
      direct: true,
      window_days: null,
      channels: null,
      limit: null,
      count: null,
      severity: "error",
      detail: text,
    },
    explanation: {
      text,
      rule: null,
      source: { level: "client", client: "harvest-lane", name: "Harvest Lane Grocers" },
      timezone: "America/New_York",
      local: `${at.slice(0, 10)} 07:30 EST`,
      touches: [],
      more: 0,
    },
  };
}

// Loyalty members (level 3) is listed first by the engine, but the panel follows the tree:
// Coupon fans, then Loyalty members inside it; Young families (a consent problem) after them.
const FINDINGS: Finding[] = [
  finding(
    "hl-loyal",
    "hl-weekly-offers",
    1,
    "2026-11-12T12:30:00Z",
    "quiet_hours",
    "Loyal: 07:30 is within quiet hours.",
  ),
  finding("hl-families", "hl-flash", 0, "2026-11-12T17:00:00Z", "consent", "Families have not opted in to push."),
  finding(
    "hl-coupon",
    "hl-weekly-offers",
    1,
    "2026-11-12T12:30:00Z",
    "quiet_hours",
    "Coupon: 07:30 is within quiet hours.",
  ),
  finding("hl-coupon", "hl-sms-reminder", 0, "2026-11-14T02:30:00Z", "quiet_hours", "21:30 is within quiet hours."),
];

function offer(kind: OfferKind, label: string, at: string, local: string, text: string): Offer {
  return { kind, label, at, local, text, fixes: ["quiet_hours"], leaves: [] };
}

function suggestion(message: string): Suggestion {
  if (message === "hl-flash") {
    return {
      message,
      timezone: "America/New_York",
      after_local: "2026-11-13T21:30:00",
      slots: [],
      offers: [],
      flagged: [],
      blocked: [{ rule: "consent", segment: "hl-all", detail: "Families have not opted in to push: no time helps." }],
      segments: ["hl-all"],
      searched_until: "2026-12-12T00:00:00Z",
    };
  }
  return {
    message,
    timezone: "America/New_York",
    // The flagged weekly offers, Thursday 07:30 in New York: offers that day show their time.
    after_local: "2026-11-12T07:30:00",
    slots: [
      { at: "2026-11-12T13:00:00Z", local: "2026-11-12T08:00:00" },
      { at: "2026-11-12T13:30:00Z", local: "2026-11-12T08:30:00" },
    ],
    offers: [
      offer(
        "nearest",
        "Nearest later",
        "2026-11-12T13:00:00Z",
        "2026-11-12T08:00:00",
        "fixes quiet hours; still the 3rd message in 7 days (max 2) for Coupon fans",
      ),
      offer(
        "clean",
        "Earliest that breaks nothing",
        "2026-11-12T13:30:00Z",
        "2026-11-12T08:30:00",
        "fixes quiet hours; breaks nothing else",
      ),
      offer(
        "spread",
        "Another day",
        "2026-11-14T13:30:00Z",
        "2026-11-14T08:30:00",
        "fixes quiet hours; breaks nothing else",
      ),
    ],
    flagged: ["quiet_hours"],
    blocked: [],
    segments: ["hl-coupon"],
    searched_until: "2026-12-12T00:00:00Z",
  };
}

/** The backend's page of `all`: per segment (in plan order) its total and its first findings,
 * and one problem per message occurrence (the engine's wording is tested in Rust). */
function pageOf(all: Finding[], query: FindingsQuery, cause: string | null = null): FindingsPage {
  const order = ["hl-all", "hl-coupon", "hl-families", "hl-loyal"];
  const isNew = (f: Finding) => cause !== null && f.violation.message === "hl-sms-reminder";
  const segments = order
    .map((segment) => {
      const mine = all.filter((f) => f.violation.segment === segment);
      const limit = query.more[segment] ?? query.per_segment;
      const findings = mine.slice(0, limit);
      return { segment, total: mine.length, findings, new: findings.map(isNew) };
    })
    .filter((s) => s.total > 0);
  const problems: FindingsPage["problems"] = [];
  for (const f of all) {
    const same = problems.find(
      (p) => p.problem.message === f.violation.message && p.problem.occurrence === f.violation.occurrence,
    );
    if (same) {
      same.problem.findings += 1;
      continue;
    }
    problems.push({
      problem: {
        message: f.violation.message,
        occurrence: f.violation.occurrence,
        at: f.violation.at,
        rules: [{ rule: f.violation.rule, segments: [f.violation.segment] }],
        findings: 1,
        text: `breaks ${f.violation.rule}`,
      },
      local: f.explanation.local,
      new: isNew(f),
    });
  }
  problems.sort((a, b) => Number(b.new) - Number(a.new));
  return { total: all.length, problem_total: problems.length, problems: problems.slice(0, 50), cause, segments };
}

function setup(all: Finding[] = FINDINGS, hints: HistoryHint[] = [], cause: string | null = null) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  const plan = samplePlan();
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: args as Record<string, unknown> });
    if (cmd === "findings_page") return pageOf(all, (args as { query: FindingsQuery }).query, cause);
    if (cmd === "suggest_slots") return suggestion((args as { messageId: string }).messageId);
    if (cmd === "move_message") return savedReply(plan, "hl-weekly-offers");
    if (cmd === "history_hints") return hints;
  });
  const client = plan.clients.find((c) => c.id === "harvest-lane")!;
  return { calls, ...renderInWorkspace(ViolationsPanel, { client }, { plan, selected: "harvest-lane" }) };
}

describe("ViolationsPanel", () => {
  it("shows what a segment's history says beside its cap, with the evidence as a tooltip", async () => {
    forgetHints();
    setup(FINDINGS, [
      {
        segment_id: "hl-coupon",
        channel: "email",
        cap: 2,
        cap_in_force: 3,
        text: "history suggests at most 2 a week",
        evidence: "Coupon fans on Email (activity history): at 3 a week, 2.5% unsubscribed",
      },
    ]);
    const hint = await screen.findByTestId("history-hint");
    expect(hint).toHaveTextContent("Email: cap 3 a week; history suggests at most 2 a week");
    expect(hint.getAttribute("title")).toContain("at 3 a week, 2.5% unsubscribed");
    const group = screen.getByRole("region", { name: "Coupon fans: 2 violations" });
    expect(within(group).getByTestId("history-hint")).toBe(hint);
    forgetHints();
  });

  it("groups the findings by segment in tree order, with the engine's explanation", async () => {
    setup();
    const panel = screen.getByTestId("violations-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("finding")).toHaveLength(4));
    const groups = within(panel)
      .getAllByRole("region")
      .map((g) => g.getAttribute("aria-label"));
    expect(groups).toEqual([
      "By message: 3 problems",
      "Coupon fans: 2 violations",
      "Loyalty members: 1 violation",
      "Young families: 1 violation",
    ]);
    const rows = within(panel).getAllByTestId("finding");
    expect(rows.map((r) => [r.dataset.messageId, r.dataset.rule])).toEqual([
      ["hl-weekly-offers", "quiet_hours"],
      ["hl-sms-reminder", "quiet_hours"],
      ["hl-weekly-offers", "quiet_hours"],
      ["hl-flash", "consent"],
    ]);
    expect(rows[0]).toHaveTextContent("Coupon: 07:30 is within quiet hours.");
    expect(rows[0]).toHaveTextContent("2026-11-12 07:30 EST · client guideline");
  });

  it("asks for slots once per occurrence and shows why no time helps", async () => {
    const { calls } = setup();
    const panel = screen.getByTestId("violations-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("suggested-slot").length).toBeGreaterThan(0));
    const asked = calls.filter((c) => c.cmd === "suggest_slots").map((c) => c.args);
    expect(asked).toHaveLength(3); // the offers' occurrence 1 is found in two segments, asked once
    expect(asked).toContainEqual({
      messageId: "hl-weekly-offers",
      segmentId: null,
      after: "2026-11-12T12:30:00Z",
      fix: ["quiet_hours"],
    });
    const flash = within(panel)
      .getAllByTestId("finding")
      .find((r) => r.dataset.messageId === "hl-flash")!;
    await waitFor(() => expect(flash).toHaveTextContent("no time helps"));
    expect(within(flash).queryByTestId("suggested-slot")).toBeNull();
  });

  it("moves one occurrence of a repeating message to a suggested slot in the message's zone", async () => {
    const { calls, workspace } = setup();
    const user = userEvent.setup();
    const panel = screen.getByTestId("violations-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("suggested-slot").length).toBeGreaterThan(0));
    const offers = within(panel).getAllByTestId("finding")[0];
    const before = workspace.version;
    await user.click(within(offers).getAllByTestId("suggested-slot")[1]);
    await waitFor(() => expect(calls.filter((c) => c.cmd === "move_message")).toHaveLength(1));
    expect(calls.find((c) => c.cmd === "move_message")!.args).toEqual({
      request: {
        message: "hl-weekly-offers",
        occurrence: 1,
        to: "2026-11-12T08:30:00",
        timezone: "America/New_York",
        scope: "occurrence",
      },
    });
    // The change bumps the version: the panel asks the engine again.
    await waitFor(() => expect(workspace.version).toBe(before + 1));
    await waitFor(() => expect(calls.filter((c) => c.cmd === "findings_page")).toHaveLength(2));
  });

  it("shows each offer's kind and what it fixes and leaves", async () => {
    setup();
    const panel = screen.getByTestId("violations-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("suggested-slot").length).toBeGreaterThan(0));
    const first = within(panel).getAllByTestId("finding")[0];
    const offers = within(first).getAllByRole("listitem");
    expect(offers.map((o) => [o.dataset.kind, o.textContent?.replace(/\s+/g, " ").trim()])).toEqual([
      ["nearest", "08:00 Nearest later fixes quiet hours; still the 3rd message in 7 days (max 2) for Coupon fans"],
      ["clean", "08:30 Earliest that breaks nothing fixes quiet hours; breaks nothing else"],
      ["spread", "Sat 14 Nov, 08:30 Another day fixes quiet hours; breaks nothing else"],
    ]);
    expect(within(first).getAllByTestId("suggested-slot")[0]).toHaveAttribute(
      "title",
      expect.stringContaining("fixes quiet hours; still the 3rd message"),
    );
  });

  it("counts problems beside findings and lists them by message, the new ones first with their cause", async () => {
    const cause = "New since you moved “Holiday order” to Sat 7 Nov 10:00";
    const { workspace } = setup(FINDINGS, [], cause);
    const user = userEvent.setup();
    const panel = screen.getByTestId("violations-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("problem")).toHaveLength(3));
    // Four findings, three message occurrences (the offers' occurrence 1 breaks in two segments).
    expect(screen.getByTestId("problems-total")).toHaveTextContent("3");
    expect(screen.getByTestId("violations-total")).toHaveTextContent("problems · 4 findings");
    const problems = within(panel).getAllByTestId("problem");
    expect(problems.map((p) => [p.dataset.messageId, p.dataset.new])).toEqual([
      ["hl-sms-reminder", "true"],
      ["hl-weekly-offers", "false"],
      ["hl-flash", "false"],
    ]);
    expect(problems[0]).toHaveTextContent("New");
    expect(problems[1]).toHaveTextContent("2 findings");
    expect(screen.getByTestId("violations-cause")).toHaveTextContent(
      "New since you moved “Holiday order” to Sat 7 Nov 10:00",
    );
    // The new finding says what caused it; the old ones do not.
    const causes = within(panel).getAllByTestId("finding-cause");
    expect(causes).toHaveLength(1);
    expect(causes[0].closest("[data-testid=finding]")).toHaveAttribute("data-message-id", "hl-sms-reminder");
    // A problem jumps to its message.
    await user.click(within(problems[0]).getByTitle("Show on the calendar"));
    expect(workspace.calendarFocus).toEqual({ at: "2026-11-14T02:30:00Z", message: "hl-sms-reminder", occurrence: 0 });
  });

  it("jumps to the message on the calendar", async () => {
    const { workspace } = setup();
    const user = userEvent.setup();
    const panel = screen.getByTestId("violations-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("finding")).toHaveLength(4));
    await user.click(within(within(panel).getAllByTestId("finding")[1]).getByTitle("Show on the calendar"));
    expect(workspace.view).toBe("calendar");
    expect(workspace.calendarFocus).toEqual({ at: "2026-11-14T02:30:00Z", message: "hl-sms-reminder", occurrence: 0 });
  });

  it("says so when every message keeps to the guidelines", async () => {
    mockIPC((cmd) =>
      cmd === "findings_page" ? { total: 0, problem_total: 0, problems: [], cause: null, segments: [] } : undefined,
    );
    const plan = samplePlan();
    renderInWorkspace(ViolationsPanel, { client: plan.clients[0] }, { plan });
    expect(await screen.findByText("Every message keeps to the guidelines.")).toBeInTheDocument();
  });

  it("shows each segment's total and its first findings, and more on request", async () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      finding(
        "hl-coupon",
        "hl-weekly-offers",
        i,
        `2026-11-${String(1 + i).padStart(2, "0")}T12:30:00Z`,
        "quiet_hours",
        `Occurrence ${i} is within quiet hours.`,
      ),
    );
    const { calls } = setup([...many, FINDINGS[1]]);
    const user = userEvent.setup();
    const panel = screen.getByTestId("violations-panel");
    await waitFor(() => expect(within(panel).getAllByTestId("finding")).toHaveLength(21));
    expect(screen.getByTestId("violations-total")).toHaveTextContent("26");
    expect(
      within(panel)
        .getAllByRole("region")
        .map((g) => g.getAttribute("aria-label")),
    ).toEqual(["By message: 26 problems", "Coupon fans: 25 violations", "Young families: 1 violation"]);
    expect(calls.find((c) => c.cmd === "findings_page")!.args).toEqual({
      clientId: "harvest-lane",
      query: { per_segment: 20, more: {} },
    });
    await user.click(screen.getByRole("button", { name: "Show 5 more" }));
    await waitFor(() => expect(within(panel).getAllByTestId("finding")).toHaveLength(26));
    expect(calls.filter((c) => c.cmd === "findings_page").at(-1)!.args).toEqual({
      clientId: "harvest-lane",
      query: { per_segment: 20, more: { "hl-coupon": 120 } },
    });
    expect(screen.queryByTestId("findings-more")).toBeNull();
  });
});
