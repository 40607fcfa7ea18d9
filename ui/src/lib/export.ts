// The choices of File → Export…: which formats there are, what each allows, and the request
// the dialog starts from (the workspace's remembered choices, checked against the plan).
import type { ExportFormat } from "../bindings/ExportFormat";
import type { ExportRequest } from "../bindings/ExportRequest";
import type { Plan } from "../bindings/Plan";

/** The formats in the order the dialog lists them. */
export const EXPORT_FORMATS: readonly { id: ExportFormat; label: string; hint: string }[] = [
  { id: "pdf", label: "PDF report", hint: "A typeset report to hand the client: calendar, cadence, violations." },
  { id: "ics", label: "ICS calendar", hint: "Events a calendar app can import or subscribe to." },
  { id: "touches", label: "CSV: touches", hint: "One row per segment, message and occurrence." },
  { id: "schedule", label: "CSV: schedule", hint: "One row per message occurrence and send instant." },
  { id: "violations", label: "CSV: violations", hint: "One row per violation, with its explanation." },
  { id: "messages", label: "CSV: messages", hint: "One row per message with its checklist and brief." },
];

/** True for the CSV tables. */
export const isCsv = (format: ExportFormat): boolean => format !== "pdf" && format !== "ics";

/** Whether the format can cover every client at once (the CSV tables can). */
export const allowsAllClients = isCsv;

/**
 * The request the dialog opens with: the remembered one where it still fits the plan (a
 * client or segment that is gone, or dates outside the horizon, are dropped), else a PDF of
 * the selected client over the horizon.
 */
export function initialRequest(
  plan: Plan,
  remembered: ExportRequest | null,
  selectedClientId: string | null,
): ExportRequest {
  const fallbackClient = selectedClientId ?? plan.clients[0]?.id ?? null;
  const base: ExportRequest = remembered ?? {
    format: "pdf",
    client: fallbackClient,
    segment: null,
    from: null,
    to: null,
    paper: "a4",
    plain: false,
  };
  const request: ExportRequest = { ...base };
  const client = plan.clients.find((c) => c.id === request.client);
  if (request.client !== null && !client) request.client = fallbackClient;
  if (request.client === null && !allowsAllClients(request.format)) request.client = fallbackClient;
  const chosen = plan.clients.find((c) => c.id === request.client);
  if (request.segment !== null && !chosen?.segments.some((s) => s.id === request.segment)) request.segment = null;
  const inside = (d: string | null) => d !== null && d >= plan.horizon.start && d <= plan.horizon.end;
  if (!inside(request.from)) request.from = null;
  if (!inside(request.to)) request.to = null;
  return request;
}

/** Why the request cannot be sent as it is, or null when it can. */
export function requestProblem(plan: Plan, request: ExportRequest): string | null {
  if (request.client === null && !allowsAllClients(request.format)) return "Choose a client: this format covers one.";
  const from = request.from ?? plan.horizon.start;
  const to = request.to ?? plan.horizon.end;
  if (from < plan.horizon.start || to > plan.horizon.end)
    return `The period must lie in the plan's horizon (${plan.horizon.start} to ${plan.horizon.end}).`;
  if (from >= to) return "The period's end must come after its start.";
  return null;
}

/** A request with the format changed, keeping what still applies. */
export function withFormat(
  plan: Plan,
  request: ExportRequest,
  format: ExportFormat,
  fallbackClient: string | null,
): ExportRequest {
  const next = { ...request, format };
  if (next.client === null && !allowsAllClients(format)) next.client = fallbackClient ?? plan.clients[0]?.id ?? null;
  return next;
}

/** The progress bar's share (0–1) for stage `step` of `steps`. */
export const progressShare = (step: number, steps: number): number =>
  steps > 0 ? Math.min(1, (step + 0.5) / steps) : 0;

/** `day` ("2027-01-31") moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The period as the dialog shows it: first and last day, both inclusive. */
export function shownPeriod(plan: Plan, request: ExportRequest): { first: string; last: string } {
  return {
    first: request.from ?? plan.horizon.start,
    last: addDays(request.to ?? plan.horizon.end, -1),
  };
}

/**
 * The request's period from the days the dialog shows (the last day inclusive); the horizon's
 * own ends become null, so the remembered choice follows the horizon when it moves.
 */
export function withPeriod(plan: Plan, request: ExportRequest, first: string, last: string): ExportRequest {
  const to = last ? addDays(last, 1) : null;
  return {
    ...request,
    from: first && first !== plan.horizon.start ? first : null,
    to: to && to !== plan.horizon.end ? to : null,
  };
}
