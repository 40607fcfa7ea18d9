import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { COMMAND_NAMES } from "../bindings/commandNames";
import { api, camelName } from "./api";

afterEach(() => clearMocks());

describe("api, built from the generated command list", () => {
  it("has one function per backend command, named in camelCase", () => {
    const names = Object.keys(api).sort();
    expect(names).toEqual(COMMAND_NAMES.map(camelName).sort());
    expect(names).toContain("saveSegment");
    expect(names).not.toContain("save_segment");
  });

  it("sends a command's arguments flat, under the command's snake_case name", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === "list_timezones" ? ["Europe/Berlin"] : null;
    });
    await api.saveSegment({ clientId: "harbor", input: { id: null, name: "Parents" } as never });
    expect(await api.listTimezones()).toEqual(["Europe/Berlin"]);
    expect(calls).toEqual([
      ["save_segment", { clientId: "harbor", input: { id: null, name: "Parents" } }],
      ["list_timezones", {}],
    ]);
  });

  it("rejects with the backend's AppError, and anything else becomes one", async () => {
    mockIPC((cmd) => {
      if (cmd === "undo") throw { code: "not_found", message: "nothing to undo", issues: [], file: null };
      throw new Error("boom");
    });
    await expect(api.undo()).rejects.toMatchObject({ code: "not_found", message: "nothing to undo" });
    await expect(api.redo()).rejects.toMatchObject({ code: "internal", message: "boom" });
  });
});
