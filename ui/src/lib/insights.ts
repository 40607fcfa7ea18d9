// The Insights view's backend calls (issue 8) and the few formatting helpers its charts use.
// Every number drawn comes from the backend (crates/desk/src/insights_view.rs); nothing here
// computes an insight.
import type { HistoryHint } from "../bindings/HistoryHint";
import { api } from "./api";

/** A rate as a percent: one decimal, two below 0.1% ("1.6%", "0.05%", "0%"). */
export function percent(rate: number): string {
  const p = rate * 100;
  if (p === 0) return "0%";
  return p < 0.1 ? `${p.toFixed(2)}%` : `${p.toFixed(1)}%`;
}

/** Hours for people: "35 min", "3.5 h", "2.1 days"; "–" when there is none. */
export function duration(hours: number | null): string {
  if (hours === null) return "–";
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${Number(hours.toFixed(1))} h`;
  return `${Number((hours / 24).toFixed(1))} days`;
}

/** A round axis top at or above `value` (1, 2, 2.5, 5 × 10ⁿ); 1 for nothing. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value * (1 - 1e-9)) ?? 10;
  return step * power;
}

/** "1,234,567". */
export function grouped(n: number): string {
  return n.toLocaleString("en-US");
}

/** The hints of one segment, channel by channel. */
export function hintsOf(hints: readonly HistoryHint[], segmentId: string): HistoryHint[] {
  return hints.filter((h) => h.segment_id === segmentId);
}

/** The tooltip of a hint: the words, the cap in force and the evidence. */
export function hintTitle(hint: HistoryHint, channelName: string): string {
  const force = hint.cap_in_force === null ? "no weekly cap in force" : `cap in force ${hint.cap_in_force} a week`;
  return `On ${channelName}, ${hint.text} (${force}). Evidence: ${hint.evidence}`;
}

const cache = new Map<string, { version: number; hints: Promise<HistoryHint[]> }>();

/**
 * The hints of a client, fetched once per workspace version; an error (no history, an older
 * database) means no hints, never a broken view.
 */
export function cachedHints(clientId: string, version: number): Promise<HistoryHint[]> {
  const hit = cache.get(clientId);
  if (hit && hit.version === version) return hit.hints;
  const hints = api.historyHints({ clientId }).then(
    (h) => (Array.isArray(h) ? h : []),
    () => [] as HistoryHint[],
  );
  cache.set(clientId, { version, hints });
  return hints;
}

/** Forget the cached hints (after a mapping changes outside the plan's version). */
export function forgetHints(): void {
  cache.clear();
}
