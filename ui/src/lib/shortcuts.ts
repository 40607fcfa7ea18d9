// The window's keyboard shortcuts, as a pure mapping from a key event to an action so the
// rules (not while typing, not with a dialog open) are tested without a window.
import type { View } from "./workspace.svelte";

export type Shortcut =
  | { action: "undo" }
  | { action: "redo" }
  | { action: "view"; view: View }
  | { action: "new-message" }
  | { action: "help" };

/** What the shortcut list shows. */
export const SHORTCUTS: readonly { keys: string; what: string }[] = [
  { keys: "Ctrl/⌘ Z", what: "Undo the last change" },
  { keys: "Shift Ctrl/⌘ Z", what: "Redo (Ctrl Y works too)" },
  { keys: "1 · 2 · 3 · 4", what: "Overview · Calendar · Cadence · Insights (also with Ctrl/⌘)" },
  { keys: "N", what: "New message for the selected client" },
  { keys: "M", what: "Move the selected calendar message to another date and time" },
  { keys: "Enter", what: "Select the focused calendar message" },
  { keys: "← → ↑ ↓ · Enter", what: "In the calendar grid: pick an empty slot, then plan a message there" },
  { keys: "?", what: "This list" },
  { keys: "Esc", what: "Close a dialog" },
];

const VIEW_KEYS: Record<string, View> = { "1": "overview", "2": "calendar", "3": "cadence", "4": "insights" };

/** True when the key goes to a text field (or any editable element), where it must stay. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "reset", "range", "color"].includes(target.type);
  }
  return false;
}

/** The shortcut a keydown means, or null (typing, a dialog open, or no shortcut). */
export function shortcutFor(event: KeyboardEvent, dialogOpen: boolean): Shortcut | null {
  // A dialog owns the keyboard while it is open (its own fields, Escape, its buttons).
  if (dialogOpen || event.defaultPrevented || event.isComposing || isTyping(event.target)) return null;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (mod && !event.altKey && key === "z") return event.shiftKey ? { action: "redo" } : { action: "undo" };
  if (mod && !event.altKey && !event.shiftKey && key === "y") return { action: "redo" };
  if (event.altKey) return null;
  if (VIEW_KEYS[key] && !event.shiftKey) return { action: "view", view: VIEW_KEYS[key] };
  if (mod) return null;
  if (key === "n" && !event.shiftKey) return { action: "new-message" };
  if (key === "?") return { action: "help" };
  return null;
}

/** How the command key is written in hints: "⌘" on a Mac, "Ctrl+" elsewhere. */
export const MOD_KEY = typeof navigator !== "undefined" && /Mac/.test(navigator.platform) ? "⌘" : "Ctrl+";

/** The line destructive dialogs show for an action the window can undo. */
export const UNDO_HINT = `You can undo this with ${MOD_KEY}Z (or ↶ Undo at the top).`;
