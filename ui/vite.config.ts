import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The built files are served by Tauri from ../ui/dist under a strict CSP:
// no inline scripts, no eval, everything bundled.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: { target: "es2022", sourcemap: false, outDir: "dist", emptyOutDir: true },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  test: { include: ["src/**/*.test.ts"] },
});
