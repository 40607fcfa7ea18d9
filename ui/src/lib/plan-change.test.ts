import { describe, expect, it } from "vitest";
import { samplePlan } from "../test/fixtures";
import { withChange } from "./plan-change";

describe("withChange", () => {
  it("takes the whole workspace", () => {
    const plan = samplePlan();
    const other = { ...plan, clients: [] };
    expect(withChange(plan, { kind: "whole", plan: other })).toBe(other);
    expect(withChange(null, { kind: "whole", plan: other })).toBe(other);
  });

  it("replaces one client in place and leaves the others as they were", () => {
    const plan = samplePlan();
    const edited = { ...plan.clients[1], name: "Renamed" };
    const next = withChange(plan, { kind: "client", index: 1, client: edited });
    expect(next.clients.map((c) => c.name)).toEqual(plan.clients.map((c, i) => (i === 1 ? "Renamed" : c.name)));
    expect(next.clients[0]).toBe(plan.clients[0]);
    expect(plan.clients[1].name).not.toBe("Renamed");
  });

  it("puts a new or restored client at its index, or at the end", () => {
    const plan = samplePlan();
    const fresh = { ...plan.clients[0], id: "fresh", name: "Fresh" };
    expect(withChange(plan, { kind: "client", index: 0, client: fresh }).clients[0].id).toBe("fresh");
    const last = withChange(plan, { kind: "client", index: 99, client: fresh }).clients;
    expect(last.at(-1)?.id).toBe("fresh");
    expect(last).toHaveLength(plan.clients.length + 1);
  });

  it("takes a removed client out", () => {
    const plan = samplePlan();
    const id = plan.clients[0].id;
    const next = withChange(plan, { kind: "removed", id });
    expect(next.clients.map((c) => c.id)).not.toContain(id);
    expect(next.clients).toHaveLength(plan.clients.length - 1);
  });

  it("refuses a one-client change without a workspace", () => {
    const plan = samplePlan();
    expect(() => withChange(null, { kind: "removed", id: plan.clients[0].id })).toThrow(/before the workspace/);
  });
});
