// Moving a segment in the tree: what may be its new parent, and the input that moves it.
import type { Segment } from "../bindings/Segment";
import type { SegmentInput } from "../bindings/SegmentInput";
import { descendants } from "./segments";

/** Why `segment` cannot move under `parent` (null: top level), or null when it can. */
export function moveProblem(segments: readonly Segment[], segmentId: string, parent: string | null): string | null {
  const byId = new Map(segments.map((s) => [s.id, s]));
  const moving = byId.get(segmentId);
  if (!moving) return "That segment no longer exists.";
  if (parent === null) return null;
  const target = byId.get(parent);
  if (!target) return "That segment no longer exists.";
  if (parent === segmentId) return `“${moving.name}” cannot be its own parent.`;
  if (descendants(segments, segmentId).has(parent)) {
    return `“${moving.name}” cannot move into “${target.name}”: “${target.name}” is inside it, which would make a loop.`;
  }
  return null;
}

/** The segment's input with only the parent changed (its rules stay as they are). */
export function moveInput(segment: Segment, parent: string | null): SegmentInput {
  return {
    id: segment.id,
    name: segment.name,
    parent,
    timezone: segment.timezone,
    size: segment.size,
    opt_in: [...segment.opt_in],
    interests: [...segment.interests],
    values: [...segment.values],
    rules: null,
  };
}
