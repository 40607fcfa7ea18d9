import { screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { sampleClient, samplePlan, segment } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import SegmentTree from "./SegmentTree.svelte";

describe("SegmentTree", () => {
  it("nests each segment inside its parent's item", () => {
    const client = sampleClient("harvest-lane");
    renderInWorkspace(SegmentTree, { client }, { plan: samplePlan() });
    const items = screen.getAllByTestId("segment-item");
    const byId = (id: string) => items.find((i) => i.dataset.segmentId === id)!;

    expect(items.map((i) => [i.dataset.segmentId, i.getAttribute("aria-level")])).toEqual([
      ["hl-all", "1"],
      ["hl-coupon", "2"],
      ["hl-loyal", "3"],
      ["hl-families", "2"],
    ]);
    // The DOM nesting is the tree: Loyalty members is inside Coupon fans, Young families is not.
    expect(byId("hl-coupon").contains(byId("hl-loyal"))).toBe(true);
    expect(byId("hl-coupon").contains(byId("hl-families"))).toBe(false);
    expect(byId("hl-all").contains(byId("hl-families"))).toBe(true);
  });

  it("shows size, consents and a time zone that differs from the client's", () => {
    const client = sampleClient("northbridge");
    renderInWorkspace(SegmentTree, { client }, { plan: samplePlan() });
    const savers = screen.getAllByTestId("segment-item").find((i) => i.dataset.segmentId === "nb-savers")!;
    expect(within(savers).getByText("27,500")).toBeInTheDocument();
    expect(within(savers).getByText("Europe/Dublin")).toBeInTheDocument();
    expect(within(savers).getByText("Push notification")).toBeInTheDocument();
  });

  it("keeps every segment when parents are listed after their children", () => {
    const client = { ...sampleClient("tidewater"), segments: [segment("kid", "mum"), segment("mum", null)] };
    renderInWorkspace(SegmentTree, { client }, { plan: samplePlan() });
    const items = screen.getAllByTestId("segment-item");
    expect(items.map((i) => i.dataset.segmentId)).toEqual(["mum", "kid"]);
    expect(items[0].contains(items[1])).toBe(true);
  });
});
