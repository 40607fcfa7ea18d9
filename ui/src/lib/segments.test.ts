import { describe, expect, it } from "vitest";
import { segment } from "../test/fixtures";
import { flatten, segmentTree } from "./segments";

describe("segmentTree", () => {
  it("nests segments under their parents, keeping the list order among siblings", () => {
    const tree = segmentTree([segment("all", null), segment("b", "all"), segment("c", "b"), segment("a", "all")]);
    expect(tree.map((n) => n.segment.id)).toEqual(["all"]);
    expect(tree[0].children.map((n) => n.segment.id)).toEqual(["b", "a"]);
    expect(tree[0].children[0].children[0].segment.id).toBe("c");
    expect(flatten(tree).map((n) => [n.segment.id, n.depth])).toEqual([
      ["all", 0],
      ["b", 1],
      ["c", 2],
      ["a", 1],
    ]);
  });

  it("builds a 20,000-deep chain and a 20,000-wide fan without recursion", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => segment(`d${i}`, i ? `d${i - 1}` : null));
    const rows = flatten(segmentTree(chain));
    expect(rows).toHaveLength(20_000);
    expect(rows[19_999].segment.id).toBe("d19999");
    expect(rows[19_999].depth).toBe(19_999);

    const fan = [segment("root", null), ...Array.from({ length: 20_000 }, (_, i) => segment(`c${i}`, "root"))];
    const tree = segmentTree(fan);
    expect(tree).toHaveLength(1);
    expect(tree[0].children).toHaveLength(20_000);
  });

  it("shows every member of a long parent cycle once, as a root", () => {
    const cycle = Array.from({ length: 5_000 }, (_, i) => segment(`c${i}`, `c${(i + 1) % 5_000}`));
    const rows = flatten(segmentTree([...cycle, segment("kid", "c0")]));
    expect(rows).toHaveLength(5_001);
    expect(rows.filter((r) => r.depth === 0)).toHaveLength(5_000);
    expect(rows.find((r) => r.segment.id === "kid")?.depth).toBe(1);
  });

  it("nests children listed before their parent", () => {
    const tree = segmentTree([segment("child", "parent"), segment("parent", null)]);
    expect(tree).toHaveLength(1);
    expect(tree[0].children[0].segment.id).toBe("child");
  });

  it("shows a segment with an unknown parent or in a loop as a root instead of dropping it", () => {
    const tree = segmentTree([segment("orphan", "gone"), segment("x", "y"), segment("y", "x")]);
    expect(
      flatten(tree)
        .map((n) => n.segment.id)
        .sort(),
    ).toEqual(["orphan", "x", "y"]);
  });
});
