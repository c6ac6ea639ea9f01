// Starts the real Carnet binary through tauri-driver (which drives it with
// WebKitWebDriver) on a fresh vault and fresh XDG folders, so nothing touches
// the user's home. The caller runs under a display (xvfb-run in scripts/test.sh).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { remote } from "webdriverio";

export const repo = resolve(import.meta.dirname, "../..");
export const screenshots = join(repo, "target", "screenshots");

/** The app binary under test: the release build `tauri build` makes, unless CARNET_APP names another. */
export const app = process.env.CARNET_APP ?? join(repo, "target", "release", "carnet-desktop");

export interface AppSession {
  browser: WebdriverIO.Browser;
  home: string;
  vault: string;
  driver: ChildProcess;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

/** Waits until the driver accepts connections, or its process ends. */
async function waitForDriver(port: number, driver: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`tauri-driver exited with ${driver.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/status`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("tauri-driver did not start within 30 s");
}

function tauriDriver(): string {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin", "tauri-driver");
  try {
    execFileSync(cargoBin, ["--help"], { stdio: "ignore" });
    return cargoBin;
  } catch {
    return "tauri-driver";
  }
}

/** Starts the app on `vault` (a new one unless given) with its own XDG folders. */
export async function launch(vault?: string): Promise<AppSession> {
  const home = mkdtempSync(join(tmpdir(), "carnet-app-"));
  const dir = vault ?? join(home, "vault");
  for (const d of ["data", "config", "cache"]) mkdirSync(join(home, d));
  const port = await freePort();
  const nativePort = await freePort();
  // The app inherits the driver's environment.
  const driver = spawn(tauriDriver(), ["--port", String(port), "--native-port", String(nativePort)], {
    env: {
      ...process.env,
      CARNET_VAULT: dir,
      XDG_DATA_HOME: join(home, "data"),
      XDG_CONFIG_HOME: join(home, "config"),
      XDG_CACHE_HOME: join(home, "cache"),
      LANG: "fr_FR.UTF-8",
      // No D-Bus session under Xvfb: keep GTK settings in memory.
      GSETTINGS_BACKEND: "memory",
      // No GPU shader cache in the test home: the window's processes could
      // still be writing it after the session closes, as the home is removed.
      MESA_SHADER_CACHE_DISABLE: "true",
      MESA_GLSL_CACHE_DISABLE: "true",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForDriver(port, driver);
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    capabilities: {
      // WebKitWebDriver speaks classic WebDriver only.
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: app },
    } as WebdriverIO.Capabilities,
  });
  return { browser, home, vault: dir, driver };
}

export async function close(s: AppSession, keepHome = false): Promise<void> {
  await s.browser.deleteSession().catch(() => undefined);
  s.driver.kill();
  await new Promise((r) => s.driver.once("exit", r));
  // Other files of the window's processes may still be flushed as the app
  // exits: retry instead of failing the suite on a folder being emptied.
  if (!keepHome) rmSync(s.home, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}

/** Saves a screenshot of the window under target/screenshots/ (CI keeps them). */
export async function screenshot(s: AppSession, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  // What the test just saw in the page is drawn only at the next frames: a
  // picture taken before shows the window's empty background.
  await s.browser.execute(
    () => new Promise<void>((drawn) => requestAnimationFrame(() => requestAnimationFrame(() => drawn()))),
  );
  writeFileSync(join(screenshots, `${name}.png`), Buffer.from(await s.browser.takeScreenshot(), "base64"));
}

/**
 * Answers the system file dialog the app opened (GTK, in-process): waits for
 * the dialog window by its title, types the path (GTK opens its location
 * field on "/") and confirms. xdotool acts on the X display the app runs on.
 */
export function answerFileDialog(title: string, path: string): void {
  const run = (...args: string[]) => execFileSync("xdotool", args, { timeout: 30_000 }).toString().trim();
  const open = () => {
    try {
      return run("search", "--onlyvisible", "--name", `^${title}$`) !== "";
    } catch {
      return false; // xdotool exits 1 when nothing matches
    }
  };
  // Wait until the dialog is mapped and viewable, not merely created.
  const id = run("search", "--sync", "--onlyvisible", "--name", `^${title}$`).split("\n")[0] ?? "";
  // GTK may still be building the dialog's widgets when it is mapped, and keys
  // typed before then are lost: type, and if the dialog is still open, select
  // what the location field holds and type again (bounded).
  for (let attempt = 0; attempt < 5 && open(); attempt++) {
    run("windowfocus", "--sync", id);
    if (attempt > 0) run("key", "--clearmodifiers", "ctrl+a");
    // Typing a path that starts with "/" opens GTK's location field.
    run("type", "--delay", "20", path);
    run("key", "Return");
    const deadline = Date.now() + 3_000;
    while (open() && Date.now() < deadline) execFileSync("sleep", ["0.1"]);
  }
  if (open()) throw new Error(`the "${title}" dialog did not take the path ${path}`);
}
