// Two computers through the release gateway on 127.0.0.1: the father's in
// the real window, his daughter's a vault folder of her own driven by the
// `carnet` command line. He invites her, she joins under her own
// passphrase, both edit offline and sync both ways, then he withdraws her
// access: her next sync is refused and her copy erased, his data intact.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, expect, it } from "vitest";

import { type Cli, carnet, carnetJson } from "./cli";
import { type AppSession, close, launch, screenshot } from "./driver";
import { type Gateway, newAccount, startGateway, stopGateway } from "./gateway";
import { AppPage, newVaultWithProfile } from "./page";

let gateway: Gateway;
let session: AppSession | undefined;
let claireHome: string;

beforeAll(async () => {
  gateway = await startGateway();
  claireHome = mkdtempSync(join(tmpdir(), "carnet-claire-"));
});

afterAll(async () => {
  if (session) await close(session);
  await stopGateway(gateway);
  rmSync(claireHome, { recursive: true, force: true });
});

interface Listed {
  data: { substance?: string };
}

const substances = (c: Cli) =>
  carnetJson<Listed[]>(c, "record", "list")
    .map((r) => r.data.substance ?? "")
    .sort();

async function addAllergy(page: AppPage, substance: string): Promise<void> {
  await page.nav("Allergies");
  await page.click("Ajouter une allergie");
  await page.fill("Substance ou aliment", substance);
  await page.click("Enregistrer");
  await page.sees(substance);
}

async function syncNow(page: AppPage): Promise<void> {
  await page.nav("Réglages");
  await page.click("Synchroniser maintenant");
  await page.sees("À jour");
}

it("invites a daughter who joins from her own computer, both edit offline, then withdraws her access", async () => {
  const { pairing_code: pairing } = newAccount(gateway);
  session = await launch();
  const page = new AppPage(session);
  await newVaultWithProfile(page, "Jean", "une phrase de passe bien longue", { name: "Jean Dupont", birth: "1941-05-12" });
  await addAllergy(page, "Pénicilline");
  await page.nav("Réglages");
  await page.fill("Adresse du serveur", gateway.url);
  await page.fill("Code à usage unique", pairing);
  await page.click("Relier cet appareil");
  await page.sees("À jour");

  // He gives his consent on his side, from the keyboard, the window at
  // half its size (what 200 % zoom leaves): an invitation for Claire.
  await page.browser.setWindowSize(640, 400);
  expect(await page.browser.execute(() => window.innerWidth)).toBeLessThanOrEqual(640);
  await page.nav("Personnes et accès");
  const name = await page.field("Son nom, tel que tout le monde le verra");
  await name.addValue("Claire");
  await page.browser.keys("Enter");
  await page.sees("Code d'invitation pour Claire");
  expect(await page.overflowsSideways()).toBe(false);
  expect(await page.axeViolations()).toEqual([]);
  const code = await (await page.find(`//*[@id="people-code"]`)).getText();
  expect(code.trim()).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
  await screenshot(session, "people-invitation");

  // Her laptop: her own vault and passphrase; she checks the code, then joins.
  const claire: Cli = { vault: join(claireHome, "vault"), passphrase: "la phrase de Claire, à elle" };
  carnetJson(claire, "init", "--member", "Claire");
  const shown = carnet(claire, "invite", "show", code.trim(), "--server", gateway.url);
  expect(shown.stdout).toContain("invite Claire à ouvrir le profil « Jean Dupont » (aidant)");
  const joined = carnet(claire, "invite", "accept", code.trim(), "--server", gateway.url, "--device", "Portable de Claire");
  expect(joined.status, joined.stderr).toBe(0);
  expect(joined.stdout).toContain("Profil « Jean Dupont » ajouté à ce carnet.");
  expect(substances(claire)).toEqual(["Pénicilline"]);

  // Both edit offline, then sync both ways: the same records on both.
  await addAllergy(page, "Latex");
  carnetJson(claire, "record", "add", "allergy", "--substance", "Pollen", "--severity", "mild");
  carnetJson(claire, "sync");
  await syncNow(page);
  await page.nav("Allergies");
  await page.sees("Pollen");
  carnetJson(claire, "sync");
  expect(substances(claire)).toEqual(["Latex", "Pollen", "Pénicilline"]);

  // He sees what she did, and her and her computer.
  await page.nav("Activité");
  await page.sees("Claire a ajouté une allergie (Pollen) pour Jean Dupont");
  await page.nav("Personnes et accès");
  await page.sees("Portable de Claire");
  await page.sees("Claire a rejoint le profil depuis « Portable de Claire » (aidant).");
  expect(await page.overflowsSideways()).toBe(false);
  expect(await page.axeViolations()).toEqual([]);
  await page.browser.setWindowSize(1280, 800);
  await screenshot(session, "people");

  // He withdraws her access; her next sync is refused and her copy erased.
  await page.click("Retirer l'accès de Claire");
  await page.click("Oui, retirer l'accès");
  await page.sees("Claire n'a plus accès à ce profil.");
  const refused = carnet(claire, "sync");
  expect(refused.status).toBe(14);
  expect(refused.stderr).toContain("vous a retiré l'accès à ce profil. Sa copie a été effacée de cet ordinateur.");
  expect(carnetJson(claire, "profile", "list")).toEqual([]);
  expect(readdirSync(join(claire.vault, "profiles"))).toEqual([]);

  // His data is intact, and the erase reaches his history.
  await syncNow(page);
  await page.nav("Allergies");
  for (const s of ["Pénicilline", "Latex", "Pollen"]) await page.sees(s);
  await page.nav("Personnes et accès");
  await page.sees("La copie de Claire a été effacée de « Portable de Claire ».");
});
