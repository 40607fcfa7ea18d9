// The message editor (validation and the engine's findings while editing), keyboard
// shortcuts, and the Insights view.
import { calls, expect, shot, test, tid } from "./fixtures";

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
  await expect(page.locator(tid("save-message"))).toContainText("Create message");
  await expect(page.locator(tid("save-blocked"))).toContainText("Fill in or fix: title, channel, target segments");
  const blocked = (await page.locator(tid("save-blocked")).boundingBox())!;
  const button = (await page.locator(tid("save-message")).boundingBox())!;
  expect(Math.abs(blocked.y - button.y), "the reason sits beside the button").toBeLessThan(button.height);
  await page.keyboard.press("Escape");
  await expect(form).toBeHidden();
  // A message that breaks quiet hours: the editor says so on opening, in the engine's words.
  const row = page.locator(".message", { hasText: "Offers end tonight" });
  await row.hover();
  await row.getByRole("button", { name: /^Edit/ }).click();
  await form.waitFor();
  const findings = form.locator(tid("message-findings"));
  await expect(findings).toContainText("This message breaks guidelines now: quiet hours");
  await expect(findings).toContainText(
    'No touches from 21:00 to 08:00 local time (set on client "Harvest Lane Grocers").',
  );
  await shot(page, "message-violations");
  // Moved out of quiet hours (and a day after the flash sale's push), the draft is checked again.
  await page.fill("#message-time", "13:00");
  await expect(form).toContainText("Saved like this, the message breaks no guideline.");
  // Moved later still, it breaks them again: Save anyway, with the reason beside the button.
  await page.fill("#message-time", "23:15");
  await expect(findings).toContainText("Saved like this, the message would break: quiet hours");
  await page.click(tid("save-message"));
  await expect(page.locator(tid("save-message"))).toContainText("Save anyway");
  await expect(page.locator(tid("save-anyway-reason"))).toContainText("Breaks quiet hours");
  await shot(page, "message-save-anyway");
  await page.click(tid("save-message"));
  await expect(form).toBeHidden();
  // Saved anyway by the desk: the row shows the new time.
  await expect(page.locator(tid("message-item"), { hasText: "Offers end tonight" })).toContainText("23:15");
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
  // The date is a text field the backend reads (no system locale here: day first).
  await page.fill("#message-date", "26.11.2026");
  await expect(form.getByText("Reads as 26 Nov 2026")).toBeVisible();
  await page.fill("#message-time", "17:30");
  // The minimum value in effect through the cascade: the client's 50.
  await expect(form.locator(tid("value-minimum"))).toContainText("the minimum score of 50");
  // SMS needs consent and Young families only opted in to email: the backend says so.
  await page.selectOption("#message-channel", "sms");
  await expect(form.getByRole("status").filter({ hasText: "Not opted in" })).toContainText("Young families");
  await page.selectOption("#message-channel", "email");
  await form.getByLabel("Would this make the customer glad they know us?").check();
  await form.getByLabel("Useful information").check();
  await form.getByLabel("Actionable").check();
  await page.selectOption(tid("recurrence-preset"), "weekly");
  // The first date is a Thursday: that day is on; add Sunday.
  await page.click(tid("recurrence-day-SU"));
  await page.fill(tid("recurrence-count"), "6");
  await expect(form.locator(tid("recurrence-rrule"))).toContainText("FREQ=WEEKLY;BYDAY=TH,SU;COUNT=6");
  const preview = form.locator(tid("recurrence-preview"));
  await expect(preview).toContainText("Every week on Thursday and Sunday, 6 times");
  await expect(preview).toContainText("Sun 29 Nov 2026, 17:30");
  if (process.env.SHOTS) {
    await preview.scrollIntoViewIfNeeded();
    await shot(page, "message-editor");
  }
});

test("key 4 opens the Insights view, which points to the history import when there is none", async ({ page }) => {
  await page.waitForSelector(tid("client-list"));
  await page.keyboard.press("4");
  const view = page.locator(tid("insights-view"));
  await expect(view.locator(tid("empty-state"))).toContainText("No campaign history for this client yet");
  await expect(view.locator(tid("empty-state"))).toContainText("File → Import History…");
  await expect(page.locator(tid("view-insights"))).toHaveAttribute("aria-selected", "true");
});

test("the campaign form's days are typed and read by the backend; the segment picker's reach is the backend's", async ({
  page,
}) => {
  await page.waitForSelector(tid("client-list"));
  await page.click(tid("new-campaign"));
  const form = page.locator(tid("campaign-form"));
  await form.waitFor();
  await page.fill("#campaign-name", "Winter typed");
  await page.fill(tid("campaign-start"), "13.11.2026");
  await page.fill(tid("campaign-end"), "2026-13-01");
  await expect(form).toContainText("Reads as 13 Nov 2026");
  await page.click(`${tid("campaign-form")} button[type="submit"]`);
  await expect(form).toContainText("2026-13-01 is not a day of the calendar (read as year-month-day).");
  await page.fill(tid("campaign-end"), "");
  await page.click(`${tid("campaign-form")} button[type="submit"]`);
  await expect(form).toBeHidden();
  const saved = (await calls(page, "save_campaign")).at(-1)!;
  expect(saved.args).toMatchObject({ input: { name: "Winter typed", start: "2026-11-13", end: null } });

  // The message editor: choosing All shoppers and Coupon fans, each sub-segment names the
  // nearest chosen segment above it.
  await page.keyboard.press("n");
  const message = page.locator(tid("message-form"));
  await message.waitFor();
  await message.locator('input[value="hl-all"]').check();
  await message.locator('input[value="hl-coupon"]').check();
  await expect(message.locator(".via")).toHaveText(["reached via Coupon fans", "reached via All shoppers"]);
});
