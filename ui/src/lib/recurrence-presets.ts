// The message editor's recurrence presets and the RRULE each one stands for. A rule that no
// preset can express exactly stays a custom RRULE, so editing never rewrites what was written.
import { parseRrule } from "./recurrence";

export const WEEKDAYS = [
  { code: "MO", label: "Mon" },
  { code: "TU", label: "Tue" },
  { code: "WE", label: "Wed" },
  { code: "TH", label: "Thu" },
  { code: "FR", label: "Fri" },
  { code: "SA", label: "Sat" },
  { code: "SU", label: "Sun" },
] as const;

export type PresetKind = "none" | "weekly" | "days" | "monthly" | "custom";

export type Recurrence = {
  kind: PresetKind;
  /** Weekly: the days (MO..SU), in week order. */
  days: string[];
  /** Weekly: every N weeks; days: every N days. */
  interval: number;
  /** Monthly: the day of the month (1..31, -1 the last). */
  monthDay: number;
  /** How many times in all; null for no end (the plan's horizon bounds it). */
  count: number | null;
  /**
   * The last day it may occur ("2026-01-31", RRULE `UNTIL` as a bare local date: through the
   * end of that day); null for no end date. Never set together with `count`.
   */
  until: string | null;
  /** Custom: the RRULE as written. */
  custom: string;
};

export const PRESET_LABELS: Record<PresetKind, string> = {
  none: "Does not repeat",
  weekly: "Weekly on chosen days",
  days: "Every N days",
  monthly: "Monthly on a day",
  custom: "Custom RRULE",
};

/** The weekday code (MO..SU) of a local date "2026-11-05". */
export function weekdayOf(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return "MO";
  const day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay();
  return ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][day];
}

/** A recurrence with defaults that fit a first occurrence on `date`. */
export function defaults(date: string): Recurrence {
  const day = /^\d{4}-\d{2}-(\d{2})$/.exec(date);
  return {
    kind: "none",
    days: [weekdayOf(date)],
    interval: 1,
    monthDay: day ? Number(day[1]) : 1,
    count: null,
    until: null,
    custom: "",
  };
}

const positive = (v: string | undefined) => (v && /^[1-9]\d*$/.test(v) ? Number(v) : null);

/** Read an RRULE back into a preset; anything a preset cannot say exactly is custom. */
export function fromRrule(rrule: string | null, date: string): Recurrence {
  const base = defaults(date);
  const text = rrule?.trim() ?? "";
  if (!text) return base;
  const custom = { ...base, kind: "custom" as const, custom: text };
  const parts = parseRrule(text);
  if (!parts) return custom;
  const keys = new Set(parts.keys());
  const count = parts.has("COUNT") ? positive(parts.get("COUNT")) : null;
  if (parts.has("COUNT") && count === null) return custom;
  // Only a bare date (the end of that local day) reads back as a preset's end date.
  const untilMatch = parts.has("UNTIL") ? /^(\d{4})(\d{2})(\d{2})$/.exec(parts.get("UNTIL") ?? "") : null;
  if (parts.has("UNTIL") && (!untilMatch || parts.has("COUNT"))) return custom;
  const until = untilMatch ? `${untilMatch[1]}-${untilMatch[2]}-${untilMatch[3]}` : null;
  const interval = parts.has("INTERVAL") ? positive(parts.get("INTERVAL")) : 1;
  if (interval === null) return custom;
  const allowed = (extra: string[]) =>
    [...keys].every((k) => ["FREQ", "INTERVAL", "COUNT", "UNTIL", ...extra].includes(k));
  const freq = parts.get("FREQ");
  if (freq === "WEEKLY" && allowed(["BYDAY"])) {
    const days = (parts.get("BYDAY") ?? weekdayOf(date)).split(",");
    if (!days.every((d) => WEEKDAYS.some((w) => w.code === d))) return custom;
    const ordered = WEEKDAYS.map((w) => w.code).filter((c) => days.includes(c));
    return { ...base, kind: "weekly", days: ordered, interval, count, until };
  }
  if (freq === "DAILY" && allowed([])) return { ...base, kind: "days", interval, count, until };
  if (freq === "MONTHLY" && interval === 1 && allowed(["BYMONTHDAY"]) && parts.has("BYMONTHDAY")) {
    const day = Number(parts.get("BYMONTHDAY"));
    if (!Number.isInteger(day) || day === 0 || day < -1 || day > 31) return custom;
    return { ...base, kind: "monthly", monthDay: day, count, until };
  }
  return custom;
}

/** The RRULE a recurrence stands for; null when it does not repeat. */
export function toRrule(r: Recurrence): string | null {
  const end = r.count ? `;COUNT=${r.count}` : r.until ? `;UNTIL=${r.until.replaceAll("-", "")}` : "";
  const every = r.interval > 1 ? `;INTERVAL=${r.interval}` : "";
  switch (r.kind) {
    case "none":
      return null;
    case "weekly":
      return `FREQ=WEEKLY${every};BYDAY=${(r.days.length ? r.days : ["MO"]).join(",")}${end}`;
    case "days":
      return `FREQ=DAILY${every}${end}`;
    case "monthly":
      return `FREQ=MONTHLY;BYMONTHDAY=${r.monthDay}${end}`;
    case "custom":
      return r.custom.trim() || null;
  }
}

/**
 * Switch to preset `kind`. A preset that repeats and has no end yet ends with the campaign
 * (`campaignEnd`, its last day) when the campaign has an end date: a series must not keep
 * going after its campaign without anyone choosing so.
 */
export function withPreset(r: Recurrence, kind: PresetKind, campaignEnd: string | null): Recurrence {
  const repeats = kind === "weekly" || kind === "days" || kind === "monthly";
  const until = repeats && r.count === null && r.until === null && campaignEnd ? campaignEnd : r.until;
  return { ...r, kind, until };
}
