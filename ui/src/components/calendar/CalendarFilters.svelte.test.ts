import { screen, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { createRawSnippet } from "svelte";
import { describe, expect, it } from "vitest";
import { samplePlan } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import CalendarFilters, { type FilterChoice } from "./CalendarFilters.svelte";

function setup() {
  const plan = samplePlan();
  const client = plan.clients.find((c) => c.id === "harvest-lane")!;
  client.segments.find((s) => s.id === "hl-families")!.timezone = "Europe/London";
  const filters: FilterChoice = $state({
    zone: client.timezone,
    campaign: "",
    segment: "",
    channel: "",
    colorBy: "channel",
  });
  const children = createRawSnippet(() => ({ render: () => `<button type="button">Toggle</button>` }));
  renderInWorkspace(CalendarFilters, { client, filters, children }, { plan, selected: client.id });
  return { filters, client };
}

const options = (testId: string) =>
  within(screen.getByTestId(testId))
    .getAllByRole("option")
    .map((o) => [(o as HTMLOptionElement).value, o.textContent]);

describe("CalendarFilters", () => {
  it("offers the client's zone and its segments', its campaigns, its segment tree and the channels it uses", () => {
    setup();
    expect(options("calendar-zone")).toEqual([
      ["America/New_York", "America/New_York (client)"],
      ["Europe/London", "Europe/London (Young families)"],
    ]);
    expect(options("filter-campaign").map(([id]) => id)).toEqual(["", "hl-offers", "hl-kitchen"]);
    // Nested segments are indented under their parent, in tree order.
    expect(options("filter-segment")).toEqual([
      ["", "All segments"],
      ["hl-all", "All shoppers"],
      ["hl-coupon", "\u00a0\u00a0Coupon fans"],
      ["hl-loyal", "\u00a0\u00a0\u00a0\u00a0Loyalty members"],
      ["hl-families", "\u00a0\u00a0Young families"],
    ]);
    // The workspace has seven channels; Harvest Lane's messages use three.
    expect(options("filter-channel").map(([id]) => id)).toEqual(["", "email", "sms", "push"]);
  });

  it("hands every choice to the caller's filters", async () => {
    const user = userEvent.setup();
    const { filters } = setup();
    await user.selectOptions(screen.getByTestId("calendar-zone"), "Europe/London");
    await user.selectOptions(screen.getByTestId("filter-campaign"), "hl-kitchen");
    await user.selectOptions(screen.getByTestId("filter-segment"), "hl-loyal");
    await user.selectOptions(screen.getByTestId("filter-channel"), "sms");
    await user.selectOptions(screen.getByTestId("filter-color-by"), "campaign");
    expect({ ...filters }).toEqual({
      zone: "Europe/London",
      campaign: "hl-kitchen",
      segment: "hl-loyal",
      channel: "sms",
      colorBy: "campaign",
    });
  });

  it("puts what the caller passes at the end of the bar", () => {
    setup();
    const bar = screen.getByRole("group", { name: "Calendar filters" });
    expect(bar.lastElementChild?.textContent).toBe("Toggle");
  });
});
