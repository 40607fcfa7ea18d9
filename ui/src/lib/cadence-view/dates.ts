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

/** The index of the column (bucket starts, in order) that holds `day`, or -1 when none does. */
export function columnOf(columns: readonly string[], day: string, bucket: Bucket): number {
  const length = bucket === "week" ? 7 : 1;
  for (let i = columns.length - 1; i >= 0; i--) {
    if (columns[i] <= day) return day < addDays(columns[i], length) ? i : -1;
  }
  return -1;
}
