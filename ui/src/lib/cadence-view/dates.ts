// Local dates as "YYYY-MM-DD" strings and the cadence view's zoom ranges. Dates are handled as
// UTC midnights so no local time zone of the machine running the UI can shift them.
import type { Bucket } from "../../bindings/Bucket";

export type Zoom = "week" | "month" | "quarter" | "year";
export const ZOOMS: readonly Zoom[] = ["week", "month", "quarter", "year"];

function parse(date: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function format(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return format(d);
}

export function addMonths(date: string, months: number): string {
  const d = parse(date);
  return format(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}

/** The Monday on or before `date` (weeks start on Monday, as in the engine). */
export function mondayOf(date: string): string {
  const d = parse(date);
  return addDays(date, -((d.getUTCDay() + 6) % 7));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parse(to).getTime() - parse(from).getTime()) / 86_400_000);
}

/** Day or week buckets for a zoom: days for week and month, weeks for quarter and year. */
export function bucketOf(zoom: Zoom): Bucket {
  return zoom === "week" || zoom === "month" ? "day" : "week";
}

/** The range `[from, to)` a zoom shows around `anchor`. */
export function rangeOf(zoom: Zoom, anchor: string): { from: string; to: string } {
  const d = parse(anchor);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (zoom) {
    case "week": {
      const from = mondayOf(anchor);
      return { from, to: addDays(from, 7) };
    }
    case "month": {
      const from = format(new Date(Date.UTC(y, m, 1)));
      return { from, to: addMonths(from, 1) };
    }
    case "quarter": {
      const from = format(new Date(Date.UTC(y, m - (m % 3), 1)));
      return { from, to: addMonths(from, 3) };
    }
    case "year": {
      const from = format(new Date(Date.UTC(y, 0, 1)));
      return { from, to: addMonths(from, 12) };
    }
  }
}

/** The anchor one period before (`step` -1) or after (+1). */
export function shift(zoom: Zoom, anchor: string, step: number): string {
  switch (zoom) {
    case "week":
      return addDays(anchor, 7 * step);
    case "month":
      return addMonths(anchor, step);
    case "quarter":
      return addMonths(anchor, 3 * step);
    case "year":
      return addMonths(anchor, 12 * step);
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Nov 2026", "Q4 2026", "2026", "Nov 23 – 29, 2026". */
export function rangeTitle(zoom: Zoom, from: string, to: string): string {
  const d = parse(from);
  const y = d.getUTCFullYear();
  switch (zoom) {
    case "year":
      return String(y);
    case "quarter":
      return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${y}`;
    case "month":
      return `${MONTHS[d.getUTCMonth()]} ${y}`;
    case "week": {
      const last = parse(addDays(to, -1));
      const end =
        last.getUTCMonth() === d.getUTCMonth()
          ? String(last.getUTCDate())
          : `${MONTHS[last.getUTCMonth()]} ${last.getUTCDate()}`;
      return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} – ${end}, ${last.getUTCFullYear()}`;
    }
  }
}

/** Short column label: "23" for days ("Mon 23" in week zoom), "Nov 23" for weeks. */
export function columnLabel(date: string, bucket: Bucket, zoom: Zoom): string {
  const d = parse(date);
  if (bucket === "week") return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (zoom === "week") return `${["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()]} ${d.getUTCDate()}`;
  return String(d.getUTCDate());
}

/** "Mon, Nov 23, 2026". */
export function longDate(date: string): string {
  const d = parse(date);
  return `${["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** Today's date in a time zone. */
export function todayIn(timezone: string, now: Date = new Date()): string {
  return localDate(now.getTime(), timezone);
}

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = FORMATTERS.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    FORMATTERS.set(timezone, f);
  }
  return f;
}

/** The wall time straight from Intl (no cache); `localWall` is the fast one. */
export function intlWall(ms: number, timezone: string): string {
  const parts: Record<string, string> = {};
  for (const p of formatter(timezone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/**
 * UTC offsets per zone and UTC day (a day holds at most one change of offset): a day whose start
 * and end have the same offset has it throughout; only on a change day are quarter hours
 * (every zone changes on a quarter hour) asked one by one. Thousands of occurrences thus need
 * only a few Intl calls.
 */
const DAYS_CACHE = new Map<string, Map<number, number | null>>();
const SLOTS_CACHE = new Map<string, Map<number, number>>();
const DAY = 86_400_000;
const QUARTER = 900_000;

function cacheOf<V>(caches: Map<string, Map<number, V>>, timezone: string): Map<number, V> {
  let cache = caches.get(timezone);
  if (!cache) {
    cache = new Map();
    caches.set(timezone, cache);
  }
  return cache;
}

function intlOffset(ms: number, timezone: string): number {
  return wallMs(intlWall(ms, timezone)) - ms;
}

function offsetAt(ms: number, timezone: string): number {
  const days = cacheOf(DAYS_CACHE, timezone);
  const day = Math.floor(ms / DAY);
  let whole = days.get(day);
  if (whole === undefined) {
    const a = intlOffset(day * DAY, timezone);
    const b = intlOffset((day + 1) * DAY, timezone);
    whole = a === b ? a : null;
    days.set(day, whole);
  }
  if (whole !== null) return whole;
  const slots = cacheOf(SLOTS_CACHE, timezone);
  const slot = Math.floor(ms / QUARTER);
  let offset = slots.get(slot);
  if (offset === undefined) {
    offset = intlOffset(slot * QUARTER, timezone);
    slots.set(slot, offset);
  }
  return offset;
}

/** The local wall time of an instant in a zone, "YYYY-MM-DDTHH:MM:SS". */
export function localWall(ms: number, timezone: string): string {
  return new Date(Math.floor(ms / 1000) * 1000 + offsetAt(ms, timezone)).toISOString().slice(0, 19);
}

/** The local date of an instant in a zone. */
export function localDate(ms: number, timezone: string): string {
  return localWall(ms, timezone).slice(0, 10);
}

function wallMs(wall: string): number {
  const [date, time = "00:00:00"] = wall.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm, ss = 0] = time.split(":").map(Number);
  return Date.UTC(y, m - 1, d, hh, mm, ss);
}

/**
 * The instant (epoch ms) of a local wall time in a zone. A time in a spring-forward gap moves
 * forward by the gap; an ambiguous autumn time takes the earlier instant.
 */
export function wallToUtc(wall: string, timezone: string): number {
  const target = wallMs(wall);
  const before = offsetAt(target - DAY, timezone);
  const after = offsetAt(target + DAY, timezone);
  // The earlier candidate first (the larger offset), then the other; in a gap neither fits.
  for (const offset of before === after ? [before] : [Math.max(before, after), Math.min(before, after)]) {
    const ms = target - offset;
    if (offsetAt(ms, timezone) === offset) return ms;
  }
  return target - before;
}

/** The index of the column (bucket starts, in order) that holds `day`, or -1 when none does. */
export function columnOf(columns: readonly string[], day: string, bucket: Bucket): number {
  const length = bucket === "week" ? 7 : 1;
  for (let i = columns.length - 1; i >= 0; i--) {
    if (columns[i] <= day) return day < addDays(columns[i], length) ? i : -1;
  }
  return -1;
}
