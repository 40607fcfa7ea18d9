import { describe, expect, it } from "vitest";
import { columnOf, intlWall, localWall, rangeOf, shift, wallToUtc } from "./dates";

describe("dates", () => {
  it("zoom ranges and bucket layout", () => {
    expect(rangeOf("week", "2026-11-26")).toEqual({ from: "2026-11-23", to: "2026-11-30" });
    expect(rangeOf("month", "2026-11-26")).toEqual({ from: "2026-11-01", to: "2026-12-01" });
    expect(rangeOf("quarter", "2026-11-26")).toEqual({ from: "2026-10-01", to: "2027-01-01" });
    expect(rangeOf("year", "2026-11-26")).toEqual({ from: "2026-01-01", to: "2027-01-01" });
    expect(shift("quarter", "2026-11-26", 1)).toBe("2027-02-01");
  });

  it("converts wall times across DST", () => {
    expect(new Date(wallToUtc("2026-11-23T09:00:00", "America/New_York")).toISOString()).toBe(
      "2026-11-23T14:00:00.000Z",
    );
    expect(new Date(wallToUtc("2026-07-01T09:00:00", "America/New_York")).toISOString()).toBe(
      "2026-07-01T13:00:00.000Z",
    );
    expect(localWall(Date.parse("2026-11-23T14:00:00Z"), "Australia/Sydney")).toBe("2026-11-24T01:00:00");
    // Spring-forward gap: 02:30 does not exist and moves forward by the gap (03:30 EDT).
    expect(new Date(wallToUtc("2026-03-08T02:30:00", "America/New_York")).toISOString()).toBe(
      "2026-03-08T07:30:00.000Z",
    );
    // Fall-back: 01:30 happens twice; the earlier (EDT) is taken.
    expect(new Date(wallToUtc("2026-11-01T01:30:00", "America/New_York")).toISOString()).toBe(
      "2026-11-01T05:30:00.000Z",
    );
    // Lord Howe springs forward by half an hour: 02:15 becomes 02:45 (+11).
    expect(new Date(wallToUtc("2026-10-04T02:15:00", "Australia/Lord_Howe")).toISOString()).toBe(
      "2026-10-03T15:45:00.000Z",
    );
  });

  it("agrees with Intl at every quarter hour of a year, across half-hour and DST zones", () => {
    for (const zone of ["America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]) {
      const intl = (ms: number) => intlWall(ms, zone);
      const bad: string[] = [];
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 900_000) {
        const wall = intl(ms + 420_000); // 7 minutes past, between quarter hours
        if (localWall(ms + 420_000, zone) !== wall) bad.push(`${zone} ${new Date(ms).toISOString()}`);
        // Every wall time that exists maps back to an instant showing it (the earlier when twice).
        const back = wallToUtc(wall, zone);
        if (intl(back) !== wall || back > ms + 420_000) bad.push(`${zone} back ${wall}`);
      }
      expect(bad.slice(0, 5)).toEqual([]);
    }
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
