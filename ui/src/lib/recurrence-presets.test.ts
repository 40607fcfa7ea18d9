import { describe, expect, it } from "vitest";
import { defaults, fromRrule, toRrule } from "./recurrence-presets";

describe("recurrence presets", () => {
  it("write the RRULE of each preset", () => {
    const base = defaults("2026-11-05"); // a Thursday
    expect(base.days).toEqual(["TH"]);
    expect(toRrule(base)).toBeNull();
    expect(toRrule({ ...base, kind: "weekly", days: ["TU", "SA"], count: 16 })).toBe(
      "FREQ=WEEKLY;BYDAY=TU,SA;COUNT=16",
    );
    expect(toRrule({ ...base, kind: "weekly", interval: 2, days: ["SU"] })).toBe("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU");
    expect(toRrule({ ...base, kind: "days", interval: 3 })).toBe("FREQ=DAILY;INTERVAL=3");
    expect(toRrule({ ...base, kind: "monthly", count: 4 })).toBe("FREQ=MONTHLY;BYMONTHDAY=5;COUNT=4");
    expect(toRrule({ ...base, kind: "monthly", monthDay: -1 })).toBe("FREQ=MONTHLY;BYMONTHDAY=-1");
    expect(toRrule({ ...base, kind: "custom", custom: " FREQ=YEARLY " })).toBe("FREQ=YEARLY");
  });

  it("read a rule back into its preset, and keep anything else as written", () => {
    expect(fromRrule("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;COUNT=6", "2026-11-01")).toMatchObject({
      kind: "weekly",
      days: ["SU"],
      interval: 2,
      count: 6,
    });
    expect(fromRrule("FREQ=WEEKLY;BYDAY=SA,TU", "2026-11-03")).toMatchObject({ kind: "weekly", days: ["TU", "SA"] });
    expect(fromRrule("FREQ=MONTHLY;BYMONTHDAY=5;COUNT=4", "2026-11-05")).toMatchObject({
      kind: "monthly",
      monthDay: 5,
    });
    expect(fromRrule("FREQ=DAILY;INTERVAL=10", "2026-11-05")).toMatchObject({ kind: "days", interval: 10 });
    for (const rule of [
      "FREQ=MONTHLY;BYDAY=1WE;COUNT=4",
      "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231",
      "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1",
    ]) {
      expect(fromRrule(rule, "2026-11-04")).toMatchObject({ kind: "custom", custom: rule });
    }
    expect(fromRrule(null, "2026-11-04").kind).toBe("none");
  });

  it("round-trip every preset", () => {
    for (const rule of [
      "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12",
      "FREQ=DAILY;INTERVAL=2;COUNT=5",
      "FREQ=MONTHLY;BYMONTHDAY=-1",
    ]) {
      expect(toRrule(fromRrule(rule, "2026-11-02"))).toBe(rule);
    }
  });
});
