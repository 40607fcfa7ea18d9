// The editors whose answers come from the backend: a segment's guidelines (the cascade, the
// draft's issues, preset previews) and the message editor's recurrence presets.
import type { Page } from "@playwright/test";
import { calls, expect, sent, test, tid } from "./fixtures";

/** Open the guidelines editor of Loyalty members (under Coupon fans) and return it. */
async function loyaltyGuidelines(page: Page) {
  await page.waitForSelector(tid("client-list"));
  // The segment tree shows its buttons on hover.
  await page.locator('button[aria-label="Guidelines of Loyalty members"]').dispatchEvent("click");
  const editor = page.locator(tid("guidelines-editor"));
  await editor.waitFor();
  return editor;
}

test("a segment's guidelines: inherited rules with where they are set, a new rule's override and issue, a preset", async ({
  page,
  bridge,
}) => {
  const editor = await loyaltyGuidelines(page);
  const inherited = editor.locator(tid("inherited-rule"));
  await expect(inherited.first()).toContainText('At most 3 touches in any 7 days from parent segment "Coupon fans"');
  await expect(inherited.filter({ hasText: "No touches from 21:00 to 08:00" })).toContainText(
    'from client "Harvest Lane Grocers"',
  );

  // A new cap from the backend's defaults overrides the inherited one of the same key.
  await editor.getByLabel("Add a rule").selectOption("cap");
  await editor.getByRole("button", { name: "Add", exact: true }).click();
  const rule = editor.locator(tid("guideline-rule"));
  await expect(rule).toHaveCount(1);
  await expect(rule.locator(tid("overrides"))).toContainText(
    'overrides parent segment "Coupon fans": At most 3 touches in any 7 days',
  );
  await expect(inherited.first()).toContainText("overridden here");
  await expect(editor.locator(tid("effective-rules"))).toContainText(
    "At most 2 touches in any 7 days · the segment itself",
  );

  // A window Rust refuses (TypeScript never capped it): the save's own check, under the field.
  await rule.getByLabel("touches in (days)").fill("5000");
  await expect(rule.locator('[data-field-error="window_days"]')).toContainText("must be at most 3660");
  await rule.getByLabel("touches in (days)").fill("7");
  await expect(rule.locator('[data-field-error="window_days"]')).toHaveCount(0);

  // A preset: the backend's preview of what it changes, then the rules it applies.
  const card = editor.locator('[data-preset-id="engaged-community"]');
  const preview = card.getByRole("list", { name: /What applying/ });
  await expect(preview).toContainText("keeps At most 2 touches in any 7 days");
  await expect(preview).toContainText(
    "changes Directly targeted messages score at least 50 and answer every required checklist item yes →",
  );
  await card.locator(tid("preset-apply")).click();
  await expect(editor.getByRole("status")).toContainText("Applied “Engaged community”");
  await expect(rule).toHaveCount(2);
  const applied = (await calls(page, "preset_preview")).at(-1)!;
  expect(applied.args).toMatchObject({
    clientId: "harvest-lane",
    segmentId: "hl-loyal",
    presetId: "engaged-community",
  });

  await editor.locator(tid("save-guidelines")).click();
  await expect(editor).toBeHidden();
  // Saved through the existing save command: the desk now holds the segment's own rules.
  const stored = await bridge.invoke<{ own: unknown[] }>("guidelines", {
    clientId: "harvest-lane",
    segmentId: "hl-loyal",
    draft: null,
  });
  expect(stored.own).toHaveLength(2);
});

test("recurrence presets: weekly is written and put in words by the backend", async ({ page }) => {
  await page.waitForSelector(tid("client-list"));
  await page.keyboard.press("n");
  const form = page.locator(tid("message-form"));
  await form.waitFor();
  await page.fill("#message-date", "2026-11-26");
  await page.fill("#message-time", "17:30");
  await page.selectOption(tid("recurrence-preset"), "weekly");
  await sent(page, "write_recurrence");
  // The first date is a Thursday: the backend's defaults turn that day on.
  await expect(form.locator(tid("recurrence-day-TH"))).toBeChecked();
  await page.click(tid("recurrence-day-MO"));
  await page.fill(tid("recurrence-count"), "4");
  await expect(form.locator(tid("recurrence-rrule"))).toHaveText("FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4");
  const preview = form.locator(tid("recurrence-preview"));
  await expect(preview).toContainText("Every week on Monday and Thursday, 4 times");
  await expect(preview).toContainText("Mon 30 Nov 2026, 17:30");
  const last = (await calls(page, "write_recurrence")).at(-1)!;
  expect(last.args).toMatchObject({ picked: false, first: "2026-11-26", preset: { kind: "weekly", count: 4 } });

  // No day left: the backend's reason is named under the field once it was touched.
  await page.click(tid("recurrence-day-MO"));
  await page.click(tid("recurrence-day-TH"));
  await expect(form.locator('[data-field-error="message-rrule"]')).toContainText("Choose at least one day.");
});

test("a blackout day typed as text: the backend reads it, refuses what is no day, and the rule keeps the day read", async ({
  page,
  bridge,
}) => {
  const editor = await loyaltyGuidelines(page);
  await editor.getByLabel("Add a rule").selectOption("blackout");
  await editor.getByRole("button", { name: "Add", exact: true }).click();
  const rule = editor.locator(tid("guideline-rule"));
  const day = rule.locator(tid("blackout-date"));
  await expect(day).toHaveAttribute("type", "text");
  // No system locale here: 12/25/2026 reads day first and is no day of the calendar.
  await day.fill("12/25/2026");
  await expect(rule.locator('[data-field-error$="-dates"]')).toContainText(
    "12/25/2026 is not a day of the calendar (read as day/month/year).",
  );
  await day.fill("25.12.2026");
  await expect(rule).toContainText("Reads as 25 Dec 2026");
  await day.press("Enter");
  await expect(rule.getByRole("listitem")).toHaveText(["2026-12-25 ×"]);
  await expect(day).toHaveValue("");
  expect((await calls(page, "read_typed_date")).at(-1)!.args).toMatchObject({ text: "25.12.2026" });

  await editor.locator(tid("save-guidelines")).click();
  await expect(editor).toBeHidden();
  // Saved with the day the backend read.
  type Ws = { plan: { clients: { id: string; segments: { id: string; rules: unknown[] }[] }[] } };
  const ws = await bridge.invoke<Ws>("workspace");
  const loyal = ws.plan.clients.find((c) => c.id === "harvest-lane")!.segments.find((s) => s.id === "hl-loyal")!;
  expect(loyal.rules).toContainEqual({ kind: "blackout", dates: ["2026-12-25"] });
});
