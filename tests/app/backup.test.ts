// Backup and restore through the real window: a backup saved with the system
// dialog restores on a fresh installation with the member's passphrase alone.
import { rmSync } from "node:fs";
import { join } from "node:path";

import { afterAll, expect, it } from "vitest";

import { type AppSession, answerFileDialog, close, launch } from "./driver";
import { AppPage, newVaultWithProfile } from "./page";

const PASSPHRASE = "une sauvegarde bien gardée";
const homes: string[] = [];

afterAll(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

async function started(): Promise<[AppSession, AppPage]> {
  const s = await launch();
  homes.push(s.home);
  return [s, new AppPage(s)];
}

it("backs up the vault and restores it on a new installation", async () => {
  const [a, page] = await started();
  await newVaultWithProfile(page, "Camille", PASSPHRASE, { name: "Jeanne Martin", birth: "1941-05-12" });
  await page.nav("Allergies");
  await page.click("Ajouter une allergie");
  await page.fill("Substance ou aliment", "Pénicilline");
  await page.click("Enregistrer");
  await page.sees("Pénicilline");

  const archive = join(a.home, "sauvegarde.carnet");
  await page.nav("Réglages");
  await page.click("Sauvegarder tout le carnet");
  answerFileDialog("Enregistrer sous", archive);
  await page.sees("Sauvegarde terminée");
  expect(await page.browser.execute(() => document.body.innerText)).toMatch(/1 profil\b/);
  await close(a, true);

  const [b, restore] = await started();
  await restore.heading("Créer votre carnet");
  await restore.click("Restaurer une sauvegarde");
  await restore.fill("Votre prénom dans ce carnet", "Camille");
  await restore.fill("Votre phrase de passe", PASSPHRASE);
  await restore.click("Choisir la sauvegarde et restaurer");
  answerFileDialog("Choisir une sauvegarde", archive);
  await restore.sees("Sauvegarde restaurée");
  await restore.click("Continuer");
  await restore.heading("Ouvrir le carnet");
  await restore.fill("Phrase de passe", PASSPHRASE);
  await restore.click("Ouvrir");
  await restore.heading("À faire");
  await restore.nav("Résumé");
  await restore.heading("Jeanne Martin");
  await restore.sees("Pénicilline");
  await close(b, true);
});
