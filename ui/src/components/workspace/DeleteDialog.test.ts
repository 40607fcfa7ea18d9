import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { DeleteImpact } from "../../bindings/DeleteImpact";
import type { EntityRef } from "../../bindings/EntityRef";
import { samplePlan, savedReply } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import DeleteDialog from "./DeleteDialog.svelte";

const target: EntityRef = { kind: "segment", id: "hl-coupon" };

describe("DeleteDialog", () => {
  it("lists what goes with the entity and deletes only after confirming", async () => {
    const user = userEvent.setup();
    const impact: DeleteImpact = {
      name: "Coupon fans",
      segments: ["Loyalty members"],
      campaigns: [],
      messages: ["This week's offers", "Offers end tonight"],
      retargeted: ["Order ready for pick-up"],
    };
    const after = samplePlan();
    const calls: { cmd: string; args: unknown }[] = [];
    mockIPC((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === "delete_impact") return impact;
      if (cmd === "delete_entity") return savedReply(after);
    });
    const { workspace } = renderInWorkspace(DeleteDialog, { target }, { plan: samplePlan() });
    workspace.open({ kind: "delete", target });

    const groups = await screen.findAllByTestId("impact-group");
    expect(groups.map((g) => within(g).getByRole("heading").textContent)).toEqual([
      "Segments deleted with it (1)",
      "Messages deleted with it (2)",
      "Messages that keep their other targets but lose this one (1)",
    ]);
    expect(
      within(groups[1])
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["This week's offers", "Offers end tonight"]);
    expect(calls.map((c) => c.cmd)).toEqual(["delete_impact"]);
    // A delete is one undo step: the dialog says so, never "cannot be undone".
    expect(screen.getByTestId("undo-hint")).toHaveTextContent("You can undo this with Ctrl+Z");
    expect(screen.getByTestId("delete-dialog")).not.toHaveTextContent(/cannot be undone/i);

    await user.click(screen.getByTestId("confirm"));
    await waitFor(() => expect(workspace.dialog).toBeNull());
    expect(calls[1]).toEqual({ cmd: "delete_entity", args: { target } });
  });

  it("says nothing else goes when the impact is empty", async () => {
    mockIPC((cmd) =>
      cmd === "delete_impact"
        ? { name: "Young families", segments: [], campaigns: [], messages: [], retargeted: [] }
        : undefined,
    );
    renderInWorkspace(DeleteDialog, { target }, { plan: samplePlan() });
    expect(await screen.findByText(/Nothing else depends on it/)).toBeInTheDocument();
    expect(screen.queryAllByTestId("impact-group")).toEqual([]);
  });

  it("keeps the dialog open with the error when the delete fails", async () => {
    const user = userEvent.setup();
    mockIPC((cmd) => {
      if (cmd === "delete_impact") return { name: "X", segments: [], campaigns: [], messages: [], retargeted: [] };
      throw { code: "database_locked", message: "Another program holds the database.", issues: [], file: "/x.db" };
    });
    const { workspace } = renderInWorkspace(DeleteDialog, { target }, { plan: samplePlan() });
    workspace.open({ kind: "delete", target });
    await screen.findByText(/Nothing else depends on it/);
    await user.click(screen.getByTestId("confirm"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Another program holds the database.");
    expect(workspace.dialog).not.toBeNull();
  });
});
