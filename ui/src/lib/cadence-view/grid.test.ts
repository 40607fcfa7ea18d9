import { describe, expect, it } from "vitest";
import type { CadenceSummary } from "../../bindings/CadenceSummary";
import type { Client } from "../../bindings/Client";
import type { Rule } from "../../bindings/Rule";
import { sampleClient, segment } from "../../test/fixtures";
import { closedReason, effectiveRules, inheritedRules, overridden, ruleKey } from "../guidelines/cascade";
import { columnOf, intlWall, localWall, rangeOf, shift, wallToUtc } from "./dates";
import summaries from "../../test/engine-summaries.json";
import { buildRows, qualitySeries } from "./grid";

const cap = (max: number, window_days: number, channels: string[] | null = null): Rule => ({
  kind: "cap",
  max,
  window_days,
  channels,
});

function tree(): Client {
  const client = sampleClient("harvest-lane");
  client.rules = [
    cap(2, 7),
    { kind: "min_gap", hours: 16, channels: ["email"] },
    { kind: "quiet_hours", start: "21:00", end: "08:00" },
  ];
  client.segments = [
    { ...segment("root", null), rules: [cap(3, 7), { kind: "weekdays", allowed: ["Mon", "Tue"] }] },
    { ...segment("mid", "root"), rules: [cap(1, 7, ["sms", "email"]), { kind: "blackout", dates: ["2026-12-24"] }] },
    {
      ...segment("leaf", "mid"),
      rules: [cap(5, 30), cap(2, 7, ["email", "sms"]), { kind: "min_gap", hours: 24, channels: ["email"] }],
    },
  ];
  return client;
}

describe("cascade", () => {
  it("keys caps by window and sorted channels, min_gap by sorted channels, others by kind", () => {
    expect(ruleKey(cap(1, 7, ["sms", "email"]))).toBe(ruleKey(cap(9, 7, ["email", "sms"])));
    expect(ruleKey(cap(1, 7))).not.toBe(ruleKey(cap(1, 7, ["email"])));
    expect(ruleKey(cap(1, 7))).not.toBe(ruleKey(cap(1, 30)));
    expect(ruleKey({ kind: "min_gap", hours: 1, channels: ["b", "a"] })).toBe(
      ruleKey({ kind: "min_gap", hours: 5, channels: ["a", "b"] }),
    );
    expect(ruleKey({ kind: "quiet_hours", start: "01:00", end: "02:00" })).toBe("quiet_hours");
  });

  it("inherits from the client and ancestors root-down, later same key replacing in place", () => {
    const eff = effectiveRules(tree(), "leaf");
    expect(eff.map((e) => [e.rule, e.origin.level === "ancestor" ? e.origin.segment : e.origin.level])).toEqual([
      [cap(3, 7), "root"], // client's 2/7 replaced by root's 3/7, in the client's position
      [{ kind: "min_gap", hours: 24, channels: ["email"] }, "segment"],
      [{ kind: "quiet_hours", start: "21:00", end: "08:00" }, "client"],
      [{ kind: "weekdays", allowed: ["Mon", "Tue"] }, "root"],
      [cap(2, 7, ["email", "sms"]), "segment"], // channel-keyed cap of mid replaced by leaf's
      [{ kind: "blackout", dates: ["2026-12-24"] }, "mid"],
      [cap(5, 30), "segment"],
    ]);
  });

  it("a channel-filtered cap does not replace the all-channel cap", () => {
    const eff = effectiveRules(tree(), "mid");
    const caps = eff.filter((e) => e.rule.kind === "cap").map((e) => e.rule);
    expect(caps).toEqual([cap(3, 7), cap(1, 7, ["sms", "email"])]);
  });

  it("shows what a segment inherits and which own rules override", () => {
    const client = tree();
    const inherited = inheritedRules(client, "leaf");
    expect(inherited.map((e) => e.origin.level)).toEqual([
      "ancestor",
      "client",
      "client",
      "ancestor",
      "ancestor",
      "ancestor",
    ]);
    const own = client.segments[2].rules;
    const over = overridden(inherited, own);
    expect(over[0]).toBeNull(); // 5 per 30 days is new
    expect(over[1]?.origin).toEqual({ level: "ancestor", segment: "mid", name: "MID" });
    expect(over[2]?.origin).toEqual({ level: "client" });
  });

  it("a draft of own rules replaces the stored ones", () => {
    const eff = effectiveRules(tree(), "leaf", []);
    expect(eff.find((e) => e.rule.kind === "min_gap")?.origin).toEqual({ level: "client" });
  });

  it("closes blackout dates and days outside the allowed weekdays", () => {
    const eff = effectiveRules(tree(), "leaf");
    expect(closedReason(eff, "2026-12-24")).toBe("blackout");
    expect(closedReason(eff, "2026-11-23")).toBeNull(); // a Monday
    expect(closedReason(eff, "2026-11-25")).toBe("weekday"); // a Wednesday
    expect(closedReason(effectiveRules(tree(), "root"), "2026-12-24")).toBe("weekday"); // Thursday, no blackout on root
  });
});

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

describe("cells from the engine's summary", () => {
  // The engine's own summary of the sample plan (crates/desk/tests/ui_fixtures.rs writes it).
  const quarter = (summaries as Record<string, CadenceSummary>)["harvest-lane|2026-10-01|2027-01-01|week"];
  const rows = () => buildRows(sampleClient("harvest-lane"), quarter);
  const cell = (seg: string, start: string) =>
    rows()
      .find((r) => r.segment.id === seg)!
      .cells.find((c) => c.start === start)!;
  const ids = (seg: string, start: string) =>
    cell(seg, start).reach.map((r) => `${r.message}#${r.occurrence}${r.direct ? "" : "~"}`);

  it("lists the touches reaching each segment, inherited ones marked", () => {
    expect(ids("hl-coupon", "2026-11-02")).toEqual(["hl-weekly-offers#0"]);
    expect(ids("hl-loyal", "2026-11-09")).toEqual(["hl-weekly-offers#1~", "hl-flash#0~", "hl-sms-reminder#0~"]);
    expect(ids("hl-families", "2026-11-09")).toEqual(["hl-flash#0~", "hl-recipes#1"]);
    expect(ids("hl-families", "2026-11-02")).toEqual([]);
  });

  it("names messages by title, in the segment's local time, with the engine's counts", () => {
    const c = cell("hl-loyal", "2026-11-09");
    expect(c.reach[0].title).toBe(
      sampleClient("harvest-lane")
        .campaigns.flatMap((x) => x.messages)
        .find((m) => m.id === "hl-weekly-offers")!.title,
    );
    expect(c.reach[0].local).toMatch(/^2026-11-\d\d \d\d:\d\d$/);
    expect(c.touches).toBe(c.reach.length);
    expect(c.channels.reduce((n, ch) => n + ch.count, 0)).toBe(c.touches);
    expect(c.channels.map((ch) => ch.id)).toEqual(["email", "sms", "push"]);
  });

  it("takes every cell's numbers from the summary", () => {
    for (const row of rows()) {
      const cadence = quarter.segments.find((s) => s.segment === row.segment.id)!;
      expect(row.cells.map((c) => [c.touches, c.reach.length, c.ratio, c.violations, c.notes])).toEqual(
        cadence.buckets.map((b) => [b.touches, b.reach.length, b.worst_ratio, b.violations, b.notes]),
      );
    }
    const points = qualitySeries(quarter, "hl-loyal");
    const loyal = quarter.segments.find((s) => s.segment === "hl-loyal")!;
    expect(points.map((p) => p.value)).toEqual(loyal.buckets.map((b) => b.average_value));
    expect(points.some((p) => p.value !== null)).toBe(true);
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
