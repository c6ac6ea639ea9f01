// The real relay (through its Rust test harness), Debian's Chromium, and the
// small tools the viewer tests share.
//
// Harness contract: the binary (CARNET_RELAY_HARNESS, default
// ../target/debug/examples/share-relay-harness) prints `{"ready":"http://127.0.0.1:PORT","device_token":"cdt_…"}`,
// then answers one JSON line per JSON command line on stdin:
//   {"cmd":"create","lang":"fr","expires_in":3600,"max_opens":null,"pin":null,"large_pdf_mib":0}
//     → {"link":"http://…/s/<id>#AGE-SECRET-KEY-1…","id":"<id>","owner_token":"cso_…"}
//   {"cmd":"advance","seconds":N} → {"now":"<RFC 3339>"}
//   errors → {"error":"…"}
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

import type { Browser, BrowserContext, Page } from "playwright-core";

export { axeViolations, launchBrowser } from "../e2e/chromium";

const uiDir = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

export const HARNESS = resolve(uiDir, process.env.CARNET_RELAY_HARNESS ?? "../target/debug/examples/share-relay-harness");

export interface CreateOptions {
  lang?: "fr" | "en";
  expires_in?: number;
  max_opens?: number | null;
  pin?: string | null;
  large_pdf_mib?: number;
}

export interface Created {
  link: string;
  id: string;
  owner_token: string;
}

export interface Relay {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  /** A device linked to an account on the relay: it may create shares. */
  deviceToken: string;
  create(options?: CreateOptions): Promise<Created>;
  /** Moves the relay's clock forward. */
  advance(seconds: number): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the harness and waits for its `ready` line. */
export async function startRelay(): Promise<Relay> {
  if (!existsSync(HARNESS)) {
    throw new Error(`relay harness not found at ${HARNESS} (build it with cargo, or set CARNET_RELAY_HARNESS)`);
  }
  const child: ChildProcessWithoutNullStreams = spawn(HARNESS, [], { stdio: ["pipe", "pipe", "pipe"] });
  const stderr: string[] = [];
  child.stderr.on("data", (d: Buffer) => {
    stderr.push(d.toString());
    if (stderr.length > 200) stderr.shift();
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  const queued: string[] = [];
  lines.on("line", (line) => {
    if (!line.trim()) return;
    const next = waiting.shift();
    if (next) next(line);
    else queued.push(line);
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  const nextLine = (what: string) =>
    new Promise<string>((resolveLine, reject) => {
      const ready = queued.shift();
      if (ready !== undefined) return resolveLine(ready);
      if (exited) return reject(new Error(`harness exited; stderr:\n${stderr.join("")}`));
      const timer = setTimeout(() => reject(new Error(`no answer from the harness to ${what}; stderr:\n${stderr.join("")}`)), 60_000);
      waiting.push((line) => {
        clearTimeout(timer);
        resolveLine(line);
      });
    });
  const ready = JSON.parse(await nextLine("start")) as { ready?: string; device_token?: string };
  if (!ready.ready || !ready.device_token) throw new Error(`unexpected first line from the harness: ${JSON.stringify(ready)}`);
  const url = ready.ready.replace(/\/+$/, "");

  // One command at a time: answers come back in order.
  let chain: Promise<unknown> = Promise.resolve();
  function command<T>(cmd: Record<string, unknown>): Promise<T> {
    const run = chain.then(async () => {
      child.stdin.write(`${JSON.stringify(cmd)}\n`);
      const answer = JSON.parse(await nextLine(String(cmd.cmd))) as T & { error?: string };
      if (answer.error) throw new Error(`harness ${String(cmd.cmd)}: ${answer.error}`);
      return answer as T;
    });
    chain = run.catch(() => undefined);
    return run;
  }

  return {
    url,
    deviceToken: ready.device_token,
    create: (o = {}) =>
      command<Created>({
        cmd: "create",
        lang: o.lang ?? "fr",
        expires_in: o.expires_in ?? 3600,
        max_opens: o.max_opens ?? null,
        pin: o.pin ?? null,
        large_pdf_mib: o.large_pdf_mib ?? 0,
      }),
    advance: async (seconds) => (await command<{ now: string }>({ cmd: "advance", seconds })).now,
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((r) => child.once("exit", () => r()));
      child.stdin.end();
      child.kill("SIGTERM");
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5_000))]);
      if (!exited) child.kill("SIGKILL");
    },
  };
}

export interface Visit {
  context: BrowserContext;
  page: Page;
  /** Status of the page's own document (GET /s/{id}). */
  status: number | null;
  csp: string | null;
  /** Requests the page made (method and URL, fragment never included by the browser). */
  requests: string[];
  /** Console errors and CSP violations seen so far. */
  problems: string[];
}

/** Opens a link in a fresh browser context (French unless told otherwise). */
export async function visit(browser: Browser, link: string, locale = "fr-FR"): Promise<Visit> {
  const context = await browser.newContext({ locale, acceptDownloads: true });
  // Runs before the page's scripts, outside its CSP: records any violation.
  await context.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  const response = await page.goto(link);
  return {
    context,
    page,
    status: response?.status() ?? null,
    csp: (await response?.headerValue("content-security-policy")) ?? null,
    requests,
    problems,
  };
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
}

/** Text that belongs to the fixture share: none of it may be in the page unless it rendered. */
export const PATIENT_DATA = [
  "Jeanne",
  "Martin",
  "1948",
  "Pénicilline",
  "Urticaire",
  "Ramipril",
  "Tétanos",
  "Hypertension",
  "61,5",
  "Durand",
  "Cardiologie",
  "Compte rendu",
];

/** The patient data found in the page's DOM (text, attributes, canvases, blob: links). */
export async function patientDataIn(page: Page): Promise<string[]> {
  const html = await page.content();
  const found = PATIENT_DATA.filter((s) => html.includes(s));
  const extra = await page.evaluate(() => ({
    canvases: document.querySelectorAll("canvas").length,
    blobs: document.querySelectorAll("[href^='blob:'], [src^='blob:']").length,
  }));
  if (extra.canvases > 0) found.push(`${extra.canvases} canvas`);
  if (extra.blobs > 0) found.push(`${extra.blobs} blob: URL`);
  return found;
}

/** The number of dark pixels on a canvas (a drawn PDF page has many). */
export async function darkPixels(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const canvas = document.querySelector<HTMLCanvasElement>(sel);
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx || canvas.width === 0) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) {
      if ((data[i] ?? 255) < 80 && (data[i + 1] ?? 255) < 80 && (data[i + 2] ?? 255) < 80 && (data[i + 3] ?? 0) > 200) dark++;
    }
    return dark;
  }, selector);
}

// ---- The relay's HTTP API, straight from Node -------------------------------------------

export async function revoke(relay: Relay, id: string, ownerToken: string): Promise<number> {
  const r = await fetch(`${relay.url}/v1/shares/${id}`, { method: "DELETE", headers: { Authorization: `Bearer ${ownerToken}` } });
  return r.status;
}

export interface Uploaded {
  id: string;
  owner_token: string;
  expires_at: string;
  max_opens: number | null;
}

/** `POST /v1/shares` with an age file made elsewhere. */
export async function upload(
  relay: Relay,
  ciphertext: Uint8Array,
  options: { expiresIn?: number; maxOpens?: number; pinVerifier?: string } = {},
): Promise<Uploaded> {
  const headers: Record<string, string> = {
    "Content-Type": "application/octet-stream",
    "Carnet-Expires-In": String(options.expiresIn ?? 3600),
    Authorization: `Bearer ${relay.deviceToken}`,
  };
  if (options.maxOpens !== undefined) headers["Carnet-Max-Opens"] = String(options.maxOpens);
  if (options.pinVerifier !== undefined) headers["Carnet-Pin-Verifier"] = options.pinVerifier;
  const r = await fetch(`${relay.url}/v1/shares`, { method: "POST", headers, body: ciphertext as Uint8Array<ArrayBuffer> });
  if (r.status !== 201) throw new Error(`upload: ${r.status} ${await r.text()}`);
  return (await r.json()) as Uploaded;
}

/** `POST /v1/shares/{id}/open` from Node (counts an open). */
export async function openRaw(relay: Relay, id: string): Promise<Uint8Array> {
  const r = await fetch(`${relay.url}/v1/shares/${id}/open`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: "{}",
  });
  if (r.status !== 200) throw new Error(`open: ${r.status} ${await r.text()}`);
  return new Uint8Array(await r.arrayBuffer());
}

// ---- The age command-line tools ------------------------------------------------------------

export interface AgeKey {
  secret: string;
  recipient: string;
}

/** A fresh X25519 key from `age-keygen`, its recipient from `age-keygen -y`. */
export function ageKeygen(): AgeKey {
  const gen = spawnSync("age-keygen", [], { encoding: "utf8" });
  if (gen.status !== 0) throw new Error(`age-keygen: ${gen.stderr}`);
  const secret = gen.stdout.split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-1"));
  if (!secret) throw new Error("age-keygen printed no key");
  const pub = spawnSync("age-keygen", ["-y"], { input: `${secret}\n`, encoding: "utf8" });
  if (pub.status !== 0) throw new Error(`age-keygen -y: ${pub.stderr}`);
  return { secret, recipient: pub.stdout.trim() };
}

/** `age -e -r <recipient>`: a binary age file. */
export function ageEncrypt(plaintext: Uint8Array | string, recipient: string): Uint8Array {
  const out = spawnSync("age", ["-e", "-r", recipient], { input: plaintext, maxBuffer: 256 * 1024 * 1024 });
  if (out.status !== 0) throw new Error(`age -e: ${out.stderr.toString()}`);
  return new Uint8Array(out.stdout);
}

/** Where the STREAM payload starts: after the header (its MAC line) and the 16-byte nonce. */
export function payloadStart(file: Uint8Array): number {
  const text = Buffer.from(file).toString("latin1");
  const mac = text.indexOf("\n--- ");
  return text.indexOf("\n", mac + 1) + 1 + 16;
}

export const CHUNK = 64 * 1024 + 16;
