import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import type { ChecklistItem } from "../../bindings/ChecklistItem";
import type { ClientInput } from "../../bindings/ClientInput";
import type { ScoreChange } from "../../bindings/ScoreChange";
import { itemId } from "../../lib/checklist";
import { savedReply, samplePlan } from "../../test/fixtures";
import ChecklistEditor from "./ChecklistEditor.svelte";

/** What the backend says the edited checklist does (scored in Rust: crates/desk/tests/values.rs). */
const flashSaleChange: ScoreChange = {
  message: "hl-flash",
  title: "Flash sale",
  before: { score: 50, score_text: "50.0", missing_required: [] },
  after: { score: 41.2, score_text: "41.2", missing_required: ["Seasonal & local"] },
};

function setup() {
  const calls: { cmd: string; args: unknown }[] = [];
  const asked: ChecklistItem[][] = [];
  mockIPC((cmd, args) => {
    if (cmd === "checklist_changes") {
      const checklist = (args as { checklist: ChecklistItem[] }).checklist;
      asked.push(checklist);
      return checklist.some((i) => i.id === "seasonal-local") ? [flashSaleChange] : [];
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

describe("ChecklistEditor", () => {
  it("makes ids from labels, unique in the list", () => {
    expect(itemId("Seasonal & local!", [])).toBe("seasonal-local");
    expect(itemId("Useful", ["useful", "useful-2"])).toBe("useful-3");
    expect(itemId("  ", [])).toBe("item");
    expect(itemId("Café crème", [])).toBe("cafe-creme");
  });

  it("reorders, removes, adds and reweighs; shows the new scores; saves exactly that list", async () => {
    const user = userEvent.setup();
    const { calls, asked, onSaved, onClose } = setup();
    expect(screen.getByTestId("checklist-editor")).toBeInTheDocument();
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
    expect(fresh.dataset.itemId).toBe("seasonal-local");

    // The backend is asked about the checklist as it would be saved, and its answer is shown.
    await waitFor(() => expect(screen.getAllByTestId("score-change")).toHaveLength(1));
    expect(asked.at(-1)?.map((i) => i.id)).toEqual([
      "glad",
      "actionable",
      "useful",
      "values",
      "new",
      "deliver",
      "answer",
      "seasonal-local",
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

  it("refuses an empty question and a negative weight before saving", async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    await user.click(screen.getByRole("button", { name: "+ Item" }));
    await fireEvent.input(within(item("glad")).getByLabelText("Weight"), { target: { value: "-1" } });
    await user.click(screen.getByTestId("save-checklist"));
    expect(screen.getByText("Write the question.")).toBeInTheDocument();
    expect(screen.getByText("A weight of 0 or more.")).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });
});
