import { describe, expect, it } from "vitest";
import { compact, count } from "./plural";

describe("plural", () => {
  it("counts with the right word", () => {
    expect(count(1, "segment")).toBe("1 segment");
    expect(count(3, "campaign")).toBe("3 campaigns");
  });

  it("shortens large counts for badges, never rounding up", () => {
    expect([0, 999, 1000, 1250, 9999, 49_443, 494_437, 1_250_000].map(compact)).toEqual([
      "0",
      "999",
      "1k",
      "1.2k",
      "9.9k",
      "49k",
      "494k",
      "1.2M",
    ]);
  });
});
