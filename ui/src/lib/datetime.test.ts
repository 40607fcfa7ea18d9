import { afterEach, describe, expect, it } from "vitest";
import { formatDate, formatLocal, parseTypedDate, setDateLocale, typedDateHint } from "./datetime";

describe("dates in the system locale", () => {
  afterEach(() => setDateLocale(null));

  it("keeps the built-in day-month form without a locale", () => {
    expect(formatLocal("2026-11-05T07:30:00")).toBe("Thu 5 Nov 2026, 07:30");
    expect(formatDate("2026-11-01")).toBe("1 Nov 2026");
  });

  it("writes a de-DE planner's dates day first, in German", () => {
    expect(setDateLocale("de-DE")).toBe("de-DE");
    expect(formatLocal("2026-11-05T07:30:00")).toBe("Do., 5. Nov. 2026, 07:30");
    expect(formatDate("2026-11-01")).toBe("1. Nov. 2026");
  });

  it("writes a US planner's dates month first", () => {
    setDateLocale("en-US");
    expect(formatDate("2026-11-01")).toBe("Nov 1, 2026");
    expect(formatLocal("2026-11-05T19:30:00")).toMatch(/^Thu, Nov 5, 2026, 07:30\sPM$/);
  });

  it("never shifts a wall time by the machine's zone", () => {
    setDateLocale("en-GB");
    expect(formatLocal("2026-03-29T02:30:00")).toContain("29 Mar 2026");
    expect(formatLocal("2026-03-29T02:30:00")).toContain("02:30");
  });

  it("ignores a tag the web view cannot use", () => {
    expect(setDateLocale("C")).toBeNull();
    expect(setDateLocale("not a tag!")).toBeNull();
    expect(formatDate("2026-11-01")).toBe("1 Nov 2026");
  });
});

describe("typed dates (the move dialog's field)", () => {
  it("reads ISO dates whatever the locale", () => {
    expect(parseTypedDate("2026-11-07", "en-US")).toBe("2026-11-07");
    expect(parseTypedDate(" 2026/1/7 ", "de-DE")).toBe("2026-01-07");
    expect(parseTypedDate("2026.11.07", null)).toBe("2026-11-07");
  });
  it("reads dotted dates day first", () => {
    expect(parseTypedDate("7.11.2026", "en-US")).toBe("2026-11-07");
    expect(parseTypedDate("07.11.2026", "de-DE")).toBe("2026-11-07");
  });
  it("reads slashed dates in the locale's order", () => {
    expect(parseTypedDate("11/7/2026", "en-US")).toBe("2026-11-07");
    expect(parseTypedDate("7/11/2026", "en-GB")).toBe("2026-11-07");
    expect(parseTypedDate("7/11/2026", null)).toBe("2026-11-07");
    expect(typedDateHint("en-US")).toBe("YYYY-MM-DD or MM/DD/YYYY");
    expect(typedDateHint("de-DE")).toBe("YYYY-MM-DD or DD.MM.YYYY");
  });
  it("refuses what is not a real date", () => {
    for (const text of ["", "2026-02-30", "2026-13-01", "31.04.2026", "tomorrow", "2026-11", "11/07/26"]) {
      expect(parseTypedDate(text, "de-DE"), text).toBeNull();
    }
  });
});
