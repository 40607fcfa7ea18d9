// The export dialog's period: days typed as text, read by the backend (crates/desk/src/typed.rs;
// here a stand-in), and the request sent with the days it read.
import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ExportDone } from "../../bindings/ExportDone";
import type { ExportRequest } from "../../bindings/ExportRequest";
import { samplePlan } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import { HINT, typedDate } from "../../test/typed-date";
import ExportDialog from "./ExportDialog.svelte";

describe("ExportDialog", () => {
  it("types the period's days as text, has the backend read them and exports the days it read", async () => {
    const user = userEvent.setup();
    const sent: ExportRequest[] = [];
    const read: string[] = [];
    mockIPC((cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      if (cmd === "last_export_choices") return null;
      if (cmd === "read_typed_date") {
        read.push(a.text as string);
        return typedDate(a.text as string);
      }
      if (cmd === "export_dialog") {
        sent.push(a.request as ExportRequest);
        return { path: "/tmp/plan.pdf", bytes: 1000, summary: "PDF report, 9 pages" } satisfies ExportDone;
      }
      return undefined;
    });
    const { workspace } = renderInWorkspace(ExportDialog, {}, { plan: samplePlan(), selected: "harvest-lane" });
    workspace.open({ kind: "export" });
    const from = await screen.findByLabelText("From");
    const to = screen.getByLabelText("To (last day)");
    expect(from).toHaveAttribute("type", "text");
    // The horizon's days, written out and read.
    expect(from).toHaveValue("2026-10-01");
    expect(to).toHaveValue("2027-03-31");
    expect(await screen.findByText("Reads as 1 Oct 2026")).toBeInTheDocument();

    await user.clear(from);
    await user.type(from, "first of Nov");
    expect(await screen.findByText(`Not a date: write it as ${HINT}.`)).toBeInTheDocument();
    await user.click(screen.getByTestId("export-start"));
    expect(sent).toHaveLength(0);

    await user.clear(from);
    await user.type(from, "1.11.2026");
    await user.clear(to);
    await user.type(to, "30.11.2026");
    expect(await screen.findByText("Reads as 30 Nov 2026")).toBeInTheDocument();
    await user.click(screen.getByTestId("export-start"));
    await waitFor(() => expect(sent).toHaveLength(1));
    // The last day is inclusive: the request ends the day after.
    expect(sent[0]).toMatchObject({ client: "harvest-lane", from: "2026-11-01", to: "2026-12-01" });
    expect(read).toContain("1.11.2026");
  });

  it("asks for both days before exporting", async () => {
    const user = userEvent.setup();
    mockIPC((cmd, args) => {
      if (cmd === "last_export_choices") return null;
      if (cmd === "read_typed_date") return typedDate((args as { text: string }).text);
      return undefined;
    });
    const { workspace } = renderInWorkspace(ExportDialog, {}, { plan: samplePlan(), selected: "harvest-lane" });
    workspace.open({ kind: "export" });
    await user.clear(await screen.findByLabelText("To (last day)"));
    expect(screen.getByText("Type the period's first and last days.")).toBeInTheDocument();
    expect(screen.getByTestId("export-start")).toBeDisabled();
  });
});
