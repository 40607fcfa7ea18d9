// Browser tests of the built UI (ui/dist) in Debian's Chromium, with the Tauri backend replaced
// by an in-memory mock (mock-backend.js). Run `npm run build` first. Screenshots go to docs/.
//   npm run test:browser            run the tests
//   SHOTS=1 npm run test:browser    also refresh docs/ui-*.png
import { readFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { preview } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
const ui = resolve(here, "../..");
const docs = resolve(ui, "../docs");
const plan = JSON.parse(readFileSync(resolve(ui, "src/test/sample-plan.json"), "utf8"));
const zones = [...Intl.supportedValuesOf("timeZone"), "UTC"].sort();
const backend = readFileSync(resolve(here, "mock-backend.js"), "utf8");
const DB_PATH = "/home/planner/.local/share/app.cadence.desk/cadence.db";

if (!existsSync(resolve(ui, "dist/index.html"))) {
  console.error("ui/dist is missing: run `npm run build` first.");
  process.exit(1);
}

const server = await preview({
  root: ui,
  logLevel: "silent",
  preview: { port: 4173, strictPort: false, host: "127.0.0.1" },
});
const url = server.resolvedUrls.local[0];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

/** A fresh page on the app with the mock backend; `fail` makes `workspace` reject. */
async function open({ dark = false, fail = null, probeDelay = 0 } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    colorScheme: dark ? "dark" : "light",
    deviceScaleFactor: 1,
  });
  const options = { plan, zones, dbPath: DB_PATH, fail, probeDelay };
  await context.addInitScript(`${backend}\ninstallMockBackend(${JSON.stringify(options)});`);
  const page = await context.newPage();
  // The sample agency is laid out around 2026-11-23: the calendar opens on that month.
  await page.clock.setFixedTime(new Date("2026-11-23T12:00:00Z"));
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url);
  return { page, errors, close: () => context.close() };
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}
async function expectText(locator, text, what) {
  const actual = (await locator.textContent())?.trim() ?? "";
  assert(actual.includes(text), `${what}: expected "${text}" in "${actual}"`);
}

const tid = (id) => `[data-testid="${id}"]`;
const tests = [];
const test = (name, fn, options = {}) => tests.push({ name, fn, options });

test("opens on the workspace with clients, a nested segment tree and messages", async ({ page }) => {
  await page.waitForSelector(tid("client-list"));
  const names = await page.locator(tid("client-item")).allTextContents();
  assert(names.length === 3, `3 clients, got ${names.length}`);
  assert(names[0].includes("Harvest Lane Grocers"), `first client: ${names[0]}`);
  await expectText(page.locator(tid("db-path")), DB_PATH, "database path");
  // The status bar sits at the bottom of the window and the client's content scrolls above it.
  const bar = await page.locator("footer").boundingBox();
  assert(bar && Math.round(bar.y + bar.height) === 800, `status bar at the bottom (${JSON.stringify(bar)})`);
  // Loyalty members sits inside Coupon fans, which sits inside All shoppers.
  const loyal = page.locator(`${tid("segment-item")}[data-segment-id="hl-loyal"]`);
  assert((await loyal.getAttribute("aria-level")) === "3", "Loyalty members is at level 3");
  const coupon = page.locator(`${tid("segment-item")}[data-segment-id="hl-coupon"]`);
  assert((await coupon.locator('[data-segment-id="hl-loyal"]').count()) === 1, "Loyalty members is inside Coupon fans");
  const dinners = page.locator(tid("message-item"), { hasText: "Three dinners under $15" });
  await expectText(dinners, "Every 2 weeks on Sunday, 6 times", "recurrence in words");
  await expectText(dinners, "Sun 1 Nov 2026, 10:00", "local date-time");
  if (process.env.SHOTS) await page.screenshot({ path: resolve(docs, "ui-workspace.png") });
});

test("creates a client with inline validation and then a segment inside it", async ({ page }) => {
  await page.click(tid("new-client"));
  const form = page.locator(tid("client-form"));
  await form.waitFor();
  assert(
    await page.locator(tid("client-name")).evaluate((el) => el === document.activeElement),
    "name field has focus",
  );
  await page.fill(tid("client-timezone"), "Mars/Olympus");
  await page.click(tid("save-client"));
  await expectText(form, "Name is required.", "name error");
  await expectText(form, 'Unknown time zone "Mars/Olympus"', "time zone error");
  await page.fill(tid("client-name"), "Lumen Opticians");
  await page.fill(tid("client-timezone"), "Europe/Paris");
  await page.click(tid("save-client"));
  await form.waitFor({ state: "detached" });
  const selected = page.locator(`${tid("client-item")}[aria-current="true"]`);
  await expectText(selected, "Lumen Opticians", "new client selected");
  await expectText(page.locator(tid("empty-state")).first(), "No segments yet", "segments empty state");

  await page.click(tid("new-segment"));
  await page.fill(tid("segment-name"), "Contact lens wearers");
  await page.click(tid("save-segment"));
  await page.locator(tid("segment-form")).waitFor({ state: "detached" });
  await expectText(page.locator(tid("segment-tree")), "Contact lens wearers", "segment in tree");
});

test(
  "edits a message: live score, recurrence in words, dark theme",
  async ({ page }) => {
    await page.locator(tid("client-item"), { hasText: "Northbridge Bank" }).click();
    const row = page.locator(".message", { hasText: "Upgrade to our premium card" });
    await row.hover();
    await row.getByRole("button", { name: /^Edit/ }).click();
    const form = page.locator(tid("message-form"));
    await form.waitFor();
    const score = page.locator(tid("value-score"));
    const before = await score.textContent();
    await form.getByLabel("Would this make the customer glad they know us?").check();
    const after = await score.textContent();
    assert(before !== after, `score changes when an item is ticked (${before} -> ${after})`);
    // glad (3) of 14 total weight plus what was already ticked; the UI must show one decimal.
    assert(/\d+\.\d \/ 100/.test(after ?? ""), `score has one decimal: ${after}`);
    await page.fill("#message-rrule", "FREQ=MONTHLY;BYDAY=1WE;COUNT=4");
    await expectText(form, "Every month on the first Wednesday, 4 times", "rrule in words");
    await page.fill("#message-title", "Premium card: what really changes");
    await form.locator(".dialog-body").evaluate((el) => (el.scrollTop = 0));
    if (process.env.SHOTS) await page.screenshot({ path: resolve(docs, "ui-message-dark.png") });
    await page.keyboard.press("Escape");
    await form.waitFor({ state: "detached" });
  },
  { dark: true },
);

test("asks before deleting a segment and lists what goes with it", async ({ page }) => {
  const row = page.locator(`${tid("segment-item")}[data-segment-id="hl-coupon"] > .row`);
  await row.hover();
  await row.getByRole("button", { name: "Delete Coupon fans" }).click();
  const dialog = page.locator(tid("delete-dialog"));
  await dialog.waitFor();
  await expectText(dialog, "Loyalty members", "sub-segment listed");
  await expectText(dialog, "This week's offers", "message listed");
  await page.click(`${tid("delete-dialog")} ${tid("confirm")}`);
  await dialog.waitFor({ state: "detached" });
  assert((await page.locator(`[data-segment-id="hl-coupon"]`).count()) === 0, "segment gone");
  assert((await page.locator(`[data-segment-id="hl-loyal"]`).count()) === 0, "sub-segment gone");
});

test("the workspace menu works from the keyboard and the native menu opens the same dialogs", async ({ page }) => {
  await page.waitForSelector(tid("client-list"));
  await page.focus(tid("workspace-menu"));
  await page.keyboard.press("ArrowDown");
  assert(await page.locator(tid("menu-import")).evaluate((el) => el === document.activeElement), "first item focused");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.locator(tid("export-dialog")).waitFor();
  await page.keyboard.press("Escape");
  await page.locator(tid("export-dialog")).waitFor({ state: "detached" });
  assert(
    await page.locator(tid("workspace-menu")).evaluate((el) => el === document.activeElement),
    "focus returns to the menu button",
  );

  await page.evaluate(() => window.__mock.emit("menu-action", "reset_empty"));
  await page.locator(tid("reset-dialog")).waitFor();
  await page.click(`${tid("reset-dialog")} ${tid("confirm")}`);
  await expectText(page.locator(tid("empty-state")), "Create a client or load the sample agency", "empty workspace");
  assert((await page.locator(tid("client-item")).count()) === 0, "no clients left");
});

test(
  "a locked database fills the window with what to do, not a blank screen",
  async ({ page }) => {
    const panel = page.locator(tid("error-panel"));
    await panel.waitFor();
    await expectText(panel, "in use by another program", "title");
    await expectText(panel, DB_PATH, "file path");
    assert((await page.locator(tid("client-list")).count()) === 0, "no workspace behind it");
  },
  { fail: { code: "database_locked", message: "Another program is using the database.", issues: [], file: DB_PATH } },
);

let passed = 0;
let failed = 0;
for (const { name, fn, options } of tests) {
  const session = await open(options);
  try {
    await fn(session);
    assert(session.errors.length === 0, `page errors: ${session.errors.join("; ")}`);
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${error.message.split("\n")[0]}`);
    await session.page.screenshot({ path: resolve(here, `failure-${passed + failed}.png`) }).catch(() => {});
  } finally {
    await session.close();
  }
}
await browser.close();
await new Promise((done) => server.httpServer.close(done));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
