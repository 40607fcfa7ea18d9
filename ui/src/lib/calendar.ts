// How the calendar draws what the backend sends (occurrences, hour blocks and shades, all in
// wall time of the zone on screen): rule names, colours, event ids, the zones to offer and
// the keyboard cursor. Which occurrences show, where they fall and what a drag would break
// are the backend's answers (`calendar`, `probe_slots`).
import type { CalendarEntry } from "../bindings/CalendarEntry";
import type { Client } from "../bindings/Client";
import type { Message } from "../bindings/Message";
import type { MoveOutcome } from "../bindings/MoveOutcome";
import type { RuleKind } from "../bindings/RuleKind";
import type { Shade } from "../bindings/Shade";
import { channelHue } from "./channels";
import { addDays, addMinutes } from "./walltime";

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

/** The messages of a client by id, with their campaign. */
export function messageIndex(client: Client): Map<string, { message: Message; campaign: string }> {
  const out = new Map<string, { message: Message; campaign: string }>();
  for (const campaign of client.campaigns) {
    for (const message of campaign.messages) out.set(message.id, { message, campaign: campaign.id });
  }
  return out;
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

/** The shade a wall time falls in, if any (wall times of one zone compare as strings). */
export function shadeAt(shades: readonly Shade[], wall: string): Shade | undefined {
  return shades.find((s) => wall >= s.start && wall < s.end);
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
