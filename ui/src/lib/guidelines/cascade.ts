// The rule cascade of plan-format.md section 3, as the engine applies it: the client's rules,
// then each ancestor's from the root down, then the segment's own. A later rule with the same
// key replaces an earlier one in the position of the first; otherwise it is added.
import type { Client } from "../../bindings/Client";
import type { Rule } from "../../bindings/Rule";
import { ancestors } from "../segments";

/** Where a rule in effect was set. */
export type Origin = { level: "client" } | { level: "ancestor"; segment: string; name: string } | { level: "segment" };

/** One rule in effect, with where it was set and the index it has in that level's list. */
export type Effective = { rule: Rule; origin: Origin; index: number };

function channelKey(channels: readonly string[] | null | undefined): string {
  if (!channels) return "*";
  return [...new Set(channels)].sort().join(",");
}

/** The cascade key: kind, plus window_days and sorted channels for cap, sorted channels for min_gap. */
export function ruleKey(rule: Rule): string {
  switch (rule.kind) {
    case "cap":
      return `cap/${rule.window_days}/${channelKey(rule.channels)}`;
    case "min_gap":
      return `min_gap/${channelKey(rule.channels)}`;
    default:
      return rule.kind;
  }
}

/** Fold levels of rules into the effective list (same key replaces in place). */
export function cascade(levels: readonly { rules: readonly Rule[]; origin: Origin }[]): Effective[] {
  const out: Effective[] = [];
  const at = new Map<string, number>();
  for (const level of levels) {
    level.rules.forEach((rule, index) => {
      const key = ruleKey(rule);
      const entry = { rule, origin: level.origin, index };
      const i = at.get(key);
      if (i === undefined) {
        at.set(key, out.length);
        out.push(entry);
      } else {
        out[i] = entry;
      }
    });
  }
  return out;
}

function levelsOf(client: Client, segmentId: string, includeOwn: boolean) {
  const byId = new Map(client.segments.map((s) => [s.id, s]));
  const chain = ancestors(client.segments, segmentId).reverse();
  const levels: { rules: readonly Rule[]; origin: Origin }[] = [{ rules: client.rules, origin: { level: "client" } }];
  for (const id of chain) {
    const s = byId.get(id);
    if (s) levels.push({ rules: s.rules, origin: { level: "ancestor", segment: s.id, name: s.name } });
  }
  const own = byId.get(segmentId);
  if (includeOwn && own) levels.push({ rules: own.rules, origin: { level: "segment" } });
  return levels;
}

/** The rules in effect for a segment (`ownRules` replaces the stored ones, for a draft). */
export function effectiveRules(client: Client, segmentId: string, ownRules?: readonly Rule[]): Effective[] {
  const levels = levelsOf(client, segmentId, ownRules === undefined);
  if (ownRules !== undefined) levels.push({ rules: ownRules, origin: { level: "segment" } });
  return cascade(levels);
}

/** What a segment gets from the client and its ancestors, before its own rules. */
export function inheritedRules(client: Client, segmentId: string): Effective[] {
  return cascade(levelsOf(client, segmentId, false));
}

/** For each own rule: the inherited rule it overrides (same key), if any. */
export function overridden(inherited: readonly Effective[], own: readonly Rule[]): (Effective | null)[] {
  const byKey = new Map(inherited.map((e) => [ruleKey(e.rule), e]));
  return own.map((r) => byKey.get(ruleKey(r)) ?? null);
}

/** Where a rule was set, for people. */
export function originText(origin: Origin, clientName: string): string {
  switch (origin.level) {
    case "client":
      return `client ${clientName}`;
    case "ancestor":
      return `parent segment ${origin.name}`;
    case "segment":
      return "this segment";
  }
}

/** A rule in one line, for people. */
export function ruleText(rule: Rule, channelName: (id: string) => string = (id) => id): string {
  const on = (channels: readonly string[] | null | undefined) =>
    channels && channels.length ? ` (${channels.map(channelName).join(", ")})` : "";
  switch (rule.kind) {
    case "cap":
      return `At most ${rule.max} in ${rule.window_days} ${rule.window_days === 1 ? "day" : "days"}${on(rule.channels)}`;
    case "min_gap":
      return `At least ${rule.hours} h between touches${on(rule.channels)}`;
    case "quiet_hours":
      return `Quiet hours ${rule.start}–${rule.end}`;
    case "blackout":
      return `Blackout on ${rule.dates.length ? rule.dates.join(", ") : "no dates"}`;
    case "weekdays":
      return `Only on ${rule.allowed.length ? rule.allowed.join(", ") : "no day"}`;
    case "min_value":
      return `Value score at least ${rule.score}`;
  }
}
