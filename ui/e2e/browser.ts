// Starts the development bridge (the built UI and the real core on
// loopback) and drives Debian's Chromium (no browser download).
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

import { chromium, type Browser, type Page } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export interface Session {
  bridge: ChildProcess;
  browser: Browser;
  /** Every load of this address is a fresh session: a new vault, its own gateway and relay. */
  url: string;
}

/** The ui folder: the bridge runs there, so that its binary and `dist` resolve from it. */
const UI_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Starts `carnet-bridge` and reads the address it prints. */
async function startBridge(): Promise<{ bridge: ChildProcess; url: string }> {
  const binary = process.env.CARNET_BRIDGE ?? "../target/debug/carnet-bridge";
  // stdin stays open: the bridge also stops when it closes (this process gone).
  const bridge = spawn(binary, ["--ui", "dist"], { cwd: UI_DIR, stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: bridge.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    bridge.once("error", (e) => reject(new Error(`${binary} did not start (cargo test builds it): ${e.message}`)));
    bridge.once("exit", (code) => reject(new Error(`${binary} stopped at once (code ${code})`)));
    lines.once("line", resolve);
  });
  try {
    return { bridge, url: (JSON.parse(first) as { url: string }).url };
  } catch {
    await stopBridge(bridge);
    throw new Error(`${binary} printed no address: ${first}`);
  }
}

export async function start(): Promise<Session> {
  const { bridge, url } = await startBridge();
  try {
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
    return { bridge, browser, url };
  } catch (e) {
    await stopBridge(bridge);
    throw e;
  }
}

/** SIGTERM, then its exit (at once if it has already gone). */
async function stopBridge(bridge: ChildProcess): Promise<void> {
  if (bridge.exitCode !== null || bridge.signalCode !== null) return;
  const exited = new Promise((resolve) => bridge.once("exit", resolve));
  bridge.kill("SIGTERM");
  await exited;
}

export async function stop(s: Session): Promise<void> {
  try {
    await s.browser.close();
  } finally {
    await stopBridge(s.bridge);
  }
}

/** Plays a part besides the user, through the bridge (`window.carnetBridge`). */
export function control<T = unknown>(page: Page, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    ([p, b]) => (window as unknown as { carnetBridge: { control(path: string, body?: unknown): Promise<unknown> } }).carnetBridge.control(p as string, b),
    [path, body] as const,
  ) as Promise<T>;
}

/** The addresses of the page's national-space gateway and share relay. */
export const addresses = (page: Page) => control<{ gateway: string; relay: string }>(page, "addresses");

/** Runs axe-core on the page and returns the violations (ids and targets). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document);
  });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}
