// The calendar in a segment's zone, against the real desk: the backend answers in that zone's
// wall time (the UI converts nothing), and its segment filter follows the segment tree.
import type { Locator, Page } from "@playwright/test";
import { type Bridge, calls, expect, test, tid } from "./fixtures";

type Ws = { plan: { clients: { id: string; segments: { id: string }[] }[] } };

/** Harvest Lane's Young families segment lives in Kiritimati (UTC+14) from now on. */
async function familiesInKiritimati(bridge: Bridge) {
  const ws = await bridge.invoke<Ws>("workspace");
  const client = ws.plan.clients[0];
  const families = client.segments.find((s) => s.id === "hl-families")!;
  await bridge.invoke("save_segment", { clientId: client.id, input: { ...families, timezone: "Pacific/Kiritimati" } });
}

const event = (page: Page, id: string, occurrence = 0) =>
  page.locator(`${tid("calendar-event")}[data-message-id="${id}"][data-occurrence="${occurrence}"]`);

/** Whether `chip` is drawn inside the month grid's cell of `date`. */
async function inCell(page: Page, chip: Locator, date: string): Promise<boolean> {
  const cell = (await page
    .locator(".ec-day", { has: page.locator(`time[datetime='${date}']`) })
    .first()
    .boundingBox())!;
  const box = (await chip.boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  return x > cell.x && x < cell.x + cell.width && y > cell.y && y < cell.y + cell.height;
}

type Request = { zone: string; from: string; to: string; filter: { segment: string | null } };
const lastRequest = async (page: Page) => (await calls(page, "calendar")).at(-1)!.args.request as Request;

test.use({ setup: { before: familiesInKiritimati } });

test("the calendar in a segment's zone shows each message at that zone's wall time and day", async ({ page }) => {
  await page.click(tid("view-calendar"));
  const holiday = event(page, "hl-holiday");
  // New York: Tuesday 24 November, 09:00.
  await expect(holiday).toContainText("09:00");
  expect(await inCell(page, holiday, "2026-11-24")).toBe(true);
  expect(await lastRequest(page)).toMatchObject({ zone: "America/New_York", from: "2026-10-26", to: "2026-12-07" });

  await page.selectOption(tid("calendar-zone"), "Pacific/Kiritimati");
  // 14:00 UTC is Wednesday 25 November, 04:00 at UTC+14: the backend says so, the grid draws it.
  await expect(holiday).toContainText("04:00");
  expect(await inCell(page, holiday, "2026-11-25")).toBe(true);
  // The weekly offers (Thursdays 07:30 in New York, 12:30 UTC) fall on Fridays at 02:30.
  const offers = event(page, "hl-weekly-offers", 3);
  await expect(offers).toContainText("02:30");
  expect(await inCell(page, offers, "2026-11-27")).toBe(true);
  expect(await lastRequest(page)).toMatchObject({ zone: "Pacific/Kiritimati", from: "2026-10-26", to: "2026-12-07" });

  // Only what reaches Young families: the holiday (to everyone, its parent), not the offers
  // (to Coupon fans, a sibling).
  await page.selectOption(tid("filter-segment"), "hl-families");
  await expect(offers).toHaveCount(0);
  await expect(holiday).toContainText("04:00");
  expect((await lastRequest(page)).filter.segment).toBe("hl-families");
});
