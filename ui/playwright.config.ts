import { defineConfig } from "@playwright/test";

// Browser tests of the built UI (ui/dist) in Debian's Chromium against the real desk, served
// by the test-only bridge (crates/bridge). `npm run test:browser` builds the bridge if needed
// (cargo) but not the UI: run `npm run build` first. SHOTS=1 also refreshes docs/ui-*.png.
export default defineConfig({
  testDir: "tests/browser",
  testMatch: "*.spec.ts",
  globalSetup: "./tests/browser/global-setup.ts",
  // One bridge per worker, a fresh workspace per test; the machine's cores are few.
  workers: Number(process.env.WORKERS ?? 2),
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [["list"]],
  outputDir: "tests/browser/results",
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
