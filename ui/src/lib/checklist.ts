// The checklist template editor's logic: ids for new items, checks, and what a changed
// checklist does to the scores of the client's messages.
import type { ChecklistItem } from "../bindings/ChecklistItem";
import type { Client } from "../bindings/Client";
import { missingRequired, valueScore } from "./score";

/** A new item's id from its label, unique among `taken`: "Useful information" -> "useful-information". */
export function itemId(label: string, taken: readonly string[]): string {
  const base =
    label
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "") || "item";
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** Problems per item index and field. */
export function checklistErrors(items: readonly ChecklistItem[]): Record<string, string>[] {
  return items.map((item, i) => {
    const out: Record<string, string> = {};
    if (!item.label.trim()) out.label = "Write the question.";
    if (!Number.isFinite(item.weight) || item.weight < 0) out.weight = "A weight of 0 or more.";
    if (items.findIndex((x) => x.id === item.id) !== i) out.label = `Another item already has the id “${item.id}”.`;
    return out;
  });
}

export type ScoreChange = {
  message: string;
  title: string;
  before: number;
  after: number;
  /** Required items it would not answer true under the new checklist. */
  missing: string[];
};

/** Every message of the client whose score or required items change with `next`. */
export function scoreChanges(client: Client, next: readonly ChecklistItem[]): ScoreChange[] {
  const out: ScoreChange[] = [];
  for (const campaign of client.campaigns) {
    for (const m of campaign.messages) {
      const before = valueScore(client.checklist, m.checklist);
      const after = valueScore(next, m.checklist);
      const missingBefore = missingRequired(client.checklist, m.checklist).map((i) => i.id);
      const missing = missingRequired(next, m.checklist).map((i) => i.label);
      const missingNow = missingRequired(next, m.checklist).map((i) => i.id);
      if (before !== after || missingNow.join() !== missingBefore.join()) {
        out.push({ message: m.id, title: m.title, before, after, missing });
      }
    }
  }
  return out;
}
