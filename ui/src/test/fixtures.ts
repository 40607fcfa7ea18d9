// Test data: the sample agency as the backend's model crate builds it (see README, "Fixtures").
import type { Client } from "../bindings/Client";
import type { Plan } from "../bindings/Plan";
import type { Saved } from "../bindings/Saved";
import type { Segment } from "../bindings/Segment";
import sample from "./sample-plan.json";

/** A fresh copy of the sample plan, safe to change in a test. */
export function samplePlan(): Plan {
  return structuredClone(sample) as Plan;
}

export function sampleClient(id: string): Client {
  const client = samplePlan().clients.find((c) => c.id === id);
  if (!client) throw new Error(`no client ${id} in the sample`);
  return client;
}

export function segment(id: string, parent: string | null, size = 100): Segment {
  return { id, name: id.toUpperCase(), parent, timezone: null, size, opt_in: [], interests: [], values: [], rules: [] };
}

/** The backend's reply to a change, with no violations and nothing to undo. */
export function savedReply(plan: Plan, id: string | null = null): Saved {
  return {
    change: { kind: "whole", plan },
    id,
    checks: { total: 0, by_client: {}, problems: 0, problems_by_client: {} },
    history: { undo: null, redo: null },
    sample: [],
  };
}
