import { describe, expect, it } from "vitest";
import type { CalendarEntry } from "../../bindings/CalendarEntry";
import type { ProbeRequest } from "../../bindings/ProbeRequest";
import type { ProbeResult } from "../../bindings/ProbeResult";
import { DragProbe, labelShade, shadeEvents } from "./drag-probe.svelte";

// A Harvest Lane message (America/New_York) at Thursday 07:30 local time.
const ENTRY: CalendarEntry = {
  message: "hl-weekly-offers",
  campaign: "hl-offers",
  occurrence: 1,
  at: "2026-11-26T12:30:00Z",
  violations: 0,
  rules: [],
};
const ZONE = "America/New_York";
const WEEK = { start: "2026-11-23T00:00:00", end: "2026-11-30T00:00:00" };
const MONTH = { start: "2026-10-26T00:00:00", end: "2026-12-07T00:00:00" };

/** A probe the test answers by hand, recording what it was asked. */
function manualProbe() {
  const asked: ProbeRequest[] = [];
  const answers: { resolve: (r: ProbeResult[]) => void; reject: (e: unknown) => void }[] = [];
  const probe = (request: ProbeRequest) =>
    new Promise<ProbeResult[]>((resolve, reject) => {
      asked.push(request);
      answers.push({ resolve, reject });
    });
  return { asked, answers, probe };
}

describe("DragProbe", () => {
  it("asks for every 30-minute slot of the week and shades the broken ones, neighbours merged", async () => {
    const { asked, answers, probe } = manualProbe();
    const drag = new DragProbe(probe);
    const done = drag.start(ENTRY, "timeGridWeek", WEEK, ZONE);
    expect(drag.probing).toBe(true);
    expect(asked[0].message).toBe("hl-weekly-offers");
    expect(asked[0].candidates).toHaveLength(7 * 48);
    // Monday 00:00 in New York is 05:00 UTC.
    expect(asked[0].candidates[0]).toBe("2026-11-23T05:00:00Z");
    answers[0].resolve([
      { at: "2026-11-24T02:00:00Z", rules: ["quiet_hours"] }, // Mon 21:00
      { at: "2026-11-24T02:30:00Z", rules: ["quiet_hours"] }, // Mon 21:30, merges
      { at: "2026-11-24T03:00:00Z", rules: ["quiet_hours", "cap"] }, // other rules: a shade of its own
      { at: "2026-11-24T14:00:00Z", rules: [] }, // a good slot
    ]);
    await done;
    expect(drag.probing).toBe(false);
    expect(drag.error).toBeNull();
    expect(drag.shades).toEqual([
      { start: "2026-11-23T21:00:00", end: "2026-11-23T22:00:00", allDay: false, rules: ["quiet_hours"] },
      { start: "2026-11-23T22:00:00", end: "2026-11-23T22:30:00", allDay: false, rules: ["cap", "quiet_hours"] },
    ]);
  });

  it("asks for one instant per day at the message's own time in the month, shading whole days", async () => {
    const { asked, answers, probe } = manualProbe();
    const drag = new DragProbe(probe);
    const done = drag.start(ENTRY, "dayGridMonth", MONTH, ZONE);
    expect(asked[0].candidates).toHaveLength(42);
    // 07:30 in New York: 11:30 UTC before the clocks go back on 1 November, 12:30 after.
    expect(asked[0].candidates[0]).toBe("2026-10-26T11:30:00Z");
    expect(asked[0].candidates[41]).toBe("2026-12-06T12:30:00Z");
    answers[0].resolve([{ at: "2026-12-01T12:30:00Z", rules: ["blackout"] }]);
    await done;
    expect(drag.shades).toEqual([{ start: "2026-12-01", end: "2026-12-02", allDay: true, rules: ["blackout"] }]);
  });

  it("names the rules under the pointer, and nothing outside the shades", async () => {
    const drag = new DragProbe(() => Promise.resolve([{ at: "2026-11-24T02:00:00Z", rules: ["quiet_hours", "cap"] }]));
    await drag.start(ENTRY, "timeGridWeek", WEEK, ZONE);
    drag.hover(new Date(2026, 10, 23, 21, 15));
    expect(drag.hint).toBe("Breaks contact cap, quiet hours here");
    drag.hover(new Date(2026, 10, 23, 21, 30));
    expect(drag.hint).toBe("");
  });

  it("drops an answer that comes after the drag ended, and clears everything on stop", async () => {
    const { answers, probe } = manualProbe();
    const drag = new DragProbe(probe);
    const done = drag.start(ENTRY, "timeGridWeek", WEEK, ZONE);
    drag.hint = "Breaks quiet hours here";
    drag.stop(); // the drop, while the backend is still asked
    expect(drag.probing).toBe(false);
    answers[0].resolve([{ at: "2026-11-24T02:00:00Z", rules: ["quiet_hours"] }]);
    await done;
    expect(drag.shades).toEqual([]);
    expect(drag.hint).toBe("");
  });

  it("a later drag wins over an earlier probe still under way", async () => {
    const { answers, probe } = manualProbe();
    const drag = new DragProbe(probe);
    const first = drag.start(ENTRY, "timeGridWeek", WEEK, ZONE);
    const second = drag.start(ENTRY, "dayGridMonth", MONTH, ZONE);
    answers[1].resolve([{ at: "2026-12-01T12:30:00Z", rules: ["blackout"] }]);
    await second;
    answers[0].resolve([{ at: "2026-11-24T02:00:00Z", rules: ["quiet_hours"] }]);
    await first;
    expect(drag.shades.map((s) => s.rules)).toEqual([["blackout"]]);
    expect(drag.probing).toBe(false);
  });

  it("says why the slots could not be checked", async () => {
    const drag = new DragProbe(() => Promise.reject(new Error("the engine is busy")));
    await drag.start(ENTRY, "timeGridWeek", WEEK, ZONE);
    expect(drag.error).toBe("the engine is busy");
    expect(drag.probing).toBe(false);
    expect(drag.shades).toEqual([]);
  });
});

describe("shades on the calendar", () => {
  const shade = {
    start: "2026-11-23T21:00:00",
    end: "2026-11-23T22:00:00",
    allDay: false,
    rules: ["quiet_hours" as const],
  };

  it("are background events carrying their shade", () => {
    expect(shadeEvents([shade])).toEqual([
      {
        id: "shade-0",
        start: shade.start,
        end: shade.end,
        allDay: false,
        display: "background",
        classNames: ["cad-shade"],
        extendedProps: { shade },
      },
    ]);
  });

  it("are marked for the tests and name the rules in their tooltip; other events are left alone", () => {
    const el = document.createElement("div");
    labelShade(el, shade);
    expect(el.dataset.testid).toBe("shaded-slot");
    expect(el.title).toBe("Would break: quiet hours");
    const other = document.createElement("div");
    labelShade(other, undefined);
    expect(other.dataset.testid).toBeUndefined();
    expect(other.title).toBe("");
  });
});
