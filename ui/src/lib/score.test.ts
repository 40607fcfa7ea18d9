import { describe, expect, it } from "vitest";
import type { ChecklistItem } from "../bindings/ChecklistItem";
import { valueScore } from "./score";

const item = (id: string, weight: number): ChecklistItem => ({ id, label: id, weight, required: false });

describe("valueScore", () => {
  const checklist = [item("a", 1), item("b", 2)];

  it("is the weighted share of items answered yes, to one decimal", () => {
    expect(valueScore(checklist, { a: true })).toBe(33.3);
    expect(valueScore(checklist, { b: true })).toBe(66.7);
    expect(valueScore(checklist, { a: true, b: true })).toBe(100);
    expect(valueScore(checklist, { a: false })).toBe(0);
  });

  it("counts missing answers and answers to unknown items as no", () => {
    expect(valueScore(checklist, { zzz: true })).toBe(0);
  });

  it("scores a checklist without weight as 100", () => {
    expect(valueScore([], {})).toBe(100);
    expect(valueScore([item("a", 0)], {})).toBe(100);
  });

  it("matches the default checklist's weights (3 of 14 is 21.4)", () => {
    const defaults = [3, 2, 2, 1, 2, 1, 2, 1].map((w, i) => item(`i${i}`, w));
    expect(valueScore(defaults, { i0: true })).toBe(21.4);
  });
});
