import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { MessageInput } from "../../bindings/MessageInput";
import { sampleClient, samplePlan, savedReply } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import MessageForm from "./MessageForm.svelte";

const errorsOf = (id: string) =>
  Array.from(document.querySelectorAll(`[data-field-error="${id}"]`)).map((e) => e.textContent);

describe("MessageForm", () => {
  it("edits a message and sends every field in the backend's shape", async () => {
    const user = userEvent.setup();
    const client = sampleClient("northbridge");
    const message = client.campaigns[0].messages[0]; // One money tip a month
    const sent: { campaignId: string; input: MessageInput }[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "save_message") {
        sent.push(args as (typeof sent)[number]);
        return savedReply(samplePlan(), message.id);
      }
      if (cmd === "preview_recurrence") {
        return { text: "Every month on the first Wednesday, 4 times", next: [], error: null };
      }
    });
    const { workspace } = renderInWorkspace(
      MessageForm,
      { client, campaignId: client.campaigns[0].id, message },
      { plan: samplePlan() },
    );
    workspace.open({ kind: "message", clientId: client.id, campaignId: client.campaigns[0].id, message });
    // No preset says "first Wednesday": the rule stays custom, as written, with the backend's words.
    expect(screen.getByTestId("recurrence-custom")).toHaveValue("FREQ=MONTHLY;BYDAY=1WE;COUNT=4");
    expect(await screen.findByText("Every month on the first Wednesday, 4 times")).toBeInTheDocument();

    const time = screen.getByLabelText("Local time");
    await user.clear(time);
    await user.type(time, "08:15");
    await user.click(screen.getByLabelText(/^Young savers/));
    await user.click(screen.getByTestId("save-message"));

    await waitFor(() => expect(workspace.dialog).toBeNull());
    expect(sent).toHaveLength(1);
    expect(sent[0].campaignId).toBe("nb-helpful");
    expect(sent[0].input).toMatchObject({
      id: message.id,
      title: message.title,
      channel: "email",
      segments: ["nb-all", "nb-savers"],
      at: `${message.at.slice(0, 10)}T08:15:00`,
      timezone: null,
      rrule: "FREQ=MONTHLY;BYDAY=1WE;COUNT=4",
      status: "approved",
    });
    // Every checklist item of the client is answered, true or false.
    expect(Object.keys(sent[0].input.checklist).sort()).toEqual(client.checklist.map((i) => i.id).sort());
  });

  it("needs a title, a channel and a target before it calls the backend", async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
    });
    const client = sampleClient("tidewater");
    renderInWorkspace(
      MessageForm,
      { client, campaignId: client.campaigns[0].id, message: null },
      { plan: samplePlan() },
    );
    await user.selectOptions(screen.getByTestId("recurrence-preset"), "custom");
    await user.type(screen.getByTestId("recurrence-custom"), "every monday");
    await user.click(screen.getByTestId("save-message"));
    expect(errorsOf("message-title")).toEqual(["Title is required."]);
    expect(errorsOf("message-channel")).toEqual(["Choose a channel."]);
    expect(errorsOf("message-segments")).toEqual(["Target at least one segment."]);
    expect(errorsOf("message-date")).toEqual(["Date is required."]);
    expect(errorsOf("message-rrule")[0]).toMatch(/KEY=VALUE/);
    expect(calls.filter((c) => c !== "preview_recurrence")).toEqual([]);
  });

  it("warns when a target has not opted in to a channel that needs consent", async () => {
    const user = userEvent.setup();
    const client = sampleClient("tidewater"); // Coffee community opted in to email only
    renderInWorkspace(
      MessageForm,
      { client, campaignId: client.campaigns[0].id, message: null },
      { plan: samplePlan() },
    );
    await user.click(screen.getByLabelText(/^Coffee community/));
    await user.selectOptions(screen.getByLabelText("Channel"), "sms");
    expect(screen.getByText(/Not opted in to this channel/)).toHaveTextContent(
      "Not opted in to this channel: Coffee community.",
    );
    await user.selectOptions(screen.getByLabelText("Channel"), "email");
    expect(screen.queryByText(/Not opted in to this channel/)).toBeNull();
  });
});
