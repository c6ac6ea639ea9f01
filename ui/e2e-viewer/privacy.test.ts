// The secret in the link's fragment never crosses the network: a proxy
// between Chromium and the relay keeps every byte both ways, and neither the
// secret nor its lower-case form is in any of them, while the page did
// decrypt and show the record.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startProxy, type Proxy } from "./proxy";
import { launchBrowser, startRelay, visit, type Relay } from "./relay";

let relay: Relay;
let browser: Browser;
let proxy: Proxy;

beforeAll(async () => {
  relay = await startRelay();
  browser = await launchBrowser();
  proxy = await startProxy(relay.url);
});

afterAll(async () => {
  await proxy?.stop();
  await browser?.close();
  await relay?.stop();
});

describe("the link's secret", () => {
  it("is never sent or received by the browser, with or without a PIN", async () => {
    for (const pin of [null, "73920468"]) {
      const share = await relay.create({ pin });
      const secret = share.link.slice(share.link.indexOf("#") + 1);
      expect(secret).toMatch(/^AGE-SECRET-KEY-1/);
      const link = share.link.replace(relay.url, proxy.url);
      expect(link.startsWith(`${proxy.url}/s/${share.id}#`)).toBe(true);

      const v = await visit(browser, link);
      if (pin) {
        await v.page.getByLabel("Code (4 à 8 chiffres)").fill(pin);
        await v.page.getByRole("button", { name: "Ouvrir le dossier" }).click();
      }
      await v.page.getByRole("heading", { level: 1, name: "Dossier de Jeanne Martin" }).waitFor();
      expect(await v.page.getByRole("main").textContent()).toContain("Pénicilline");
      // Out of the address bar and of the history entry once read.
      expect(v.page.url()).toBe(`${proxy.url}/s/${share.id}`);
      expect(await v.page.evaluate(() => location.href + String(location.hash))).not.toContain("AGE-SECRET-KEY");
      await v.page.locator("canvas[data-rendered-page='1']").waitFor({ state: "attached", timeout: 60_000 });
      await v.context.close();

      const sent = proxy.sent().toString("latin1");
      const received = proxy.received().toString("latin1");
      // The traffic did go through the proxy: the page, its script, the open.
      expect(sent).toContain(`GET /s/${share.id} `);
      expect(sent).toContain("GET /viewer/viewer.js ");
      expect(sent).toContain(`POST /v1/shares/${share.id}/open `);
      expect(received).toContain("age-encryption.org/v1");
      if (pin) expect(sent).toMatch(/"pin_proof":"[0-9a-f]{64}"/);
      // The whole key, its lower-case form, its data part, or any long piece of it: nowhere.
      const data = secret.slice("AGE-SECRET-KEY-1".length);
      for (const s of [secret, secret.toLowerCase(), data, data.toLowerCase(), data.slice(0, 20), data.slice(-20)]) {
        expect(sent.includes(s), `sent contains ${s.slice(0, 24)}…`).toBe(false);
        expect(received.includes(s), `received contains ${s.slice(0, 24)}…`).toBe(false);
      }
      // (The page's own script names the prefix, so only what the browser sent is checked for it.)
      expect(sent.toUpperCase()).not.toContain("AGE-SECRET-KEY");
      // Nor percent-encoded or base64-encoded.
      for (const s of [encodeURIComponent(secret), Buffer.from(secret).toString("base64").slice(0, 40)]) {
        expect(sent.includes(s)).toBe(false);
        expect(received.includes(s)).toBe(false);
      }
      if (pin) expect(sent.includes(pin)).toBe(false);
    }
    expect(proxy.connections()).toBeGreaterThan(0);
  });
});
