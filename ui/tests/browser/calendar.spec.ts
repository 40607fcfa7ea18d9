// The planning desk: calendar, drag and drop with shading, undo/redo, moves, the violations
// panel and its suggested slots, plan warnings.
import type { Locator, Page } from "@playwright/test";
import { type Bridge, calls, expect, sent, shot, test, tid } from "./fixtures";

const event = (page: Page, id: string, occurrence = 0) =>
  page.locator(`${tid("calendar-event")}[data-message-id="${id}"][data-occurrence="${occurrence}"]`);

/** The calendar of the first client (Harvest Lane) in the week of 23 Nov 2026. */
async function weekView(page: Page) {
  await page.click(tid("view-calendar"));
  await page.locator(tid("calendar-event")).first().waitFor();
  await page.click('.ec-toolbar button:has-text("Week")');
  await page.locator(".ec-time-grid").waitFor();
}

/** Drag with the real mouse from the middle of `locator` by (dx, dy), in steps; `during` runs before the drop. */
async function drag(
  page: Page,
  locator: Locator,
  dx: number,
  dy: number,
  during?: (at: { x: number; y: number }) => Promise<void>,
) {
  const box = (await locator.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + 6;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) await page.mouse.move(x + (dx * i) / 12, y + (dy * i) / 12);
  if (during) await during({ x: x + dx, y: y + dy });
  await page.mouse.up();
}

async function columnWidth(page: Page) {
  const xs = await page.locator(".ec-col-head").evaluateAll((els) => els.map((e) => e.getBoundingClientRect().x));
  return xs[2] - xs[1];
}
const SLOT = 28; // px per 30 minutes (slotHeight)

type Ws = { plan: { clients: { campaigns: { id: string; messages: Record<string, unknown>[] }[] }[] } };

/** Change a Harvest Lane message through the desk before the page opens. */
async function editMessage(bridge: Bridge, id: string, change: Record<string, unknown>) {
  const ws = await bridge.invoke<Ws>("workspace");
  for (const campaign of ws.plan.clients[0].campaigns) {
    const message = campaign.messages.find((m) => m.id === id);
    if (message) await bridge.invoke("save_message", { campaignId: campaign.id, input: { ...message, ...change } });
  }
}

type Move = { message: string; occurrence: number; to: string; timezone: string; scope: string };
const moves = async (page: Page) => (await calls(page, "move_message")).map((c) => c.args.request as Move);

test("drags a message in the week view: shaded slots while dragging, then move_message", async ({ page }) => {
  await weekView(page);
  const holiday = event(page, "hl-holiday");
  await expect(holiday).toContainText("Holiday");
  const col = await columnWidth(page);
  const y0 = (await holiday.boundingBox())!.y + 6;
  // Tue 24 Nov 09:00 -> Wed 25 Nov 12:00 (one column right, six slots down).
  await drag(page, holiday, col, 6 * SLOT, async ({ x }) => {
    // The probe answered: the night slots (quiet hours 21:00-08:00) are shaded, with the rule.
    const shaded = page.locator(tid("shaded-slot"));
    await shaded.first().waitFor();
    expect(await shaded.first().getAttribute("title")).toContain("quiet hours");
    const probes = await calls(page, "probe_slots");
    expect(probes, "one probe per drag").toHaveLength(1);
    // The week's 30-minute slots, asked in wall time of the zone on screen.
    expect(probes[0].args.request).toEqual({
      message: "hl-holiday",
      from: "2026-11-23",
      to: "2026-11-30",
      zone: "America/New_York",
      grid: { kind: "slots" },
    });
    // Over a shaded slot (07:30 on Wednesday) the hint says which rule would break.
    await page.mouse.move(x, y0 - 3 * SLOT);
    await expect(page.locator(tid("drag-hint"))).toContainText("quiet hours");
    await shot(page, "calendar-week");
    await page.mouse.move(x, y0 + 6 * SLOT);
  });
  await sent(page, "move_message");
  expect((await moves(page))[0]).toEqual({
    message: "hl-holiday",
    occurrence: 0,
    to: "2026-11-25T12:00:00",
    timezone: "America/New_York",
    scope: "series",
  });
  // The shades go with the drag; the calendar shows the plan the desk saved.
  await expect(page.locator(tid("shaded-slot"))).toHaveCount(0);
  await expect(event(page, "hl-holiday")).toContainText("12:00");
  await expect(page.locator(tid("undo"))).toContainText("Undo");
  await expect(page.locator(tid("undo"))).toHaveAttribute("aria-label", /Move “Holiday order pick-up slots are open”/);
});

test("a repeating message asks: only this occurrence or the series; cancel puts it back", async ({ page }) => {
  await weekView(page);
  const offers = event(page, "hl-weekly-offers", 3); // Thu 26 Nov 07:30, the fourth occurrence
  const before = (await offers.boundingBox())!;
  const col = await columnWidth(page);
  await drag(page, offers, col, 4 * SLOT);
  const dialog = page.locator(tid("move-scope-dialog"));
  await dialog.waitFor();
  await page.click(`${tid("move-scope-dialog")} button:has-text("Cancel")`);
  await expect(dialog).toBeHidden();
  const after = (await offers.boundingBox())!;
  expect(Math.abs(before.x - after.x) < 2 && Math.abs(before.y - after.y) < 2, "cancel reverts the drop").toBe(true);
  expect(await moves(page), "nothing sent on cancel").toHaveLength(0);

  await drag(page, offers, col, 4 * SLOT);
  await dialog.waitFor();
  // Each choice says what it would do, from the backend's preview of the same move.
  const series = page.locator(tid("move-outcome-series"));
  await expect(series).toHaveText(/violation|No change/);
  await page.locator(tid("move-outcome-occurrence")).waitFor();
  const [preview] = await calls(page, "preview_move");
  expect((preview.args.request as Move).occurrence).toBe(3);
  await page.click(tid("move-scope-occurrence"));
  await sent(page, "move_message");
  const [move] = await moves(page);
  expect(move).toMatchObject({ scope: "occurrence", occurrence: 3, to: "2026-11-27T09:30:00" });
  // The desk made the move: the occurrence is a message of its own on Friday now.
  await expect(page.locator(tid("notice"))).toContainText(
    "Moved one occurrence of “This week's offers” to Fri 27 Nov 2026, 09:30 (America/New_York).",
  );
  await expect(page.locator(tid("calendar-event"), { hasText: "09:30 This week's offers" })).toHaveCount(1);
});

test("undo and redo from the keyboard, not while typing in a field", async ({ page }) => {
  await weekView(page);
  const col = await columnWidth(page);
  const total = page.locator(tid("header-violations"));
  const unmoved = await total.textContent();
  await drag(page, event(page, "hl-holiday"), col, 6 * SLOT);
  await expect(page.locator(tid("undo"))).toBeEnabled();
  await expect(event(page, "hl-holiday")).toContainText("12:00");
  const moved = await total.textContent();

  // In a field the keys belong to the field.
  await page.focus(tid("calendar-zone"));
  await page.keyboard.press("Control+z");
  expect(await calls(page, "undo"), "no undo while a field has focus").toHaveLength(0);

  await page.locator(tid("calendar")).click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("Control+z");
  await sent(page, "undo");
  await expect(page.locator(tid("redo"))).toBeEnabled();
  await expect(event(page, "hl-holiday")).toContainText("09:00");
  await expect(total).toHaveText(unmoved ?? "");
  await expect(page.locator(tid("redo"))).toHaveAttribute("aria-label", /Move “Holiday order pick-up slots are open”/);

  await page.keyboard.press("Control+Shift+Z");
  await sent(page, "redo");
  await expect(event(page, "hl-holiday")).toContainText("12:00");
  await expect(total, "the violation total follows redo").toHaveText(moved ?? "");
  expect((await calls(page, "undo")).length + (await calls(page, "redo")).length, "one call per key press").toBe(2);
});

test.describe("consent", () => {
  // The flash sale goes to Young families, who never opted in to push: a consent violation.
  test.use({ setup: { before: (bridge) => editMessage(bridge, "hl-flash", { segments: ["hl-families"] }) } });
  test("moves with the keyboard (M) and applies a suggested slot from the violations panel", async ({ page }) => {
    await page.click(tid("view-calendar"));
    await page.locator(tid("calendar-event")).first().waitFor();
    // Month view: the single 21:30 SMS breaks quiet hours; it carries a badge.
    const reminder = event(page, "hl-sms-reminder");
    await expect(reminder.locator(tid("violation-badge"))).toHaveCount(1);
    await reminder.click();
    await page.keyboard.press("m");
    await page.locator(tid("move-dialog")).waitFor();
    // The backend reads the typed date (no locale: day first) and says how below the field.
    await page.fill(tid("move-date"), "2026-02-30");
    await page.click(tid("move-apply"));
    await expect(page.locator(tid("move-problem"))).toContainText("2026-02-30 is not a day of the calendar");
    await page.fill(tid("move-date"), "14/11/2026");
    await expect(page.locator(tid("move-date-reads"))).toHaveText("14 Nov 2026");
    await page.fill(tid("move-time"), "10:15");
    await page.click(tid("move-apply"));
    await sent(page, "move_message");
    expect((await moves(page))[0]).toMatchObject({ to: "2026-11-14T10:15:00", scope: "series" });
    await expect(event(page, "hl-sms-reminder").locator(tid("violation-badge"))).toHaveCount(0);

    // The panel lists findings by segment; a suggested slot is one click.
    const panel = page.locator(tid("violations-panel"));
    // Consent cannot be fixed by moving: the panel says so instead of offering times.
    // Slots are asked for once a finding is in view.
    const flash = panel.locator(`${tid("finding")}[data-message-id="hl-flash"]`).first();
    // Retried as a whole: the panel redraws its findings when the move's reply lands, which
    // can detach the element found for the scroll.
    await expect(async () => {
      await flash.scrollIntoViewIfNeeded({ timeout: 1000 });
      await expect(flash).toContainText("No time helps", { timeout: 1000 });
    }).toPass();
    await panel.locator(tid("finding")).first().scrollIntoViewIfNeeded();
    const finding = panel.locator(`${tid("finding")}[data-message-id="hl-weekly-offers"]`).first();
    await finding.scrollIntoViewIfNeeded();
    const slot = finding.locator(tid("suggested-slot")).first();
    await slot.waitFor();
    const before = await panel.locator(tid("finding")).count();
    const local = await slot.getAttribute("data-local");
    await slot.click();
    await sent(page, "move_message", 2);
    const move = (await moves(page))[1];
    expect(move).toMatchObject({ message: "hl-weekly-offers", to: local, scope: "occurrence" });
    expect(move.timezone, "the message's own zone").toBe("America/New_York");
    await expect.poll(() => panel.locator(tid("finding")).count()).toBeLessThan(before);
    await shot(page, "calendar");
  });
});

test("a click on an empty day opens a new message on that date, asking for its campaign", async ({ page }) => {
  await page.click(tid("view-calendar"));
  await page.locator(tid("calendar-event")).first().waitFor();
  // Wednesday 25 November has no message: click the lower part of its cell.
  const day = page.locator(".ec-day", { has: page.locator("time[datetime='2026-11-25']") }).first();
  const box = (await day.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 8);
  await page.locator(tid("message-form")).waitFor();
  await expect(page.locator("#message-date")).toHaveValue("2026-11-25");
  await expect(page.locator("#message-time"), "a morning time for a day click").toHaveValue("09:00");
  await expect(page.locator(tid("message-campaign")), "the first campaign is proposed").toHaveValue("hl-offers");
});

test.describe("tall", () => {
  test.use({ viewport: { width: 1280, height: 1000 } });
  test("the violations panel follows the segment tree and shows why no time helps", async ({ page }) => {
    await page.locator(tid("client-item"), { hasText: "Tidewater Coffee" }).click();
    await page.click(tid("view-calendar"));
    const panel = page.locator(tid("violations-panel"));
    await panel.locator(tid("finding")).first().waitFor();
    const groups = await panel
      .locator("section.group")
      .evaluateAll((els) => els.map((e) => (e.getAttribute("aria-label") ?? "").split(":")[0]));
    const tree = ["Coffee community", "Brand advocates", "Subscribers in Europe"];
    const shown = groups.filter((g) => tree.includes(g));
    expect(shown.length, `segments with findings: ${groups}`).toBeGreaterThan(0);
    expect(shown, "tree order").toEqual(tree.filter((n) => shown.includes(n)));
    await panel.locator(tid("suggested-slot")).first().waitFor();
    await shot(panel, "violations");
  });
});

test.describe("plan warnings", () => {
  // Four more weekly offers: the last three fall after the campaign ends (31 Jan 2027).
  test.use({
    setup: {
      before: (bridge) => editMessage(bridge, "hl-weekly-offers", { rrule: "FREQ=WEEKLY;BYDAY=TH;COUNT=16" }),
    },
  });
  test("a delete offers undo, plan warnings show above the violations, and a suggested move says where it went", async ({
    page,
  }) => {
    const row = page.locator(`${tid("segment-item")}[data-segment-id="hl-families"] > .row`);
    await row.hover();
    await row.getByRole("button", { name: "Delete Young families" }).click();
    const dialog = page.locator(tid("delete-dialog"));
    await expect(dialog.locator(tid("undo-hint"))).toContainText("You can undo this with Ctrl+Z");
    await expect(dialog).not.toContainText("cannot be undone");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    const overview = page.locator(tid("plan-warnings"));
    // The sample's own (a segment with consent its parent lacks) and the one made above.
    await expect(overview).toHaveAttribute("aria-label", "2 plan warnings");
    await expect(overview).toContainText("has consent for SMS but its parent");
    await expect(overview).toContainText(
      "“This week's offers” (hl-weekly-offers) has 3 occurrences outside its campaign",
    );

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
    await slot.click();
    await expect(page.locator(tid("notice"))).toHaveText(/^\s*Moved .+“.+” .+\d{2}:\d{2} \(.+\)\.\s*$/);
  });
});
