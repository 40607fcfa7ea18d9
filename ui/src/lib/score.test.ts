import { describe, expect, it } from "vitest";
import { formatScore } from "./score";

describe("formatScore", () => {
  it("always shows one decimal", () => {
    expect(formatScore(100)).toBe("100.0");
    expect(formatScore(66.7)).toBe("66.7");
  });
});
