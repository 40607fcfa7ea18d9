// The cadence view's rows and cells: the engine's summary (touches with their first messages
// and channels, loads, ratios, average value, violations with their first explanations)
// joined with titles and closed days per segment and bucket. Every number is the summary's
// own; nothing here recounts touches or violations.
import type { CadenceSummary } from "../../bindings/CadenceSummary";
import type { CapLine } from "../../bindings/CapLine";
import type { ClosedReason } from "../../bindings/ClosedReason";
import type { Client } from "../../bindings/Client";
import type { Segment } from "../../bindings/Segment";
import { flatten, segmentTree } from "../segments";
import { addDays } from "./dates";
import type { BucketTouch } from "../../bindings/BucketTouch";
import type { Heat } from "../../bindings/Heat";

/** One touch of a cell as the view lists it: the engine's touch with its message's title. */
export type Reach = {
  message: string;
  title: string;
  channel: string;
  occurrence: number;
  /** Local wall time in the segment's zone, "YYYY-MM-DD HH:MM". */
  local: string;
  value: number;
  direct: boolean;
  transactional: boolean;
};

/** Message id -> title, for the touch lists. */
export function titles(client: Client): Map<string, string> {
  return new Map(client.campaigns.flatMap((c) => c.messages.map((m) => [m.id, m.title] as const)));
}

function reachOf(touch: BucketTouch, title: Map<string, string>): Reach {
  return {
    message: touch.message,
    title: title.get(touch.message) ?? touch.message,
    channel: touch.channel,
    occurrence: touch.occurrence,
    local: `${touch.local.slice(0, 10)} ${touch.local.slice(11, 16)}`,
    value: touch.value,
    direct: touch.direct,
    transactional: touch.transactional,
  };
}

export type Cell = {
  start: string;
  /** Day after the last of the bucket. */
  end: string;
  touches: number;
  ratio: number;
  /** The engine's heat of the fullest cap window. */
  heat: Heat;
  /** Per cap: its fullest window here and whether that breaks it (the engine's answer). */
  loads: { cap: CapLine; load: number; over: boolean }[];
  reach: Reach[];
  channels: { id: string; count: number }[];
  /** Violations in the bucket, and the engine's explanations of the first of them. */
  violations: number;
  notes: string[];
  /** Day buckets: why the day is closed. Week buckets: blackout days inside. */
  closed: ClosedReason | null;
  blackoutDays: number;
};

export type Row = {
  segment: Segment;
  depth: number;
  timezone: string;
  caps: CapLine[];
  quiet: string | null;
  cells: Cell[];
};

export function buildRows(client: Client, summary: CadenceSummary): Row[] {
  const title = titles(client);
  const bySegment = new Map(summary.segments.map((s) => [s.segment, s]));
  const step = summary.bucket === "day" ? 1 : 7;
  return flatten(segmentTree(client.segments)).map(({ segment, depth }) => {
    const cadence = bySegment.get(segment.id);
    const caps = cadence?.caps ?? [];
    const cells = (cadence?.buckets ?? []).map((b): Cell => {
      const end = addDays(b.start, step);
      return {
        start: b.start,
        end,
        touches: b.touches,
        ratio: b.worst_ratio,
        heat: b.heat,
        loads: caps.map((cap, i) => ({ cap, load: b.loads[i] ?? 0, over: b.over[i] ?? false })),
        reach: b.reach.map((t) => reachOf(t, title)),
        // Busiest channel first (the dots show the first one to three).
        channels: b.channels.map((c) => ({ id: c.channel, count: c.touches })).sort((x, y) => y.count - x.count),
        violations: b.violations,
        notes: b.notes,
        closed: b.closed,
        blackoutDays: b.blackout_days,
      };
    });
    return {
      segment,
      depth,
      timezone: cadence?.timezone ?? segment.timezone ?? client.timezone,
      caps,
      quiet: cadence?.quiet_hours ?? null,
      cells,
    };
  });
}

/**
 * Weekly quantity and quality of one segment: touches and average value, and whether they
 * pass the weekly cap and fall below the minimum value, all the summary's.
 */
export type QualityPoint = {
  start: string;
  touches: number;
  value: number | null;
  overCap: boolean;
  belowMin: boolean;
};

export function qualitySeries(summary: CadenceSummary, segmentId: string): QualityPoint[] {
  const cadence = summary.segments.find((s) => s.segment === segmentId);
  return (cadence?.buckets ?? []).map((b) => ({
    start: b.start,
    touches: b.touches,
    value: b.average_value,
    overCap: b.over_weekly_cap,
    belowMin: b.below_min_value,
  }));
}
