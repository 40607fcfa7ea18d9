// The planning views another part of the UI provides (components/cadence, guidelines,
// checklist). They are loaded on demand, so the window opens without them and a view whose
// module is missing from a build is simply not offered.
import type { Component } from "svelte";
import type { Plan } from "../../bindings/Plan";
import type { Saved } from "../../bindings/Saved";

export type CadenceViewProps = {
  plan: Plan;
  clientId: string;
  version: number;
  /** Goes up when the campaign history changes (hints are read again). */
  historyVersion?: number;
  onOpenMessages: (ids: string[]) => void;
};
export type GuidelinesEditorProps = {
  plan: Plan;
  clientId: string;
  segmentId: string | null;
  onSaved: (saved: Saved) => void;
  onClose: () => void;
};
export type ChecklistEditorProps = {
  plan: Plan;
  clientId: string;
  onSaved: (saved: Saved) => void;
  onClose: () => void;
};

type Loader<P extends Record<string, unknown>> = () => Promise<{ default: Component<P> }>;

const cadence = import.meta.glob<{ default: Component<CadenceViewProps> }>("../cadence/CadenceView.svelte");
const guidelines = import.meta.glob<{ default: Component<GuidelinesEditorProps> }>(
  "../guidelines/GuidelinesEditor.svelte",
);
const checklist = import.meta.glob<{ default: Component<ChecklistEditorProps> }>("../checklist/ChecklistEditor.svelte");

export const loadCadenceView: Loader<CadenceViewProps> | undefined = Object.values(cadence)[0];
export const loadGuidelinesEditor: Loader<GuidelinesEditorProps> | undefined = Object.values(guidelines)[0];
export const loadChecklistEditor: Loader<ChecklistEditorProps> | undefined = Object.values(checklist)[0];
