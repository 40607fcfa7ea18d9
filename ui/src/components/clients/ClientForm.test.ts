import { mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AppError } from "../../bindings/AppError";
import type { ClientInput } from "../../bindings/ClientInput";
import { samplePlan, savedReply } from "../../test/fixtures";
import { renderInWorkspace } from "../../test/render";
import ClientForm from "./ClientForm.svelte";

/** The backend's answer to a draft with nothing wrong. */
const CLEAN = { fields: {}, form: [] };

/** The error texts shown under the field with this id. */
function errorsOf(id: string): string[] {
  return Array.from(document.querySelectorAll(`[data-field-error="${id}"]`)).map((e) => e.textContent ?? "");
}

describe("ClientForm", () => {
  it("shows the backend's draft check under each touched field, as the user types", async () => {
    const user = userEvent.setup();
    const asked: ClientInput[] = [];
    // The backend's answer (the save's own validation): stand-in words for the test.
    mockIPC((cmd, args) => {
      if (cmd !== "check_client_draft") return;
      const input = (args as { input: ClientInput }).input;
      asked.push(input);
      const fields: Record<string, string[]> = {};
      if (!input.name) fields.name = ["must not be empty"];
      if (input.timezone === "Europe/Lodnon") fields.timezone = ['unknown time zone "Europe/Lodnon"'];
      return { fields, form: [] };
    });
    renderInWorkspace(ClientForm, { client: null }, { plan: samplePlan() });
    const name = screen.getByLabelText("Name");
    const zone = screen.getByLabelText("Time zone");

    // Nothing is shown before the user touches a field.
    await waitFor(() => expect(asked.length).toBeGreaterThan(0));
    expect(errorsOf("client-name")).toEqual([]);
    await user.type(name, "A");
    await user.clear(name);
    await waitFor(() => expect(errorsOf("client-name")).toEqual(["must not be empty"]));
    expect(name).toHaveAttribute("aria-invalid", "true");

    await user.clear(zone);
    await user.type(zone, "Europe/Lodnon");
    await waitFor(() => expect(errorsOf("client-timezone")).toEqual(['unknown time zone "Europe/Lodnon"']));
    await user.clear(zone);
    await user.type(zone, "Europe/London");
    await waitFor(() => expect(errorsOf("client-timezone")).toEqual([]));
    // Typing is debounced: far fewer checks than keystrokes.
    expect(asked.length).toBeLessThan(10);
  });

  it("ignores an answer that comes back after a newer one", async () => {
    const user = userEvent.setup();
    const pending: ((value: unknown) => void)[] = [];
    mockIPC((cmd) => {
      if (cmd === "check_client_draft") return new Promise((resolve) => pending.push(resolve));
    });
    renderInWorkspace(ClientForm, { client: null }, { plan: samplePlan() });
    const name = screen.getByLabelText("Name");
    await user.type(name, "A");
    await waitFor(() => expect(pending.length).toBeGreaterThan(0));
    await user.type(name, "B");
    await waitFor(() => expect(pending.length).toBeGreaterThan(1));
    const [older, newer] = pending.slice(-2);
    newer({ fields: {}, form: [] });
    older({ fields: { name: ["stale answer"] }, form: [] });
    await new Promise((r) => setTimeout(r, 20));
    expect(errorsOf("client-name")).toEqual([]);
  });

  it("does not save while the backend finds issues", async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "check_client_draft") return { fields: { name: ["must not be empty"] }, form: [] };
    });
    renderInWorkspace(ClientForm, { client: null }, { plan: samplePlan() });
    await user.click(screen.getByTestId("save-client"));
    await waitFor(() => expect(errorsOf("client-name")).toEqual(["must not be empty"]));
    expect(calls).not.toContain("save_client");
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
      if (cmd === "check_client_draft") return CLEAN;
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
    mockIPC((cmd) =>
      cmd === "save_client" ? savedReply(after, "lumen") : cmd === "check_client_draft" ? CLEAN : undefined,
    );
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
