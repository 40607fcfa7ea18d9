import { describe, expect, it } from "vitest";
import type { CalendarEntry } from "../../bindings/CalendarEntry";
import type { ProbeRequest } from "../../bindings/ProbeRequest";
import type { Shade } from "../../bindings/Shade";
import { DragProbe, labelShade, shadeEvents } from "./drag-probe.svelte";

// A Harvest Lane message at Thursday 07:30 in the zone on screen (the backend's wall time).
const ENTRY: CalendarEntry = {
  message: "hl-weekly-offers",
  campaign: "hl-offers",
  occurrence: 1,
  at: "2026-11-26T12:30:00Z",
  local: "2026-11-26T07:30:00",
  day: "2026-11-26",
  violations: 0,
  rules: [],
};
const ZONE = "America/New_York";
const WEEK = { start: "2026-11-23T00:00:00", end: "2026-11-30T00:00:00" };
const MONTH = { start: "2026-10-26T00:00:00", end: "2026-12-07T00:00:00" };
const NIGHT: Shade = {
  start: "2026-11-23T21:00:00",
  end: "2026-11-23T22:00:00",
  all_day: false,
  rules: ["cap", "quiet_hours"],
};
const BLACKOUT: Shade = {
  start: "2026-12-01T00:00:00",
  end: "2026-12-02T00:00:00",
  all_day: true,
  rules: ["blackout"],
};

/** A probe the test answers by hand, recording what it was asked. */
function manualProbe() {
  const asked: ProbeRequest[] = [];
  const answers: { resolve: (r: Shade[]) => void; reject: (e: unknown) => void }[] = [];
  const probe = (request: ProbeRequest) =>
    new Promise<Shade[]>((resolve, reject) => {
      asked.push(request);
      answers.push({ resolve, reject });
    });
  return { asked, answers, probe };
}

describe("DragProbe", () => {
  it("asks for the week's slots in the zone on screen and shows the shades the backend answers", async () => {
    const { asked, answers, probe } = manualProbe();
    const drag = new DragProbe(probe);
    const done = drag.start(ENTRY, "timeGridWeek", WEEK, ZONE);
    expect(drag.probing).toBe(true);
    expect(asked).toEqual([
      { message: "hl-weekly-offers", from: "2026-11-23", to: "2026-11-30", zone: ZONE, grid: { kind: "slots" } },
    ]);
    answers[0].resolve([NIGHT]);
    await done;
    expect(drag.probing).toBe(false);
    expect(drag.error).toBeNull();
    expect(drag.shades).toEqual([NIGHT]);
  });

  it("asks for the month's days at the message's own wall time of day", async () => {
    const { asked, answers, probe } = manualProbe();
    const drag = new DragProbe(probe);
    const done = drag.start(ENTRY, "dayGridMonth", MONTH, ZONE);
    expect(asked[0]).toMatchObject({ from: "2026-10-26", to: "2026-12-07", grid: { kind: "days", time: "07:30:00" } });
    answers[0].resolve([BLACKOUT]);
    await done;
    expect(drag.shades).toEqual([BLACKOUT]);
  });

  it("names the rules under the pointer, and nothing outside the shades", async () => {
    const drag = new DragProbe(() => Promise.resolve([NIGHT, BLACKOUT]));
    await drag.start(ENTRY, "timeGridWeek", WEEK, ZONE);
    drag.hover(new Date(2026, 10, 23, 21, 45));
    expect(drag.hint).toBe("Breaks contact cap, quiet hours here");
    drag.hover(new Date(2026, 11, 1, 7, 30));
    expect(drag.hint).toBe("Breaks blackout date here");
    drag.hover(new Date(2026, 10, 23, 22, 0));
    expect(drag.hint).toBe("");
  });

  it("drops an answer that comes after the drag ended, and clears everything on stop", async () => {
    const { answers, probe } = manualProbe();
    const drag = new DragProbe(probe);
    const done = drag.start(ENTRY, "timeGridWeek", WEEK, ZONE);
    drag.hint = "Breaks quiet hours here";
    drag.stop(); // the drop, while the backend is still asked
    expect(drag.probing).toBe(false);
    answers[0].resolve([NIGHT]);
    await done;
    expect(drag.shades).toEqual([]);
    expect(drag.hint).toBe("");
  });

  it("a later drag wins over an earlier probe still under way", async () => {
    const { answers, probe } = manualProbe();
    const drag = new DragProbe(probe);
    const first = drag.start(ENTRY, "timeGridWeek", WEEK, ZONE);
    const second = drag.start(ENTRY, "dayGridMonth", MONTH, ZONE);
    answers[1].resolve([BLACKOUT]);
    await second;
    answers[0].resolve([NIGHT]);
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
  const shade: Shade = {
    start: "2026-11-23T21:00:00",
    end: "2026-11-23T22:00:00",
    all_day: false,
    rules: ["quiet_hours"],
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
