import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ValueView } from "../../bindings/ValueView";
import { sampleClient } from "../../test/fixtures";
import ValueChecklist from "./ValueChecklist.svelte";

afterEach(() => clearMocks());

describe("ValueChecklist", () => {
  it("shows each item's guidance and the backend's score for the answers as items are ticked", async () => {
    const user = userEvent.setup();
    const client = sampleClient("harvest-lane");
    const asked: Record<string, boolean>[] = [];
    // The backend's replies: the score is computed in Rust (crates/desk/tests/integration/values.rs).
    mockIPC((cmd, args) => {
      if (cmd !== "score_draft") throw new Error(`unexpected ${cmd}`);
      const { clientId, answers } = args as { clientId: string; answers: Record<string, boolean> };
      expect(clientId).toBe("harvest-lane");
      asked.push(answers);
      const glad = answers.glad === true;
      const reply: ValueView = {
        score: glad ? 21.4 : 0,
        score_text: glad ? "21.4" : "0.0",
        missing_required: glad ? [] : ["Would this make the customer glad they know us?"],
      };
      return reply;
    });
    render(ValueChecklist, { props: { clientId: client.id, items: client.checklist, answers: {} } });
    const score = screen.getByTestId("value-score");
    await waitFor(() => expect(score).toHaveTextContent("Score 0.0 / 100"));
    expect(screen.getByText(/five or ten well-timed messages/)).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Would this make the customer glad they know us?");

    await user.click(screen.getByLabelText(/Would this make the customer glad they know us\?/));
    await waitFor(() => expect(score).toHaveTextContent("Score 21.4 / 100"));
    expect(asked.at(-1)).toEqual({ glad: true });
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });
});
