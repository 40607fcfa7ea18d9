// Client-side checks that run as the user types. They catch the obvious; the backend
// validates everything again and its issues are shown the same way.
import type { CampaignInput } from "../bindings/CampaignInput";
import type { ClientInput } from "../bindings/ClientInput";
import type { MessageInput } from "../bindings/MessageInput";
import type { Segment } from "../bindings/Segment";
import type { SegmentInput } from "../bindings/SegmentInput";
import { parentProblem } from "./segments";

/** Field name -> problem; a field with no problem is absent or undefined. */
export type Problems = Record<string, string | undefined>;

function required(value: string, what: string): string | undefined {
  return value.trim() ? undefined : `${what} is required.`;
}

/**
 * A time zone must be one the backend knows. While the list is still loading (empty), accept
 * anything and let the backend decide.
 */
export function timezoneProblem(value: string, zones: readonly string[]): string | undefined {
  if (!value.trim()) return "Time zone is required.";
  if (zones.length && !zones.includes(value.trim())) {
    return `Unknown time zone "${value.trim()}". Pick one from the list, e.g. Europe/London.`;
  }
  return undefined;
}

export function clientProblems(input: ClientInput, zones: readonly string[]): Problems {
  return {
    name: required(input.name, "Name"),
    timezone: timezoneProblem(input.timezone, zones),
  };
}

export function segmentProblems(input: SegmentInput, siblings: readonly Segment[], zones: readonly string[]): Problems {
  return {
    name: required(input.name, "Name"),
    parent: parentProblem(siblings, input.id, input.parent) ?? undefined,
    timezone: input.timezone ? timezoneProblem(input.timezone, zones) : undefined,
    size: Number.isInteger(input.size) && input.size >= 0 ? undefined : "Size is a whole number of people (0 or more).",
  };
}

export function campaignProblems(input: CampaignInput): Problems {
  return {
    name: required(input.name, "Name"),
    end:
      input.start && input.end && input.end < input.start ? "The last day cannot be before the first day." : undefined,
  };
}

/** `date`/`time` are the form's raw inputs; `at` is built from them only when both are set. */
export function messageProblems(
  input: MessageInput,
  raw: { date: string; time: string },
  channels: readonly string[],
  zones: readonly string[],
): Problems {
  return {
    title: required(input.title, "Title"),
    channel: channels.includes(input.channel) ? undefined : "Choose a channel.",
    segments: input.segments.length ? undefined : "Target at least one segment.",
    // Where a web view shows date/time inputs as plain text, typed values need these shapes.
    date: !raw.date
      ? "Date is required."
      : /^\d{4}-\d{2}-\d{2}$/.test(raw.date)
        ? undefined
        : "Write the date as YYYY-MM-DD.",
    time: !raw.time
      ? "Time is required."
      : /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(raw.time)
        ? undefined
        : "Write the time as HH:MM (24-hour).",
    timezone: input.timezone ? timezoneProblem(input.timezone, zones) : undefined,
  };
}

/** True when no field has a problem. */
export function isClean(problems: Problems): boolean {
  return Object.values(problems).every((p) => !p);
}
