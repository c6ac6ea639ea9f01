// Serves the built UI on loopback and drives Debian's Chromium (no browser download).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { chromium, type Browser, type Page } from "playwright-core";
import { preview, type PreviewServer } from "vite";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface Session {
  server: PreviewServer;
  browser: Browser;
  url: string;
}

export async function start(): Promise<Session> {
  const server = await preview({ preview: { host: "127.0.0.1", port: 0, strictPort: false }, logLevel: "silent" });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("preview server has no URL");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return { server, browser, url };
}

export async function stop(s: Session): Promise<void> {
  await s.browser.close();
  await new Promise<void>((resolve) => s.server.httpServer.close(() => resolve()));
}

/** Runs axe-core on the page and returns the violations (ids and targets). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document);
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
