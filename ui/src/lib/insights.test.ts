import { describe, expect, it } from "vitest";
import type { HistoryHint } from "../bindings/HistoryHint";
import { duration, grouped, hintsOf, hintTitle, niceCeil, percent } from "./insights";

describe("insights formatting", () => {
  it("writes rates as percents, with two decimals below 0.1%", () => {
    expect(percent(0)).toBe("0%");
    expect(percent(0.016)).toBe("1.6%");
    expect(percent(0.0005)).toBe("0.05%");
    expect(percent(0.001)).toBe("0.1%");
    expect(percent(0.003)).toBe("0.3%");
  });

  it("writes durations in minutes, hours or days", () => {
    expect(duration(null)).toBe("–");
    expect(duration(0.5)).toBe("30 min");
    expect(duration(3.25)).toBe("3.3 h");
    expect(duration(24)).toBe("24 h");
    expect(duration(60)).toBe("2.5 days");
  });

  it("rounds axis tops up to 1, 2, 2.5 or 5 times a power of ten", () => {
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(0.0173)).toBeCloseTo(0.02);
    expect(niceCeil(0.003)).toBeCloseTo(0.005);
    expect(niceCeil(0.0025)).toBeCloseTo(0.0025);
    expect(niceCeil(12_345)).toBe(20_000);
    expect(niceCeil(1000)).toBe(1000);
  });

  it("groups thousands", () => {
    expect(grouped(1234567)).toBe("1,234,567");
  });

  it("picks a segment's hints and names the evidence", () => {
    const hint: HistoryHint = {
      segment_id: "hl-loyal",
      channel: "email",
      cap: 2,
      cap_in_force: 3,
      text: "history suggests at most 2 a week",
      evidence: "Loyalty members on Email (activity history): at 3 a week, 2.5% unsubscribed",
    };
    expect(hintsOf([hint], "hl-loyal")).toEqual([hint]);
    expect(hintsOf([hint], "other")).toEqual([]);
    expect(hintTitle(hint, "Email")).toBe(
      "On Email, history suggests at most 2 a week (cap in force 3 a week). Evidence: Loyalty members on Email (activity history): at 3 a week, 2.5% unsubscribed",
    );
    expect(hintTitle({ ...hint, cap_in_force: null }, "Email")).toContain("no weekly cap in force");
  });
});
