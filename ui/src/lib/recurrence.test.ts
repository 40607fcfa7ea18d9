import { describe, expect, it } from "vitest";
import { rruleProblem } from "./recurrence";

describe("rruleProblem", () => {
  it("accepts a well-formed rule and flags the obvious mistakes", () => {
    expect(rruleProblem("FREQ=WEEKLY;BYDAY=MO")).toBeNull();
    expect(rruleProblem("BYDAY=MO")).toMatch(/FREQ is required/);
    expect(rruleProblem("FREQ=FORTNIGHTLY")).toMatch(/Unknown FREQ/);
    expect(rruleProblem("weekly on monday")).toMatch(/KEY=VALUE/);
    expect(rruleProblem("FREQ=DAILY;COUNT=3;UNTIL=20270101")).toMatch(/not both/);
    expect(rruleProblem("DTSTART:20260101T090000\nRRULE:FREQ=DAILY")).toMatch(/without DTSTART/);
  });
});
