// While a message is dragged on the calendar: ask the backend once where on the visible grid
// (week: every 30 minutes; month: each day at the message's time) a drop would break a
// guideline; it answers shaded stretches in wall time of the zone on screen. Shade those, and
// name the rules under the pointer. A later drag or the drop makes the answer of an earlier
// probe stale, so it is dropped.
import type { Calendar as EC } from "@event-calendar/core";
import type { CalendarEntry } from "../../bindings/CalendarEntry";
import type { ProbeRequest } from "../../bindings/ProbeRequest";
import type { Shade } from "../../bindings/Shade";
import { api, toAppError } from "../../lib/api";
import { ruleList, shadeAt } from "../../lib/calendar";
import { localIso } from "../../lib/walltime";

/** Asks the backend where a dragged message would break a rule. */
export type ProbeSlots = (request: ProbeRequest) => Promise<Shade[]>;

/** The calendar's visible range as wall times of the shown zone ("2026-11-01T00:00:00"), end exclusive. */
export type VisibleRange = { start: string; end: string };

/** The drag probe's state: the shaded stretches, whether a probe is running, its error, the hint. */
export class DragProbe {
  /** Where the dragged message would break a rule, in the shown zone. */
  shades = $state.raw<Shade[]>([]);
  /** True while the backend is asked. */
  probing = $state(false);
  /** Why the slots could not be checked, if they could not. */
  error = $state<string | null>(null);
  /** "Breaks quiet hours here" while the pointer is over a shaded slot, else empty. */
  hint = $state("");
  #token = 0;
  #probe: ProbeSlots;

  constructor(probe: ProbeSlots = (request) => api.probeSlots({ request })) {
    this.#probe = probe;
  }

  /** Probe the slots of `range` for `entry`, dragged in a calendar view of type `viewType`. */
  async start(entry: CalendarEntry, viewType: string, range: VisibleRange, zone: string): Promise<void> {
    const token = ++this.#token;
    const request: ProbeRequest = {
      message: entry.message,
      from: range.start.slice(0, 10),
      to: range.end.slice(0, 10),
      zone,
      grid: viewType === "timeGridWeek" ? { kind: "slots" } : { kind: "days", time: entry.local.slice(11, 19) },
    };
    this.probing = true;
    this.error = null;
    try {
      const shades = await this.#probe(request);
      if (token === this.#token) this.shades = shades;
    } catch (reason) {
      if (token === this.#token) this.error = toAppError(reason).message;
    } finally {
      if (token === this.#token) this.probing = false;
    }
  }

  /** The drag ended: forget the shades and the hint, and ignore a probe still under way. */
  stop(): void {
    this.#token += 1;
    this.probing = false;
    this.hint = "";
    this.shades = [];
  }

  /** The pointer is at `start` (the dragged event's start: a Date whose local fields are the wall time, as the calendar gives it). */
  hover(start: Date): void {
    const shade = shadeAt(this.shades, localIso(start));
    this.hint = shade ? `Breaks ${ruleList(shade.rules)} here` : "";
  }
}

/** The shades as the calendar's background events. */
export function shadeEvents(shades: readonly Shade[]): EC.EventInput[] {
  return shades.map((shade, i) => ({
    id: `shade-${i}`,
    start: shade.start,
    end: shade.end,
    allDay: shade.all_day,
    display: "background",
    classNames: ["cad-shade"],
    extendedProps: { shade },
  }));
}

/** Marks a mounted shade for the tests and names the rules it would break in its tooltip. */
export function labelShade(el: HTMLElement, shade: Shade | undefined): void {
  if (!shade) return;
  el.dataset.testid = "shaded-slot";
  el.title = `Would break: ${ruleList(shade.rules)}`;
}
