import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { AppError } from "./bindings/AppError";
import App from "./App.svelte";
import { samplePlan } from "./test/fixtures";

const DB = "/home/planner/.local/share/app.cadence.desk/cadence.db";

describe("App", () => {
  it("fills the window with the error, the file and what to do when the database is locked", async () => {
    const locked: AppError = {
      code: "database_locked",
      message: "Another program is using the database.",
      issues: [],
      file: DB,
    };
    mockIPC(
      (cmd) => {
        if (cmd === "workspace") throw locked;
      },
      { shouldMockEvents: true },
    );
    render(App);
    const panel = await screen.findByTestId("error-panel");
    expect(panel).toHaveTextContent("The workspace is in use by another program");
    expect(panel).toHaveTextContent(locked.message);
    expect(within(panel).getByTestId("error-file")).toHaveTextContent(DB);
    expect(within(panel).getByRole("button", { name: "Try again" })).toBeInTheDocument();
    expect(screen.queryByTestId("client-list")).toBeNull();
  });

  it("opens on the first client with the database path, and routes native menu actions", async () => {
    mockIPC(
      (cmd) => {
        if (cmd === "workspace")
          return {
            plan: samplePlan(),
            db_path: DB,
            checks: { total: 0, by_client: {}, problems: 0, problems_by_client: {} },
            history: { undo: null, redo: null },
          };
        if (cmd === "list_timezones") return ["America/New_York", "Europe/London"];
        if (cmd === "message_facts") return [];
      },
      { shouldMockEvents: true },
    );
    render(App);
    const items = await screen.findAllByTestId("client-item");
    expect(items.map((i) => i.textContent)).toEqual([
      expect.stringContaining("Harvest Lane Grocers"),
      expect.stringContaining("Northbridge Bank"),
      expect.stringContaining("Tidewater Coffee Co."),
    ]);
    expect(items[0]).toHaveAttribute("aria-current", "true");
    expect(screen.getByTestId("db-path")).toHaveTextContent(DB);

    await emit("menu-action", "new_client");
    expect(await screen.findByTestId("client-form")).toBeInTheDocument();
  });

  it("says what to do next when the workspace has no clients", async () => {
    mockIPC(
      (cmd) => {
        if (cmd === "workspace")
          return {
            plan: { ...samplePlan(), clients: [] },
            db_path: DB,
            checks: { total: 0, by_client: {}, problems: 0, problems_by_client: {} },
            history: { undo: null, redo: null },
          };
        if (cmd === "list_timezones") return [];
      },
      { shouldMockEvents: true },
    );
    render(App);
    const empty = await screen.findByTestId("empty-state");
    expect(empty).toHaveTextContent("Create a client or load the sample agency");
    await waitFor(() => expect(within(empty).getAllByRole("button")).toHaveLength(2));
  });
});
