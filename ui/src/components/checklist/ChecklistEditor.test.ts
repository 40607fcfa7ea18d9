import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import type { ChecklistDraftItem } from "../../bindings/ChecklistDraftItem";
import type { ChecklistDraftView } from "../../bindings/ChecklistDraftView";
import type { ChecklistItem } from "../../bindings/ChecklistItem";
import type { ClientInput } from "../../bindings/ClientInput";
import type { ScoreChange } from "../../bindings/ScoreChange";
import { savedReply, samplePlan } from "../../test/fixtures";
import ChecklistEditor from "./ChecklistEditor.svelte";

/** What the backend says the edited checklist does (scored in Rust: crates/desk/tests/integration/values.rs). */
const flashSaleChange: ScoreChange = {
  message: "hl-flash",
  title: "Flash sale",
  before: { score: 50, score_text: "50.0", missing_required: [] },
  after: { score: 41.2, score_text: "41.2", missing_required: ["Seasonal & local"] },
};

/**
 * A canned stand-in for `check_checklist` (checked in Rust: crates/model/src/checklist.rs and
 * crates/desk/tests/integration/editor_drafts.rs): the new row "Seasonal & local" gets its id, an empty
 * label and a weight that is no whole number get the backend's words.
 */
function checkReply(items: ChecklistDraftItem[]): ChecklistDraftView {
  const rows = items.map((d) => {
    const problems: Record<string, string[]> = {};
    if (!d.label.trim()) problems.label = ["must not be empty"];
    if (d.weight === null || d.weight < 0) problems.weight = ["must be a whole number of 0 or more"];
    const id = d.id ?? (d.label === "Seasonal & local" ? "seasonal-local" : "item");
    return { id, worth: null, problems };
  });
  const clean = rows.every((r) => Object.keys(r.problems).length === 0);
  const checklist: ChecklistItem[] = items.map((d, i) => ({
    id: rows[i].id,
    label: d.label.trim(),
    weight: d.weight ?? 0,
    required: d.required,
    ...(d.guidance.trim() ? { guidance: d.guidance.trim() } : {}),
  }));
  const changes = clean && checklist.some((i) => i.id === "seasonal-local") ? [flashSaleChange] : [];
  return { items: rows, checklist: clean ? checklist : null, changes };
}

function setup() {
  const calls: { cmd: string; args: unknown }[] = [];
  const asked: ChecklistDraftItem[][] = [];
  mockIPC((cmd, args) => {
    if (cmd === "check_checklist") {
      const items = (args as { items: ChecklistDraftItem[] }).items;
      asked.push(items);
      return checkReply(items);
    }
    calls.push({ cmd, args });
    return savedReply(samplePlan(), "harvest-lane");
  });
  const onSaved = vi.fn();
  const onClose = vi.fn();
  render(ChecklistEditor, { props: { plan: samplePlan(), clientId: "harvest-lane", onSaved, onClose } });
  return { calls, asked, onSaved, onClose };
}

const item = (id: string) => screen.getAllByTestId("checklist-item").find((li) => li.dataset.itemId === id)!;
/** Wait for the backend's first answer (the rows carry its ids). */
const ready = () => waitFor(() => expect(item("joy")).toBeTruthy());

describe("ChecklistEditor", () => {
  it("reorders, removes, adds and reweighs; shows the new scores; saves exactly that list", async () => {
    const user = userEvent.setup();
    const { calls, asked, onSaved, onClose } = setup();
    expect(screen.getByTestId("checklist-editor")).toBeInTheDocument();
    await ready();
    await user.click(within(item("joy")).getByRole("button", { name: /Remove/ }));
    await user.click(within(item("actionable")).getByRole("button", { name: /up$/ }));
    const weight = within(item("useful")).getByLabelText("Weight");
    await user.clear(weight);
    await user.type(weight, "4");
    await user.click(screen.getByRole("button", { name: "+ Item" }));
    const fresh = screen.getAllByTestId("checklist-item").at(-1)!;
    await user.type(within(fresh).getByLabelText("Question"), "Seasonal & local");
    const freshWeight = within(fresh).getByLabelText("Weight");
    await user.clear(freshWeight);
    await user.type(freshWeight, "2");
    await user.click(within(fresh).getByLabelText("Required"));
    await waitFor(() => expect(fresh.dataset.itemId).toBe("seasonal-local"));

    // The backend is asked about the rows as they are (a new row without an id), and its answer is shown.
    await waitFor(() => expect(screen.getAllByTestId("score-change")).toHaveLength(1));
    expect(asked.at(-1)?.map((i) => i.id)).toEqual([
      "glad",
      "actionable",
      "useful",
      "values",
      "new",
      "deliver",
      "answer",
      null,
    ]);
    const flash = screen.getByTestId("score-change");
    expect(flash).toHaveTextContent("Flash sale");
    expect(flash).toHaveTextContent("50.0 → 41.2");
    expect(flash).toHaveTextContent("required not met: Seasonal & local");

    await user.click(screen.getByTestId("save-checklist"));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(onClose).toHaveBeenCalled();
    const input = (calls[0].args as { input: ClientInput }).input;
    expect(calls[0].cmd).toBe("save_client");
    expect({ ...input, checklist: null }).toEqual({
      id: "harvest-lane",
      name: "Harvest Lane Grocers",
      timezone: "America/New_York",
      checklist: null,
      rules: null,
    });
    const original = samplePlan().clients[0].checklist;
    const byId = (id: string) => original.find((i) => i.id === id)!;
    expect(input.checklist).toEqual([
      byId("glad"),
      byId("actionable"),
      { ...byId("useful"), weight: 4 },
      byId("values"),
      byId("new"),
      byId("deliver"),
      byId("answer"),
      { id: "seasonal-local", label: "Seasonal & local", weight: 2, required: true },
    ]);
  });

  it("shows the backend's problems under the row and field, and does not save them", async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    await ready();
    await user.click(screen.getByRole("button", { name: "+ Item" }));
    await fireEvent.input(within(item("glad")).getByLabelText("Weight"), { target: { value: "-1" } });
    await user.click(screen.getByTestId("save-checklist"));
    expect(await within(item("glad")).findByText("must be a whole number of 0 or more")).toBeInTheDocument();
    expect(within(item("item")).getByText("must not be empty")).toBeInTheDocument();
    expect(screen.getByText("Fix the items to see the new scores.")).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });
});
