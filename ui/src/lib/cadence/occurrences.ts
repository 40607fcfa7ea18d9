// Which messages reach which segment in which bucket: the detail the cadence summary does not
// carry (it gives counts and cap loads, not message ids or channels). Used only for the dots,
// the hover list, the click-through and the average value; every count shown comes from the
// summary. Recurrences are expanded in local wall time like the engine (FREQ DAILY, WEEKLY,
// MONTHLY, YEARLY with INTERVAL, COUNT, UNTIL, BYDAY with ordinals, BYMONTHDAY, BYMONTH).
import type { Bucket } from "../../bindings/Bucket";
import type { Client } from "../../bindings/Client";
import type { Message } from "../../bindings/Message";
import { valueScore } from "../score";
import { descendants } from "../segments";
import { addDays, bucketFinder, bucketStarts, localWall, wallToUtc } from "./dates";

/** One message occurrence reaching one segment. */
export type Reach = {
  message: string;
  title: string;
  channel: string;
  occurrence: number;
  /** Local wall time in the segment's zone. */
  local: string;
  value: number;
  direct: boolean;
  transactional: boolean;
};

const DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

type Parsed = {
  freq: "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY";
  interval: number;
  count: number | null;
  until: string | null;
  byday: { n: number; day: number }[];
  bymonthday: number[];
  bymonth: number[];
};

function parseRrule(rrule: string): Parsed | null {
  const out: Parsed = { freq: "DAILY", interval: 1, count: null, until: null, byday: [], bymonthday: [], bymonth: [] };
  let freq = "";
  for (const part of rrule.replace(/^RRULE:/i, "").split(";")) {
    const [k, v = ""] = part.split("=");
    const key = k.trim().toUpperCase();
    const value = v.trim().toUpperCase();
    if (key === "FREQ") freq = value;
    else if (key === "INTERVAL") out.interval = Math.max(1, Number(value) || 1);
    else if (key === "COUNT") out.count = Number(value);
    else if (key === "UNTIL") {
      const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?/.exec(value);
      if (m) out.until = m[4] ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : `${m[1]}-${m[2]}-${m[3]}T23:59:59`;
    } else if (key === "BYDAY") {
      for (const d of value.split(",")) {
        const m = /^([+-]?\d+)?([A-Z]{2})$/.exec(d.trim());
        if (m && DAYS.includes(m[2])) out.byday.push({ n: m[1] ? Number(m[1]) : 0, day: DAYS.indexOf(m[2]) });
      }
    } else if (key === "BYMONTHDAY") out.bymonthday = value.split(",").map(Number).filter(Boolean);
    else if (key === "BYMONTH") out.bymonth = value.split(",").map(Number).filter(Boolean);
  }
  if (freq !== "DAILY" && freq !== "WEEKLY" && freq !== "MONTHLY" && freq !== "YEARLY") return null;
  out.freq = freq;
  return out;
}

const ymd = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
const dow = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

/** Dates of one month that match BYDAY / BYMONTHDAY (or the start's day of month). */
function monthDates(y: number, m: number, rule: Parsed, startDay: number): string[] {
  const n = daysIn(y, m);
  const days = new Set<number>();
  if (rule.bymonthday.length) {
    for (const d of rule.bymonthday) {
      const day = d > 0 ? d : n + d + 1;
      if (day >= 1 && day <= n) days.add(day);
    }
  }
  if (rule.byday.length) {
    const matches = new Set<number>();
    for (const { n: nth, day } of rule.byday) {
      const all: number[] = [];
      for (let d = 1; d <= n; d++) if (dow(ymd(y, m, d)) === day) all.push(d);
      if (nth === 0) all.forEach((d) => matches.add(d));
      else {
        const pick = nth > 0 ? all[nth - 1] : all[all.length + nth];
        if (pick) matches.add(pick);
      }
    }
    if (rule.bymonthday.length) {
      for (const d of [...days]) if (!matches.has(d)) days.delete(d);
    } else matches.forEach((d) => days.add(d));
  }
  if (!rule.bymonthday.length && !rule.byday.length && startDay <= n) days.add(startDay);
  return [...days].sort((a, b) => a - b).map((d) => ymd(y, m, d));
}

/**
 * The local wall times of a message's occurrences up to `until` (a date, exclusive), with their
 * 0-based indexes counted from the first. A message without RRULE has one.
 */
export function expand(
  at: string,
  rrule: string | null,
  until: string,
  limit = 5000,
): { wall: string; index: number }[] {
  if (!rrule) return at.slice(0, 10) < until ? [{ wall: at, index: 0 }] : [];
  const rule = parseRrule(rrule);
  if (!rule) return [{ wall: at, index: 0 }];
  const startDate = at.slice(0, 10);
  const time = at.slice(10) || "T00:00:00";
  const [sy, sm, sd] = startDate.split("-").map(Number);
  const out: { wall: string; index: number }[] = [];
  let index = 0;
  const take = (date: string): boolean => {
    const wall = `${date}${time}`;
    if (wall < at) return true;
    if (rule.until && wall > rule.until) return false;
    if (rule.count !== null && index >= rule.count) return false;
    if (date >= until) return false;
    out.push({ wall, index });
    index++;
    return out.length < limit;
  };
  for (let period = 0; period < 100_000; period++) {
    let dates: string[] = [];
    if (rule.freq === "DAILY") {
      const date = addDays(startDate, period * rule.interval);
      const okDay = !rule.byday.length || rule.byday.some((b) => b.day === dow(date));
      const okMonth = !rule.bymonth.length || rule.bymonth.includes(Number(date.slice(5, 7)));
      const okMonthDay = !rule.bymonthday.length || rule.bymonthday.includes(Number(date.slice(8, 10)));
      if (okDay && okMonth && okMonthDay) dates = [date];
      if (date >= until) break;
    } else if (rule.freq === "WEEKLY") {
      const monday = addDays(startDate, -dow(startDate) + period * 7 * rule.interval);
      const days = rule.byday.length ? [...new Set(rule.byday.map((b) => b.day))].sort() : [dow(startDate)];
      dates = days.map((d) => addDays(monday, d));
      if (monday >= until) break;
    } else if (rule.freq === "MONTHLY") {
      const y = sy + Math.floor((sm - 1 + period * rule.interval) / 12);
      const m = (sm - 1 + period * rule.interval) % 12;
      if (ymd(y, m, 1) >= until) break;
      if (!rule.bymonth.length || rule.bymonth.includes(m + 1)) dates = monthDates(y, m, rule, sd);
    } else {
      const y = sy + period * rule.interval;
      if (ymd(y, 0, 1) >= until) break;
      const months = rule.bymonth.length ? rule.bymonth : [sm];
      dates = months.flatMap((mm) => monthDates(y, mm - 1, rule, sd));
    }
    if (!dates.every(take)) break;
  }
  return out;
}

/** Segment id -> bucket start -> the occurrences reaching it there. */
export type ReachMap = Map<string, Map<string, Reach[]>>;

/**
 * Every occurrence of the client's messages reaching each segment (directly or through an
 * ancestor) between `from` and `to` (local dates of each segment), bucketed like the summary
 * (pass its bucket starts as `layout`).
 */
export function reachByBucket(
  client: Client,
  from: string,
  to: string,
  bucket: Bucket,
  layout?: readonly string[],
): ReachMap {
  const out: ReachMap = new Map(client.segments.map((s) => [s.id, new Map()]));
  // The summary's own bucket starts when given; else the engine's layout (weeks start on the
  // Monday on or before `from`).
  const starts = layout?.length ? [...layout] : bucketStarts(from, to, bucket);
  const startOf = bucketFinder(starts, bucket);
  const lower = starts[0] ?? from;
  const upper = starts.length ? addDays(starts[starts.length - 1], bucket === "day" ? 1 : 7) : to;
  const zoneOf = new Map(client.segments.map((s) => [s.id, s.timezone ?? client.timezone]));
  const reachedBy = new Map<string, string[]>();
  // A day of slack either side: local dates differ from the message's own by at most one.
  const until = addDays(upper, 2);
  const lowerSlack = addDays(lower, -2);
  const bucketKeys = new Map<string, string | null>();
  for (const campaign of client.campaigns) {
    for (const m of campaign.messages) {
      const exdates = (m as Message & { exdates?: string[] }).exdates ?? [];
      const walls = expand(m.at, m.rrule, until).filter((o) => !exdates.includes(o.wall));
      const value = valueScore(client.checklist, m.checklist);
      for (const target of m.segments) {
        let reached = reachedBy.get(target);
        if (!reached) {
          reached = [target, ...descendants(client.segments, target)];
          reachedBy.set(target, reached);
        }
        const sourceZone = m.local_delivery ? (zoneOf.get(target) ?? client.timezone) : (m.timezone ?? client.timezone);
        for (const { wall, index } of walls) {
          if (wall < lowerSlack) continue;
          const instant = wallToUtc(wall, sourceZone);
          const byZone = new Map<string, string>();
          for (const seg of reached) {
            const zone = zoneOf.get(seg) ?? client.timezone;
            let local = byZone.get(zone);
            if (local === undefined) {
              local = localWall(instant, zone);
              byZone.set(zone, local);
            }
            const date = local.slice(0, 10);
            if (date < lower || date >= upper) continue;
            let key = bucketKeys.get(date);
            if (key === undefined) {
              key = startOf(date);
              bucketKeys.set(date, key);
            }
            if (key === null) continue;
            const buckets = out.get(seg);
            if (!buckets) continue;
            const list = buckets.get(key) ?? [];
            // A segment reached twice by the same occurrence (two targets) is touched once.
            if (list.some((r) => r.message === m.id && r.occurrence === index)) continue;
            list.push({
              message: m.id,
              title: m.title,
              channel: m.channel,
              occurrence: index,
              local: `${date} ${local.slice(11, 16)}`,
              value,
              direct: seg === target,
              transactional: m.transactional,
            });
            buckets.set(key, list);
          }
        }
      }
    }
  }
  for (const buckets of out.values())
    for (const list of buckets.values()) list.sort((a, b) => a.local.localeCompare(b.local));
  return out;
}
