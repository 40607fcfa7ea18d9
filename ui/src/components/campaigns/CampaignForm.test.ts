import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CampaignDraftCheck } from "../../bindings/CampaignDraftCheck";
import type { CampaignInput } from "../../bindings/CampaignInput";
import { sampleClient, samplePlan, savedReply } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import { HINT, typedDate as typed } from "../../test/typed-date";
import CampaignForm from "./CampaignForm.svelte";

type DraftArgs = { clientId: string; input: CampaignInput; start: string; end: string; locale: string | null };

function draftCheck(a: DraftArgs): CampaignDraftCheck {
  const start = typed(a.start);
  const end = typed(a.end);
  const fields: Record<string, string[]> = {};
  if (!a.input.name) fields.name = ["must not be empty"];
  if (start.problem) fields.start = [start.problem];
  if (end.problem) fields.end = [end.problem];
  return { issues: { fields, form: [] }, start, end };
}

describe("CampaignForm", () => {
  it("types its days as text, has the backend read them and saves what it read", async () => {
    const user = userEvent.setup();
    const client = sampleClient("tidewater");
    const asked: DraftArgs[] = [];
    const saved: { clientId: string; input: CampaignInput }[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "check_campaign_draft") {
        asked.push(args as DraftArgs);
        return draftCheck(args as DraftArgs);
      }
      if (cmd === "save_campaign") {
        saved.push(args as (typeof saved)[number]);
        return savedReply(samplePlan(), "tw-winter");
      }
      return undefined;
    });
    const { workspace } = renderInWorkspace(CampaignForm, { client, campaign: null }, { plan: samplePlan() });
    workspace.open({ kind: "campaign", clientId: client.id, campaign: null });
    const start = screen.getByLabelText(/^First day/);
    expect(start).toHaveAttribute("type", "text");
    await user.type(screen.getByLabelText("Name"), "Winter");
    await user.type(start, "13.11.2026");
    await user.type(screen.getByLabelText(/^Last day/), "soon");
    await waitFor(() => expect(asked.at(-1)).toMatchObject({ start: "13.11.2026", end: "soon", locale: null }));
    // How the backend read the first day shows under it; the last day's problem under it.
    await waitFor(() => expect(screen.getByText(/Reads as/)).toBeInTheDocument());
    expect(screen.getByText(`Not a date: write it as ${HINT}.`)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create campaign" }));
    expect(saved).toHaveLength(0);

    await user.clear(screen.getByLabelText(/^Last day/));
    await user.click(screen.getByRole("button", { name: "Create campaign" }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toEqual({
      clientId: client.id,
      input: { id: null, name: "Winter", objective: "", start: "2026-11-13", end: null },
    });
  });
});
