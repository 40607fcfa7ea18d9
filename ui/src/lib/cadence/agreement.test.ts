// The occurrence reach the cadence view uses for dots, hover lists and click-through must name
// exactly the touches the engine counts. engine-summaries.json is the engine's own
// `summarize` output for the sample plan (see src/lib/cadence/dev/README.md to regenerate).
import { describe, expect, it } from "vitest";
import type { CadenceSummary } from "../../bindings/CadenceSummary";
import { samplePlan } from "../../test/fixtures";
import summaries from "./engine-summaries.json";
import { reachByBucket } from "./occurrences";

describe("occurrence reach agrees with the engine's summary", () => {
  const plan = samplePlan();
  for (const [key, value] of Object.entries(summaries as Record<string, CadenceSummary>)) {
    it(key, () => {
      const [clientId] = key.split("|");
      const client = plan.clients.find((c) => c.id === clientId)!;
      // Both the engine's layout computed here and the summary's own bucket starts.
      const reach = reachByBucket(client, value.from, value.to, value.bucket);
      const laid = reachByBucket(
        client,
        value.from,
        value.to,
        value.bucket,
        value.segments[0].buckets.map((b) => b.start),
      );
      expect(laid).toEqual(reach);
      const ours = value.segments.map((s) => ({
        segment: s.segment,
        touches: s.buckets.map((b) => reach.get(s.segment)?.get(b.start)?.length ?? 0),
      }));
      const engine = value.segments.map((s) => ({ segment: s.segment, touches: s.buckets.map((b) => b.touches) }));
      expect(ours).toEqual(engine);
      expect(engine.some((s) => s.touches.some((n) => n > 0))).toBe(true);
    });
  }
});
