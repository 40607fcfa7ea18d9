import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PlanWarning } from "../../bindings/PlanWarning";
import { sampleClient, samplePlan } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import PlanWarnings from "./PlanWarnings.svelte";

const WARNINGS: PlanWarning[] = [
  {
    code: "larger_than_parent",
    client: "harvest-lane",
    ids: ["hl-coupon", "hl-all"],
    count: 0,
    first: null,
    text: "segment “Coupon fans” (hl-coupon) has 60,000 people but its parent “All shoppers” (hl-all) has only 48,000",
  },
  {
    code: "outside_campaign",
    client: "harvest-lane",
    ids: ["hl-weekly-offers", "hl-offers"],
    count: 3,
    first: "2027-02-04T07:30:00",
    text: "message “This week's offers” (hl-weekly-offers) has 3 occurrences outside its campaign “Weekly offers” (2026-11-01 to 2027-01-31) (first: 2027-02-04 07:30)",
  },
];

describe("PlanWarnings", () => {
  it("lists the backend's warnings for the client and opens what each is about", async () => {
    const user = userEvent.setup();
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "plan_warnings") {
        asked.push(args);
        return WARNINGS;
      }
    });
    const client = sampleClient("harvest-lane");
    const { workspace } = renderInWorkspace(PlanWarnings, { client }, { plan: samplePlan() });
    const items = await screen.findAllByTestId("plan-warning");
    expect(asked).toEqual([{ clientId: "harvest-lane" }]);
    expect(screen.getByTestId("plan-warnings")).toHaveTextContent("2 plan warnings");
    expect(items.map((i) => i.dataset.code)).toEqual(["larger_than_parent", "outside_campaign"]);
    expect(items[1]).toHaveTextContent("has 3 occurrences outside its campaign");

    await user.click(screen.getByRole("button", { name: "Edit message" }));
    expect(workspace.dialog).toMatchObject({ kind: "message", message: { id: "hl-weekly-offers" } });
    await user.click(screen.getByRole("button", { name: "Edit segment" }));
    expect(workspace.dialog).toMatchObject({ kind: "segment", segment: { id: "hl-coupon" } });

    // Asked again after a change.
    workspace.version += 1;
    await waitFor(() => expect(asked).toHaveLength(2));
  });

  it("shows nothing without warnings or when the backend fails", async () => {
    mockIPC((cmd) => {
      if (cmd === "plan_warnings") throw { code: "internal", message: "boom", issues: [], file: null };
    });
    renderInWorkspace(PlanWarnings, { client: sampleClient("harvest-lane") }, { plan: samplePlan() });
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId("plan-warnings")).toBeNull();
  });
});
