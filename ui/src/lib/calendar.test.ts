import { describe, expect, it } from "vitest";
import type { Shade } from "../bindings/Shade";
import { moveCursor, outcomeText, shadeAt } from "./calendar";

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

describe("shadeAt", () => {
  const shades: Shade[] = [
    { start: "2026-11-23T21:00:00", end: "2026-11-23T22:00:00", all_day: false, rules: ["quiet_hours"] },
    { start: "2026-11-25T00:00:00", end: "2026-11-26T00:00:00", all_day: true, rules: ["blackout"] },
  ];
  it("finds the shade a wall time falls in, end excluded", () => {
    expect(shadeAt(shades, "2026-11-23T21:45:00")?.rules).toEqual(["quiet_hours"]);
    expect(shadeAt(shades, "2026-11-23T22:00:00")).toBeUndefined();
    expect(shadeAt(shades, "2026-11-25T17:30:00")?.rules).toEqual(["blackout"]);
    expect(shadeAt(shades, "2026-11-26T00:00:00")).toBeUndefined();
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
