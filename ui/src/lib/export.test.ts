import { describe, expect, it } from "vitest";
import type { ExportRequest } from "../bindings/ExportRequest";
import { samplePlan } from "../test/fixtures";
import { addDays, initialRequest, progressShare, requestProblem, shownPeriod, withFormat, withPeriod } from "./export";

const remembered = (over: Partial<ExportRequest>): ExportRequest => ({
  format: "touches",
  client: "tidewater",
  segment: "tw-europe",
  from: null,
  to: null,
  paper: "letter",
  plain: true,
  ...over,
});

describe("export choices", () => {
  it("start as a PDF of the selected client over the horizon when nothing is remembered", () => {
    const plan = samplePlan();
    expect(initialRequest(plan, null, "northbridge")).toEqual({
      format: "pdf",
      client: "northbridge",
      segment: null,
      from: null,
      to: null,
      paper: "a4",
      plain: false,
    });
  });

  it("keep the remembered choices that still fit the plan and drop the rest", () => {
    const plan = samplePlan();
    const kept = remembered({ from: plan.horizon.start });
    expect(initialRequest(plan, kept, "harvest-lane")).toEqual(kept);
    const gone = initialRequest(plan, remembered({ client: "gone", from: "1999-01-01" }), "harvest-lane");
    expect(gone.client).toBe("harvest-lane");
    expect(gone.segment).toBeNull();
    expect(gone.from).toBeNull();
    // All clients is kept for a table, never for a report.
    expect(initialRequest(plan, remembered({ client: null, segment: null }), "x").client).toBeNull();
    expect(initialRequest(plan, remembered({ format: "pdf", client: null }), "tidewater").client).toBe("tidewater");
  });

  it("a format of one client takes the selected client instead of all", () => {
    const plan = samplePlan();
    const all = remembered({ client: null, segment: null });
    expect(withFormat(plan, all, "ics", "northbridge").client).toBe("northbridge");
    expect(withFormat(plan, all, "messages", "northbridge").client).toBeNull();
  });

  it("show the period with an inclusive last day and keep the horizon's ends as null", () => {
    const plan = samplePlan();
    const request = remembered({});
    const shown = shownPeriod(plan, request);
    expect(shown.first).toBe(plan.horizon.start);
    expect(addDays(shown.last, 1)).toBe(plan.horizon.end);
    expect(withPeriod(plan, request, shown.first, shown.last)).toMatchObject({ from: null, to: null });
    const march = withPeriod(plan, request, addDays(plan.horizon.start, 7), addDays(plan.horizon.start, 13));
    expect(march.from).toBe(addDays(plan.horizon.start, 7));
    expect(march.to).toBe(addDays(plan.horizon.start, 14));
    expect(requestProblem(plan, march)).toBeNull();
  });

  it("name what stops an export", () => {
    const plan = samplePlan();
    expect(requestProblem(plan, remembered({ format: "pdf", client: null }))).toMatch(/client/);
    expect(requestProblem(plan, remembered({ from: addDays(plan.horizon.start, -1) }))).toMatch(/horizon/);
    expect(
      requestProblem(plan, remembered({ from: addDays(plan.horizon.start, 9), to: addDays(plan.horizon.start, 9) })),
    ).toMatch(/after its start/);
  });

  it("fill the progress bar stage by stage", () => {
    expect(progressShare(0, 3)).toBeCloseTo(1 / 6);
    expect(progressShare(2, 3)).toBeCloseTo(5 / 6);
    expect(progressShare(0, 0)).toBe(0);
  });
});
