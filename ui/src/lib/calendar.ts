// What the calendar shows, computed from the plan and the engine's entries: filters, colours,
// the events the calendar component takes, and the candidate slots probed while dragging.
import type { CalendarEntry } from "../bindings/CalendarEntry";
import type { Client } from "../bindings/Client";
import type { Message } from "../bindings/Message";
import type { MoveOutcome } from "../bindings/MoveOutcome";
import type { ProbeResult } from "../bindings/ProbeResult";
import type { RuleKind } from "../bindings/RuleKind";
import { channelHue } from "./channels";
import { ancestors, descendants } from "./segments";
import { addDays, addMinutes, wallTime, zonedToUtc } from "./zoned";

export const RULE_LABELS: Record<RuleKind, string> = {
  cap: "contact cap",
  min_gap: "minimum gap",
  quiet_hours: "quiet hours",
  blackout: "blackout date",
  weekdays: "allowed weekdays",
  min_value: "minimum value",
  consent: "consent",
};

export function ruleList(rules: readonly RuleKind[]): string {
  return rules.map((r) => RULE_LABELS[r] ?? r).join(", ");
}

/** What a move does to the client's violations, for people: "2 more violations (contact cap)". */
export function outcomeText(now: number, outcome: MoveOutcome): string {
  const delta = outcome.violations - now;
  const noun = (n: number) => (n === 1 ? "violation" : "violations");
  const head =
    delta > 0
      ? `${delta} more ${noun(delta)}`
      : delta < 0
        ? `${-delta} fewer ${noun(-delta)}`
        : outcome.worse.length
          ? "As many violations"
          : "No change to the guidelines";
  const parts = [];
  if (outcome.worse.length) parts.push(`breaks more: ${ruleList(outcome.worse)}`);
  if (outcome.better.length) parts.push(`fixes: ${ruleList(outcome.better)}`);
  return parts.length ? `${head} (${parts.join("; ")})` : head;
}

/** More occurrences than this on one day, and the day's hours are drawn as one block each. */
export const DENSE_DAY = 40;

/** The occurrences of one hour of a dense day, drawn as one block. */
export type Cluster = {
  /** Local wall time of the hour ("2026-01-14T09:00:00") in the shown zone. */
  start: string;
  /** Occurrences in the hour. */
  count: number;
  /** Their violations, summed. */
  violations: number;
  /** The rules they break, without repeats. */
  rules: RuleKind[];
};

/**
 * Entries of days with more than `dense` occurrences (in the shown zone) become one cluster per
 * hour, so a view draws at most 24 blocks for such a day however many messages it holds; the
 * other days keep their entries. The day agenda shows every entry instead.
 */
export function clusterDense(
  entries: readonly CalendarEntry[],
  zone: string,
  dense = DENSE_DAY,
): { single: CalendarEntry[]; clusters: Cluster[] } {
  const walls = entries.map((e) => wallTime(e.at, zone));
  const perDay = new Map<string, number>();
  for (const w of walls) perDay.set(w.slice(0, 10), (perDay.get(w.slice(0, 10)) ?? 0) + 1);
  const single: CalendarEntry[] = [];
  const byHour = new Map<string, Cluster>();
  entries.forEach((entry, i) => {
    const wall = walls[i];
    if ((perDay.get(wall.slice(0, 10)) ?? 0) <= dense) {
      single.push(entry);
      return;
    }
    const start = `${wall.slice(0, 13)}:00:00`;
    const cluster = byHour.get(start) ?? { start, count: 0, violations: 0, rules: [] };
    cluster.count += 1;
    cluster.violations += entry.violations;
    for (const rule of entry.rules) if (!cluster.rules.includes(rule)) cluster.rules.push(rule);
    byHour.set(start, cluster);
  });
  const clusters = [...byHour.values()].sort((a, b) => a.start.localeCompare(b.start));
  for (const c of clusters) c.rules.sort();
  return { single, clusters };
}

export type CalendarFilters = {
  campaign: string | null;
  segment: string | null;
  channel: string | null;
  /** Only these messages (from the cadence view); null for all. */
  messages: readonly string[] | null;
};

/** The messages of a client by id, with their campaign. */
export function messageIndex(client: Client): Map<string, { message: Message; campaign: string }> {
  const out = new Map<string, { message: Message; campaign: string }>();
  for (const campaign of client.campaigns) {
    for (const message of campaign.messages) out.set(message.id, { message, campaign: campaign.id });
  }
  return out;
}

/**
 * Segments whose messages reach `segment` or part of it: the segment itself, its ancestors
 * (their touches are inherited by it) and its sub-segments.
 */
export function reachingSegments(client: Client, segment: string): Set<string> {
  return new Set([segment, ...ancestors(client.segments, segment), ...descendants(client.segments, segment)]);
}

export function filterEntries(
  client: Client,
  entries: readonly CalendarEntry[],
  filters: CalendarFilters,
): CalendarEntry[] {
  const index = messageIndex(client);
  const reach = filters.segment ? reachingSegments(client, filters.segment) : null;
  return entries.filter((entry) => {
    const found = index.get(entry.message);
    if (!found) return false;
    if (filters.messages && !filters.messages.includes(entry.message)) return false;
    if (filters.campaign && entry.campaign !== filters.campaign) return false;
    if (filters.channel && found.message.channel !== filters.channel) return false;
    if (reach && !found.message.segments.some((s) => reach.has(s))) return false;
    return true;
  });
}

export type ColorBy = "channel" | "campaign";

/** A hue per campaign, spread around the wheel in plan order. */
export function campaignHue(client: Client, campaign: string): number {
  const i = client.campaigns.findIndex((k) => k.id === campaign);
  return i < 0 ? 0 : (i * 137 + 200) % 360;
}

export function entryHue(client: Client, entry: CalendarEntry, message: Message | undefined, by: ColorBy): number {
  return by === "campaign" ? campaignHue(client, entry.campaign) : channelHue(message?.channel ?? "");
}

/** The calendar's id of one occurrence. */
export const eventId = (message: string, occurrence: number) => `${message}@${occurrence}`;

/** Instants of 30-minute slots over the days [from, to) in `zone` (week view). */
export function slotCandidates(from: string, to: string, zone: string, minutes = 30): { wall: string; at: string }[] {
  const out: { wall: string; at: string }[] = [];
  for (let day = from; day < to; day = addDays(day, 1)) {
    for (let m = 0; m < 1440; m += minutes) {
      const wall = addMinutes(`${day}T00:00:00`, m);
      out.push({ wall, at: zonedToUtc(wall, zone) });
    }
  }
  return out;
}

/** One instant per day over [from, to) at the wall clock time `time` ("HH:MM:SS") (month view). */
export function dayCandidates(from: string, to: string, time: string, zone: string): { wall: string; at: string }[] {
  const out: { wall: string; at: string }[] = [];
  for (let day = from; day < to; day = addDays(day, 1)) {
    const wall = `${day}T${time}`;
    out.push({ wall, at: zonedToUtc(wall, zone) });
  }
  return out;
}

/** A shaded stretch of the calendar: where the dragged message would break `rules`. */
export type Shade = { start: string; end: string; allDay: boolean; rules: RuleKind[] };

/**
 * Probe answers as shaded stretches in the shown zone: slots (week) merge with their
 * neighbours when the same rules fail; days (month) become whole-day shades.
 */
export function shadesFrom(
  results: readonly ProbeResult[],
  zone: string,
  mode: "slots" | "days",
  minutes = 30,
): Shade[] {
  const shades: Shade[] = [];
  const sorted = [...results].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const r of sorted) {
    if (!r.rules.length) continue;
    const wall = wallTime(r.at, zone);
    const rules = [...r.rules].sort();
    if (mode === "days") {
      const day = wall.slice(0, 10);
      shades.push({ start: day, end: addDays(day, 1), allDay: true, rules });
      continue;
    }
    const end = addMinutes(wall, minutes);
    const last = shades[shades.length - 1];
    if (last && last.end === wall && last.rules.join() === rules.join()) last.end = end;
    else shades.push({ start: wall, end, allDay: false, rules });
  }
  return shades;
}

/** The shade a wall time falls in, if any. */
export function shadeAt(shades: readonly Shade[], wall: string): Shade | undefined {
  return shades.find((s) =>
    s.allDay ? wall.slice(0, 10) >= s.start && wall.slice(0, 10) < s.end : wall >= s.start && wall < s.end,
  );
}

/** The time zones worth showing for a client: its own, then its segments' (each once). */
export function clientZones(client: Client): { zone: string; label: string }[] {
  const out = [{ zone: client.timezone, label: `${client.timezone} (client)` }];
  for (const s of client.segments) {
    if (s.timezone && !out.some((z) => z.zone === s.timezone)) {
      out.push({ zone: s.timezone, label: `${s.timezone} (${s.name})` });
    }
  }
  return out;
}

/** The slot the keyboard cursor picks in the month grid (a day, planned at this time) or the week grid. */
export const CURSOR_DAY_TIME = "09:00:00";

/**
 * Where an arrow key (or Home) moves the calendar's keyboard cursor, a wall time of the shown
 * zone, or null for any other key. Month: a day left/right, a week up/down (the time stays
 * CURSOR_DAY_TIME). Week: a day left/right, 30 minutes up/down within the day. Home: `today`.
 */
export function moveCursor(cursor: string, key: string, view: "month" | "week", today: string): string | null {
  const day = cursor.slice(0, 10);
  const time = view === "month" ? CURSOR_DAY_TIME : cursor.slice(11, 19);
  const at = (d: string, t = time) => `${d}T${t}`;
  switch (key) {
    case "ArrowLeft":
      return at(addDays(day, -1));
    case "ArrowRight":
      return at(addDays(day, 1));
    case "ArrowUp":
      if (view === "month") return at(addDays(day, -7));
      return time <= "00:00:00" ? at(day) : addMinutes(at(day), -30);
    case "ArrowDown":
      if (view === "month") return at(addDays(day, 7));
      return time >= "23:30:00" ? at(day) : addMinutes(at(day), 30);
    case "Home":
      return at(today);
    default:
      return null;
  }
}
