// Timing: from navigation start to the summary on screen (the allergy
// visible), for a share carrying a ~10 MiB PDF, over 5 runs in headless Chromium.
//
//   cd ui && npm run build && npm run bench:viewer
//
// (`bench:viewer` runs vitest with CARNET_VIEWER_BENCH=1, which selects the
// *.bench-run.ts files instead of the tests.) Prints the median and the max.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";

import { launchBrowser, startRelay, visit, type Relay } from "./relay";

const RUNS = 5;

let relay: Relay;
let browser: Browser;

beforeAll(async () => {
  relay = await startRelay();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await relay?.stop();
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

it(`opens a share with a 10 MiB PDF (${RUNS} runs)`, { timeout: 600_000 }, async () => {
  const share = await relay.create({ large_pdf_mib: 10 });
  const summary: number[] = [];
  const pdf: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const v = await visit(browser, share.link);
    await v.page.getByText("Pénicilline", { exact: true }).waitFor({ timeout: 120_000 });
    // Marks set by the page itself, in ms since navigation start.
    const mark = (name: string) =>
      v.page.evaluate((n) => performance.getEntriesByName(n)[0]?.startTime ?? null, name);
    const shown = await mark("carnet-viewer:summary");
    await v.page.locator("canvas[data-rendered-page='1']").waitFor({ state: "attached", timeout: 120_000 });
    const drawn = await mark("carnet-viewer:pdf");
    expect(shown).not.toBeNull();
    summary.push(shown ?? NaN);
    pdf.push(drawn ?? NaN);
    await v.context.close();
  }
  const row = (label: string, xs: number[]) =>
    `${label}: median ${median(xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(", ")})`;
  console.log(`share-link viewer, ~10 MiB PDF, ${RUNS} runs\n${row("summary shown", summary)}\n${row("PDF page drawn", pdf)}`);
});
