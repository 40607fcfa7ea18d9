import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import type { SegmentInput } from "../../bindings/SegmentInput";
import { savedReply, samplePlan } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import SegmentTree from "./SegmentTree.svelte";

/** The backend's answer for Coupon fans: itself and Loyalty members (inside it) refused. */
const REFUSED: Record<string, Record<string, string>> = {
  "hl-coupon": {
    "hl-coupon": "“Coupon fans” cannot be its own parent.",
    "hl-loyal":
      "“Coupon fans” cannot move into “Loyalty members”: “Loyalty members” is inside it, which would make a loop.",
  },
};

function setup() {
  const calls: { cmd: string; args: { clientId: string; input: SegmentInput } }[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "segment_parents") {
      const { segmentId } = args as { segmentId: string };
      return samplePlan().clients[0].segments.map((s) => ({
        id: s.id,
        refused: REFUSED[segmentId]?.[s.id] ?? (s.id === segmentId ? "its own parent" : null),
      }));
    }
    calls.push({ cmd, args: args as { clientId: string; input: SegmentInput } });
    const plan = samplePlan();
    const input = (args as { input: SegmentInput }).input;
    const seg = plan.clients[0].segments.find((s) => s.id === input.id)!;
    seg.parent = input.parent;
    return savedReply(plan, input.id);
  });
  const plan = samplePlan();
  const client = plan.clients.find((c) => c.id === "harvest-lane")!;
  const result = renderInWorkspace(SegmentTree, { client }, { plan });
  return { calls, ...result };
}

const row = (id: string) =>
  screen
    .getAllByTestId("segment-item")
    .find((li) => li.dataset.segmentId === id)!
    .querySelector<HTMLElement>(".row")!;

describe("SegmentTree re-parenting", () => {
  it("refuses to drop a segment into its own sub-segment, with a message", async () => {
    const { calls } = setup();
    await fireEvent.dragStart(row("hl-coupon"));
    // The backend's answer comes while the drag starts.
    await new Promise((r) => setTimeout(r, 0));
    await fireEvent.dragOver(row("hl-loyal"));
    expect(row("hl-loyal")).toHaveClass("refused");
    // Said while hovering: a real browser does not fire drop where the drop effect is "none".
    expect(screen.getByTestId("segment-move-message")).toHaveTextContent("would make a loop");
    await fireEvent.drop(row("hl-loyal"));
    await waitFor(() =>
      expect(screen.getByTestId("segment-move-message")).toHaveTextContent(
        "“Coupon fans” cannot move into “Loyalty members”: “Loyalty members” is inside it",
      ),
    );
    expect(calls).toHaveLength(0);
    // Nor onto itself.
    await fireEvent.dragStart(row("hl-coupon"));
    await fireEvent.drop(row("hl-coupon"));
    await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("cannot be its own parent"));
    expect(calls).toHaveLength(0);
  });

  it("drops a segment onto another and sends the segment with only its parent changed", async () => {
    const { calls, workspace } = setup();
    await fireEvent.dragStart(row("hl-families"));
    await fireEvent.dragOver(row("hl-coupon"));
    expect(row("hl-coupon")).toHaveClass("over");
    expect(row("hl-coupon")).not.toHaveClass("refused");
    await fireEvent.drop(row("hl-coupon"));
    await waitFor(() => expect(calls).toHaveLength(1));
    const families = samplePlan().clients[0].segments.find((s) => s.id === "hl-families")!;
    expect(calls[0]).toEqual({
      cmd: "save_segment",
      args: {
        clientId: "harvest-lane",
        input: {
          id: "hl-families",
          name: families.name,
          parent: "hl-coupon",
          timezone: families.timezone,
          size: families.size,
          opt_in: families.opt_in,
          interests: families.interests,
          values: families.values,
          rules: null,
        },
      },
    });
    await waitFor(() =>
      expect(workspace.plan?.clients[0].segments.find((s) => s.id === "hl-families")?.parent).toBe("hl-coupon"),
    );
  });

  it("drops onto the top-level strip", async () => {
    const { calls } = setup();
    await fireEvent.dragStart(row("hl-loyal"));
    const strip = screen.getByTestId("segment-drop-top");
    await fireEvent.dragOver(strip);
    await fireEvent.drop(strip);
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].args.input.parent).toBeNull();
    expect(calls[0].args.input.id).toBe("hl-loyal");
  });

  it("moves from the keyboard with Move to…, offering only parents outside the segment", async () => {
    const user = userEvent.setup();
    const { calls } = setup();
    const coupon = screen.getAllByTestId("segment-item").find((li) => li.dataset.segmentId === "hl-coupon")!;
    await user.click(within(coupon).getByRole("button", { name: "Move Coupon fans to another parent" }));
    const select = screen.getByTestId("move-target");
    const options = () =>
      within(select)
        .getAllByRole("option")
        .map((o) => (o as HTMLOptionElement).value);
    // Not itself, not Loyalty members inside it: the backend's answer.
    await waitFor(() => expect(options()).toEqual(["", "hl-all", "hl-families"]));
    await user.selectOptions(select, "hl-families");
    await user.click(screen.getByRole("button", { name: "Move" }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0].args.input).toMatchObject({ id: "hl-coupon", parent: "hl-families", rules: null });
    expect(await screen.findByText("Moved “Coupon fans” into “Young families”.")).toBeInTheDocument();
  });
});
