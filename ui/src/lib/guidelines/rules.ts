// Guideline rules in the editors, for presentation only: each kind's label, and the backend's
// issues (paths "rules[2].max") split per rule and field. Defaults, checks, the cascade and
// presets are the backend's answers (`rule_defaults`, `guidelines`, `preset_preview`).
import type { PlanIssue } from "../../bindings/PlanIssue";
import type { Rule } from "../../bindings/Rule";

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
