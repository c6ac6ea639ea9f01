import { defineConfig } from "vitest/config";

// Browser tests: the built UI in Debian's Chromium, on the real core through
// the development bridge (target/debug/carnet-bridge, built by cargo test).
export default defineConfig({
  test: { include: ["e2e/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false },
});
