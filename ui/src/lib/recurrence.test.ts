import { describe, expect, it } from "vitest";
import { describeRrule, rruleProblem } from "./recurrence";

describe("describeRrule", () => {
  it.each([
    ["FREQ=WEEKLY;BYDAY=TH;COUNT=12", "Every week on Thursday, 12 times"],
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;COUNT=6", "Every 2 weeks on Sunday, 6 times"],
    ["FREQ=WEEKLY;BYDAY=TU,SA;COUNT=16", "Every week on Tuesday and Saturday, 16 times"],
    ["FREQ=MONTHLY;BYDAY=1WE;COUNT=4", "Every month on the first Wednesday, 4 times"],
    ["FREQ=MONTHLY;BYDAY=-1FR", "Every month on the last Friday"],
    ["FREQ=MONTHLY;BYMONTHDAY=5;COUNT=4", "Every month on the 5th, 4 times"],
    ["FREQ=DAILY;UNTIL=20261231T000000Z", "Every day until 2026-12-31"],
  ])("%s", (rule, words) => {
    expect(describeRrule(rule)).toBe(words);
  });

  it("gives up on rules it cannot say exactly", () => {
    expect(describeRrule("FREQ=YEARLY;BYMONTH=3;BYDAY=MO")).toBeNull();
    expect(describeRrule("nonsense")).toBeNull();
  });
});

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
