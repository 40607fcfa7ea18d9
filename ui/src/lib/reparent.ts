// Moving a segment in the tree: the input that moves it (where it may go is the backend's
// answer, segment_parents).
import type { Segment } from "../bindings/Segment";
import type { SegmentInput } from "../bindings/SegmentInput";

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
