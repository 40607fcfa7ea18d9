// The value score, exactly as the backend computes it (crates/model/src/value.rs).
import type { ChecklistItem } from "../bindings/ChecklistItem";

/**
 * 100 x (weights answered true) / (all weights), rounded to one decimal. A checklist with no
 * weight scores 100: there is nothing the message could fail.
 */
export function valueScore(
  checklist: readonly ChecklistItem[],
  answers: Readonly<Record<string, boolean | undefined>>,
): number {
  const total = checklist.reduce((sum, item) => sum + item.weight, 0);
  if (total === 0) return 100;
  const yes = checklist.filter((item) => answers[item.id] === true).reduce((sum, item) => sum + item.weight, 0);
  return Math.round((1000 * yes) / total) / 10;
}
