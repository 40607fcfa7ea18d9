// The checklist template editor's logic: ids for new items, checks, and what a changed
// checklist does to the scores of the client's messages.
import type { ChecklistItem } from "../bindings/ChecklistItem";

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
