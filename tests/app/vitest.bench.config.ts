import { defineConfig } from "vitest/config";

// The desktop benchmarks (`npm run bench`): measurements, not tests.
export default defineConfig({
  test: { include: ["bench.ts"], testTimeout: 600_000, hookTimeout: 120_000, fileParallelism: false },
});
