// The segment forest of one client: segments nest through `parent`.
import type { Segment } from "../bindings/Segment";

/** One node of the segment tree, with its depth for indentation. */
export type SegmentNode = { segment: Segment; depth: number; children: SegmentNode[] };

/**
 * Build the forest from the flat list, without recursion and in linear time (a workspace may
 * hold thousands of segments). Order among siblings follows the list. A segment whose parent
 * is unknown, or which sits in a parent cycle (the backend refuses both, but a tree must never
 * loop or drop rows), is shown as a root.
 */
export function segmentTree(segments: readonly Segment[]): SegmentNode[] {
  const cyclic = segmentsOnCycles(segments);
  const ids = new Set(segments.map((s) => s.id));
  const nodes = new Map<string, SegmentNode>();
  for (const segment of segments) nodes.set(segment.id, { segment, depth: 0, children: [] });
  const roots: SegmentNode[] = [];
  for (const segment of segments) {
    const node = nodes.get(segment.id)!;
    const parent = segment.parent;
    if (parent && ids.has(parent) && !cyclic.has(segment.id) && parent !== segment.id) {
      nodes.get(parent)!.children.push(node);
    } else {
      roots.push(node);
    }
  }
  // Depths, top-down with an explicit stack.
  const stack = roots.map((node) => ({ node, depth: 0 }));
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    node.depth = depth;
    for (const child of node.children) stack.push({ node: child, depth: depth + 1 });
  }
  return roots;
}

/** The tree in display order, depth-first, without recursion. */
export function flatten(nodes: readonly SegmentNode[]): SegmentNode[] {
  const out: SegmentNode[] = [];
  const stack = [...nodes].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    out.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return out;
}

/** Ids of the segments that sit on a parent cycle: each chain is walked once (linear). */
function segmentsOnCycles(segments: readonly Segment[]): Set<string> {
  const parentOf = new Map(segments.map((s) => [s.id, s.parent]));
  const state = new Map<string, "walking" | "done">();
  const cyclic = new Set<string>();
  for (const start of segments) {
    const walk: string[] = [];
    let current: string | null | undefined = start.id;
    while (current && parentOf.has(current) && !state.has(current)) {
      state.set(current, "walking");
      walk.push(current);
      current = parentOf.get(current);
    }
    if (current && state.get(current) === "walking") {
      for (const id of walk.slice(walk.indexOf(current))) cyclic.add(id);
    }
    for (const id of walk) state.set(id, "done");
  }
  return cyclic;
}
