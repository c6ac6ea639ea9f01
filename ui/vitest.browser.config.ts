import { defineConfig } from "vitest/config";

// Browser tests: the built UI (in-memory backend) in Debian's Chromium.
export default defineConfig({
  test: { include: ["e2e/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false },
});
