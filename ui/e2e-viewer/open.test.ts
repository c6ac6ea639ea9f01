// Opening a share link in Chromium against the real relay: the summary, the
// PDF drawn by pdf.js, downloads, languages, print and zoom, accessibility,
// and the page's CSP never getting in the way.
import { mkdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { axeViolations, cspViolations, darkPixels, launchBrowser, startRelay, visit, type Relay } from "./relay";

const screenshots = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../target/screenshots");

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

describe("a share link", () => {
  it("shows the record, allergies first, and draws the PDF, under the relay's CSP", async () => {
    const share = await relay.create();
    expect(share.link).toMatch(new RegExp(`^${relay.url}/s/${share.id}#AGE-SECRET-KEY-1[0-9A-Z]{58}$`));
    const v = await visit(browser, share.link);
    const { page } = v;
    expect(v.status).toBe(200);
    // The page is served with the CSP of docs/share-links.md, so what follows runs under it.
    expect(v.csp).toContain("script-src 'self'");
    expect(v.csp).toContain("style-src 'self'");
    expect(v.csp).not.toContain("unsafe");

    const heading = page.getByRole("heading", { level: 1, name: "Dossier de Jeanne Martin" });
    await heading.waitFor();
    // Focus goes to the result's heading; the live region says what happened.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("result-heading");
    expect(await page.getByRole("status").first().textContent()).toContain("Dossier de Jeanne Martin affiché.");

    const main = page.getByRole("main");
    const text = (await main.textContent()) ?? "";
    for (const s of [
      "Pénicilline",
      "Allergie sévère",
      "Urticaire géante",
      "Ramipril",
      "5 mg",
      "1 fois par jour",
      "Tétanos",
      "4 mai 2021",
      "Hypertension artérielle",
      "61,5 kg",
      "Compte rendu de cardiologie",
      "Dr Paul Durand",
      "Cardiologie",
      "12 mars 1948",
      "Femme",
    ]) {
      expect(text, s).toContain(s);
    }
    // Sections in the order of the spec: allergies first.
    const h2 = await main.getByRole("heading", { level: 2 }).allTextContents();
    expect(h2).toEqual([
      "Partage",
      "Patient",
      "Allergies et intolérances",
      "Traitements",
      "Vaccinations",
      "Maladies et antécédents",
      "Mesures",
      "Documents",
    ]);
    const severe = page.locator("li.item.severe");
    expect(await severe.count()).toBe(1);
    expect(await severe.getByRole("heading", { level: 3 }).textContent()).toContain("Pénicilline");
    // Measurements are a real table.
    const table = page.getByRole("table", { name: "Mesures" });
    expect(await table.getByRole("columnheader").allTextContents()).toEqual(["Mesure", "Valeur", "Date"]);
    expect(await table.getByRole("row").filter({ hasText: "61,5 kg" }).count()).toBe(1);

    // The PDF: pdf.js (worker from /viewer/) draws its first page on a canvas.
    const canvas = page.locator("canvas[data-rendered-page='1']");
    await canvas.waitFor({ state: "attached", timeout: 60_000 });
    expect(await darkPixels(page, "canvas[data-rendered-page='1']")).toBeGreaterThan(100);
    expect(await page.getByRole("img", { name: /Page 1 sur 1 du document « Compte rendu de cardiologie »/ }).count()).toBe(1);
    expect(v.requests.some((r) => r.endsWith("/viewer/pdf.worker.min.mjs"))).toBe(true);

    // Download: a blob: link with the file's name.
    const link = page.getByRole("link", { name: /Télécharger.*Compte rendu de cardiologie/ });
    expect(await link.getAttribute("href")).toMatch(/^blob:/);
    expect(await link.getAttribute("download")).toMatch(/\.pdf$/);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    expect(await axeViolations(page)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(v.problems).toEqual([]);
    // For the README: what the professional sees.
    mkdirSync(screenshots, { recursive: true });
    await page.setViewportSize({ width: 1100, height: 1400 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: resolve(screenshots, "share-viewer.png") });
    // Nothing but the page, its assets and one open: no other origin, no fragment anywhere.
    for (const r of v.requests.filter((r) => !/^\w+ (blob|data):/.test(r))) {
      expect(r.startsWith("GET ") || r.startsWith("POST ")).toBe(true);
      expect(new URL(r.slice(r.indexOf(" ") + 1)).origin).toBe(relay.url);
      expect(r).not.toContain("#");
      expect(r).not.toContain("AGE-SECRET-KEY");
    }
    expect(v.requests.filter((r) => r.startsWith("POST "))).toEqual([`POST ${relay.url}/v1/shares/${share.id}/open`]);
    await v.context.close();
  });

  it("speaks English when the browser does, and switches language on demand", async () => {
    const share = await relay.create();
    const v = await visit(browser, share.link, "en-US");
    const { page } = v;
    await page.getByRole("heading", { level: 1, name: "Record of Jeanne Martin" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await page.getByRole("main").textContent()).toContain("Severe allergy");
    expect(await page.getByRole("main").textContent()).toContain("12 March 1948");

    await page.getByRole("button", { name: /FR/ }).click();
    await page.getByRole("heading", { level: 1, name: "Dossier de Jeanne Martin" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
    expect(await page.getByRole("button", { name: /FR/ }).getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByRole("button", { name: /EN/ }).getAttribute("aria-pressed")).toBe("false");
    expect(await page.title()).toBe("Dossier médical partagé — Carnet");
    expect(await axeViolations(page)).toEqual([]);
    await v.context.close();
  });

  it("prints without buttons or previews, and reads at 200 % zoom", async () => {
    const share = await relay.create();
    const v = await visit(browser, share.link);
    const { page } = v;
    await page.getByRole("heading", { level: 1, name: "Dossier de Jeanne Martin" }).waitFor();
    await page.locator("canvas[data-rendered-page='1']").waitFor({ state: "attached", timeout: 60_000 });
    const print = page.getByRole("button", { name: "Imprimer" });
    expect(await print.isVisible()).toBe(true);

    await page.emulateMedia({ media: "print" });
    expect(await print.isVisible()).toBe(false);
    expect(await page.locator(".preview").first().isVisible()).toBe(false);
    expect(await page.getByText("Pénicilline").isVisible()).toBe(true);
    expect(await page.getByText("Les aperçus des documents ne sont pas imprimés.").isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });

    // 200 % zoom on a 1280 px wide window is a 640 px wide layout: nothing scrolls sideways.
    await page.setViewportSize({ width: 640, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.getByText("Pénicilline").isVisible()).toBe(true);
    // Keyboard: the language switch, print and the download link are reachable with Tab.
    await page.locator("body").focus();
    const reached: string[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      reached.push(await page.evaluate(() => (document.activeElement?.textContent ?? "").trim()));
    }
    expect(reached.some((r) => r.startsWith("FR"))).toBe(true);
    expect(reached).toContain("Imprimer");
    expect(reached.some((r) => r.startsWith("Télécharger"))).toBe(true);
    await v.context.close();
  });
});
