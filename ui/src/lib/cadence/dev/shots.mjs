// Screenshots of the cadence view and the guidelines editor for docs/, on the built UI with
// the browser tests' mock backend, whose cadence commands answer with the engine's real
// output for the sample plan (see README.md here). Usage, in ui/ after `npm run build`:
//   node src/lib/cadence/dev/shots.mjs /tmp/shotdata.json
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { preview } from "vite";

const here = dirname(fileURLToPath(import.meta.url));
const ui = resolve(here, "../../../..");
const docs = resolve(ui, "../docs");
const data = JSON.parse(readFileSync(process.argv[2] ?? "/tmp/shotdata.json", "utf8"));
const backend = readFileSync(resolve(ui, "tests/browser/mock-backend.js"), "utf8");
const zones = [...Intl.supportedValuesOf("timeZone"), "UTC"].sort();
const dark = process.env.DARK === "1";

// Answer the engine's commands from the generated data; everything else stays the mock's.
const engine = `
  const shotData = ${JSON.stringify({ summaries: data.summaries, findings: data.findings, presets: data.presets })};
  const mockInvoke = window.__TAURI_INTERNALS__.invoke;
  window.__TAURI_INTERNALS__.invoke = async (cmd, args = {}) => {
    if (cmd === "cadence_summary") {
      const key = [args.clientId, args.from, args.to, args.bucket].join("|");
      return shotData.summaries[key] ?? { from: args.from, to: args.to, bucket: args.bucket, segments: [] };
    }
    if (cmd === "findings_page") {
      const all = shotData.findings[args.clientId] ?? [];
      const ids = [...new Set(all.map((f) => f.violation.segment))];
      const segments = ids.map((segment) => {
        const mine = all.filter((f) => f.violation.segment === segment);
        const shown = mine.slice(0, args.query.per_segment);
        return { segment, total: mine.length, findings: shown, new: shown.map(() => false) };
      });
      const keyOf = (f) => f.violation.message + "@" + f.violation.occurrence;
      const keys = [...new Set(all.map(keyOf))];
      const problems = keys.map((key) => {
        const mine = all.filter((f) => keyOf(f) === key);
        const v = mine[0].violation;
        const rules = [...new Set(mine.map((f) => f.violation.rule))].map((rule) => ({
          rule,
          segments: mine.filter((f) => f.violation.rule === rule).map((f) => f.violation.segment),
        }));
        const text = "breaks " + rules.map((r) => r.rule.replace("_", " ") + " for " + r.segments.length + " segment(s)").join("; ");
        return {
          problem: { message: v.message, occurrence: v.occurrence, at: v.at, rules, findings: mine.length, text },
          local: mine[0].explanation.local,
          new: false,
        };
      });
      return { total: all.length, problem_total: problems.length, problems: problems.slice(0, 50), cause: null, segments };
    }
    if (cmd === "guideline_presets") return shotData.presets;
    return mockInvoke(cmd, args);
  };
`;

const server = await preview({
  root: ui,
  logLevel: "silent",
  preview: { port: 4183, strictPort: false, host: "127.0.0.1" },
});
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
const errors = [];
try {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    colorScheme: dark ? "dark" : "light",
    deviceScaleFactor: 1,
  });
  const options = { plan: data.plan, zones, dbPath: "/home/planner/.local/share/app.cadence.desk/cadence.db" };
  await context.addInitScript(`${backend}\ninstallMockBackend(${JSON.stringify(options)});\n${engine}`);
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.clock.setFixedTime(new Date("2026-11-23T15:00:00Z"));
  await page.goto(server.resolvedUrls.local[0]);
  await page.waitForSelector('[data-testid="client-list"]');

  await page.click('[data-testid="view-cadence"]');
  await page.waitForSelector('[data-testid="cadence-row"]');
  const cell = page.locator(
    '[data-testid="cadence-row"][data-segment-id="hl-loyal"] [data-testid="cadence-cell"][data-date="2026-11-13"]',
  );
  await cell.hover();
  await page.waitForSelector('[data-testid="cadence-tooltip"]');
  const suffix = dark ? "-dark" : "";
  await page.screenshot({ path: resolve(docs, `ui-cadence${suffix}.png`) });
  if (process.env.ALL) {
    for (const zoom of ["week", "quarter", "year"]) {
      await page.mouse.move(0, 0);
      await page.click(`[data-testid="cadence-zoom-${zoom}"]`);
      await page.waitForTimeout(200);
      await page.screenshot({ path: `/tmp/cadence-${zoom}${suffix}.png` });
    }
    await page.click('[data-testid="cadence-zoom-month"]');
  }

  await page.click('[data-testid="view-overview"]');
  await page.click('[aria-label="Guidelines of Loyalty members"]', { force: true });
  await page.waitForSelector('[data-testid="guidelines-editor"] [data-testid="preset-apply"]');
  // Show an override being edited: Loyalty members get 4 a week instead of Coupon fans' 3.
  await page.locator('[data-testid="inherited-rule"]').first().getByRole("button", { name: "Override" }).click();
  await page.locator('[data-testid="guideline-rule"]').first().getByLabel("At most").fill("4");
  await page.mouse.move(0, 0);
  await page.screenshot({ path: resolve(docs, `ui-guidelines${suffix}.png`) });
  if (process.env.ALL) {
    await page.keyboard.press("Escape");
    await page.evaluate(() => document.querySelector("main")?.focus());
  }
} finally {
  await browser.close();
  server.httpServer.close();
}
if (errors.length) {
  console.error(errors.join("\n"));
  process.exit(1);
}
