import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AppError } from "../../bindings/AppError";
import { samplePlan, savedReply } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import ClientForm from "./ClientForm.svelte";

/** The error texts shown under the field with this id. */
function errorsOf(id: string): string[] {
  return Array.from(document.querySelectorAll(`[data-field-error="${id}"]`)).map((e) => e.textContent ?? "");
}

describe("ClientForm", () => {
  it("validates as the user types: required name, time zone from the list", async () => {
    const user = userEvent.setup();
    renderInWorkspace(ClientForm, { client: null }, { plan: samplePlan() });
    const name = screen.getByLabelText("Name");
    const zone = screen.getByLabelText("Time zone");

    // Nothing is shown before the user touches a field.
    expect(errorsOf("client-name")).toEqual([]);
    await user.type(name, "A");
    await user.clear(name);
    expect(errorsOf("client-name")).toEqual(["Name is required."]);
    expect(name).toHaveAttribute("aria-invalid", "true");

    await user.clear(zone);
    await user.type(zone, "Europe/Lodnon");
    expect(errorsOf("client-timezone")[0]).toMatch(/Unknown time zone "Europe\/Lodnon"/);
    await user.clear(zone);
    await user.type(zone, "Europe/London");
    expect(errorsOf("client-timezone")).toEqual([]);
  });

  it("does not call the backend while the form has problems", async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
    });
    renderInWorkspace(ClientForm, { client: null }, { plan: samplePlan() });
    await user.click(screen.getByTestId("save-client"));
    expect(errorsOf("client-name")).toEqual(["Name is required."]);
    expect(calls).toEqual([]);
  });

  it("shows the backend's issues under the matching field and the others at form level", async () => {
    const user = userEvent.setup();
    const rejection: AppError = {
      code: "invalid_input",
      message: "The client is not valid.",
      issues: [
        { path: "timezone", message: 'unknown time zone "Europe/London" (use an IANA name)' },
        { path: "checklist[2].label", message: "must not be empty" },
      ],
      file: null,
    };
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "save_client") {
        sent.push(args);
        throw rejection;
      }
    });
    const { workspace } = renderInWorkspace(ClientForm, { client: null }, { plan: samplePlan() });
    workspace.open({ kind: "client", client: null });
    await user.type(screen.getByLabelText("Name"), "Lumen Opticians");
    const zone = screen.getByLabelText("Time zone");
    await user.clear(zone);
    await user.type(zone, "Europe/London");
    await user.click(screen.getByTestId("save-client"));

    await waitFor(() => expect(errorsOf("client-timezone")).toEqual([rejection.issues[0].message]));
    expect(screen.getByRole("alert")).toHaveTextContent("checklist[2].label: must not be empty");
    expect(errorsOf("client-name")).toEqual([]);
    expect(sent).toEqual([
      { input: { id: null, name: "Lumen Opticians", timezone: "Europe/London", checklist: null, rules: null } },
    ]);
    // The form stays open so the user can fix it.
    expect(workspace.dialog).not.toBeNull();

    // Editing the field clears its stale backend issue.
    await user.type(zone, "x");
    expect(errorsOf("client-timezone")).not.toContain(rejection.issues[0].message);
  });

  it("saves, selects the new client and closes", async () => {
    const user = userEvent.setup();
    const after = samplePlan();
    after.clients.push({ ...after.clients[0], id: "lumen", name: "Lumen Opticians", segments: [], campaigns: [] });
    mockIPC((cmd) => (cmd === "save_client" ? savedReply(after, "lumen") : undefined));
    const { workspace } = renderInWorkspace(ClientForm, { client: null }, { plan: samplePlan() });
    workspace.open({ kind: "client", client: null });
    await user.type(screen.getByLabelText("Name"), "Lumen Opticians");
    const zone = screen.getByLabelText("Time zone");
    await user.clear(zone);
    await user.type(zone, "Europe/Paris");
    await user.click(screen.getByTestId("save-client"));
    await waitFor(() => expect(workspace.dialog).toBeNull());
    expect(workspace.selectedClientId).toBe("lumen");
  });
});
