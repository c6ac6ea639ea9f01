// Links that no longer open (revoked, expired, used up) and PIN-protected
// links: the right message, and no patient data anywhere in the page.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { axeViolations, cspViolations, launchBrowser, patientDataIn, revoke, startRelay, visit, type Relay } from "./relay";

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

const UNAVAILABLE = "Lien plus disponible";

/** The result's heading once the page settled on one. */
async function result(page: Page): Promise<string> {
  const h = page.locator("#result-heading");
  await h.waitFor();
  return ((await h.textContent()) ?? "").trim();
}

async function expectNoData(page: Page) {
  expect(await patientDataIn(page)).toEqual([]);
}

async function expectUnavailable(link: string) {
  const v = await visit(browser, link);
  expect(await result(v.page)).toBe(UNAVAILABLE);
  const text = (await v.page.getByRole("main").textContent()) ?? "";
  expect(text).toContain("il a expiré, il a déjà été utilisé, ou le patient l'a retiré");
  // Nothing to retry: the link is gone for good.
  expect(await v.page.getByRole("button", { name: "Réessayer" }).count()).toBe(0);
  expect(await v.page.evaluate(() => document.activeElement?.id)).toBe("result-heading");
  await expectNoData(v.page);
  expect(await cspViolations(v.page)).toEqual([]);
  await v.context.close();
}

describe("a link that no longer opens", () => {
  it("says so once the patient revoked it", async () => {
    const share = await relay.create();
    expect(await revoke(relay, share.id, "cso_" + "0".repeat(64))).toBe(404);
    expect(await revoke(relay, share.id, share.owner_token)).toBe(204);
    await expectUnavailable(share.link);
  });

  it("says so once it expired", async () => {
    const share = await relay.create({ expires_in: 3600 });
    await relay.advance(3601);
    await expectUnavailable(share.link);
  });

  it("opens once when it is view-once, then says so", async () => {
    const share = await relay.create({ max_opens: 1 });
    const first = await visit(browser, share.link);
    expect(await result(first.page)).toBe("Dossier de Jeanne Martin");
    expect(await first.page.getByRole("main").textContent()).toContain("une seule");
    await first.context.close();
    await expectUnavailable(share.link);
  });

  it("says so for an id the relay never gave", async () => {
    const share = await relay.create();
    await expectUnavailable(share.link.replace(share.id, "0123456789abcdef0123456789abcdef"));
  });
});

describe("a PIN-protected link", () => {
  it("asks for the PIN, refuses a wrong one with the attempts left, then opens with the right one", async () => {
    const share = await relay.create({ pin: "4821" });
    const v = await visit(browser, share.link);
    const { page } = v;
    expect(await result(page)).toBe("Code d'accès");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("result-heading");
    await expectNoData(page);
    expect(await axeViolations(page)).toEqual([]);

    const field = page.getByLabel("Code (4 à 8 chiffres)");
    const submit = page.getByRole("button", { name: "Ouvrir le dossier" });
    // Not 4 to 8 digits: said at once, nothing sent.
    const opensBefore = v.requests.filter((r) => r.startsWith("POST ")).length;
    await field.fill("12");
    await submit.click();
    await page.getByRole("alert").filter({ hasText: "Saisissez un code de 4 à 8 chiffres." }).waitFor();
    expect(await field.getAttribute("aria-invalid")).toBe("true");
    expect(v.requests.filter((r) => r.startsWith("POST ")).length).toBe(opensBefore);

    await field.fill("1111");
    await submit.click();
    await page.getByRole("alert").filter({ hasText: "Ce code est incorrect. Il reste 4 essais." }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("pin");
    expect(await field.inputValue()).toBe("");
    await expectNoData(page);
    expect(await axeViolations(page)).toEqual([]);

    await field.fill("4821");
    await submit.click();
    await page.getByRole("heading", { level: 1, name: "Dossier de Jeanne Martin" }).waitFor();
    expect(await page.getByRole("main").textContent()).toContain("Pénicilline");
    expect(await cspViolations(page)).toEqual([]);
    // The PIN itself never left the page: only its proof did.
    expect(v.requests.join("\n")).not.toContain("4821");
    await v.context.close();
  });

  it("is blocked after five wrong PINs, and a fresh share opens with the right PIN", async () => {
    const share = await relay.create({ pin: "4821" });
    const v = await visit(browser, share.link);
    const { page } = v;
    expect(await result(page)).toBe("Code d'accès");
    const field = page.getByLabel("Code (4 à 8 chiffres)");
    const submit = page.getByRole("button", { name: "Ouvrir le dossier" });
    const expected = [
      "Ce code est incorrect. Il reste 4 essais.",
      "Ce code est incorrect. Il reste 3 essais.",
      "Ce code est incorrect. Il reste 2 essais.",
      "Ce code est incorrect. Il reste 1 essai ; ensuite, le lien sera bloqué.",
    ];
    for (const [i, message] of expected.entries()) {
      await field.fill(`000${i}`);
      await submit.click();
      await page.getByRole("alert").filter({ hasText: message }).waitFor();
    }
    await field.fill("9999");
    await submit.click();
    await page.getByRole("heading", { level: 1, name: "Lien bloqué" }).waitFor();
    expect(await page.getByRole("main").textContent()).toContain("ce lien est maintenant bloqué");
    expect(await page.getByLabel("Code (4 à 8 chiffres)").count()).toBe(0);
    await expectNoData(page);
    await v.context.close();
    // Locked for good, even with the right PIN now.
    await expectUnavailable(share.link);

    const fresh = await relay.create({ pin: "4821" });
    const w = await visit(browser, fresh.link);
    expect(await result(w.page)).toBe("Code d'accès");
    await w.page.getByLabel("Code (4 à 8 chiffres)").fill("4821");
    await w.page.getByRole("button", { name: "Ouvrir le dossier" }).click();
    await w.page.getByRole("heading", { level: 1, name: "Dossier de Jeanne Martin" }).waitFor();
    expect(await w.page.getByRole("main").textContent()).toContain("Pénicilline");
    await w.context.close();
  });
});
