// The workspace: clients, segments, messages, the menus, export, errors, the sample banner.
import { calls, expect, menu, sent, shot, test, tid } from "./fixtures";

test("opens on the workspace with clients, a nested segment tree and messages", async ({ page, workspace }) => {
  await expect(page.locator(tid("client-item"))).toHaveCount(3);
  await expect(page.locator(tid("client-item")).first()).toContainText("Harvest Lane Grocers");
  await expect(page.locator(tid("db-path"))).toContainText(workspace.db);
  // The status bar sits at the bottom of the window and the client's content scrolls above it.
  const bar = await page.locator("footer").boundingBox();
  expect(bar && Math.round(bar.y + bar.height), "status bar at the bottom").toBe(800);
  // Loyalty members sits inside Coupon fans, which sits inside All shoppers.
  const loyal = page.locator(`${tid("segment-item")}[data-segment-id="hl-loyal"]`);
  await expect(loyal).toHaveAttribute("aria-level", "3");
  const coupon = page.locator(`${tid("segment-item")}[data-segment-id="hl-coupon"]`);
  await expect(coupon.locator('[data-segment-id="hl-loyal"]')).toHaveCount(1);
  const dinners = page.locator(tid("message-item"), { hasText: "Three dinners under $15" });
  await expect(dinners).toContainText("Every 2 weeks on Sunday, 6 times");
  await expect(dinners).toContainText("Sun 1 Nov 2026, 10:00");
  await shot(page, "workspace");
});

test("creates a client with the backend's checks under its fields and then a segment inside it", async ({ page }) => {
  await page.click(tid("new-client"));
  const form = page.locator(tid("client-form"));
  await expect(page.locator(tid("client-name"))).toBeFocused();
  await page.fill(tid("client-timezone"), "Mars/Olympus");
  // The draft check (the save's own validation in Rust) speaks while typing, under the field.
  await expect(page.locator('[data-field-error="client-timezone"]')).toContainText('unknown time zone "Mars/Olympus"');
  await page.click(tid("save-client"));
  await expect(page.locator('[data-field-error="client-name"]')).toHaveText("must not be empty");
  expect(await calls(page, "save_client"), "nothing is sent while the backend finds issues").toHaveLength(0);
  await page.fill(tid("client-name"), "Lumen Opticians");
  await page.fill(tid("client-timezone"), "Europe/Paris");
  await page.click(tid("save-client"));
  await expect(form).toBeHidden();
  await expect(page.locator(`${tid("client-item")}[aria-current="true"]`)).toContainText("Lumen Opticians");
  await expect(page.locator(tid("empty-state")).first()).toContainText("No segments yet");

  await page.click(tid("new-segment"));
  await page.fill(tid("segment-name"), "Contact lens wearers");
  await page.click(tid("save-segment"));
  await expect(page.locator(tid("segment-form"))).toBeHidden();
  await expect(page.locator(tid("segment-tree"))).toContainText("Contact lens wearers");
});

test.describe("dark", () => {
  test.use({ colorScheme: "dark" });
  test("edits a message: live score, recurrence in words, dark theme", async ({ page }) => {
    await page.locator(tid("client-item"), { hasText: "Northbridge Bank" }).click();
    const row = page.locator(".message", { hasText: "Upgrade to our premium card" });
    await row.hover();
    await row.getByRole("button", { name: /^Edit/ }).click();
    const form = page.locator(tid("message-form"));
    await form.waitFor();
    const score = page.locator(tid("value-score"));
    await expect(score).toHaveText(/\d+\.\d \/ 100/);
    const before = await score.textContent();
    await form.getByLabel("Would this make the customer glad they know us?").check();
    // The score comes from the backend's draft check; the UI shows it with one decimal.
    await expect(score).not.toHaveText(before ?? "");
    await expect(score).toHaveText(/\d+\.\d \/ 100/);
    await page.selectOption(tid("recurrence-preset"), "custom");
    await page.fill(tid("recurrence-custom"), "FREQ=MONTHLY;BYDAY=1WE;COUNT=4");
    await expect(form.locator(tid("recurrence-preview"))).toContainText("Every month on the first Wednesday, 4 times");
    await page.fill("#message-title", "Premium card: what really changes");
    await form.locator(".dialog-body").evaluate((el) => (el.scrollTop = 0));
    await shot(page, "message-dark");
    await page.keyboard.press("Escape");
    await expect(form).toBeHidden();
  });
});

test("asks before deleting a segment and lists what goes with it", async ({ page }) => {
  const row = page.locator(`${tid("segment-item")}[data-segment-id="hl-coupon"] > .row`);
  await row.hover();
  await row.getByRole("button", { name: "Delete Coupon fans" }).click();
  const dialog = page.locator(tid("delete-dialog"));
  await expect(dialog).toContainText("Loyalty members");
  await expect(dialog).toContainText("This week's offers");
  await page.click(`${tid("delete-dialog")} ${tid("confirm")}`);
  await expect(dialog).toBeHidden();
  await expect(page.locator(`[data-segment-id="hl-coupon"]`)).toHaveCount(0);
  await expect(page.locator(`[data-segment-id="hl-loyal"]`)).toHaveCount(0);
});

test("the workspace menu works from the keyboard and the native menu opens the same dialogs", async ({
  page,
  bridge,
}) => {
  await page.waitForSelector(tid("client-list"));
  await page.focus(tid("workspace-menu"));
  await page.keyboard.press("ArrowDown");
  await expect(page.locator(tid("menu-import"))).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.locator(tid("export-dialog")).waitFor();
  await page.keyboard.press("Escape");
  await expect(page.locator(tid("export-dialog"))).toBeHidden();
  await expect(page.locator(tid("workspace-menu"))).toBeFocused();

  await menu(bridge, "reset_empty");
  await page.locator(tid("reset-dialog")).waitFor();
  await page.click(`${tid("reset-dialog")} ${tid("confirm")}`);
  await expect(page.locator(tid("empty-state"))).toContainText("Create a client or load the sample agency");
  await expect(page.locator(tid("client-item"))).toHaveCount(0);
});

test("File → Export… saves a PDF of the selected client, then remembers the choices", async ({
  page,
  bridge,
  workspace,
}) => {
  await page.waitForSelector(tid("client-list"));
  await menu(bridge, "export");
  const dialog = page.locator(tid("export-dialog"));
  await dialog.waitFor();
  await expect(page.locator(tid("export-format-pdf"))).toBeChecked();
  expect(await page.locator(`${tid("export-client")} option`).allTextContents()).not.toContain("All clients");
  await page.locator(tid("export-format-touches")).check();
  await expect(page.locator(tid("export-client"))).toContainText("All clients");
  await page.locator(tid("export-format-pdf")).check();
  await page.selectOption(tid("export-paper"), "letter");
  // The save dialog keeps the suggested name, in the test's folder.
  await bridge.post("/test/dialog", { acceptIn: workspace.scratch });
  await page.click(tid("export-start"));
  await expect(page.locator(tid("export-summary"))).toContainText(/PDF report, \d+ pages?/);
  await expect(page.locator(tid("export-path"))).toContainText(workspace.scratch);
  await expect(page.locator(tid("export-path"))).toContainText(".pdf");
  const written = (await page.locator(tid("export-path")).textContent())?.trim() ?? "";
  await page.click(tid("export-reveal"));
  await expect.poll(() => bridge.get<string[]>("/test/revealed")).toEqual([written]);
  await page.click(tid("export-close"));
  await expect(dialog).toBeHidden();

  await menu(bridge, "export");
  await dialog.waitFor();
  await expect(page.locator(tid("export-paper"))).toHaveValue("letter");
  await menu(bridge, "export_plan");
  await page.locator(tid("export-plan-dialog")).waitFor();
});

test.describe("locked", () => {
  test.use({ reset: { locked: true } });
  test("a locked database fills the window with what to do, not a blank screen", async ({ page, workspace }) => {
    const panel = page.locator(tid("error-panel"));
    await expect(panel).toContainText("in use by another program", { timeout: 10_000 });
    await expect(panel).toContainText(workspace.db);
    await expect(page.locator(tid("client-list"))).toHaveCount(0);
  });
});

// 110 characters: within the backend's 120 for names.
const LONG_NAME = `Harvest Lane Grocers ${"and sons ".repeat(10)}`.trim();
const LONG_TITLE = "W".repeat(118);

test.describe("long names", () => {
  test.use({
    viewport: { width: 1024, height: 700 },
    // A long client name and a 118-character title with no space, saved through the desk.
    setup: {
      before: async (bridge) => {
        await bridge.invoke("save_client", {
          input: { id: "harvest-lane", name: LONG_NAME, timezone: "America/New_York" },
        });
        type Ws = { plan: { clients: { campaigns: { id: string; messages: Record<string, unknown>[] }[] }[] } };
        const ws = await bridge.invoke<Ws>("workspace");
        const campaign = ws.plan.clients[0].campaigns[0];
        const message = campaign.messages[0];
        await bridge.invoke("save_message", { campaignId: campaign.id, input: { ...message, title: LONG_TITLE } });
      },
    },
  });
  test("long names end in an ellipsis with the whole name on hover, and the edit dialog stays on screen", async ({
    page,
  }) => {
    await page.waitForSelector(tid("client-list"));
    const fits = (selector: string) =>
      page.locator(selector).evaluate((el) => ({
        cut: el.scrollWidth > el.clientWidth,
        style: getComputedStyle(el).textOverflow,
        title: el.getAttribute("title"),
      }));
    for (const selector of [tid("client-title"), `${tid("client-item")}[aria-current="true"] .name`]) {
      const f = await fits(selector);
      expect(f, selector).toEqual({ cut: true, style: "ellipsis", title: LONG_NAME });
    }
    const heading = await page.locator(tid("client-title")).boundingBox();
    expect(heading!.height, "the heading stays one line").toBeLessThan(40);
    await page.click(tid("view-calendar"));
    const h = await fits(tid("header-client"));
    expect(h.cut && h.title, "the view header is cut with the name on hover").toBe(LONG_NAME);
    await page.click(tid("view-overview"));

    // The message with a 118-character title that has no space: its edit dialog fits the window.
    const row = page.locator(tid("message-item"), { hasText: LONG_TITLE.slice(0, 20) });
    await expect(row.locator(".title")).toHaveAttribute("title", LONG_TITLE);
    await row.hover();
    await row.getByRole("button", { name: /^Edit/ }).click();
    const form = page.locator(tid("message-form"));
    await form.waitFor();
    const box = (await page.locator('[role="dialog"]').boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.x >= 0 && box.x + box.width <= viewport.width, `dialog inside: ${JSON.stringify(box)}`).toBe(true);
    expect(box.y >= 0 && box.y + box.height <= viewport.height, `dialog inside: ${JSON.stringify(box)}`).toBe(true);
    const dialogTitle = await fits(tid("dialog-title"));
    expect(dialogTitle.cut, "dialog title is cut").toBe(true);
    expect(dialogTitle.title).toBe(`Edit message: ${LONG_TITLE}`);
    const close = (await page.getByRole("button", { name: "Close" }).boundingBox())!;
    expect(close.x + close.width, "the close button is reachable").toBeLessThanOrEqual(viewport.width);
    // The title field refuses more than the backend's limit.
    await expect(page.locator(tid("message-title"))).toHaveAttribute("maxlength", "120");
    await page.getByRole("button", { name: "Close" }).click();
    await expect(form).toBeHidden();
  });
});

test("says the sample is sample data and removes only the sample clients, undoably", async ({ page }) => {
  const banner = page.locator(tid("sample-banner"));
  await expect(banner).toContainText("This client is sample data");
  await expect(banner).toContainText("So are 2 other clients.");
  await expect(page.locator(tid("sample-tag"))).toHaveCount(3);
  await shot(page, "sample-banner");
  // The planner's own client has no banner.
  await page.click(tid("new-client"));
  await page.fill(tid("client-name"), "Lumen Opticians");
  await page.fill(tid("client-timezone"), "Europe/Paris");
  await page.click(tid("save-client"));
  await expect(page.locator(tid("client-form"))).toBeHidden();
  await expect(banner).toHaveCount(0);
  // From the banner of a sample client.
  await page.locator(tid("client-item"), { hasText: "Harvest Lane Grocers" }).click();
  await page.click(tid("remove-sample"));
  const dialog = page.locator(tid("remove-sample-dialog"));
  await expect(dialog.locator(tid("sample-clients"))).toContainText("Harvest Lane Grocers");
  await expect(dialog.locator(tid("sample-clients"))).toContainText("Northbridge Bank");
  await expect(dialog.locator(tid("sample-kept"))).toContainText("Your own client stays");
  await expect(dialog.locator(tid("undo-hint"))).toContainText("You can undo this");
  await dialog.locator(tid("confirm")).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator(tid("client-item"))).toHaveCount(1);
  await expect(page.locator(tid("client-item"))).toContainText("Lumen Opticians");
  await expect(banner).toHaveCount(0);
  await expect(page.locator("footer")).toContainText("Removed 3 sample clients; your own clients are kept.");
  // Undo brings them back, banner and all.
  await page.click(tid("undo"));
  await page.locator(tid("client-item"), { hasText: "Harvest Lane Grocers" }).click();
  await banner.waitFor();
  await expect(page.locator(tid("client-item"))).toHaveCount(4);
  // The Workspace menu offers it too.
  await page.click(tid("workspace-menu"));
  await page.click(tid("menu-remove-sample"));
  await dialog.waitFor();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // Start empty points to it when the workspace holds own clients too.
  await page.click(tid("workspace-menu"));
  await page.click(tid("menu-reset-empty"));
  const reset = page.locator(tid("reset-keeps-own"));
  await expect(reset).toContainText("To remove only the sample clients and keep yours");
  await reset.getByRole("button").click();
  await dialog.waitFor();
});

test.describe("narrow", () => {
  test.use({ viewport: { width: 1024, height: 700 } });
  test("segment row actions keep their own room: the name is never covered on hover", async ({ page }) => {
    const row = page.locator(`${tid("segment-item")}[data-segment-id="hl-coupon"] .row`).first();
    // Hidden, the actions take no room: the name is shown whole.
    await page.mouse.move(0, 0);
    const whole = await row
      .locator(".name")
      .first()
      .evaluate((e) => e.scrollWidth <= e.clientWidth && e.clientWidth > 0);
    expect(whole, "without hover the segment's name is not cut").toBe(true);
    await row.hover();
    const name = (await row.locator(".name").first().boundingBox())!;
    const actions = row.locator(".actions").first();
    await expect(actions).toHaveCSS("opacity", "1");
    const box = (await actions.boundingBox())!;
    expect(name.x + name.width, "the actions start after the name").toBeLessThanOrEqual(box.x);
    // Keyboard users reach them too.
    await page.mouse.move(0, 0);
    await row.getByRole("button", { name: "Edit Coupon fans" }).focus();
    await expect(actions).toHaveCSS("opacity", "1");
  });
});

test.describe("de-DE", () => {
  test.use({ reset: { lang: "de_DE.UTF-8" } });
  test("a de-DE planner sees dates day first: message rows and the calendar", async ({ page }) => {
    const dinners = page.locator(tid("message-item"), { hasText: "Three dinners under $15" });
    await expect(dinners).toContainText("So., 1. Nov. 2026, 10:00");
    await page.click(tid("view-calendar"));
    await page.locator(".ec-timeGridWeek").click();
    await expect(page.locator(".ec-col-head").filter({ hasText: "23.11" })).toHaveCount(1);
    // Today is the backend's (2026-11-23), whatever the clock says.
    await page.locator(".ec-dayGridMonth").click();
    await expect(page.locator(".ec-day.ec-highlight").first()).toContainText("23");
    await expect(page.locator("button.ec-prev")).toHaveAttribute("aria-label", "Previous month");
  });
});

test("the segment tree asks the backend where a segment may move", async ({ page }) => {
  const coupon = page.locator(`${tid("segment-item")}[data-segment-id="hl-coupon"]`);
  // Row actions show on hover or focus: open the picker from the keyboard.
  await coupon.getByRole("button", { name: "Move Coupon fans to another parent" }).first().focus();
  await page.keyboard.press("Enter");
  const options = page.locator(tid("move-target")).locator("option");
  // Not itself, not Loyalty members inside it.
  await expect(options).toHaveCount(3);
  await expect(options).toHaveText(["Top level", /All shoppers/, /Young families/]);
  expect(await calls(page, "segment_parents")).toHaveLength(1);
});

// The menu's native actions and the calls the UI made are checked through the bridge.
void calls;
void sent;
