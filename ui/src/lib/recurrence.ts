// A quick syntax check of an RRULE as the planner types it. The words and the occurrences come
// from the backend (`preview_recurrence`, `message_facts`), which also checks the rule for real.

const UNITS: Record<string, [string, string]> = {
  DAILY: ["day", "days"],
  WEEKLY: ["week", "weeks"],
  MONTHLY: ["month", "months"],
  YEARLY: ["year", "years"],
};

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
