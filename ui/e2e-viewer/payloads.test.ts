// What the viewer does with the bytes it gets: a share made by the `age`
// command-line tool opens; damaged ciphertexts, other keys and other formats
// show "damaged" and nothing else; incomplete links are caught before any
// request; network trouble offers a retry.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { makePdf } from "../e2e/carnet";
import { samplePayload } from "../src/viewer/testdata";
import {
  ageEncrypt,
  ageKeygen,
  CHUNK,
  cspViolations,
  darkPixels,
  launchBrowser,
  patientDataIn,
  payloadStart,
  startRelay,
  upload,
  visit,
  type Relay,
} from "./relay";

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

const DAMAGED = "Lien endommagé";

async function result(page: Page): Promise<string> {
  const h = page.locator("#result-heading");
  await h.waitFor();
  return ((await h.textContent()) ?? "").trim();
}

/** A valid carnet-share/1 payload whose PDF says "Compte rendu Carnet", padded to span several chunks. */
function plaintext(padding = 0): string {
  const pdf = makePdf("Compte rendu Carnet");
  const padded = padding > 0 ? Buffer.concat([pdf, Buffer.from(`%${"x".repeat(padding)}\n`, "latin1")]) : pdf;
  return JSON.stringify(samplePayload({ pdf: new Uint8Array(padded) }));
}

const linkTo = (id: string, secret: string) => `${relay.url}/s/${id}#${secret}`;

describe("a share made with the age command-line tool", () => {
  it("decrypts and renders in the viewer", async () => {
    const key = ageKeygen();
    const file = ageEncrypt(plaintext(), key.recipient);
    expect(Buffer.from(file.subarray(0, 22)).toString("latin1")).toBe("age-encryption.org/v1\n");
    const { id } = await upload(relay, file);
    const v = await visit(browser, linkTo(id, key.secret));
    expect(await result(v.page)).toBe("Dossier de Jeanne Martin");
    const text = (await v.page.getByRole("main").textContent()) ?? "";
    for (const s of ["Pénicilline", "Pollen de bouleau", "Ramipril", "Tétanos", "Hypertension artérielle", "61,5 kg", "132/81"]) {
      expect(text).toContain(s);
    }
    expect(text).toContain("2 48 03 75 123 456 58");
    await v.page.locator("canvas[data-rendered-page='1']").waitFor({ state: "attached", timeout: 60_000 });
    expect(await darkPixels(v.page, "canvas[data-rendered-page='1']")).toBeGreaterThan(100);
    expect(await cspViolations(v.page)).toEqual([]);
    await v.context.close();
  });
});

describe("a damaged share", () => {
  const key = ageKeygen();
  // About 300 KiB: five STREAM chunks.
  const good = ageEncrypt(plaintext(220_000), key.recipient);
  const start = payloadStart(good);

  const flip = (at: number) => {
    const f = good.slice();
    f[at] = (f[at] ?? 0) ^ 0x01;
    return f;
  };
  const retype = (at: number): Uint8Array => {
    const f = good.slice();
    f[at] = f[at] === 0x41 ? 0x42 : 0x41;
    return f;
  };
  const cases: [string, Uint8Array][] = [
    ["a flipped byte in the middle", flip(Math.floor(good.length / 2))],
    // Inside the recipient's key, one base64 letter for another: the relay
    // accepts the shape (it refuses a header that is not an age file for one
    // X25519 recipient), only the key can tell.
    ["a changed letter in the header", retype(40)],
    ["a flipped byte in the last chunk", flip(good.length - 5)],
    ["truncated by one byte", good.slice(0, -1)],
    ["truncated to its first chunks (no final chunk)", good.slice(0, start + 2 * CHUNK)],
    ["extra bytes appended", Buffer.concat([good, Buffer.from("extra bytes")])],
    ["a whole chunk appended", Buffer.concat([good, Buffer.alloc(CHUNK, 0x42)])],
  ];

  it("is a good file to begin with", () => {
    expect(good.length).toBeGreaterThan(start + 4 * CHUNK);
  });

  it.each(cases)("%s: damaged, nothing shown", async (_, file) => {
    const { id } = await upload(relay, file);
    const v = await visit(browser, linkTo(id, key.secret));
    expect(await result(v.page)).toBe(DAMAGED);
    expect(await v.page.getByRole("main").textContent()).toContain("rien n'est affiché");
    expect(await patientDataIn(v.page)).toEqual([]);
    expect(await cspViolations(v.page)).toEqual([]);
    await v.context.close();
  });

  it("opened with another key: damaged, nothing shown", async () => {
    const { id } = await upload(relay, good);
    const v = await visit(browser, linkTo(id, ageKeygen().secret));
    expect(await result(v.page)).toBe(DAMAGED);
    expect(await patientDataIn(v.page)).toEqual([]);
    await v.context.close();
  });

  it("that is not a carnet-share/1 document: damaged, nothing shown", async () => {
    const k = ageKeygen();
    const payload = samplePayload();
    const bundle = payload.bundle as { entry: unknown[] };
    for (const value of [
      { ...payload, format: "carnet-share/2" },
      { ...payload, bundle: { ...bundle, type: "collection" } },
      { ...payload, bundle: { ...bundle, entry: bundle.entry.slice(1) } },
    ]) {
      const { id } = await upload(relay, ageEncrypt(JSON.stringify(value), k.recipient));
      const v = await visit(browser, linkTo(id, k.secret));
      expect(await result(v.page)).toBe(DAMAGED);
      expect(await patientDataIn(v.page)).toEqual([]);
      await v.context.close();
    }
  });
});

describe("an incomplete link", () => {
  it("is said to be incomplete, and nothing is asked of the relay (no open is spent)", async () => {
    const share = await relay.create({ max_opens: 1 });
    const secret = share.link.slice(share.link.indexOf("#") + 1);
    const base = share.link.slice(0, share.link.indexOf("#"));
    for (const link of [base, `${base}#`, `${base}#${secret.slice(0, 40)}`, `${base}#${secret.slice(0, -1)}${secret.endsWith("Q") ? "P" : "Q"}`]) {
      const v = await visit(browser, link);
      expect(await result(v.page)).toBe("Lien incomplet");
      expect(await v.page.getByRole("main").textContent()).toContain("#AGE-SECRET-KEY-1");
      expect(v.requests.filter((r) => r.startsWith("POST "))).toEqual([]);
      await v.context.close();
    }
    // The one allowed open is still there; completing the link in place opens it.
    const v = await visit(browser, base);
    expect(await result(v.page)).toBe("Lien incomplet");
    await v.page.evaluate((hash) => {
      location.hash = hash;
    }, secret);
    await v.page.getByRole("heading", { level: 1, name: "Dossier de Jeanne Martin" }).waitFor();
    await v.context.close();
  });
});

describe("network trouble", () => {
  it("offers a retry when the relay cannot be reached, then opens", async () => {
    const share = await relay.create();
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await page.route("**/v1/shares/*/open", (route) => route.abort("internetdisconnected"));
    await page.goto(share.link);
    expect(await result(page)).toBe("Pas de connexion");
    expect(await patientDataIn(page)).toEqual([]);
    await page.unroute("**/v1/shares/*/open");
    await page.getByRole("button", { name: "Réessayer" }).click();
    await page.getByRole("heading", { level: 1, name: "Dossier de Jeanne Martin" }).waitFor();
    await context.close();
  });

  it("asks to wait when the relay says there were too many attempts", async () => {
    const share = await relay.create();
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await page.route("**/v1/shares/*/open", (route) =>
      route.fulfill({ status: 429, contentType: "application/json", body: '{"error":"rate_limited"}' }),
    );
    await page.goto(share.link);
    expect(await result(page)).toBe("Trop de tentatives");
    expect(await page.getByRole("main").textContent()).toContain("Patientez quelques minutes");
    expect(await patientDataIn(page)).toEqual([]);
    await context.close();
  });
});
