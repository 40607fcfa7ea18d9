import { describe, expect, it } from "vitest";
import type { CalendarEntry } from "../bindings/CalendarEntry";
import { clusterDense, moveCursor, outcomeText } from "./calendar";

describe("outcomeText", () => {
  it("says how many violations a move adds or removes, and which rules", () => {
    expect(outcomeText(4, { violations: 5, worse: ["cap"], better: [] })).toBe(
      "1 more violation (breaks more: contact cap)",
    );
    expect(outcomeText(4, { violations: 1, worse: [], better: ["quiet_hours", "min_gap"] })).toBe(
      "3 fewer violations (fixes: quiet hours, minimum gap)",
    );
    expect(outcomeText(4, { violations: 4, worse: ["cap"], better: ["quiet_hours"] })).toBe(
      "As many violations (breaks more: contact cap; fixes: quiet hours)",
    );
    expect(outcomeText(0, { violations: 0, worse: [], better: [] })).toBe("No change to the guidelines");
  });
});

const entry = (message: string, at: string, violations = 0): CalendarEntry => ({
  message,
  campaign: "k",
  occurrence: 0,
  at,
  violations,
  rules: violations ? ["cap"] : [],
});

describe("clusterDense", () => {
  it("keeps the entries of ordinary days and draws a dense day as one block per hour", () => {
    // 5 January (New York): 45 messages between 14:00 and 16:59 UTC = 09:00-11:59 local.
    const dense = Array.from({ length: 45 }, (_, i) =>
      entry(`m${i}`, `2026-01-05T${String(14 + (i % 3)).padStart(2, "0")}:${String(i).padStart(2, "0")}:00Z`, i % 2),
    );
    const quiet = [entry("q1", "2026-01-06T15:00:00Z"), entry("q2", "2026-01-07T15:00:00Z")];
    const { single, clusters } = clusterDense([...quiet, ...dense], "America/New_York");
    expect(single.map((e) => e.message)).toEqual(["q1", "q2"]);
    expect(clusters.map((c) => [c.start, c.count])).toEqual([
      ["2026-01-05T09:00:00", 15],
      ["2026-01-05T10:00:00", 15],
      ["2026-01-05T11:00:00", 15],
    ]);
    expect(clusters.reduce((n, c) => n + c.violations, 0)).toBe(22);
    expect(clusters[0].rules).toEqual(["cap"]);
  });

  it("counts days in the shown zone and leaves a day at the threshold alone", () => {
    // 40 messages at 03:00 UTC: the 5th in UTC, the 4th in New York. Exactly 40: not dense.
    const forty = Array.from({ length: 40 }, (_, i) => entry(`m${i}`, "2026-01-05T03:00:00Z"));
    expect(clusterDense(forty, "UTC").clusters).toEqual([]);
    const more = [...forty, entry("x", "2026-01-05T23:00:00Z")];
    expect(clusterDense(more, "UTC").clusters.map((c) => c.start)).toEqual([
      "2026-01-05T03:00:00",
      "2026-01-05T23:00:00",
    ]);
    // In New York the 41st falls on the 5th and the 40 on the 4th: no day is dense.
    expect(clusterDense(more, "America/New_York").clusters).toEqual([]);
  });
});

describe("moveCursor", () => {
  const today = "2026-11-23";
  it("moves a day sideways and a week up or down in the month grid, at 09:00", () => {
    expect(moveCursor("2026-11-30T14:00:00", "ArrowRight", "month", today)).toBe("2026-12-01T09:00:00");
    expect(moveCursor("2026-11-01T09:00:00", "ArrowLeft", "month", today)).toBe("2026-10-31T09:00:00");
    expect(moveCursor("2026-11-03T09:00:00", "ArrowUp", "month", today)).toBe("2026-10-27T09:00:00");
    expect(moveCursor("2026-11-28T09:00:00", "ArrowDown", "month", today)).toBe("2026-12-05T09:00:00");
  });
  it("moves half an hour up or down in the week grid, never out of the day", () => {
    expect(moveCursor("2026-11-23T09:00:00", "ArrowDown", "week", today)).toBe("2026-11-23T09:30:00");
    expect(moveCursor("2026-11-23T09:00:00", "ArrowUp", "week", today)).toBe("2026-11-23T08:30:00");
    expect(moveCursor("2026-11-23T23:30:00", "ArrowDown", "week", today)).toBe("2026-11-23T23:30:00");
    expect(moveCursor("2026-11-23T00:00:00", "ArrowUp", "week", today)).toBe("2026-11-23T00:00:00");
    expect(moveCursor("2026-11-29T10:30:00", "ArrowRight", "week", today)).toBe("2026-11-30T10:30:00");
  });
  it("goes home to today and ignores other keys", () => {
    expect(moveCursor("2026-12-24T09:00:00", "Home", "month", today)).toBe("2026-11-23T09:00:00");
    expect(moveCursor("2026-12-24T09:00:00", "Enter", "month", today)).toBeNull();
    expect(moveCursor("2026-12-24T09:00:00", "a", "week", today)).toBeNull();
  });
});
