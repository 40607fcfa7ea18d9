// The cadence view's rows and cells: the engine's summary (touches, loads, ratios) joined with
// what the summary does not carry (which messages, channels, violations, closed days) per
// segment and bucket. Counts and ratios are the summary's own; nothing here recounts them.
import type { CadenceSummary } from "../../bindings/CadenceSummary";
import type { CapLine } from "../../bindings/CapLine";
import type { Client } from "../../bindings/Client";
import type { Finding } from "../../bindings/Finding";
import type { Segment } from "../../bindings/Segment";
import { flatten, segmentTree } from "../segments";
import { closedReason, effectiveRules, type Effective } from "./cascade";
import { addDays, bucketFinder, localDate } from "./dates";
import type { Reach, ReachMap } from "./occurrences";

export type Heat = "none" | "within" | "near" | "over";

/** within up to 0.8 of the tightest cap, near up to 1, over above. */
export function heatOf(ratio: number): Heat {
  if (ratio <= 0) return "none";
  if (ratio <= 0.8) return "within";
  if (ratio <= 1) return "near";
  return "over";
}

export type Cell = {
  start: string;
  /** Day after the last of the bucket. */
  end: string;
  touches: number;
  ratio: number;
  heat: Heat;
  loads: { cap: CapLine; load: number }[];
  reach: Reach[];
  channels: { id: string; count: number }[];
  violations: Finding[];
  /** Day buckets: why the day is closed. Week buckets: blackout days inside. */
  closed: "blackout" | "weekday" | null;
  blackoutDays: number;
};

export type Row = {
  segment: Segment;
  depth: number;
  timezone: string;
  caps: CapLine[];
  rules: Effective[];
  quiet: string | null;
  cells: Cell[];
};

/** Violations per segment and bucket start, bucketed in the segment's own zone. */
function violationsBySegment(
  findings: readonly Finding[],
  zoneOf: (id: string) => string,
  keyOf: (date: string) => string | null,
) {
  const out = new Map<string, Map<string, Finding[]>>();
  for (const f of findings) {
    const v = f.violation;
    const date = localDate(Date.parse(v.at), zoneOf(v.segment));
    const key = keyOf(date);
    if (key === null) continue;
    const bySeg = out.get(v.segment) ?? new Map<string, Finding[]>();
    const list = bySeg.get(key) ?? [];
    list.push(f);
    bySeg.set(key, list);
    out.set(v.segment, bySeg);
  }
  return out;
}

export function buildRows(
  client: Client,
  summary: CadenceSummary,
  reach: ReachMap,
  findings: readonly Finding[],
): Row[] {
  const bySegment = new Map(summary.segments.map((s) => [s.segment, s]));
  const zoneOf = (id: string) =>
    bySegment.get(id)?.timezone ?? client.segments.find((s) => s.id === id)?.timezone ?? client.timezone;
  const starts = summary.segments[0]?.buckets.map((b) => b.start) ?? [];
  const violations = violationsBySegment(findings, zoneOf, bucketFinder(starts, summary.bucket));
  const step = summary.bucket === "day" ? 1 : 7;
  return flatten(segmentTree(client.segments)).map(({ segment, depth }) => {
    const cadence = bySegment.get(segment.id);
    const rules = effectiveRules(client, segment.id);
    const quietRule = rules.find((e) => e.rule.kind === "quiet_hours")?.rule;
    const blackout = new Set(rules.flatMap((e) => (e.rule.kind === "blackout" ? e.rule.dates : [])));
    const caps = cadence?.caps ?? [];
    const cells = (cadence?.buckets ?? []).map((b): Cell => {
      const end = addDays(b.start, step);
      const list = reach.get(segment.id)?.get(b.start) ?? [];
      const channels = new Map<string, number>();
      for (const r of list) channels.set(r.channel, (channels.get(r.channel) ?? 0) + 1);
      let blackoutDays = 0;
      for (const d of blackout) if (d >= b.start && d < end) blackoutDays++;
      return {
        start: b.start,
        end,
        touches: b.touches,
        ratio: b.worst_ratio,
        heat: heatOf(b.worst_ratio),
        loads: caps.map((cap, i) => ({ cap, load: b.loads[i] ?? 0 })),
        reach: list,
        channels: [...channels].map(([id, count]) => ({ id, count })),
        violations: violations.get(segment.id)?.get(b.start) ?? [],
        closed: summary.bucket === "day" ? closedReason(rules, b.start) : null,
        blackoutDays,
      };
    });
    return {
      segment,
      depth,
      timezone: cadence?.timezone ?? segment.timezone ?? client.timezone,
      caps,
      rules,
      quiet: quietRule && quietRule.kind === "quiet_hours" ? `${quietRule.start}–${quietRule.end}` : null,
      cells,
    };
  });
}

/** Where a cap was set, for people. */
export function capSource(cap: CapLine, client: Client): string {
  switch (cap.source.level) {
    case "client":
      return `set on ${client.name}`;
    case "ancestor":
      return `set on ${cap.source.name}`;
    case "segment":
      return "set on this segment";
    case "always_on":
      return "always on";
  }
}

/** "2 per 7 days (Email, SMS)". */
export function capText(cap: CapLine, channelName: (id: string) => string): string {
  const on = cap.channels?.length ? ` (${cap.channels.map(channelName).join(", ")})` : "";
  return `${cap.max} per ${cap.window_days} ${cap.window_days === 1 ? "day" : "days"}${on}`;
}

/** Distinct message ids of a cell, in time order. */
export function messageIds(cell: Cell): string[] {
  return [...new Set(cell.reach.map((r) => r.message))];
}

/** Weekly quantity and quality of one segment: touches from the summary, average value from the messages. */
export type QualityPoint = { start: string; touches: number; value: number | null; messages: number };

export function qualitySeries(summary: CadenceSummary, reach: ReachMap, segmentId: string): QualityPoint[] {
  const cadence = summary.segments.find((s) => s.segment === segmentId);
  return (cadence?.buckets ?? []).map((b) => {
    const list = reach.get(segmentId)?.get(b.start) ?? [];
    const value = list.length ? Math.round((10 * list.reduce((n, r) => n + r.value, 0)) / list.length) / 10 : null;
    return { start: b.start, touches: b.touches, value, messages: list.length };
  });
}
