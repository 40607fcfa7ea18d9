import { describe, expect, it } from "vitest";
import { defaults, fromRrule, toRrule, withPreset } from "./recurrence-presets";

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
      "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231T100000",
      "FREQ=WEEKLY;BYDAY=TH;COUNT=3;UNTIL=20261231",
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

  it("write and read an end date as a bare UNTIL date", () => {
    const base = defaults("2026-01-08");
    expect(toRrule({ ...base, kind: "weekly", until: "2026-01-31" })).toBe("FREQ=WEEKLY;BYDAY=TH;UNTIL=20260131");
    expect(toRrule({ ...base, kind: "days", interval: 2, until: "2026-02-01" })).toBe(
      "FREQ=DAILY;INTERVAL=2;UNTIL=20260201",
    );
    expect(fromRrule("FREQ=WEEKLY;BYDAY=TH;UNTIL=20260131", "2026-01-08")).toMatchObject({
      kind: "weekly",
      until: "2026-01-31",
      count: null,
    });
  });

  it("end a repeating preset with its campaign unless an end was chosen", () => {
    const base = defaults("2026-01-08");
    expect(withPreset(base, "weekly", "2026-01-31")).toMatchObject({ kind: "weekly", until: "2026-01-31" });
    expect(toRrule(withPreset(base, "monthly", "2026-03-31"))).toBe("FREQ=MONTHLY;BYMONTHDAY=8;UNTIL=20260331");
    // No campaign end, a count already chosen, or a preset that does not repeat: no end date.
    expect(withPreset(base, "weekly", null).until).toBeNull();
    expect(withPreset({ ...base, count: 4 }, "weekly", "2026-01-31").until).toBeNull();
    expect(withPreset(base, "none", "2026-01-31").until).toBeNull();
    expect(withPreset(base, "custom", "2026-01-31").until).toBeNull();
    // An end date chosen earlier stays.
    expect(withPreset({ ...base, until: "2026-01-20" }, "days", "2026-01-31").until).toBe("2026-01-20");
  });
});
