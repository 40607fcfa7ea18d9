import { describe, expect, it } from "vitest";
import type { CadenceSummary } from "../../bindings/CadenceSummary";
import { sampleClient } from "../../test/fixtures";
import summaries from "../../test/engine-summaries.json";
import { buildRows, qualitySeries } from "./grid";

describe("cells from the engine's summary", () => {
  // The engine's own summary of the sample plan (crates/desk/tests/integration/ui_fixtures.rs writes it).
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
