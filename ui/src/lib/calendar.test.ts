import { describe, expect, it } from "vitest";
import { outcomeText } from "./calendar";

describe("outcomeText", () => {
  it("says how many violations a move adds or removes, and which rules", () => {
    expect(outcomeText(4, { violations: 5, worse: ["cap"], better: [] })).toBe(
      "1 more violation (breaks more: contact cap)",
    );
    expect(outcomeText(4, { violations: 1, worse: [], better: ["quiet_hours", "min_gap"] })).toBe(
      "3 fewer violations (fixes: quiet hours, minimum gap)",
    );
    expect(outcomeText(4, { violations: 4, worse: ["cap"], better: ["quiet_hours"] })).toBe(
      "As many violations (breaks more: contact cap; fixes: quiet hours)",
    );
    expect(outcomeText(0, { violations: 0, worse: [], better: [] })).toBe("No change to the guidelines");
  });
});
