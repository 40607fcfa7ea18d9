// The browser tests' fixtures: one bridge (the real desk over loopback, crates/bridge) per
// worker, a fresh sample workspace per test, and a page on the built UI whose
// `__TAURI_INTERNALS__` forwards to it (bridge-page.js).
import { test as base, expect, type Locator, type Page } from "@playwright/test";
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const docs = resolve(here, "../../../docs");
const pageSide = readFileSync(resolve(here, "bridge-page.js"), "utf8");

/** The app's today in these tests: the sample agency is laid out around it. */
export const TODAY = "2026-11-23";

/** How the bridge starts a test's workspace. */
export type ResetOptions = { lang?: string; locked?: boolean };

/** The bridge, from the test's side (Node). */
export type Bridge = {
  url: string;
  /** A command, as the UI would send it; throws the AppError. */
  invoke<T = unknown>(cmd: string, args?: object): Promise<T>;
  /** A test endpoint (`/test/dialog`, `/test/emit`, …). */
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  get<T = unknown>(path: string): Promise<T>;
};

/** The workspace the test runs on. */
export type Workspace = { db: string; scratch: string };

type Options = {
  /** How the workspace starts (a locale, a locked database). */
  reset: ResetOptions;
  /** Changes made through the real commands before the page opens (an object: Playwright
   * would take a bare function for a fixture). */
  setup: { before: (bridge: Bridge) => Promise<void> } | null;
};

async function call<T>(url: string, path: string, method: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
  });
  const reply = await response.json();
  if (!response.ok) throw Object.assign(new Error(`${path}: ${JSON.stringify(reply)}`), { reply });
  return reply as T;
}

export const test = base.extend<Options & { workspace: Workspace }, { bridge: Bridge }>({
  reset: [{}, { option: true }],
  setup: [null, { option: true }],
  bridge: [
    // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature
    async ({}, use) => {
      const binary = process.env.CADENCE_BRIDGE;
      if (!binary) throw new Error("CADENCE_BRIDGE is not set (global-setup builds the bridge)");
      const child = spawn(binary, ["--today", TODAY], { stdio: ["pipe", "pipe", "inherit"] });
      const first = await new Promise<string>((done, fail) => {
        createInterface({ input: child.stdout! }).once("line", done);
        child.once("exit", (code) => fail(new Error(`cadence-bridge exited (${code})`)));
      });
      const url = `http://127.0.0.1:${JSON.parse(first).port}`;
      const bridge: Bridge = {
        url,
        invoke: (cmd, args) => call(url, `/invoke/${cmd}`, "POST", args),
        post: (path, body) => call(url, path, "POST", body),
        get: (path) => call(url, path, "GET"),
      };
      // The bridge's temporary folder (the scratch folder's parent), removed when it stops.
      const { scratch } = await bridge.post<Workspace>("/test/reset");
      await use(bridge);
      child.stdin!.end();
      child.kill();
      rmSync(dirname(scratch), { recursive: true, force: true });
    },
    { scope: "worker" },
  ],
  workspace: async ({ bridge, reset }, use) => {
    await use(await bridge.post<Workspace>("/test/reset", reset));
  },
  page: async ({ page, bridge, workspace, setup }, use) => {
    void workspace; // a fresh one before the page opens
    await page.addInitScript({ content: `${pageSide}\ninstallBridge(${JSON.stringify({ url: bridge.url })});` });
    if (setup) await setup.before(bridge);
    await page.clock.setFixedTime(new Date(`${TODAY}T12:00:00Z`));
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      // A command the backend refuses is a 4xx from the bridge, which Chromium logs: that is
      // the UI's normal path for an AppError, not a page error.
      const refused = m.text().startsWith("Failed to load resource") && m.location().url.startsWith(bridge.url);
      if (m.type() === "error" && !refused) errors.push(m.text());
    });
    await page.goto(process.env.CADENCE_UI_URL!);
    await use(page);
    expect(errors, "page errors").toEqual([]);
  },
});

export { expect };

/** A locator by `data-testid`. */
export const tid = (id: string) => `[data-testid="${id}"]`;

/** The commands the UI sent named `cmd`, with their arguments, in order. */
export async function calls(page: Page, cmd: string): Promise<{ cmd: string; args: Record<string, unknown> }[]> {
  return page.evaluate(
    (c) =>
      (
        window as unknown as { __bridge: { calls: { cmd: string; args: Record<string, unknown> }[] } }
      ).__bridge.calls.filter((x) => x.cmd === c),
    cmd,
  );
}

/** Wait until the UI has sent `cmd` `n` times. */
export async function sent(page: Page, cmd: string, n = 1): Promise<void> {
  await expect.poll(async () => (await calls(page, cmd)).length).toBeGreaterThanOrEqual(n);
}

/** SHOTS=1: refresh `docs/ui-<name>.png` (the README shows some). */
export async function shot(target: Page | Locator, name: string): Promise<void> {
  if (process.env.SHOTS) await target.screenshot({ path: resolve(docs, `ui-${name}.png`) });
}

/** A native menu action (File → Export…, Start empty…), as the shell would emit it. */
export async function menu(bridge: Bridge, action: string): Promise<void> {
  await bridge.post("/test/emit", { event: "menu-action", payload: action });
}
