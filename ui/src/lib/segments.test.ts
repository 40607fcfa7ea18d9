import { describe, expect, it } from "vitest";
import { segment } from "../test/fixtures";
import { ancestors, descendants, flatten, parentProblem, segmentTree } from "./segments";

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

describe("descendants, ancestors and parentProblem", () => {
  const list = [segment("all", null), segment("mid", "all"), segment("leaf", "mid"), segment("other", null)];

  it("finds everything below and above a segment", () => {
    expect([...descendants(list, "all")].sort()).toEqual(["leaf", "mid"]);
    expect(ancestors(list, "leaf")).toEqual(["mid", "all"]);
  });

  it("refuses a segment as its own parent or below its own descendant", () => {
    expect(parentProblem(list, "mid", "mid")).toMatch(/own parent/);
    expect(parentProblem(list, "all", "leaf")).toMatch(/loop/);
    expect(parentProblem(list, "leaf", "other")).toBeNull();
    expect(parentProblem(list, null, "leaf")).toBeNull();
  });
});
