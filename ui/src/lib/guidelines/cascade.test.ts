import { describe, expect, it } from "vitest";
import type { Client } from "../../bindings/Client";
import type { Rule } from "../../bindings/Rule";
import { sampleClient, segment } from "../../test/fixtures";
import { effectiveRules, inheritedRules, overridden, ruleKey } from "./cascade";

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
});
