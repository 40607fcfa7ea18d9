// The recurrence field draws the backend's answers: the preset read from the RRULE, the RRULE
// written from the preset (crates/model/src/recurrence_preset.rs, round-trip tested there) and
// the preview. Here the replies are canned; the test checks what is asked and what is shown.
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { RecurrencePreset } from "../../bindings/RecurrencePreset";
import RecurrenceField from "./RecurrenceField.svelte";

/** What `read_recurrence` answers for no RRULE and a first occurrence on Tuesday 3 Nov 2026. */
const TUESDAY: RecurrencePreset = {
  kind: "none",
  days: ["Tue"],
  interval: 1,
  month_day: 3,
  count: null,
  until: null,
  custom: "",
};

type Write = { preset: RecurrencePreset; picked: boolean; first: string; campaignEnd: string | null };

function setup(reply: (w: Write) => { rrule: string | null; problem: string | null; until?: string | null }) {
  const writes: Write[] = [];
  const previews: { at: string; rrule: string | null }[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "read_recurrence") return TUESDAY;
    if (cmd === "write_recurrence") {
      const w = args as Write;
      writes.push(w);
      const r = reply(w);
      return { preset: { ...w.preset, until: r.until ?? w.preset.until }, rrule: r.rrule, problem: r.problem };
    }
    if (cmd === "preview_recurrence") {
      const a = args as { at: string; rrule: string | null };
      previews.push(a);
      return a.rrule
        ? { text: `In words: ${a.rrule}`, next: ["2026-11-03T19:00:00", "2026-11-07T19:00:00"], error: null }
        : { text: "Once", next: [a.at], error: null };
    }
  });
  render(RecurrenceField, { props: { rrule: null, at: "2026-11-03T19:00:00", campaignEnd: "2026-11-30" } });
  return { writes, previews };
}

describe("RecurrenceField", () => {
  it("sends each change to the backend and shows the RRULE and the words it answers", async () => {
    const user = userEvent.setup();
    const { writes, previews } = setup((w) => ({
      rrule: `FREQ=WEEKLY;BYDAY=${w.preset.days.join(",")}${w.preset.count ? `;COUNT=${w.preset.count}` : ""}`,
      problem: null,
      until: w.picked ? "2026-11-30" : undefined,
    }));
    const preset = await screen.findByTestId("recurrence-preset");
    await user.selectOptions(preset, "weekly");
    // Picked now: the backend is asked with the campaign's end, and its end date is shown.
    expect(writes[0]).toMatchObject({ picked: true, first: "2026-11-03", campaignEnd: "2026-11-30" });
    expect(writes[0].preset.kind).toBe("weekly");
    await waitFor(() => expect(screen.getByTestId("recurrence-until")).toHaveValue("2026-11-30"));
    expect(screen.getByTestId("recurrence-day-TU")).toBeChecked();

    await user.click(screen.getByTestId("recurrence-day-SA"));
    expect(writes.at(-1)).toMatchObject({ picked: false, preset: { days: ["Tue", "Sat"] } });
    await user.type(screen.getByTestId("recurrence-count"), "16");
    // A count replaces the end date: the two ways to end never go together.
    expect(writes.at(-1)!.preset).toMatchObject({ count: 16, until: null });
    await waitFor(() =>
      expect(screen.getByTestId("recurrence-rrule")).toHaveTextContent("FREQ=WEEKLY;BYDAY=Tue,Sat;COUNT=16"),
    );
    const preview = screen.getByTestId("recurrence-preview");
    await waitFor(() => expect(preview).toHaveTextContent("In words: FREQ=WEEKLY;BYDAY=Tue,Sat;COUNT=16"));
    expect(preview).toHaveTextContent("Sat 7 Nov 2026, 19:00");
    expect(previews.at(-1)).toEqual({
      at: "2026-11-03T19:00:00",
      rrule: "FREQ=WEEKLY;BYDAY=Tue,Sat;COUNT=16",
      count: 5,
    });
  });

  it("sends text that is not a whole number as 0, for the backend to name", async () => {
    const user = userEvent.setup();
    const { writes } = setup((w) => ({
      rrule: null,
      problem: w.preset.interval < 1 ? "Repeat every 1 or more days." : null,
    }));
    await user.selectOptions(await screen.findByTestId("recurrence-preset"), "days");
    const every = screen.getByTestId("recurrence-interval");
    await user.clear(every);
    expect(writes.at(-1)!.preset.interval).toBe(0);
    await user.type(every, "3");
    expect(writes.at(-1)!.preset.interval).toBe(3);
  });

  it("shows the backend's parse error of a custom RRULE under the field", async () => {
    const user = userEvent.setup();
    mockIPC((cmd, args) => {
      if (cmd === "read_recurrence") return TUESDAY;
      if (cmd === "write_recurrence") {
        const w = args as Write;
        return { preset: w.preset, rrule: w.preset.custom || null, problem: null };
      }
      if (cmd === "preview_recurrence")
        return { text: "Invalid recurrence", next: [], error: "invalid RRULE: every monday" };
    });
    render(RecurrenceField, { props: { rrule: null, at: "2026-11-03T19:00:00" } });
    await user.selectOptions(await screen.findByTestId("recurrence-preset"), "custom");
    await user.type(screen.getByTestId("recurrence-custom"), "every monday");
    await waitFor(() =>
      expect(document.querySelector('[data-field-error="message-rrule"]')).toHaveTextContent(
        "invalid RRULE: every monday",
      ),
    );
  });
});

describe("RecurrenceField without a first date", () => {
  it("asks for the date instead of an empty box, and asks the backend nothing", () => {
    const asked: string[] = [];
    mockIPC((cmd) => {
      asked.push(cmd);
    });
    render(RecurrenceField, { rrule: null, at: null });
    expect(screen.getByTestId("recurrence-wait")).toHaveTextContent("Give the first date, then choose how it repeats.");
    expect(screen.queryByTestId("recurrence-preset")).toBeNull();
    expect(asked.filter((c) => c === "read_recurrence")).toEqual([]);
  });
});
