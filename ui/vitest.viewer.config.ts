import { defineConfig } from "vitest/config";

// Share-link viewer against the real relay: the Rust test harness
// (CARNET_RELAY_HARNESS, default ../target/debug/examples/share-relay-harness)
// serves the built page (npm run build first) and Debian's Chromium opens it.
// `npm run bench:viewer` runs the timing script (e2e-viewer/*.bench-run.ts) instead.
const bench = process.env.CARNET_VIEWER_BENCH === "1";

export default defineConfig({
  test: {
    environment: "node",
    include: bench ? ["e2e-viewer/**/*.bench-run.ts"] : ["e2e-viewer/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
