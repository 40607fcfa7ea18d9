import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../bindings/Finding";
import type { MessageDraftCheck } from "../../bindings/MessageDraftCheck";
import type { MessageFindings } from "../../bindings/MessageFindings";
import type { MessageInput } from "../../bindings/MessageInput";
import { sampleClient, samplePlan, savedReply } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import MessageForm from "./MessageForm.svelte";

/** What the backend answers for a draft at 22:30 by SMS to a segment without SMS consent. */
const breaking: MessageFindings = {
  total: 2,
  rules: [
    { rule: "quiet_hours", count: 1 },
    { rule: "consent", count: 1 },
  ],
  findings: [
    finding("quiet_hours", "22:30 is inside the quiet hours 21:00–08:00 set on the client."),
    finding("consent", "Coffee community has not opted in to SMS."),
  ],
};

function finding(rule: "quiet_hours" | "consent", text: string): Finding {
  return {
    violation: {
      rule,
      segment: "tw-community",
      message: "harvest-notes",
      occurrence: 0,
      at: "2026-11-10T21:30:00Z",
      channel: "sms",
      direct: true,
      window_days: null,
      channels: null,
      limit: null,
      count: null,
      severity: "error",
      detail: text,
    },
    explanation: {
      text,
      rule: null,
      source: { level: "always_on" },
      timezone: "Europe/Berlin",
      local: "Tue 10 Nov 2026, 22:30",
      touches: [],
      more: 0,
    },
  };
}

type DraftArgs = { campaignId: string; input: MessageInput; date: string; time: string; locale: string | null };

/**
 * A stand-in for the backend's draft check (the real one is tested in Rust and in the
 * browser tests): required fields, the typed date and time read as ISO and HH:MM.
 */
function draftCheck(args: DraftArgs, extra: Partial<MessageDraftCheck> = {}): MessageDraftCheck {
  const { input, date, time } = args;
  const fields: Record<string, string[]> = {};
  if (!input.title) fields.title = ["must not be empty"];
  if (!input.channel) fields.channel = ["choose a channel"];
  if (!input.segments.length) fields.segments = ["a message must target at least one segment"];
  const readDate = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null;
  if (!readDate) fields.date = [date ? "Not a date: write it as YYYY-MM-DD or DD.MM.YYYY." : "Date is required."];
  const readTime = /^\d{2}:\d{2}$/.test(time) ? time : null;
  if (!readTime) fields.time = ["Write the time as HH:MM (24-hour)."];
  return {
    issues: { fields, form: [] },
    date: { date: readDate, how: readDate ? "year-month-day" : null, problem: null, hint: "YYYY-MM-DD or DD.MM.YYYY" },
    at: readDate && readTime ? `${readDate}T${readTime}:00` : null,
    without_consent: [],
    min_value: null,
    meets_min_value: null,
    value: null,
    reached_via: {},
    ...extra,
  };
}

/** The replies every test needs: the draft check and the recurrence words. */
function common(cmd: string, args: unknown): unknown {
  if (cmd === "check_message_draft") return draftCheck(args as DraftArgs);
  if (cmd === "preview_recurrence") return { text: "Once", next: [], error: null };
  if (cmd === "read_recurrence") {
    // The backend reads a stored RRULE no preset says as custom; no RRULE as "does not repeat".
    const { rrule, first } = args as { rrule: string | null; first: string };
    return {
      kind: rrule ? "custom" : "none",
      days: ["Mon"],
      interval: 1,
      month_day: Number(first.slice(8)),
      count: null,
      until: null,
      custom: rrule ?? "",
    };
  }
  return undefined;
}

/** A new message of Tidewater Coffee's first campaign; the client. */
function openNew() {
  const client = sampleClient("tidewater");
  renderInWorkspace(MessageForm, { client, campaignId: client.campaigns[0].id, message: null }, { plan: samplePlan() });
  return client;
}

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
      return common(cmd, args);
    });
    const { workspace } = renderInWorkspace(
      MessageForm,
      { client, campaignId: client.campaigns[0].id, message },
      { plan: samplePlan() },
    );
    workspace.open({ kind: "message", clientId: client.id, campaignId: client.campaigns[0].id, message });
    // No preset says "first Wednesday": the rule stays custom, as written, with the backend's words.
    expect(await screen.findByTestId("recurrence-custom")).toHaveValue("FREQ=MONTHLY;BYDAY=1WE;COUNT=4");
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

  it("shows the backend's issues under their fields and does not save", async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    const asked: DraftArgs[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === "check_message_draft") asked.push(args as DraftArgs);
      return common(cmd, args);
    });
    const client = openNew();
    await user.click(screen.getByTestId("save-message"));
    await waitFor(() => expect(errorsOf("message-title")).toEqual(["must not be empty"]));
    expect(errorsOf("message-channel")).toEqual(["choose a channel"]);
    expect(errorsOf("message-segments")).toEqual(["a message must target at least one segment"]);
    expect(errorsOf("message-date")).toEqual(["Date is required."]);
    expect(calls).not.toContain("save_message");
    expect(calls).not.toContain("preview_message");
    // The typed date and time go to the backend as typed, with the locale dates are read in.
    expect(asked.at(-1)).toMatchObject({ date: "", time: "09:00", locale: null, campaignId: client.campaigns[0].id });
  });

  it("reads the typed date through the backend and shows the minimum value it says", async () => {
    const user = userEvent.setup();
    mockIPC((cmd, args) => {
      if (cmd === "check_message_draft") {
        const a = args as DraftArgs;
        const under = a.input.segments.length > 0;
        return draftCheck(a, { min_value: 60, meets_min_value: !under, without_consent: [] });
      }
      return common(cmd, args);
    });
    openNew();
    const date = screen.getByTestId("message-date");
    expect(date).toHaveAttribute("type", "text");
    await user.type(date, "2026-11-07");
    expect(await screen.findByText("Reads as 7 Nov 2026")).toBeInTheDocument();
    expect(await screen.findByTestId("value-minimum")).toHaveTextContent("Meets the minimum score of 60");
    await user.click(screen.getByLabelText(/^Coffee community/));
    await waitFor(() => expect(screen.getByTestId("value-minimum")).toHaveTextContent("Under the minimum score of 60"));
    expect(screen.getByTestId("value-minimum")).toHaveClass("under");
  });

  it("shows what the engine says the draft would break, and saves anyway on the second click", async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const previewed: { campaignId: string; input: MessageInput }[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "save_message") {
        sent.push(args);
        return savedReply(samplePlan(), "new");
      }
      if (cmd === "preview_message") {
        previewed.push(args as (typeof previewed)[number]);
        return breaking;
      }
      return common(cmd, args);
    });
    const client = sampleClient("tidewater");
    renderInWorkspace(
      MessageForm,
      {
        client,
        campaignId: client.campaigns[0].id,
        message: null,
        prefill: { at: "2026-11-10T22:30:00", timezone: null },
      },
      { plan: samplePlan() },
    );
    await user.type(screen.getByLabelText("Title"), "Harvest notes");
    await user.selectOptions(screen.getByLabelText("Channel"), "sms");
    await user.click(screen.getByLabelText(/^Coffee community/));
    // The backend's words, as the violations panel shows them.
    const findings = await screen.findByTestId("message-findings");
    expect(findings).toHaveTextContent("Saved like this, the message would break: quiet hours (1), consent (1)");
    expect(findings).toHaveTextContent("22:30 is inside the quiet hours 21:00–08:00");
    expect(previewed.at(-1)).toMatchObject({
      campaignId: client.campaigns[0].id,
      input: { title: "Harvest notes", channel: "sms", segments: ["tw-community"], at: "2026-11-10T22:30:00" },
    });
    await user.click(screen.getByTestId("save-message"));
    await waitFor(() => expect(screen.getByTestId("save-message")).toHaveTextContent("Save anyway"));
    expect(sent).toHaveLength(0);
    // Why, beside the button (not below the fold).
    expect(screen.getByTestId("save-anyway-reason")).toHaveTextContent("Breaks quiet hours (1), consent (1).");
    await user.click(screen.getByTestId("save-message"));
    await waitFor(() => expect(sent).toHaveLength(1));
  });

  it("never offers Save anyway while required fields are missing, and says which beside the button", async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      return common(cmd, args);
    });
    openNew();
    await user.click(screen.getByTestId("save-message"));
    await user.click(screen.getByTestId("save-message"));
    expect(screen.getByTestId("save-message")).toHaveTextContent("Create message");
    await waitFor(() =>
      expect(screen.getByTestId("save-blocked")).toHaveTextContent(
        "Fill in or fix: title, channel, target segments, date.",
      ),
    );
    expect(screen.queryByTestId("save-anyway-reason")).toBeNull();
    expect(calls).not.toContain("save_message");
    expect(calls).not.toContain("preview_message");
  });

  it("shows the violations of the message it opens on, and that a change fixes them", async () => {
    const user = userEvent.setup();
    const client = sampleClient("tidewater");
    const campaign = client.campaigns[0];
    const message = campaign.messages[0];
    const asked: string[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "message_findings") {
        asked.push((args as { messageId: string }).messageId);
        return breaking;
      }
      if (cmd === "preview_message") return { total: 0, rules: [], findings: [] };
      return common(cmd, args);
    });
    renderInWorkspace(MessageForm, { client, campaignId: campaign.id, message }, { plan: samplePlan() });
    const findings = await screen.findByTestId("message-findings");
    expect(asked).toEqual([message.id]);
    expect(findings).toHaveTextContent("This message breaks guidelines now: quiet hours (1), consent (1)");
    expect(screen.getAllByTestId("message-finding").map((f) => f.dataset.rule)).toEqual(["quiet_hours", "consent"]);
    const time = screen.getByLabelText("Local time");
    await user.clear(time);
    await user.type(time, "10:00");
    expect(await screen.findByTestId("message-fixed")).toHaveTextContent(
      "Saved like this, the message breaks no guideline.",
    );
    expect(screen.queryByTestId("message-findings")).toBeNull();
  });

  it("warns when a target has not opted in to a channel that needs consent", async () => {
    const user = userEvent.setup();
    const client = sampleClient("tidewater"); // Coffee community opted in to email only
    mockIPC((cmd, args) => {
      if (cmd === "check_message_draft") {
        const a = args as DraftArgs;
        // The backend names the chosen segments not opted in to a channel that needs it.
        return draftCheck(a, { without_consent: a.input.channel === "sms" ? ["Coffee community"] : [] });
      }
      return common(cmd, args);
    });
    renderInWorkspace(
      MessageForm,
      { client, campaignId: client.campaigns[0].id, message: null },
      { plan: samplePlan() },
    );
    await user.click(screen.getByLabelText(/^Coffee community/));
    await user.selectOptions(screen.getByLabelText("Channel"), "sms");
    expect(await screen.findByText(/Not opted in to this channel/)).toHaveTextContent(
      "Not opted in to this channel: Coffee community.",
    );
    await user.selectOptions(screen.getByLabelText("Channel"), "email");
    await waitFor(() => expect(screen.queryByText(/Not opted in to this channel/)).toBeNull());
  });

  it("says which chosen segment reaches another as the backend answers", async () => {
    const user = userEvent.setup();
    const client = sampleClient("tidewater");
    mockIPC((cmd, args) => {
      if (cmd === "check_message_draft") {
        const a = args as DraftArgs;
        // The backend's answer, here only for Coffee community chosen.
        const via: Record<string, string> = a.input.segments.includes("tw-community")
          ? { "tw-advocates": "Coffee community", "tw-europe": "Coffee community" }
          : {};
        return draftCheck(a, { reached_via: via });
      }
      return common(cmd, args);
    });
    renderInWorkspace(
      MessageForm,
      { client, campaignId: client.campaigns[0].id, message: null },
      { plan: samplePlan() },
    );
    expect(screen.queryByText(/reached via/)).toBeNull();
    await user.click(screen.getByLabelText(/^Coffee community/));
    await waitFor(() => expect(screen.getAllByText("reached via Coffee community")).toHaveLength(2));
    // A segment chosen itself is not "reached via" another.
    await user.click(screen.getByLabelText(/^Brand advocates/));
    await waitFor(() => expect(screen.getAllByText("reached via Coffee community")).toHaveLength(1));
  });

  it("asks the backend to end a new weekly series on its campaign's last day, and holds a preset's problem", async () => {
    const user = userEvent.setup();
    const writes: {
      picked: boolean;
      first: string;
      campaignEnd: string | null;
      untilText: string | null;
      locale: string | null;
    }[] = [];
    const sent: string[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "preview_recurrence") return { text: "Weekly", next: [], error: null };
      if (cmd === "read_recurrence") {
        const { first } = args as { first: string };
        return {
          kind: "none",
          days: ["Thu"],
          interval: 1,
          month_day: Number(first.slice(8)),
          count: null,
          until: null,
          custom: "",
        };
      }
      if (cmd === "write_recurrence") {
        const w = args as {
          preset: { days: string[] };
          picked: boolean;
          first: string;
          campaignEnd: string | null;
          untilText: string | null;
          locale: string | null;
        };
        writes.push(w);
        return w.preset.days.length
          ? {
              preset: { ...w.preset, until: "2026-11-30" },
              rrule: "FREQ=WEEKLY;BYDAY=TH;UNTIL=20261130",
              problem: null,
            }
          : { preset: w.preset, rrule: null, problem: "Choose at least one day." };
      }
      sent.push(cmd);
      return common(cmd, args);
    });
    const client = sampleClient("northbridge");
    const campaign = client.campaigns.find((k) => k.id === "nb-cross-sell")!;
    renderInWorkspace(MessageForm, { client, campaignId: campaign.id, message: null }, { plan: samplePlan() });
    await user.type(screen.getByLabelText("Date"), "2026-11-05");
    await user.selectOptions(await screen.findByTestId("recurrence-preset"), "weekly");
    expect(writes[0]).toMatchObject({ picked: true, first: "2026-11-05", campaignEnd: "2026-11-30", untilText: "" });
    await waitFor(() => expect(screen.getByTestId("recurrence-rrule")).toHaveTextContent("UNTIL=20261130"));
    expect(screen.getByTestId("recurrence-until")).toHaveValue("2026-11-30");
    // The last day is a text field: what is typed goes to the backend to read, in the locale.
    await user.clear(screen.getByTestId("recurrence-until"));
    await user.type(screen.getByTestId("recurrence-until"), "20.11.2026");
    expect(writes.at(-1)).toMatchObject({ picked: false, untilText: "20.11.2026", locale: null });
    // No day: the backend's problem is named under the field and the message is not saved.
    await user.click(screen.getByTestId("recurrence-day-TH"));
    await user.click(screen.getByTestId("save-message"));
    await waitFor(() => expect(errorsOf("message-rrule")).toContain("Choose at least one day."));
    expect(sent).not.toContain("save_message");
  });
});
