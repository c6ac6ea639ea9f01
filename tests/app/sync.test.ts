// Sync with the national space in the real window: the release gateway on
// 127.0.0.1, a professional depositing and reading through its API, and the
// app linking, syncing, showing the deposit, hiding it and listing who read.
import { afterAll, beforeAll, expect, it } from "vitest";

import { type AppSession, close, launch, screenshot } from "./driver";
import { type Gateway, addProfessional, deposit, labReport, newAccount, readRecord, startGateway, stopGateway } from "./gateway";
import { AppPage, newVaultWithProfile } from "./page";

let gateway: Gateway;
let session: AppSession | undefined;

beforeAll(async () => {
  gateway = await startGateway();
});

afterAll(async () => {
  if (session) await close(session);
  await stopGateway(gateway);
});

it("links a profile, receives a deposit, hides it from professionals and lists who read the record", async () => {
  const { profile_id: profile, pairing_code: code } = newAccount(gateway);
  const pro = addProfessional(gateway, "10003591586", "Dr Claire Martin");

  session = await launch();
  const page = new AppPage(session);
  await newVaultWithProfile(page, "Camille", "une phrase de passe bien longue", { name: "Jeanne Martin", birth: "1941-05-12" });
  await page.nav("Allergies");
  await page.click("Ajouter une allergie");
  await page.fill("Substance ou aliment", "Pénicilline");
  await page.click("Enregistrer");
  await page.sees("Pénicilline");

  // A wrong code first: said under the field, nothing linked.
  await page.nav("Réglages");
  await page.fill("Adresse du serveur", gateway.url);
  await page.fill("Code à usage unique", "AAAA-BBBBBB");
  await page.click("Relier cet appareil");
  await page.sees("Ce code n'est pas valable");

  await page.fill("Code à usage unique", code);
  await page.click("Relier cet appareil");
  await page.sees(`Relié à ${gateway.url}`);
  await page.sees("À jour");

  // Without the patient's consent, the professional cannot read the record.
  await expect(readRecord(gateway, pro, profile)).rejects.toThrow("read refused: 403");
  await page.nav("Qui a consulté mon dossier");
  await page.fill("Numéro RPPS du professionnel à autoriser", "10003591586");
  await page.click("Autoriser");
  await page.sees("Dr Claire Martin peut maintenant consulter ce dossier.");
  await page.nav("Réglages");

  // Authorised, she sees the allergy, and deposits a lab report.
  const view = await readRecord(gateway, pro, profile);
  expect(view.records).toHaveLength(1);
  await deposit(gateway, pro, profile, labReport("Bilan sanguin de novembre"));

  await page.click("Synchroniser maintenant");
  await page.sees("À jour");
  await screenshot(session, "sync-settings");

  await page.nav("Documents");
  await page.sees("Bilan sanguin de novembre");
  await page.sees("Déposé par Dr Claire Martin via Mon espace santé");
  await page.click("Masquer aux professionnels");
  await page.sees("Ne plus masquer aux professionnels");

  await page.nav("Réglages");
  await page.click("Synchroniser maintenant");
  await page.sees("À jour");
  const after = await readRecord(gateway, pro, profile);
  expect(after.documents).toHaveLength(0);

  // Both reads come back with the next sync.
  await page.click("Synchroniser maintenant");
  await page.sees("À jour");
  await page.nav("Qui a consulté mon dossier");
  await page.sees("Dr Claire Martin");
  await page.sees("a demandé à consulter le dossier sans votre autorisation");
  await page.sees("a consulté le dossier");
  await page.sees("a déposé le document « Bilan sanguin de novembre »");
  await screenshot(session, "access-history");
  const text = await page.browser.execute(() => document.body.innerText);
  expect(text.match(/a consulté le dossier/g)?.length).toBe(2);
});
