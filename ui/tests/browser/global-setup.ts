// Once per run: build the bridge (cargo; quick when it is up to date) and serve ui/dist with
// vite preview on a free port. Workers find both through the environment.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { preview } from "vite";

const ui = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const repo = resolve(ui, "..");

/** The bridge binary: `CADENCE_BRIDGE` if set (then nothing is built), else built by cargo. */
function bridgeBinary(): string {
  if (process.env.CADENCE_BRIDGE) return process.env.CADENCE_BRIDGE;
  execFileSync("cargo", ["build", "--quiet", "-p", "cadence-bridge"], { cwd: repo, stdio: "inherit" });
  const target = process.env.CARGO_TARGET_DIR ?? resolve(repo, "target");
  return resolve(target, "debug", "cadence-bridge");
}

export default async function globalSetup() {
  if (!existsSync(resolve(ui, "dist/index.html"))) {
    throw new Error("ui/dist is missing: run `npm run build` first.");
  }
  process.env.CADENCE_BRIDGE = bridgeBinary();
  const server = await preview({
    root: ui,
    logLevel: "silent",
    preview: { port: 0, host: "127.0.0.1" },
  });
  process.env.CADENCE_UI_URL = server.resolvedUrls?.local[0];
  return () => new Promise<void>((done) => server.httpServer.close(() => done()));
}
