import { afterEach, describe, expect, it } from "vitest";
import { formatDate, formatLocal, setDateLocale } from "./datetime";

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

  it("makes each formatter once per locale, not once per date", () => {
    const Real = Intl.DateTimeFormat;
    let made = 0;
    Intl.DateTimeFormat = class extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        made += 1;
      }
    } as typeof Real;
    try {
      setDateLocale("en-GB");
      for (const day of ["01", "02", "03"]) {
        formatDate(`2026-11-${day}`);
        formatLocal(`2026-11-${day}T09:00:00`);
      }
      expect(made).toBe(2);
      setDateLocale("de-DE");
      expect(formatDate("2026-11-01")).toBe("1. Nov. 2026");
      expect(made).toBe(3);
    } finally {
      Intl.DateTimeFormat = Real;
    }
  });

  it("ignores a tag the web view cannot use", () => {
    expect(setDateLocale("C")).toBeNull();
    expect(setDateLocale("not a tag!")).toBeNull();
    expect(formatDate("2026-11-01")).toBe("1 Nov 2026");
  });
});
