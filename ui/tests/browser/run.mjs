// Browser tests of the built UI (ui/dist) in Debian's Chromium, with the Tauri backend replaced
// by an in-memory mock (mock-backend.js). Run `npm run build` first. Screenshots go to docs/.
//   npm run test:browser            run the tests
//   SHOTS=1 npm run test:browser    also refresh docs/ui-*.png
//   ONLY=words npm run test:browser only the tests whose name contains the words
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
async function open({
  dark = false,
  fail = null,
  probeDelay = 0,
  height = 800,
  width = 1280,
  edit = null,
  warnings = {},
  locale = null,
} = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    colorScheme: dark ? "dark" : "light",
    deviceScaleFactor: 1,
  });
  // `edit` changes a copy of the sample plan before the page opens (a long name, say).
  const start = edit ? edit(structuredClone(plan)) : plan;
  const options = { plan: start, zones, dbPath: DB_PATH, fail, probeDelay, warnings, locale };
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
/** Wait until `locator` shows `text` (for content that arrives from the backend). */
async function waitText(locator, text, what) {
  await locator
    .filter({ hasText: text })
    .first()
    .waitFor({ timeout: 5000 })
    .catch(async () => expectText(locator, text, what));
}
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
    await page.selectOption(tid("recurrence-preset"), "custom");
    await page.fill(tid("recurrence-custom"), "FREQ=MONTHLY;BYDAY=1WE;COUNT=4");
    await waitText(form.locator(tid("recurrence-preview")), "Every month on 1WE, 4 times", "rrule in words");
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

test("File → Export… saves a PDF of the selected client, then remembers the choices", async ({ page }) => {
  await page.waitForSelector(tid("client-list"));
  await page.evaluate(() => window.__mock.emit("menu-action", "export"));
  const dialog = page.locator(tid("export-dialog"));
  await dialog.waitFor();
  assert(await page.locator(tid("export-format-pdf")).isChecked(), "PDF is the first choice");
  assert(
    (await page.locator(`${tid("export-client")} option`).allTextContents()).every((t) => t !== "All clients"),
    "a report is for one client",
  );
  await page.locator(tid("export-format-touches")).check();
  await expectText(page.locator(tid("export-client")), "All clients", "tables may cover every client");
  await page.locator(tid("export-format-pdf")).check();
  await page.selectOption(tid("export-paper"), "letter");
  await page.click(tid("export-start"));
  await expectText(page.locator(tid("export-summary")), "PDF report, 14 pages", "summary line");
  await expectText(page.locator(tid("export-path")), "harvest-lane-pdf.pdf", "path written");
  await page.click(tid("export-reveal"));
  const calls = await page.evaluate(() => window.__mock.calls.map((c) => c.cmd));
  assert(calls.includes("reveal_in_folder"), "Show in folder asks the backend");
  await page.click(tid("export-close"));
  await dialog.waitFor({ state: "detached" });

  await page.evaluate(() => window.__mock.emit("menu-action", "export"));
  await dialog.waitFor();
  assert((await page.locator(tid("export-paper")).inputValue()) === "letter", "paper remembered");
  await page.evaluate(() => window.__mock.emit("menu-action", "export_plan"));
  await page.locator(tid("export-plan-dialog")).waitFor();
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

// ---- The planning desk: calendar, drag and drop, shading, undo/redo, violations ----

const calls = (page, cmd) => page.evaluate((c) => window.__mock.calls.filter((x) => x.cmd === c), cmd);
const event = (page, id, occurrence = 0) =>
  page.locator(`${tid("calendar-event")}[data-message-id="${id}"][data-occurrence="${occurrence}"]`);

/** The calendar of the first client (Harvest Lane) in the week of 23 Nov 2026. */
async function weekView(page) {
  await page.click(tid("view-calendar"));
  await page.locator(tid("calendar-event")).first().waitFor();
  await page.click('.ec-toolbar button:has-text("Week")');
  await page.locator(".ec-time-grid").waitFor();
}

/** Drag with the real mouse from the middle of `locator` by (dx, dy), in steps; `during` runs before the drop. */
async function drag(page, locator, dx, dy, during) {
  const box = await locator.boundingBox();
  assert(box, "the event is on screen");
  const x = box.x + box.width / 2;
  const y = box.y + 6;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) await page.mouse.move(x + (dx * i) / 12, y + (dy * i) / 12);
  if (during) await during({ x: x + dx, y: y + dy });
  await page.mouse.up();
}

async function columnWidth(page) {
  const xs = await page.locator(".ec-col-head").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().x));
  return xs[2] - xs[1];
}
const SLOT = 28; // px per 30 minutes (slotHeight)

test("drags a message in the week view: shaded slots while dragging, then move_message", async ({ page }) => {
  await weekView(page);
  const holiday = event(page, "hl-holiday");
  await expectText(holiday, "Holiday", "event title");
  const col = await columnWidth(page);
  const y0 = ((await holiday.boundingBox())?.y ?? 0) + 6;
  // Tue 24 Nov 09:00 -> Wed 25 Nov 12:00 (one column right, six slots down).
  await drag(page, holiday, col, 6 * SLOT, async ({ x }) => {
    // The probe answered: the night slots (quiet hours 21:00-08:00) are shaded, with the rule.
    await page.locator(tid("shaded-slot")).first().waitFor();
    const shaded = await page.locator(tid("shaded-slot")).count();
    assert(shaded > 0, `shaded slots during the drag (${shaded})`);
    const title = await page.locator(tid("shaded-slot")).first().getAttribute("title");
    assert(title?.includes("quiet hours"), `the shade names the rule: ${title}`);
    const probes = await calls(page, "probe_slots");
    assert(probes.length === 1, `one probe per drag (${probes.length})`);
    assert(probes[0].args.request.candidates.length === 7 * 48, "every 30-minute slot of the week is probed");
    // Over a shaded slot (07:30 on Wednesday) the hint says which rule would break.
    await page.mouse.move(x, y0 - 3 * SLOT);
    await page.locator(tid("drag-hint")).waitFor();
    await expectText(page.locator(tid("drag-hint")), "quiet hours", "drag hint");
    if (process.env.SHOTS) await page.screenshot({ path: resolve(docs, "ui-calendar-week.png") });
    await page.mouse.move(x, y0 + 6 * SLOT);
  });
  await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "move_message"));
  const [move] = await calls(page, "move_message");
  assert(
    JSON.stringify(move.args.request) ===
      JSON.stringify({
        message: "hl-holiday",
        occurrence: 0,
        to: "2026-11-25T12:00:00",
        timezone: "America/New_York",
        scope: "series",
      }),
    `move request: ${JSON.stringify(move.args.request)}`,
  );
  // The shades go with the drag; the calendar shows the new plan.
  assert((await page.locator(tid("shaded-slot")).count()) === 0, "no shades after the drop");
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="calendar-event"][data-message-id="hl-holiday"]');
    return el?.textContent?.includes("12:00");
  });
  await expectText(page.locator(tid("undo")), "Undo", "undo button");
  assert((await page.locator(tid("undo")).getAttribute("aria-label"))?.includes("Move message"), "undo names the move");
});

test("a repeating message asks: only this occurrence or the series; cancel puts it back", async ({ page }) => {
  await weekView(page);
  const offers = event(page, "hl-weekly-offers", 3); // Thu 26 Nov 07:30, the fourth occurrence
  const before = await offers.boundingBox();
  const col = await columnWidth(page);
  await drag(page, offers, col, 4 * SLOT);
  const dialog = page.locator(tid("move-scope-dialog"));
  await dialog.waitFor();
  await page.click(`${tid("move-scope-dialog")} button:has-text("Cancel")`);
  await dialog.waitFor({ state: "detached" });
  const after = await offers.boundingBox();
  assert(
    before && after && Math.abs(before.x - after.x) < 2 && Math.abs(before.y - after.y) < 2,
    "cancel reverts the drop",
  );
  assert((await calls(page, "move_message")).length === 0, "nothing sent on cancel");

  await drag(page, offers, col, 4 * SLOT);
  await dialog.waitFor();
  // Each choice says what it would do, from the backend's preview of the same move.
  const series = page.locator(tid("move-outcome-series"));
  await series.waitFor();
  await page.locator(tid("move-outcome-occurrence")).waitFor();
  const [preview] = await calls(page, "preview_move");
  assert(preview.args.request.occurrence === 3, `preview of: ${JSON.stringify(preview.args)}`);
  assert(/violation|No change/.test((await series.textContent()) ?? ""), "the series outcome is described");
  await page.click(tid("move-scope-occurrence"));
  await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "move_message"));
  const [move] = await calls(page, "move_message");
  assert(move.args.request.scope === "occurrence" && move.args.request.occurrence === 3, JSON.stringify(move.args));
  assert(move.args.request.to === "2026-11-27T09:30:00", `to: ${move.args.request.to}`);
});

test("undo and redo from the keyboard, not while typing in a field", async ({ page }) => {
  await weekView(page);
  const col = await columnWidth(page);
  await drag(page, event(page, "hl-holiday"), col, 6 * SLOT);
  await page.waitForFunction(() => !document.querySelector('[data-testid="undo"]').disabled);
  const total = async () => Number(await page.locator(tid("header-violations")).textContent());
  const moved = await total();

  // In a field the keys belong to the field.
  await page.focus(tid("calendar-zone"));
  await page.keyboard.press("Control+z");
  assert((await calls(page, "undo")).length === 0, "no undo while a field has focus");

  await page.locator(tid("calendar")).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+z");
  await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "undo"));
  await page.waitForFunction(() => !document.querySelector('[data-testid="redo"]').disabled);
  await page.waitForFunction(() =>
    document
      .querySelector('[data-testid="calendar-event"][data-message-id="hl-holiday"]')
      ?.textContent?.includes("09:00"),
  );
  assert((await page.locator(tid("redo")).getAttribute("aria-label"))?.includes("Move message"), "redo names the move");

  await page.keyboard.press("Control+Shift+Z");
  await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "redo"));
  await page.waitForFunction(() =>
    document
      .querySelector('[data-testid="calendar-event"][data-message-id="hl-holiday"]')
      ?.textContent?.includes("12:00"),
  );
  assert((await total()) === moved, "the violation total follows redo");
  assert(
    (await calls(page, "undo")).length === 1 && (await calls(page, "redo")).length === 1,
    "one call per key press",
  );
});

test("moves with the keyboard (M) and applies a suggested slot from the violations panel", async ({ page }) => {
  await page.click(tid("view-calendar"));
  await page.locator(tid("calendar-event")).first().waitFor();
  // Month view: the single 21:30 SMS breaks quiet hours; it carries a badge.
  const reminder = event(page, "hl-sms-reminder");
  assert((await reminder.locator(tid("violation-badge")).count()) === 1, "badge on a breaking message");
  await reminder.click();
  await page.keyboard.press("m");
  await page.locator(tid("move-dialog")).waitFor();
  await page.fill(tid("move-date"), "2026-11-14");
  await page.fill(tid("move-time"), "10:15");
  await page.click(tid("move-apply"));
  await page.waitForFunction(() => window.__mock.calls.some((c) => c.cmd === "move_message"));
  let [move] = await calls(page, "move_message");
  assert(
    move.args.request.to === "2026-11-14T10:15:00" && move.args.request.scope === "series",
    JSON.stringify(move.args),
  );

  // The panel lists findings by segment; a suggested slot is one click.
  const panel = page.locator(tid("violations-panel"));
  // Consent cannot be fixed by moving: the panel says so instead of offering times.
  // Slots are asked for once a finding is in view.
  const flash = panel.locator(`${tid("finding")}[data-message-id="hl-flash"]`);
  await flash.scrollIntoViewIfNeeded();
  await waitText(flash, "No time helps", "blocked");
  await panel.locator(tid("finding")).first().scrollIntoViewIfNeeded();
  const finding = panel.locator(`${tid("finding")}[data-message-id="hl-weekly-offers"]`).first();
  await finding.locator(tid("suggested-slot")).first().waitFor();
  const before = await panel.locator(tid("finding")).count();
  const slot = finding.locator(tid("suggested-slot")).first();
  const local = await slot.getAttribute("data-local");
  await slot.click();
  await page.waitForFunction(() => window.__mock.calls.filter((c) => c.cmd === "move_message").length === 2);
  move = (await calls(page, "move_message"))[1];
  const { message, to, scope, occurrence } = move.args.request;
  assert(message === "hl-weekly-offers" && to === local, JSON.stringify(move.args));
  assert(scope === "occurrence" && occurrence === 0, "a repeating message moves one occurrence");
  assert(move.args.request.timezone === "America/New_York", "the message's own zone");
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="violations-panel"] [data-testid="finding"]').length < n,
    before,
  );
  if (process.env.SHOTS) await page.screenshot({ path: resolve(docs, "ui-calendar.png") });
});

test("key 4 opens the Insights view, which points to the history import when there is none", async ({ page }) => {
  await page.waitForSelector(tid("client-list"));
  await page.keyboard.press("4");
  const view = page.locator(tid("insights-view"));
  await view.waitFor();
  await waitText(view.locator(tid("empty-state")), "No campaign history for this client yet", "empty state");
  await expectText(view.locator(tid("empty-state")), "File → Import History…", "where to import");
  assert((await page.locator(tid("view-insights")).getAttribute("aria-selected")) === "true", "the tab is selected");
});

test("keys switch views, N opens a new message at once, ? lists the shortcuts", async ({ page }) => {
  await page.waitForSelector(tid("client-list"));
  await page.keyboard.press("2");
  await page.locator(tid("calendar")).waitFor();
  await page.keyboard.press("1");
  await page.locator(tid("client-title")).waitFor();
  await page.keyboard.press("?");
  await page.locator(tid("shortcuts-dialog")).waitFor();
  await page.keyboard.press("Escape");
  await page.keyboard.press("n");
  const form = page.locator(tid("message-form"));
  await form.waitFor();
  await page.fill("#message-title", "Leftover turkey: three quick dinners");
  await page.selectOption("#message-channel", "email");
  await form.getByLabel("Young families").check();
  await page.fill("#message-date", "2026-11-26");
  await page.fill("#message-time", "17:30");
  await form.getByLabel("Would this make the customer glad they know us?").check();
  await form.getByLabel("Useful information").check();
  await form.getByLabel("Actionable").check();
  await page.selectOption(tid("recurrence-preset"), "weekly");
  // The first date is a Thursday: that day is on; add Sunday.
  await page.click(tid("recurrence-day-SU"));
  await page.fill(tid("recurrence-count"), "6");
  await expectText(form.locator(tid("recurrence-rrule")), "FREQ=WEEKLY;BYDAY=TH,SU;COUNT=6", "rrule from the preset");
  await waitText(form.locator(tid("recurrence-preview")), "Every week on Thursday and Sunday, 6 times", "preview text");
  await waitText(form.locator(tid("recurrence-preview")), "Sun 29 Nov 2026, 17:30", "next dates");
  if (process.env.SHOTS) {
    await form.locator(tid("recurrence-preview")).scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(docs, "ui-message-editor.png") });
  }
});

test("a click on an empty day opens a new message on that date, asking for its campaign", async ({ page }) => {
  await page.click(tid("view-calendar"));
  await page.locator(tid("calendar-event")).first().waitFor();
  // Wednesday 25 November has no message: click the lower part of its cell.
  const day = page.locator(".ec-day", { has: page.locator("time[datetime='2026-11-25']") }).first();
  const box = await day.boundingBox();
  assert(box, "the day cell is on screen");
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 8);
  const form = page.locator(tid("message-form"));
  await form.waitFor();
  assert((await page.inputValue("#message-date")) === "2026-11-25", "date from the click");
  assert((await page.inputValue("#message-time")) === "09:00", "a morning time for a day click");
  assert((await page.inputValue(tid("message-campaign"))) === "hl-offers", "the first campaign is proposed");
});

test(
  "the violations panel follows the segment tree and shows why no time helps",
  async ({ page }) => {
    await page.locator(tid("client-item"), { hasText: "Tidewater Coffee" }).click();
    await page.click(tid("view-calendar"));
    const panel = page.locator(tid("violations-panel"));
    await panel.locator(tid("finding")).first().waitFor();
    const groups = await panel
      .locator("section.group")
      .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
    const order = ["Coffee community", "Brand advocates", "Subscribers in Europe"].filter((n) =>
      groups.some((g) => g.startsWith(n)),
    );
    assert(
      JSON.stringify(groups.map((g) => g.split(":")[0]).filter((g) => order.includes(g))) === JSON.stringify(order),
      `tree order: ${groups}`,
    );
    await panel.locator(tid("suggested-slot")).first().waitFor();
    if (process.env.SHOTS) await panel.screenshot({ path: resolve(docs, "ui-violations.png") });
  },
  { height: 1000 },
);

const LONG_NAME = `Harvest Lane Grocers ${"and sons ".repeat(12)}`.trim();
const LONG_TITLE = "W".repeat(118);

test(
  "long names end in an ellipsis with the whole name on hover, and the edit dialog stays on screen",
  async ({ page }) => {
    await page.waitForSelector(tid("client-list"));
    const fits = (locator) =>
      locator.evaluate((el) => ({
        cut: el.scrollWidth > el.clientWidth,
        style: getComputedStyle(el).textOverflow,
        title: el.getAttribute("title"),
      }));
    for (const [what, locator] of [
      ["overview heading", page.locator(tid("client-title"))],
      ["client list", page.locator(`${tid("client-item")}[aria-current="true"] .name`)],
    ]) {
      const f = await fits(locator);
      assert(f.cut && f.style === "ellipsis", `${what} is cut with an ellipsis: ${JSON.stringify(f)}`);
      assert(f.title === LONG_NAME, `${what} has the whole name on hover: ${f.title}`);
    }
    const heading = await page.locator(tid("client-title")).boundingBox();
    assert(heading && heading.height < 40, `the heading stays one line (${heading?.height}px)`);
    await page.click(tid("view-calendar"));
    const header = page.locator(tid("header-client"));
    const h = await fits(header);
    assert(h.cut && h.title === LONG_NAME, `the view header is cut with the name on hover: ${JSON.stringify(h)}`);
    await page.click(tid("view-overview"));

    // The message with a 118-character title that has no space: its edit dialog fits the window.
    const row = page.locator(tid("message-item"), { hasText: LONG_TITLE.slice(0, 20) });
    const title = row.locator(".title");
    assert((await title.getAttribute("title")) === LONG_TITLE, "message row has the whole title on hover");
    await row.hover();
    await row.getByRole("button", { name: /^Edit/ }).click();
    const form = page.locator(tid("message-form"));
    await form.waitFor();
    const box = await page.locator('[role="dialog"]').boundingBox();
    const viewport = page.viewportSize();
    assert(
      box && box.x >= 0 && box.x + box.width <= viewport.width && box.y >= 0 && box.y + box.height <= viewport.height,
      `dialog inside the window: ${JSON.stringify(box)}`,
    );
    const dialogTitle = await fits(page.locator(tid("dialog-title")));
    assert(dialogTitle.cut, `dialog title is cut: ${JSON.stringify(dialogTitle)}`);
    assert(dialogTitle.title === `Edit message: ${LONG_TITLE}`, `dialog title on hover: ${dialogTitle.title}`);
    const close = await page.getByRole("button", { name: "Close" }).boundingBox();
    assert(close && close.x + close.width <= viewport.width, "the close button is reachable");
    // The title field refuses more than the backend's limit.
    assert((await page.getAttribute(tid("message-title"), "maxlength")) === "120", "maxlength from the limits");
    await page.getByRole("button", { name: "Close" }).click();
    await form.waitFor({ state: "detached" });
  },
  {
    width: 1024,
    height: 700,
    edit: (p) => {
      p.clients[0].name = LONG_NAME;
      p.clients[0].campaigns[0].messages[0].title = LONG_TITLE;
      return p;
    },
  },
);

test(
  "a delete offers undo, plan warnings show above the violations, and a suggested move says where it went",
  async ({ page }) => {
    const row = page.locator(`${tid("segment-item")}[data-segment-id="hl-families"] > .row`);
    await row.hover();
    await row.getByRole("button", { name: "Delete Young families" }).click();
    const dialog = page.locator(tid("delete-dialog"));
    await dialog.waitFor();
    await expectText(dialog.locator(tid("undo-hint")), "You can undo this with Ctrl+Z", "undo hint");
    assert(!(await dialog.textContent()).includes("cannot be undone"), "no 'cannot be undone'");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });

    const overview = page.locator(tid("plan-warnings"));
    await expectText(overview, "1 plan warning", "warnings on the overview");
    await expectText(overview, "3 occurrences outside its campaign", "warning text");

    await page.locator(tid("client-item"), { hasText: "Tidewater Coffee" }).click();
    await page.click(tid("view-calendar"));
    const panel = page.locator(tid("violations-panel"));
    // Offers are asked for once a finding is in view (below the problems by message): bring
    // the findings into view one by one until one has a time to offer.
    const findings = panel.locator(tid("finding"));
    await findings.first().waitFor();
    const n = await findings.count();
    for (let i = 0; i < n && !(await panel.locator(tid("suggested-slot")).count()); i++) {
      await findings.nth(i).scrollIntoViewIfNeeded();
      await page.waitForTimeout(150);
    }
    const slot = panel.locator(tid("suggested-slot")).first();
    await slot.waitFor();
    await slot.click();
    await waitText(page.locator(tid("notice")), "Moved ", "status line after applying a slot");
    const notice = (await page.locator(tid("notice")).textContent()) ?? "";
    assert(/^Moved .+“.+” .+\d{2}:\d{2} \(.+\)\.$/.test(notice.trim()), `move notice: ${notice}`);
  },
  {
    warnings: {
      "harvest-lane": [
        {
          code: "outside_campaign",
          client: "harvest-lane",
          ids: ["hl-weekly-offers", "hl-offers"],
          count: 3,
          first: "2027-02-04T07:30:00",
          text: "message “This week's offers” (hl-weekly-offers) has 3 occurrences outside its campaign “Weekly offers” (2026-11-01 to 2027-01-31) (first: 2027-02-04 07:30)",
        },
      ],
    },
  },
);

test("says the sample is sample data and removes only the sample clients, undoably", async ({ page }) => {
  await page.waitForSelector(tid("client-list"));
  const banner = page.locator(tid("sample-banner"));
  await expectText(banner, "This client is sample data", "banner on a sample client");
  await expectText(banner, "So are 2 other clients.", "the other sample clients");
  assert((await page.locator(tid("sample-tag")).count()) === 3, "the three sample clients are tagged in the list");
  if (process.env.SHOTS) await page.screenshot({ path: resolve(docs, "ui-sample-banner.png") });
  // The planner's own client has no banner.
  await page.click(tid("new-client"));
  await page.fill(tid("client-name"), "Lumen Opticians");
  await page.fill(tid("client-timezone"), "Europe/Paris");
  await page.click(tid("save-client"));
  await page.locator(tid("client-form")).waitFor({ state: "detached" });
  assert((await banner.count()) === 0, "no banner on the planner's own client");
  // From the banner of a sample client.
  await page.locator(tid("client-item"), { hasText: "Harvest Lane Grocers" }).click();
  await page.click(tid("remove-sample"));
  const dialog = page.locator(tid("remove-sample-dialog"));
  await waitText(dialog.locator(tid("sample-clients")), "Harvest Lane Grocers", "what goes");
  await expectText(dialog.locator(tid("sample-clients")), "Northbridge Bank", "what goes");
  await expectText(dialog.locator(tid("sample-kept")), "Your own client stays", "what stays");
  await expectText(dialog.locator(tid("undo-hint")), "You can undo this", "undoable");
  await dialog.locator(tid("confirm")).click();
  await dialog.waitFor({ state: "detached" });
  const names = await page.locator(tid("client-item")).allTextContents();
  assert(names.length === 1 && names[0].includes("Lumen Opticians"), `only the own client stays: ${names}`);
  assert((await banner.count()) === 0, "the banner is gone");
  await expectText(page.locator("footer"), "Removed 3 sample clients; your own clients are kept.", "status line");
  // Undo brings them back, banner and all.
  await page.click(tid("undo"));
  await page.locator(tid("client-item"), { hasText: "Harvest Lane Grocers" }).click();
  await banner.waitFor();
  assert((await page.locator(tid("client-item")).count()) === 4, "undo restores the three sample clients");
  // The Workspace menu offers it too.
  await page.click(tid("workspace-menu"));
  await page.click(tid("menu-remove-sample"));
  await dialog.waitFor();
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  // Start empty points to it when the workspace holds own clients too.
  await page.click(tid("workspace-menu"));
  await page.click(tid("menu-reset-empty"));
  const reset = page.locator(tid("reset-keeps-own"));
  await expectText(reset, "To remove only the sample clients and keep yours", "the way that keeps own clients");
  await reset.getByRole("button").click();
  await dialog.waitFor();
});

test("the message editor: missing fields block saving, the engine's violations show, Save anyway says why", async ({
  page,
}) => {
  await page.waitForSelector(tid("client-list"));
  // An empty new message: the button never turns into Save anyway; why is beside it.
  await page.keyboard.press("n");
  const form = page.locator(tid("message-form"));
  await form.waitFor();
  await page.click(tid("save-message"));
  await page.click(tid("save-message"));
  await expectText(page.locator(tid("save-message")), "Create message", "no Save anyway");
  await expectText(page.locator(tid("save-blocked")), "Fill in or fix: title, channel, target segments", "why");
  const blocked = await page.locator(tid("save-blocked")).boundingBox();
  const button = await page.locator(tid("save-message")).boundingBox();
  assert(blocked && button && Math.abs(blocked.y - button.y) < button.height, "the reason sits beside the button");
  await page.keyboard.press("Escape");
  await form.waitFor({ state: "detached" });
  // A message that breaks quiet hours: the editor says so on opening, in the engine's words.
  const row = page.locator(".message", { hasText: "Offers end tonight" });
  await row.hover();
  await row.getByRole("button", { name: /^Edit/ }).click();
  await form.waitFor();
  const findings = form.locator(tid("message-findings"));
  await waitText(findings, "This message breaks guidelines now: quiet hours", "current violations");
  await expectText(findings, "breaks the quiet hours rule", "the explanation");
  if (process.env.SHOTS) await page.screenshot({ path: resolve(docs, "ui-message-violations.png") });
  // Moved out of quiet hours, the draft is checked again.
  await page.fill("#message-time", "10:00");
  await waitText(form, "Saved like this, the message breaks no guideline.", "the draft is fixed");
  // Moved later still, it breaks them again: Save anyway, with the reason beside the button.
  await page.fill("#message-time", "23:15");
  await waitText(findings, "Saved like this, the message would break: quiet hours", "would-be violations");
  await page.click(tid("save-message"));
  await expectText(page.locator(tid("save-message")), "Save anyway", "Save anyway for rule violations");
  await expectText(page.locator(tid("save-anyway-reason")), "Breaks quiet hours", "why, beside the button");
  if (process.env.SHOTS) await page.screenshot({ path: resolve(docs, "ui-message-save-anyway.png") });
  await page.click(tid("save-message"));
  await form.waitFor({ state: "detached" });
});

test(
  "segment row actions keep their own room: the name is never covered on hover",
  async ({ page }) => {
    const row = page.locator(`${tid("segment-item")}[data-segment-id="hl-coupon"] .row`).first();
    // Hidden, the actions take no room: the name is shown whole.
    await page.mouse.move(0, 0);
    const whole = await row
      .locator(".name")
      .first()
      .evaluate((e) => e.scrollWidth <= e.clientWidth && e.clientWidth > 0);
    assert(whole, "without hover the segment's name is not cut");
    await row.hover();
    const name = await row.locator(".name").first().boundingBox();
    const actions = await row.locator(".actions").first().boundingBox();
    assert(name && actions, "name and actions are laid out");
    const opacity = await row
      .locator(".actions")
      .first()
      .evaluate((e) => getComputedStyle(e).opacity);
    assert(opacity === "1", `actions shown on hover (opacity ${opacity})`);
    assert(name.x + name.width <= actions.x, `the actions start after the name (${JSON.stringify({ name, actions })})`);
    // Keyboard users reach them too.
    await row.getByRole("button", { name: "Edit Coupon fans" }).focus();
    assert(
      (await row
        .locator(".actions")
        .first()
        .evaluate((e) => getComputedStyle(e).opacity)) === "1",
      "actions shown on focus",
    );
  },
  { width: 1024, height: 700 },
);

test(
  "a de-DE planner sees dates day first: message rows and the calendar",
  async ({ page }) => {
    const dinners = page.locator(tid("message-item"), { hasText: "Three dinners under $15" });
    await expectText(dinners, "So., 1. Nov. 2026, 10:00", "local date-time in German order");
    await page.click(tid("view-calendar"));
    await page.locator(".ec-timeGridWeek").click();
    const heads = await page.locator(".ec-col-head").allTextContents();
    assert(
      heads.some((h) => h.includes("23.11")),
      `week headers day first: ${heads.join(" | ")}`,
    );
    // Today is the backend's (2026-11-23), whatever the clock says.
    await page.locator(".ec-dayGridMonth").click();
    await expectText(page.locator(".ec-day.ec-highlight").first(), "23", "today's cell");
    const prev = await page.locator("button.ec-prev").getAttribute("aria-label");
    assert(prev === "Previous month", `prev button named: ${prev}`);
  },
  { locale: "de-DE" },
);

let passed = 0;
let failed = 0;
// ONLY=words runs the tests whose name contains them.
for (const { name, fn, options } of tests.filter((t) => !process.env.ONLY || t.name.includes(process.env.ONLY))) {
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
