import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// The UI is embedded by Tauri from ui/dist (see tauri.conf.json `frontendDist`).
// Everything is bundled: the app runs under a strict CSP with no remote assets.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // No data: URLs; plain files keep the CSP simple.
    assetsInlineLimit: 0,
  },
  server: { port: 5173, strictPort: true },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test/setup.ts"],
  },
});
