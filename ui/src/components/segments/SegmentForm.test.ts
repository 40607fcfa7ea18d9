import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { sampleClient, samplePlan } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import SegmentForm from "./SegmentForm.svelte";

describe("SegmentForm", () => {
  it("offers as parent neither the segment itself nor anything below it", () => {
    const client = sampleClient("harvest-lane"); // all > coupon > loyal, all > families
    const coupon = client.segments.find((s) => s.id === "hl-coupon")!;
    renderInWorkspace(SegmentForm, { client, segment: coupon }, { plan: samplePlan() });
    const options = Array.from(screen.getByTestId("segment-parent").querySelectorAll("option"));
    expect(options.map((o) => o.value)).toEqual(["", "hl-all", "hl-families"]);
    expect((screen.getByTestId("segment-parent") as HTMLSelectElement).value).toBe("hl-all");
  });

  it("sends the segment with its consents and tags, and shows a backend parent issue under Inside", async () => {
    const user = userEvent.setup();
    const client = sampleClient("harvest-lane");
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
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
  });
});
