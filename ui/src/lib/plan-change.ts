// The backend's reply to a change says what changed (`PlanChange`); the UI's copy of the
// workspace takes it here. This is bookkeeping, not a decision: the same rule as
// `PlanChange::apply_to` in crates/desk/src/ipc.rs.
import type { Plan } from "../bindings/Plan";
import type { PlanChange } from "../bindings/PlanChange";

/** `plan` with `change` applied: the whole workspace, or one client put in or taken out. */
export function withChange(plan: Plan | null, change: PlanChange): Plan {
  if (change.kind === "whole") return change.plan;
  if (!plan) throw new Error("a change to one client arrived before the workspace was loaded");
  if (change.kind === "removed") {
    return { ...plan, clients: plan.clients.filter((c) => c.id !== change.id) };
  }
  const clients = plan.clients.filter((c) => c.id !== change.client.id);
  clients.splice(Math.min(change.index, clients.length), 0, change.client);
  return { ...plan, clients };
}
