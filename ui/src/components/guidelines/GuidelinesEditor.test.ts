// The guidelines editor draws the backend's answers (the cascade, the draft's issues, preset
// previews and rule defaults are Rust's: crates/desk/tests/integration/guidelines.rs and editor_drafts.rs);
// here the replies are canned and the test checks what is shown, asked and saved.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import type { GuidelinePreset } from "../../bindings/GuidelinePreset";
import type { GuidelinesView } from "../../bindings/GuidelinesView";
import type { PresetPreview } from "../../bindings/PresetPreview";
import type { Rule } from "../../bindings/Rule";
import type { RuleInEffect } from "../../bindings/RuleInEffect";
import { savedReply, samplePlan } from "../../test/fixtures";
import { HINT, typedDate } from "../../test/typed-date";
import GuidelinesEditor from "./GuidelinesEditor.svelte";

const PRESETS: GuidelinePreset[] = [
  {
    id: "engaged-community",
    name: "Engaged community",
    audience: "Subscribers who chose to hear from the brand.",
    reasoning: "Start at one or two emails a week.",
    sources: ["Mapp, 2016"],
    rules: [{ kind: "cap", max: 2, window_days: 7, channels: null }],
  },
];

const DEFAULTS: Rule[] = [
  { kind: "cap", max: 2, window_days: 7 },
  { kind: "min_gap", hours: 24 },
  { kind: "quiet_hours", start: "21:00", end: "08:00" },
  { kind: "blackout", dates: [] },
  { kind: "weekdays", allowed: ["Mon", "Tue", "Wed", "Thu", "Fri"] },
  { kind: "min_value", score: 60 },
];

const COUPON_CAP: RuleInEffect = {
  rule: { kind: "cap", max: 3, window_days: 7 },
  source: { level: "ancestor", segment: "hl-coupon", name: "Coupon fans" },
  set_on: 'parent segment "Coupon fans"',
  text: "At most 3 in 7 days",
  key: "cap/7/*",
};
const CLIENT_QUIET: RuleInEffect = {
  rule: { kind: "quiet_hours", start: "21:00", end: "08:00" },
  source: { level: "client", client: "harvest-lane", name: "Harvest Lane Grocers" },
  set_on: 'client "Harvest Lane Grocers"',
  text: "Quiet hours 21:00–08:00",
  key: "quiet_hours",
};

/** A stand-in for the backend's cascade of Loyalty members: own caps override the coupon cap. */
function segmentView(draft: Rule[]): GuidelinesView {
  const own = draft.map((rule) => {
    const cap = rule.kind === "cap" ? rule : null;
    return {
      text: cap ? `At most ${cap.max} in ${cap.window_days} days` : rule.kind,
      key: cap ? `cap/${cap.window_days}/*` : rule.kind,
      overrides: cap && cap.window_days === 7 ? COUPON_CAP : null,
    };
  });
  const effective = [
    own.some((o) => o.overrides)
      ? {
          ...COUPON_CAP,
          set_on: "the segment itself",
          text: own.find((o) => o.overrides)!.text,
          source: { level: "segment" as const, segment: "hl-loyal" },
        }
      : COUPON_CAP,
    CLIENT_QUIET,
  ];
  return { inherited: [COUPON_CAP, CLIENT_QUIET], own, effective, issues: [] };
}

type Handler = (args: Record<string, unknown>) => unknown;

function setup(segmentId: string | null, handlers: Record<string, Handler> = {}) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  const defaults: Record<string, Handler> = {
    guideline_presets: () => PRESETS,
    rule_defaults: () => DEFAULTS,
    guidelines: (a) => ({
      inherited: [],
      own: (a.draft as Rule[]).map((r) => ({ text: r.kind, key: r.kind, overrides: null })),
      effective: [],
      issues: [],
    }),
    preset_preview: (a): PresetPreview => ({ changes: [], rules: a.rules as Rule[] }),
    read_typed_date: (a) => typedDate(a.text as string),
  };
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    const handler = handlers[cmd] ?? defaults[cmd];
    return handler ? handler(a) : savedReply(samplePlan());
  });
  const onSaved = vi.fn();
  const onClose = vi.fn();
  render(GuidelinesEditor, { props: { plan: samplePlan(), clientId: "harvest-lane", segmentId, onSaved, onClose } });
  const saves = () => calls.filter((c) => c.cmd.startsWith("save_"));
  const asked = (cmd: string) => calls.filter((c) => c.cmd === cmd);
  return { calls, saves, asked, onSaved, onClose };
}

const rulesShown = () => screen.queryAllByTestId("guideline-rule").map((r) => r.dataset.kind);

describe("GuidelinesEditor", () => {
  it("shows what a segment inherits and from where, overrides it and says what the draft overrides", async () => {
    const { saves, asked } = setup("hl-loyal", { guidelines: (a) => segmentView(a.draft as Rule[]) });
    const inherited = await screen.findAllByTestId("inherited-rule");
    expect(inherited[0]).toHaveTextContent('At most 3 in 7 days from parent segment "Coupon fans"');
    expect(inherited[1]).toHaveTextContent('from client "Harvest Lane Grocers"');
    expect(rulesShown()).toEqual([]);

    await fireEvent.click(within(inherited[0]).getByRole("button", { name: "Override" }));
    const own = screen.getByTestId("guideline-rule");
    await fireEvent.input(within(own).getByLabelText("At most"), { target: { value: "5" } });
    expect(await within(own).findByTestId("overrides")).toHaveTextContent(
      'overrides parent segment "Coupon fans": At most 3 in 7 days',
    );
    await waitFor(() =>
      expect(screen.getByTestId("effective-rules")).toHaveTextContent("At most 5 in 7 days · the segment itself"),
    );
    expect(within(screen.getAllByTestId("inherited-rule")[0]).getByText("overridden here")).toBeInTheDocument();
    // The draft was asked about as it is now, with the segment named.
    expect(asked("guidelines").at(-1)!.args).toEqual({
      clientId: "harvest-lane",
      segmentId: "hl-loyal",
      draft: [{ kind: "cap", max: 5, window_days: 7 }],
    });

    await fireEvent.click(screen.getByTestId("save-guidelines"));
    await waitFor(() => expect(saves()).toHaveLength(1));
    expect(saves()[0].args).toMatchObject({
      clientId: "harvest-lane",
      input: { id: "hl-loyal", parent: "hl-coupon", rules: [{ kind: "cap", max: 5, window_days: 7 }] },
    });
  });

  it("removes an override: the own rule of that key goes, as the backend keys it", async () => {
    setup("hl-loyal", { guidelines: (a) => segmentView(a.draft as Rule[]) });
    const [cap] = await screen.findAllByTestId("inherited-rule");
    await fireEvent.click(within(cap).getByRole("button", { name: "Override" }));
    await within(screen.getAllByTestId("inherited-rule")[0]).findByText("overridden here");
    await fireEvent.click(
      within(screen.getAllByTestId("inherited-rule")[0]).getByRole("button", { name: "Remove override" }),
    );
    expect(rulesShown()).toEqual([]);
    expect(screen.getByRole("status")).toHaveTextContent('inherited again from parent segment "Coupon fans"');
  });

  it("shows the draft's issues from the backend under the rule and field their path names", async () => {
    const user = userEvent.setup();
    const { saves } = setup(null, {
      guidelines: (a) => {
        const draft = a.draft as Rule[];
        const cap = draft[0];
        return {
          inherited: [],
          own: draft.map((r) => ({ text: r.kind, key: r.kind, overrides: null })),
          effective: [],
          issues:
            cap?.kind === "cap" && cap.window_days > 3660
              ? [
                  { path: "rules[0].window_days", message: "must be at most 3660" },
                  { path: "rules[1]", message: "repeats the rule at rules[0] (same kind and key); keep one" },
                ]
              : [],
        };
      },
    });
    const [cap, second] = screen.getAllByTestId("guideline-rule");
    const days = within(cap).getByLabelText("touches in (days)");
    await user.clear(days);
    await user.type(days, "5000");
    expect(await within(cap).findByText("must be at most 3660")).toBeInTheDocument();
    expect(within(second).getByText(/repeats the rule at rules\[0\]/)).toBeInTheDocument();
    await user.clear(days);
    await user.type(days, "14");
    await waitFor(() => expect(within(cap).queryByText("must be at most 3660")).toBeNull());
    expect(saves()).toHaveLength(0);
  });

  it("keeps a typed minus as typed: text that is not a whole number is named and not saved", async () => {
    const user = userEvent.setup();
    const { saves, asked } = setup(null);
    const [cap] = screen.getAllByTestId("guideline-rule");
    const days = within(cap).getByLabelText("touches in (days)");
    await user.clear(days);
    await user.type(days, "-3");
    expect(days).toHaveValue("-3");
    expect(within(cap).getByText("Type a whole number (0, 1, 2…).")).toBeInTheDocument();
    await user.click(screen.getByTestId("save-guidelines"));
    expect(screen.getByText("Type a number in the marked fields before saving.")).toBeInTheDocument();
    expect(saves()).toHaveLength(0);
    await user.clear(days);
    await user.type(days, "14");
    await waitFor(() =>
      expect((asked("guidelines").at(-1)!.args.draft as Rule[])[0]).toMatchObject({ window_days: 14 }),
    );
    await user.click(screen.getByTestId("save-guidelines"));
    await waitFor(() => expect(saves()).toHaveLength(1));
    expect((saves()[0].args.input as { rules: Rule[] }).rules[0]).toMatchObject({ kind: "cap", window_days: 14 });
  });

  it("types a blackout day as text, has the backend read it and adds the day it read", async () => {
    const user = userEvent.setup();
    const { saves, asked } = setup(null);
    await user.selectOptions(screen.getByLabelText("Add a rule"), "blackout");
    await waitFor(() => expect(screen.getByRole("button", { name: "Add" })).toBeEnabled());
    await user.click(screen.getByRole("button", { name: "Add" }));
    const blackout = screen.getAllByTestId("guideline-rule").at(-1)!;
    const day = within(blackout).getByLabelText("Add a date");
    expect(day).toHaveAttribute("type", "text");
    // Unreadable text is named under the field and not added.
    await user.type(day, "Dec 25");
    expect(await within(blackout).findByText(`Not a date: write it as ${HINT}.`)).toBeInTheDocument();
    await user.click(within(blackout).getByRole("button", { name: "Add" }));
    expect(within(blackout).queryAllByRole("listitem")).toHaveLength(0);
    // A day it reads shows how it reads; Enter adds the backend's date and empties the field.
    await user.clear(day);
    await user.type(day, "25.12.2026");
    expect(await within(blackout).findByText("Reads as 25 Dec 2026")).toBeInTheDocument();
    await user.type(day, "{Enter}");
    await waitFor(() =>
      expect(
        within(blackout)
          .getAllByRole("listitem")
          .map((li) => li.textContent),
      ).toEqual(["2026-12-25 ×"]),
    );
    expect(day).toHaveValue("");
    expect(asked("read_typed_date").at(-1)!.args).toEqual({ text: "25.12.2026", locale: null });
    await user.click(screen.getByTestId("save-guidelines"));
    await waitFor(() => expect(saves()).toHaveLength(1));
    expect((saves()[0].args.input as { rules: Rule[] }).rules.at(-1)).toEqual({
      kind: "blackout",
      dates: ["2026-12-25"],
    });
  });

  it("adds a rule from the backend's defaults", async () => {
    const user = userEvent.setup();
    setup(null);
    const before = rulesShown().length;
    await user.selectOptions(screen.getByLabelText("Add a rule"), "weekdays");
    await waitFor(() => expect(screen.getByRole("button", { name: "Add" })).toBeEnabled());
    await user.click(screen.getByRole("button", { name: "Add" }));
    expect(rulesShown()).toHaveLength(before + 1);
    const added = screen.getAllByTestId("guideline-rule").at(-1)!;
    expect(added.dataset.kind).toBe("weekdays");
    expect(within(added).getByRole("checkbox", { name: "Fri" })).toBeChecked();
    expect(within(added).getByRole("checkbox", { name: "Sat" })).not.toBeChecked();
  });

  it("shows the backend's preset preview and applies the rules it returns", async () => {
    const applied: Rule[] = [
      { kind: "cap", max: 2, window_days: 7, channels: null },
      { kind: "min_value", score: 60 },
    ];
    const { saves } = setup("hl-loyal", {
      guidelines: (a) => segmentView(a.draft as Rule[]),
      preset_preview: (): PresetPreview => ({
        changes: [
          {
            change: "replace",
            rule: applied[0],
            text: "At most 2 in 7 days",
            before: "At most 3 in 7 days",
          },
          {
            change: "same",
            rule: CLIENT_QUIET.rule,
            text: "Quiet hours 21:00–08:00",
            before: "Quiet hours 21:00–08:00",
          },
        ],
        rules: applied,
      }),
    });
    const card = await screen.findByText("Engaged community").then((h) => h.closest("article")!);
    const preview = within(card).getByRole("list", { name: /What applying/ });
    await waitFor(() => expect(preview).toHaveTextContent("changes At most 3 in 7 days → At most 2 in 7 days"));
    expect(preview).toHaveTextContent("keeps Quiet hours 21:00–08:00");
    await fireEvent.click(within(card).getByTestId("preset-apply"));
    await waitFor(() => expect(rulesShown()).toEqual(["cap", "min_value"]));
    await fireEvent.click(screen.getByTestId("save-guidelines"));
    await waitFor(() => expect(saves()).toHaveLength(1));
    expect((saves()[0].args.input as { rules: Rule[] }).rules).toEqual(applied);
  });

  it("shows the save's issues under the rule and field their path names", async () => {
    const { onSaved } = setup(null, {
      save_client: () => {
        throw {
          code: "invalid_input",
          message: "The client is not valid.",
          issues: [
            { path: "rules[1].channels", message: "unknown channel fax" },
            { path: "name", message: "name is taken" },
          ],
          file: null,
        };
      },
    });
    await fireEvent.click(screen.getByTestId("save-guidelines"));
    const second = screen.getAllByTestId("guideline-rule")[1];
    expect(await within(second).findByText("unknown channel fax")).toBeInTheDocument();
    expect(screen.getByText("name: name is taken")).toBeInTheDocument();
    expect(onSaved).not.toHaveBeenCalled();
  });
});
