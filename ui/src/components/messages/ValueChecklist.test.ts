import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { sampleClient } from "../../test/fixtures";
import ValueChecklist from "./ValueChecklist.svelte";

describe("ValueChecklist", () => {
  it("shows each item's guidance and updates the score as items are ticked", async () => {
    const user = userEvent.setup();
    const { checklist } = sampleClient("harvest-lane"); // weights 3,2,2,1,2,1,2,1 = 14
    render(ValueChecklist, { props: { items: checklist, answers: {} } });
    const score = screen.getByTestId("value-score");
    expect(score).toHaveTextContent("Score 0.0 / 100");
    expect(screen.getByText(/five or ten well-timed messages/)).toBeInTheDocument();

    await user.click(screen.getByLabelText(/Would this make the customer glad they know us\?/));
    expect(score).toHaveTextContent("Score 21.4 / 100"); // 3 / 14
    await user.click(screen.getByLabelText(/^Useful information/));
    expect(score).toHaveTextContent("Score 35.7 / 100"); // 5 / 14
    await user.click(screen.getByLabelText(/Would this make the customer glad they know us\?/));
    expect(score).toHaveTextContent("Score 14.3 / 100"); // 2 / 14
    // "glad" is required and now unticked again.
    expect(screen.getByRole("status")).toHaveTextContent("Would this make the customer glad they know us?");
  });
});
