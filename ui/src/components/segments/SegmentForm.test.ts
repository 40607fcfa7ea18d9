import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { sampleClient, samplePlan } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import SegmentForm from "./SegmentForm.svelte";

describe("SegmentForm", () => {
  it("offers as parent only what the backend does not refuse", async () => {
    const client = sampleClient("harvest-lane"); // all > coupon > loyal, all > families
    const coupon = client.segments.find((s) => s.id === "hl-coupon")!;
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "check_segment_draft") return { fields: {}, form: [] };
      if (cmd !== "segment_parents") return;
      asked.push(args);
      return client.segments.map((s) => ({
        id: s.id,
        refused: s.id === "hl-coupon" || s.id === "hl-loyal" ? "a loop" : null,
      }));
    });
    renderInWorkspace(SegmentForm, { client, segment: coupon }, { plan: samplePlan() });
    const values = () =>
      Array.from(screen.getByTestId("segment-parent").querySelectorAll("option")).map((o) => o.value);
    await waitFor(() => expect(values()).toEqual(["", "hl-all", "hl-families"]));
    expect(asked).toEqual([{ clientId: "harvest-lane", segmentId: "hl-coupon" }]);
    expect((screen.getByTestId("segment-parent") as HTMLSelectElement).value).toBe("hl-all");
  });

  it("sends the segment with its consents and tags, and shows a backend parent issue under Inside", async () => {
    const user = userEvent.setup();
    const client = sampleClient("harvest-lane");
    const sent: unknown[] = [];
    const checked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "check_segment_draft") {
        checked.push(args);
        return { fields: {}, form: [] };
      }
      if (cmd !== "save_segment") return;
      sent.push(args);
      throw {
        code: "invalid_input",
        message: "The segment is not valid.",
        issues: [{ path: "parent", message: 'unknown segment "hl-all"' }],
        file: null,
      };
    });
    renderInWorkspace(SegmentForm, { client, segment: null }, { plan: samplePlan() });
    await user.type(screen.getByTestId("segment-name"), "Weekend shoppers");
    await user.selectOptions(screen.getByTestId("segment-parent"), "hl-all");
    const size = screen.getByLabelText("Size (people)");
    await user.clear(size);
    await user.type(size, "3100");
    await user.click(screen.getByLabelText("SMS"));
    await user.type(screen.getByLabelText("Interests"), "brunch{Enter}flowers{Enter}");
    await user.click(screen.getByTestId("save-segment"));

    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      clientId: "harvest-lane",
      input: {
        id: null,
        name: "Weekend shoppers",
        parent: "hl-all",
        timezone: null,
        size: 3100,
        opt_in: ["sms"],
        interests: ["brunch", "flowers"],
        values: [],
        rules: null,
      },
    });
    expect(await screen.findByText('unknown segment "hl-all"')).toHaveAttribute("data-field-error", "segment-parent");
    // The backend read the size as typed.
    expect(checked.at(-1)).toMatchObject({ sizeText: "3100" });
  });

  it("shows the backend's reading of the size under its field", async () => {
    const user = userEvent.setup();
    const client = sampleClient("harvest-lane");
    mockIPC((cmd, args) => {
      if (cmd !== "check_segment_draft") return;
      const { sizeText } = args as { sizeText: string };
      return /^\d+$/.test(sizeText)
        ? { fields: {}, form: [] }
        : { fields: { size: ["Size is a whole number of people (0 or more)."] }, form: [] };
    });
    renderInWorkspace(SegmentForm, { client, segment: null }, { plan: samplePlan() });
    const size = screen.getByLabelText("Size (people)");
    await user.clear(size);
    await waitFor(() =>
      expect(screen.getByText("Size is a whole number of people (0 or more).")).toHaveAttribute(
        "data-field-error",
        "segment-size",
      ),
    );
  });
});
