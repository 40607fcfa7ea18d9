// Guideline rules in the editors: defaults per kind, client-side checks per field, backend
// issue paths ("rules[2].max") per rule and field, and presets applied to a rule list.
import type { Channel } from "../../bindings/Channel";
import type { GuidelinePreset } from "../../bindings/GuidelinePreset";
import type { PlanIssue } from "../../bindings/PlanIssue";
import type { Rule } from "../../bindings/Rule";
import { ruleKey } from "./cascade";

export type RuleKindName = Rule["kind"];

export const RULE_KINDS: readonly { kind: RuleKindName; label: string }[] = [
  { kind: "cap", label: "Frequency cap" },
  { kind: "min_gap", label: "Minimum gap" },
  { kind: "quiet_hours", label: "Quiet hours" },
  { kind: "blackout", label: "Blackout dates" },
  { kind: "weekdays", label: "Allowed weekdays" },
  { kind: "min_value", label: "Minimum value score" },
];

export function kindLabel(kind: RuleKindName): string {
  return RULE_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

/** A sensible new rule of a kind. */
export function defaultRule(kind: RuleKindName): Rule {
  switch (kind) {
    case "cap":
      return { kind, max: 2, window_days: 7, channels: null };
    case "min_gap":
      return { kind, hours: 24, channels: null };
    case "quiet_hours":
      return { kind, start: "21:00", end: "08:00" };
    case "blackout":
      return { kind, dates: [] };
    case "weekdays":
      return { kind, allowed: ["Mon", "Tue", "Wed", "Thu", "Fri"] };
    case "min_value":
      return { kind, score: 60 };
  }
}

/** A deep copy (works on reactive proxies too, unlike structuredClone). */
export function cloneRule(rule: Rule): Rule {
  return JSON.parse(JSON.stringify(rule)) as Rule;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(d: string): boolean {
  if (!DATE.test(d)) return false;
  const [y, m, day] = d.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, day));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === day;
}

const isWhole = (n: number) => Number.isFinite(n) && Number.isInteger(n);

/** Problems of one rule, by field name (the rule's own field names). */
export function ruleErrors(rule: Rule, channels: readonly Channel[]): Record<string, string> {
  const out: Record<string, string> = {};
  const checkChannels = (list: readonly string[] | null | undefined) => {
    const unknown = (list ?? []).filter((id) => !channels.some((c) => c.id === id));
    if (unknown.length) out.channels = `Unknown channel ${unknown.join(", ")}.`;
  };
  switch (rule.kind) {
    case "cap":
      if (!isWhole(rule.max) || rule.max < 1) out.max = "At least 1, a whole number.";
      if (!isWhole(rule.window_days) || rule.window_days < 1) out.window_days = "At least 1 day, a whole number.";
      checkChannels(rule.channels);
      break;
    case "min_gap":
      if (!Number.isFinite(rule.hours) || rule.hours <= 0) out.hours = "More than 0 hours.";
      checkChannels(rule.channels);
      break;
    case "quiet_hours":
      if (!HHMM.test(rule.start)) out.start = "Use HH:MM, 24-hour (21:00).";
      if (!HHMM.test(rule.end)) out.end = "Use HH:MM, 24-hour (08:00).";
      if (!out.start && !out.end && rule.start === rule.end) out.end = "Start and end are the same: no quiet time.";
      break;
    case "blackout": {
      const bad = rule.dates.filter((d) => !validDate(d));
      if (bad.length) out.dates = `Not a date: ${bad.join(", ")} (use YYYY-MM-DD).`;
      else if (!rule.dates.length) out.dates = "Add at least one date.";
      break;
    }
    case "weekdays":
      if (!rule.allowed.length) out.allowed = "Allow at least one day.";
      break;
    case "min_value":
      if (!Number.isFinite(rule.score) || rule.score < 0 || rule.score > 100) out.score = "A score from 0 to 100.";
      break;
  }
  return out;
}

/** Two rules of a list with the same key: the later silently replaces the earlier. */
export function duplicateKeys(rules: readonly Rule[]): Set<number> {
  const seen = new Map<string, number>();
  const out = new Set<number>();
  rules.forEach((r, i) => {
    const k = ruleKey(r);
    if (seen.has(k)) out.add(i);
    else seen.set(k, i);
  });
  return out;
}

/** Backend issues split per rule index and field; anything else is for the whole form. */
export function ruleIssues(issues: readonly PlanIssue[]): {
  byRule: Map<number, Record<string, string[]>>;
  form: string[];
} {
  const byRule = new Map<number, Record<string, string[]>>();
  const form: string[] = [];
  for (const issue of issues) {
    const m = /^rules\[(\d+)\](?:\.([a-z_]+))?/.exec(issue.path);
    if (m) {
      const entry = byRule.get(Number(m[1])) ?? {};
      (entry[m[2] ?? "rule"] ??= []).push(issue.message);
      byRule.set(Number(m[1]), entry);
    } else form.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  return { byRule, form };
}

/** A preset's rules for this workspace's channels (as the backend's `rules_for`). */
export function presetRules(preset: GuidelinePreset, channels: readonly Channel[]): Rule[] {
  const out: Rule[] = [];
  for (const rule of preset.rules) {
    if (rule.kind === "cap" || rule.kind === "min_gap") {
      if (rule.channels) {
        const kept = rule.channels.filter((id) => channels.some((c) => c.id === id));
        if (!kept.length) continue;
        out.push({ ...rule, channels: kept });
        continue;
      }
    }
    out.push(cloneRule(rule));
  }
  return out;
}

export type PresetChange = { change: "add" | "replace" | "same"; rule: Rule; before: Rule | null };

/**
 * What applying a preset to `rules` does, rule by rule. For a segment, `inherited` is what it
 * gets from the client and its parents: a preset rule equal to an inherited one changes nothing.
 */
export function presetChanges(
  rules: readonly Rule[],
  preset: readonly Rule[],
  inherited: readonly Rule[] = [],
): PresetChange[] {
  return preset.map((rule) => {
    const key = ruleKey(rule);
    const before = rules.find((r) => ruleKey(r) === key) ?? inherited.find((r) => ruleKey(r) === key) ?? null;
    if (!before) return { change: "add", rule, before };
    return { change: sameRule(before, rule) ? "same" : "replace", rule, before };
  });
}

/** Same rule whatever the key order, with a missing channel filter equal to `null`. */
function sameRule(a: Rule, b: Rule): boolean {
  return canonical(normal(a)) === canonical(normal(b));
}

function canonical(rule: Rule): string {
  return JSON.stringify(Object.fromEntries(Object.entries(rule).sort(([x], [y]) => x.localeCompare(y))));
}

function normal(rule: Rule): Rule {
  if (rule.kind === "cap" || rule.kind === "min_gap")
    return { ...rule, channels: rule.channels ? [...rule.channels].sort() : null };
  return rule;
}

/**
 * `rules` with the preset applied: same key replaced in place, new keys added, others kept. A
 * preset rule equal to what a segment already inherits is not copied onto it.
 */
export function applyPreset(rules: readonly Rule[], preset: readonly Rule[], inherited: readonly Rule[] = []): Rule[] {
  const out = rules.map((r) => cloneRule(r));
  for (const rule of preset) {
    const i = out.findIndex((r) => ruleKey(r) === ruleKey(rule));
    if (i >= 0) out[i] = cloneRule(rule);
    else if (!inherited.some((r) => ruleKey(r) === ruleKey(rule) && sameRule(r, rule))) out.push(cloneRule(rule));
  }
  return out;
}
