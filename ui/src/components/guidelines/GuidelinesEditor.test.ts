import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import type { GuidelinePreset } from "../../bindings/GuidelinePreset";
import { savedReply, samplePlan } from "../../test/fixtures";
import GuidelinesEditor from "./GuidelinesEditor.svelte";

const PRESETS: GuidelinePreset[] = [
  {
    id: "push-and-sms",
    name: "Push and SMS care",
    audience: "Any audience reached on phones.",
    reasoning: "Phones are personal.",
    sources: ["Localytics, 2017"],
    rules: [
      { kind: "cap", max: 1, window_days: 7, channels: ["sms", "push", "pager"] },
      { kind: "min_gap", hours: 24, channels: ["pager"] },
      { kind: "quiet_hours", start: "20:00", end: "08:00" },
    ],
  },
  {
    id: "engaged-community",
    name: "Engaged community",
    audience: "Subscribers who chose to hear from the brand.",
    reasoning: "Start at one or two emails a week.",
    sources: ["Mapp, 2016"],
    rules: [
      { kind: "cap", max: 2, window_days: 7, channels: null },
      { kind: "min_gap", hours: 16, channels: ["email"] },
      { kind: "quiet_hours", start: "21:00", end: "08:00" },
      { kind: "min_value", score: 60 },
    ],
  },
];

function setup(segmentId: string | null, reply?: (cmd: string, args: unknown) => unknown) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "guideline_presets") return PRESETS;
    calls.push({ cmd, args });
    if (reply) return reply(cmd, args);
    return savedReply(samplePlan());
  });
  const onSaved = vi.fn();
  const onClose = vi.fn();
  const plan = samplePlan();
  render(GuidelinesEditor, { props: { plan, clientId: "harvest-lane", segmentId, onSaved, onClose } });
  return { calls, onSaved, onClose, plan };
}

const rulesShown = () => screen.getAllByTestId("guideline-rule").map((r) => r.dataset.kind);

describe("GuidelinesEditor", () => {
  it("previews and applies a preset, then saves the client's whole rule list", async () => {
    const { calls, onSaved, onClose } = setup(null);
    expect(screen.getByTestId("guidelines-editor")).toBeInTheDocument();
    expect(rulesShown()).toEqual(["cap", "min_gap", "min_gap", "quiet_hours", "min_value"]);
    const card = await screen.findByText("Push and SMS care").then((h) => h.closest("article")!);
    // Unknown channels are dropped like the backend does; a rule left with none is dropped.
    const preview = within(card).getByRole("list", { name: /What applying/ });
    expect(preview).toHaveTextContent("adds At most 1 in 7 days (SMS, Push notification)");
    expect(preview).toHaveTextContent("changes Quiet hours 21:00–08:00 → Quiet hours 20:00–08:00");
    expect(preview).not.toHaveTextContent("pager");
    await fireEvent.click(within(card).getByTestId("preset-apply"));
    expect(rulesShown()).toEqual(["cap", "min_gap", "min_gap", "quiet_hours", "min_value", "cap"]);
    await fireEvent.click(screen.getByTestId("save-guidelines"));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(onClose).toHaveBeenCalled();
    expect(calls).toEqual([
      {
        cmd: "save_client",
        args: {
          input: {
            id: "harvest-lane",
            name: "Harvest Lane Grocers",
            timezone: "America/New_York",
            checklist: null,
            rules: [
              { kind: "cap", max: 2, window_days: 7 },
              { kind: "min_gap", hours: 16, channels: ["email"] },
              { kind: "min_gap", hours: 24, channels: ["sms", "push"] },
              { kind: "quiet_hours", start: "20:00", end: "08:00" },
              { kind: "min_value", score: 50 },
              { kind: "cap", max: 1, window_days: 7, channels: ["sms", "push"] },
            ],
          },
        },
      },
    ]);
  });

  it("shows what a segment inherits, overrides with one click and removes the override", async () => {
    const { calls } = setup("hl-loyal");
    const inherited = screen.getAllByTestId("inherited-rule");
    // The client's 2-in-7 cap is replaced by Coupon fans' 3-in-7 before it reaches Loyalty members.
    expect(inherited[0]).toHaveTextContent("At most 3 in 7 days");
    expect(inherited[0]).toHaveTextContent("from parent segment Coupon fans");
    expect(inherited[1]).toHaveTextContent("from client Harvest Lane Grocers");
    expect(screen.queryAllByTestId("guideline-rule")).toHaveLength(0);

    await fireEvent.click(within(inherited[0]).getByRole("button", { name: "Override" }));
    const own = screen.getByTestId("guideline-rule");
    expect(own).toHaveTextContent("overrides parent segment Coupon fans");
    expect(within(inherited[0]).getByText("overridden here")).toBeInTheDocument();
    const max = within(own).getByLabelText("At most");
    await fireEvent.input(max, { target: { value: "5" } });

    // A second override, then removing it again.
    await fireEvent.click(within(screen.getAllByTestId("inherited-rule")[3]).getByRole("button", { name: "Override" }));
    expect(screen.getAllByTestId("guideline-rule")).toHaveLength(2);
    await fireEvent.click(
      within(screen.getAllByTestId("inherited-rule")[3]).getByRole("button", { name: "Remove override" }),
    );
    expect(screen.getAllByTestId("guideline-rule")).toHaveLength(1);

    const effective = screen.getByTestId("effective-rules");
    expect(effective).toHaveTextContent("At most 5 in 7 days · this segment");
    expect(effective).toHaveTextContent("Quiet hours 21:00–08:00 · client Harvest Lane Grocers");
    expect(effective).not.toHaveTextContent("At most 3 in 7 days");

    await fireEvent.click(screen.getByTestId("save-guidelines"));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({
      cmd: "save_segment",
      args: {
        clientId: "harvest-lane",
        input: {
          id: "hl-loyal",
          name: "Loyalty members",
          parent: "hl-coupon",
          timezone: null,
          size: expect.any(Number),
          opt_in: expect.any(Array),
          interests: expect.any(Array),
          values: expect.any(Array),
          rules: [{ kind: "cap", max: 5, window_days: 7 }],
        },
      },
    });
    const stored = samplePlan().clients[0].segments.find((s) => s.id === "hl-loyal")!;
    const input = (calls[0].args as { input: Record<string, unknown> }).input;
    expect([input.size, input.opt_in, input.interests, input.values]).toEqual([
      stored.size,
      stored.opt_in,
      stored.interests,
      stored.values,
    ]);
  });

  it("checks fields inline and does not save until they are fixed", async () => {
    const user = userEvent.setup();
    const { calls } = setup(null);
    const [cap] = screen.getAllByTestId("guideline-rule");
    const max = within(cap).getByLabelText("At most");
    await user.clear(max);
    await user.type(max, "0");
    const quiet = screen.getAllByTestId("guideline-rule")[3];
    const from = within(quiet).getByLabelText("From (HH:MM)");
    await user.clear(from);
    await user.type(from, "25:00");
    await user.selectOptions(screen.getByLabelText("Add a rule"), "min_value");
    await user.click(screen.getByRole("button", { name: "Add" }));
    const added = screen.getAllByTestId("guideline-rule").at(-1)!;
    const score = within(added).getByLabelText("Minimum value score (0–100)");
    await user.clear(score);
    await user.type(score, "120");
    await user.click(screen.getByTestId("save-guidelines"));
    expect(within(cap).getByText("At least 1, a whole number.")).toBeInTheDocument();
    expect(within(quiet).getByText("Use HH:MM, 24-hour (21:00).")).toBeInTheDocument();
    expect(within(added).getByText("A score from 0 to 100.")).toBeInTheDocument();
    expect(screen.getByText("Fix the marked fields before saving.")).toBeInTheDocument();
    expect(calls).toHaveLength(0);

    await user.clear(max);
    await user.type(max, "3");
    await user.clear(from);
    await user.type(from, "22:00");
    await user.click(within(added).getByRole("button", { name: /Remove/ }));
    await user.click(screen.getByTestId("save-guidelines"));
    await waitFor(() => expect(calls).toHaveLength(1));
    const rules = (calls[0].args as { input: { rules: unknown[] } }).input.rules;
    expect(rules[0]).toEqual({ kind: "cap", max: 3, window_days: 7 });
    expect(rules[3]).toEqual({ kind: "quiet_hours", start: "22:00", end: "08:00" });
  });

  it("keeps a typed minus: -3 window days is refused under the field, never read as 3", async () => {
    const user = userEvent.setup();
    const { calls } = setup(null);
    const [cap] = screen.getAllByTestId("guideline-rule");
    const days = within(cap).getByLabelText("touches in (days)");
    await user.clear(days);
    await user.type(days, "-3");
    expect(days).toHaveValue("-3");
    await user.click(screen.getByTestId("save-guidelines"));
    expect(within(cap).getByText("At least 1 day, a whole number.")).toBeInTheDocument();
    expect(calls).toHaveLength(0);
    await user.clear(days);
    await user.type(days, "2.5");
    expect(within(cap).getByText("At least 1 day, a whole number.")).toBeInTheDocument();
    await user.clear(days);
    await user.type(days, "14");
    await user.click(screen.getByTestId("save-guidelines"));
    await waitFor(() => expect(calls).toHaveLength(1));
    const rules = (calls[0].args as { input: { rules: unknown[] } }).input.rules;
    expect(rules[0]).toMatchObject({ kind: "cap", window_days: 14 });
  });

  it("shows the backend's issues under the rule and field their path names", async () => {
    const { onSaved } = setup(null, () => {
      throw {
        code: "invalid_input",
        message: "The client is not valid.",
        issues: [
          { path: "rules[1].channels", message: "unknown channel fax" },
          { path: "name", message: "name is taken" },
        ],
        file: null,
      };
    });
    await fireEvent.click(screen.getByTestId("save-guidelines"));
    const second = screen.getAllByTestId("guideline-rule")[1];
    expect(await within(second).findByText("unknown channel fax")).toBeInTheDocument();
    expect(screen.getByText("name: name is taken")).toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
  });

  it("applies a preset to a segment as overrides, leaving out what it already inherits", async () => {
    const { calls } = setup("hl-loyal");
    const card = await screen.findByText("Engaged community").then((h) => h.closest("article")!);
    const preview = within(card).getByRole("list", { name: /What applying/ });
    expect(preview).toHaveTextContent("changes At most 3 in 7 days → At most 2 in 7 days");
    expect(preview).toHaveTextContent("keeps At least 16 h between touches (Email)");
    expect(preview).toHaveTextContent("keeps Quiet hours 21:00–08:00");
    expect(preview).toHaveTextContent("changes Value score at least 50 → Value score at least 60");
    await fireEvent.click(within(card).getByTestId("preset-apply"));
    expect(rulesShown()).toEqual(["cap", "min_value"]);
    await fireEvent.click(screen.getByTestId("save-guidelines"));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect((calls[0].args as { input: { rules: unknown } }).input.rules).toEqual([
      { kind: "cap", max: 2, window_days: 7, channels: null },
      { kind: "min_value", score: 60 },
    ]);
  });
});
