import { defineConfig } from "vitest/config";

// One real window at a time: the tests share a vault and run in order.
export default defineConfig({
  test: { include: ["*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
});
