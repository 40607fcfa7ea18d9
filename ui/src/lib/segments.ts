// The segment forest of one client: segments nest through `parent`.
import type { Segment } from "../bindings/Segment";

/** One node of the segment tree, with its depth for indentation. */
export type SegmentNode = { segment: Segment; depth: number; children: SegmentNode[] };

/**
 * Build the forest from the flat list. Order among siblings follows the list. A segment whose
 * parent is unknown, or which sits in a parent cycle (the backend refuses both, but a tree must
 * never loop or drop rows), is shown as a root.
 */
export function segmentTree(segments: readonly Segment[]): SegmentNode[] {
  const ids = new Set(segments.map((s) => s.id));
  const byParent = new Map<string | null, Segment[]>();
  for (const s of segments) {
    const parent = s.parent && ids.has(s.parent) && !inCycle(segments, s.id) ? s.parent : null;
    const list = byParent.get(parent) ?? [];
    list.push(s);
    byParent.set(parent, list);
  }
  const build = (parent: string | null, depth: number): SegmentNode[] =>
    (byParent.get(parent) ?? []).map((segment) => ({
      segment,
      depth,
      children: build(segment.id, depth + 1),
    }));
  return build(null, 0);
}

/** The tree in display order, depth-first. */
export function flatten(nodes: readonly SegmentNode[]): SegmentNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/** Ids of every segment below `id` (not including it). */
export function descendants(segments: readonly Segment[], id: string): Set<string> {
  const out = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const current = stack.pop()!;
    for (const s of segments) {
      if (s.parent === current && !out.has(s.id) && s.id !== id) {
        out.add(s.id);
        stack.push(s.id);
      }
    }
  }
  return out;
}

/** Ids from `id`'s parent up to its root, nearest first. Stops on a cycle. */
export function ancestors(segments: readonly Segment[], id: string): string[] {
  const byId = new Map(segments.map((s) => [s.id, s]));
  const out: string[] = [];
  let current = byId.get(id)?.parent ?? null;
  while (current && !out.includes(current) && current !== id) {
    out.push(current);
    current = byId.get(current)?.parent ?? null;
  }
  return out;
}

function inCycle(segments: readonly Segment[], id: string): boolean {
  const byId = new Map(segments.map((s) => [s.id, s]));
  const seen = new Set<string>();
  let current: string | null = id;
  while (current) {
    if (seen.has(current)) return current === id;
    seen.add(current);
    current = byId.get(current)?.parent ?? null;
  }
  return false;
}

/**
 * Why `parent` cannot be the parent of the segment `id` (null when it can): a segment cannot
 * be its own parent nor sit below one of its own descendants. `id` null is a new segment.
 */
export function parentProblem(segments: readonly Segment[], id: string | null, parent: string | null): string | null {
  if (!parent || !id) return null;
  if (parent === id) return "A segment cannot be its own parent.";
  if (descendants(segments, id).has(parent)) {
    return "This parent is inside the segment itself; that would make a loop.";
  }
  return null;
}
