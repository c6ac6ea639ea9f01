// Share links in the real window: the app links to an account on the
// release relay on 127.0.0.1 with its access code, builds and seals a share
// of the chosen allergy, uploads it as that account's device, shows the
// link and its QR code; the link opens (decrypted here with the `age` tool,
// with the secret from the link), the open shows in the app's history, and
// revoking from the app stops the link.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, expect, it } from "vitest";

import { type AppSession, close, launch, screenshot } from "./driver";
import { type Gateway, newAccount, startGateway, stopGateway } from "./gateway";
import { AppPage, newVaultWithProfile } from "./page";

let relay: Gateway;
let session: AppSession | undefined;

beforeAll(async () => {
  relay = await startGateway();
});

afterAll(async () => {
  if (session) await close(session);
  await stopGateway(relay);
});

/** What the professional's browser does: one counted open, then decryption with the link's secret. */
async function openLink(link: string): Promise<{ status: number; text?: string }> {
  const [page, secret] = link.split("#");
  const [base, id] = page!.split("/s/");
  const response = await fetch(`${base}/v1/shares/${id}/open`, { method: "POST", body: "{}" });
  if (!response.ok) return { status: response.status };
  const ciphertext = Buffer.from(await response.arrayBuffer());
  const dir = mkdtempSync(join(tmpdir(), "carnet-share-"));
  try {
    writeFileSync(join(dir, "key.txt"), `${secret}\n`);
    const text = execFileSync("age", ["-d", "-i", join(dir, "key.txt")], { input: ciphertext }).toString();
    return { status: response.status, text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it("shares an allergy by link and QR code, sees the open, and withdraws it", async () => {
  session = await launch();
  const page = new AppPage(session);
  await newVaultWithProfile(page, "Camille", "une phrase de passe bien longue", { name: "Jeanne Martin", birth: "1941-05-12" });
  for (const substance of ["Pénicilline", "Arachide"]) {
    await page.nav("Allergies");
    await page.click("Ajouter une allergie");
    await page.fill("Substance ou aliment", substance);
    await page.click("Enregistrer");
    await page.sees(substance);
  }

  // The relay's operator gave an account and its one-time access code.
  const { pairing_code: code } = newAccount(relay);
  await page.nav("Réglages");
  await page.fill("Adresse web du serveur de partage", relay.url);
  await page.fill("Code d'accès au serveur", code);
  await page.click("Enregistrer l'adresse");
  await page.sees(`Adresse enregistrée : ${relay.url}`);

  await page.nav("Partager avec un professionnel");
  await page.click("Créer un lien de partage");
  await page.check("Pénicilline");
  await page.click("Suivant");
  await page.fill("Nom du professionnel", "Dr Paul Durand");
  await page.fill("Spécialité", "Cardiologie");
  await page.click("Suivant");
  await page.check("Une seule fois");
  await page.click("Suivant");
  await page.click("Créer le lien");
  await page.sees("Le lien est prêt");

  const link = await (await page.field("Lien à donner au professionnel")).getValue();
  expect(link).toMatch(new RegExp(`^${relay.url}/s/[0-9a-f]{32}#AGE-SECRET-KEY-1[0-9A-Z]{58}$`));
  // The QR code is drawn in a worker (the window's prototypes are frozen).
  const qr = await page.find(`//*[local-name()='svg' and @aria-label='Code QR du lien, à scanner avec un téléphone']`);
  expect(Number(await qr.getAttribute("data-modules"))).toBeGreaterThanOrEqual(29);
  await screenshot(session, "share-link");

  // The professional opens it once: the chosen allergy, not the other one.
  const opened = await openLink(link);
  expect(opened.status).toBe(200);
  expect(opened.text).toContain("Pénicilline");
  expect(opened.text).not.toContain("Arachide");
  expect((await openLink(link)).status).toBe(404);

  await page.click("Terminé");
  await page.click("Voir l'historique (Dr Paul Durand)");
  await page.sees("Ouvert");
  await page.sees("Toutes les ouvertures ont été utilisées");

  // A second share, withdrawn from the app: its link stops working.
  await page.click("Créer un lien de partage");
  await page.check("Arachide");
  await page.click("Suivant");
  await page.fill("Nom du professionnel", "Dr Anne Roy");
  await page.fill("Spécialité", "Urgences");
  await page.click("Suivant");
  await page.click("Suivant");
  await page.click("Créer le lien");
  await page.sees("Le lien est prêt");
  const second = await (await page.field("Lien à donner au professionnel")).getValue();
  await page.click("Terminé");
  await page.click("Retirer l'accès (Dr Anne Roy)");
  await page.click("Oui, retirer l'accès");
  await page.sees("Dr Anne Roy n'a plus accès à ce partage");
  expect((await openLink(second)).status).toBe(404);
});
