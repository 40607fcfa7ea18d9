import { describe, expect, it } from "vitest";
import { columnOf, rangeOf, shift } from "./dates";

describe("dates", () => {
  it("zoom ranges and bucket layout", () => {
    expect(rangeOf("week", "2026-11-26")).toEqual({ from: "2026-11-23", to: "2026-11-30" });
    expect(rangeOf("month", "2026-11-26")).toEqual({ from: "2026-11-01", to: "2026-12-01" });
    expect(rangeOf("quarter", "2026-11-26")).toEqual({ from: "2026-10-01", to: "2027-01-01" });
    expect(rangeOf("year", "2026-11-26")).toEqual({ from: "2026-01-01", to: "2027-01-01" });
    expect(shift("quarter", "2026-11-26", 1)).toBe("2027-02-01");
  });
});

describe("columnOf", () => {
  it("finds the week column that holds today in Year zoom", () => {
    const weeks = ["2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"];
    expect(columnOf(weeks, "2026-11-23", "week")).toBe(2);
    expect(columnOf(weeks, "2026-11-26", "week")).toBe(2);
    expect(columnOf(weeks, "2026-12-06", "week")).toBe(3);
    expect(columnOf(weeks, "2026-12-07", "week")).toBe(-1);
    expect(columnOf(weeks, "2026-11-08", "week")).toBe(-1);
  });
  it("finds the day column in day zooms", () => {
    const days = ["2026-11-22", "2026-11-23", "2026-11-24"];
    expect(columnOf(days, "2026-11-23", "day")).toBe(1);
    expect(columnOf(days, "2026-11-25", "day")).toBe(-1);
  });
});
