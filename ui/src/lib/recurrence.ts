// RFC 5545 recurrence rules in words, for the common shapes planners use. Anything this does
// not understand is shown as the RRULE itself: a faithful string beats a wrong sentence.

const DAYS: Record<string, string> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};
const UNITS: Record<string, [string, string]> = {
  DAILY: ["day", "days"],
  WEEKLY: ["week", "weeks"],
  MONTHLY: ["month", "months"],
  YEARLY: ["year", "years"],
};
const KNOWN = new Set(["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL", "WKST"]);

/** Parse "FREQ=WEEKLY;BYDAY=TH" into its parts, or null when it is not KEY=VALUE;... */
export function parseRrule(rule: string): Map<string, string> | null {
  const text = rule.trim().replace(/^RRULE:/i, "");
  if (!text) return null;
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const match = /^([A-Za-z]+)=(.+)$/.exec(part.trim());
    if (!match) return null;
    parts.set(match[1].toUpperCase(), match[2].toUpperCase());
  }
  return parts;
}

/** A quick syntax check as the user types; the backend parses it for real. */
export function rruleProblem(rule: string): string | null {
  if (!rule.trim()) return null;
  if (/^DTSTART|\n/i.test(rule.trim())) return "Give only the RRULE, without DTSTART.";
  const parts = parseRrule(rule);
  if (!parts) return "Write it as KEY=VALUE pairs separated by semicolons, e.g. FREQ=WEEKLY;BYDAY=MO.";
  const freq = parts.get("FREQ");
  if (!freq) return "FREQ is required (DAILY, WEEKLY, MONTHLY or YEARLY).";
  if (!["SECONDLY", "MINUTELY", "HOURLY", ...Object.keys(UNITS)].includes(freq)) {
    return `Unknown FREQ "${freq}".`;
  }
  const interval = parts.get("INTERVAL");
  if (interval !== undefined && !/^[1-9]\d*$/.test(interval)) return "INTERVAL must be a positive whole number.";
  const count = parts.get("COUNT");
  if (count !== undefined && !/^[1-9]\d*$/.test(count)) return "COUNT must be a positive whole number.";
  if (count !== undefined && parts.has("UNTIL")) return "Use COUNT or UNTIL, not both.";
  return null;
}

/** "first", "second" ... "last" for weekday positions (BYDAY=1WE, -1FR). */
function position(n: number): string {
  const names: Record<number, string> = { 1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", [-1]: "last" };
  return names[n] ?? (n < 0 ? `${-n}${suffix(-n)} from last` : `${n}${suffix(n)}`);
}

/** "5th", "last day" for days of the month (BYMONTHDAY=5, -1). */
function monthDay(n: number): string {
  if (n === -1) return "last day";
  return n < 0 ? `${-n}${suffix(-n)} day from the end` : `${n}${suffix(n)}`;
}

function suffix(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return "th";
  return { 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th";
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function byDay(value: string): string | null {
  const days: string[] = [];
  for (const token of value.split(",")) {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(token);
    if (!match) return null;
    const name = DAYS[match[2]];
    days.push(match[1] ? `the ${position(Number(match[1]))} ${name}` : name);
  }
  return list(days);
}

function until(value: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(value);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

/** "Every week on Thursday, 12 times"; null when the rule is beyond these words. */
export function describeRrule(rule: string): string | null {
  const parts = parseRrule(rule);
  if (!parts || rruleProblem(rule)) return null;
  for (const key of parts.keys()) if (!KNOWN.has(key)) return null;
  const unit = UNITS[parts.get("FREQ")!];
  if (!unit) return null;
  const interval = Number(parts.get("INTERVAL") ?? "1");
  let text = interval === 1 ? `Every ${unit[0]}` : `Every ${interval} ${unit[1]}`;

  const days = parts.get("BYDAY");
  if (days) {
    const words = byDay(days);
    if (!words) return null;
    text += ` on ${words}`;
  }
  const monthDays = parts.get("BYMONTHDAY");
  if (monthDays) {
    const numbers = monthDays.split(",").map(Number);
    if (numbers.some((n) => !Number.isInteger(n) || n === 0)) return null;
    text += ` on the ${list(numbers.map(monthDay))}`;
  }
  const count = parts.get("COUNT");
  if (count) text += count === "1" ? ", once" : `, ${count} times`;
  const end = parts.get("UNTIL");
  if (end) {
    const date = until(end);
    if (!date) return null;
    text += ` until ${date}`;
  }
  return text;
}
