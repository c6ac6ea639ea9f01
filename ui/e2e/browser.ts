// Starts the development bridge (the built UI and the real core on
// loopback) and drives Debian's Chromium (no browser download).
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

import type { Browser, Page } from "playwright-core";

import { launchBrowser } from "./chromium";

export { axeViolations } from "./chromium";

export interface Session {
  bridge: ChildProcess;
  browser: Browser;
  /** Every load of this address is a fresh session: a new vault, its own gateway and relay. */
  url: string;
}

/** The ui folder: the bridge runs there, so that its binary and `dist` resolve from it. */
export const UI_DIR = fileURLToPath(new URL("..", import.meta.url));
/** The bridge's binary (built by `cargo test`), from UI_DIR. */
export const BRIDGE = process.env.CARNET_BRIDGE ?? "../target/debug/carnet-bridge";

/** Starts `carnet-bridge` and reads the address it prints. */
async function startBridge(): Promise<{ bridge: ChildProcess; url: string }> {
  const binary = BRIDGE;
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
    const browser = await launchBrowser();
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
