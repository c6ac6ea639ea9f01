import { readFileSync } from "node:fs";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";

import { axeViolations, type Session, start, stop } from "./browser";
import { PASSPHRASE, nav, newVault } from "./carnet";

let s: Session;

beforeAll(async () => {
  s = await start();
});

afterAll(async () => {
  await stop(s);
});

/** The family screen's card of one profile. */
const profileCard = (page: Page, name: string) =>
  page.locator("section.family-profile").filter({ has: page.getByRole("heading", { name, exact: true }) });

async function unlockAs(page: Page, member: string, passphrase: string) {
  await page.getByRole("heading", { name: "Ouvrir le carnet" }).waitFor();
  await page.getByLabel(member, { exact: true }).check();
  await page.getByLabel("Phrase de passe").fill(passphrase);
  await page.getByRole("button", { name: "Ouvrir" }).click();
}

describe("family", () => {
  it("adds a member, shares profiles as second parent or caregiver (with consent), and revokes", async () => {
    const page = await newVault(s);
    // A second profile, Camille's own.
    await page.getByRole("button", { name: "Ajouter un profil" }).click();
    await page.getByLabel("Nom et prénom").fill("Camille Martin");
    await page.getByLabel("Date de naissance").fill("1990-06-15");
    await page.getByRole("button", { name: "Créer le profil" }).click();
    await page.getByRole("heading", { name: "Camille Martin", level: 1 }).waitFor();

    await nav(page, "Famille");
    await page.getByRole("heading", { name: "Famille et accès", level: 1 }).waitFor();
    await profileCard(page, "Léo Martin").getByText("Camille (vous) : a créé ce profil").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // A new member types their own passphrase.
    await page.getByText("Cette personne ouvrira Carnet sur cet ordinateur avec sa propre phrase de passe").waitFor();
    await page.getByLabel("Prénom du nouveau membre").fill("Alex");
    await page.getByLabel("Sa phrase de passe (tapée par lui ou elle)").fill("la lune est ronde ce soir");
    await page.getByLabel("Sa phrase de passe, encore une fois").fill("la lune est ronde");
    await page.getByText("Les deux phrases de passe sont différentes.").waitFor();
    expect(await page.getByRole("button", { name: "Ajouter ce membre" }).isDisabled()).toBe(true);
    await page.getByLabel("Sa phrase de passe, encore une fois").fill("la lune est ronde ce soir");
    await page.getByRole("button", { name: "Ajouter ce membre" }).click();
    await page.getByText("Alex fait maintenant partie du carnet.").waitFor();
    await page.getByRole("region", { name: "Membres du carnet" }).getByText("Alex", { exact: true }).waitFor();
    expect(await page.getByLabel("Prénom du nouveau membre").inputValue()).toBe("");

    // Léo's profile: Alex as second parent.
    const leo = profileCard(page, "Léo Martin");
    await leo.getByLabel("À qui ?").selectOption({ label: "Alex" });
    await leo.getByLabel("Second parent (profil d'un enfant)").check();
    expect(await axeViolations(page)).toEqual([]);
    await leo.getByRole("button", { name: "Donner accès" }).click();
    await leo.getByText("Alex : second parent").waitFor();
    await page.getByText("Alex peut maintenant ouvrir le profil de Léo Martin.").waitFor();
    await leo.getByText("Tous les membres ont déjà accès à ce profil.").waitFor();

    // Camille's own profile: caregiver only with the person's consent.
    const camille = profileCard(page, "Camille Martin");
    await camille.getByLabel("Aidant (aide la personne à gérer son dossier)").check();
    const consent = camille.getByLabel("La personne concernée est d'accord");
    await consent.waitFor();
    await camille.getByRole("button", { name: "Donner accès" }).click();
    await camille.getByText("Cochez cette case : l'accord de la personne concernée est nécessaire.").waitFor();
    expect(await consent.getAttribute("aria-invalid")).toBe("true");
    expect(await camille.getByText("Alex : aidant").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await consent.check();
    await camille.getByRole("button", { name: "Donner accès" }).click();
    await camille.getByText("Alex : aidant").waitFor();

    // Revoke Alex from Léo's profile, after an explanation.
    await leo.getByRole("button", { name: "Retirer l'accès de Alex" }).click();
    const dialog = page.getByRole("dialog", { name: "Retirer l'accès de Alex ?" });
    await dialog.waitFor();
    await dialog.getByText("Alex ne pourra plus ouvrir le profil de Léo Martin. Pour cela, la clé de ce profil va être changée").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Oui, retirer l'accès" }).click();
    await page.getByText("Alex n'a plus accès au profil de Léo Martin.").waitFor();
    await leo.getByText("Alex : second parent").waitFor({ state: "detached" });

    // Nobody removes the owner: the core says so, and no button offers it.
    await leo.getByText("Camille (vous) : a créé ce profil").waitFor();
    expect(await leo.getByRole("button", { name: "Retirer l'accès de Camille" }).count()).toBe(0);

    // Alex opens Carnet with their own passphrase and sees only Camille's profile.
    await page.getByRole("button", { name: "Verrouiller" }).click();
    await unlockAs(page, "Alex", "la lune est ronde ce soir");
    await page.getByRole("heading", { name: "À faire", level: 1 }).waitFor();
    const options = await page.getByLabel("Profil").locator("option").allTextContents();
    expect(options).toEqual(["Camille Martin"]);
    await page.close();
  });
});

describe("settings", () => {
  it("changes the auto-lock delay and the passphrase, saves a recovery kit and a backup that restores elsewhere", async () => {
    const page = await newVault(s);
    await nav(page, "Réglages");
    await page.getByRole("heading", { name: "Réglages", level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Auto-lock: 5 minutes by default, "never" not offered.
    const delay = page.getByLabel("Verrouiller après");
    expect(await delay.inputValue()).toBe("5");
    expect(await delay.locator("option").allTextContents()).toEqual(["1 minute", "2 minutes", "5 minutes", "10 minutes", "15 minutes", "30 minutes"]);
    await delay.selectOption("10");
    await page.getByText("Carnet se verrouillera après 10 minutes sans activité.").waitFor();
    expect(await page.evaluate(() => localStorage.getItem("carnet.autolockMinutes"))).toBe("10");

    // Passphrase: the wrong current one is said next to that field.
    await page.getByLabel("Phrase de passe actuelle").fill("pas la bonne phrase");
    await page.getByLabel("Nouvelle phrase de passe", { exact: true }).fill("court");
    await page.getByText("faible").waitFor();
    await page.getByLabel("Nouvelle phrase de passe", { exact: true }).fill("trois petits chats verts");
    await page.getByText("bonne", { exact: true }).waitFor();
    await page.getByLabel("Retapez la nouvelle phrase de passe").fill("trois petits chats verts");
    await page.getByRole("button", { name: "Changer la phrase de passe" }).click();
    await page.locator("#set-current-error").getByText("La phrase de passe n'est pas la bonne").waitFor();
    expect(await page.getByLabel("Phrase de passe actuelle").getAttribute("aria-invalid")).toBe("true");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Phrase de passe actuelle").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Changer la phrase de passe" }).click();
    await page.getByText("Votre phrase de passe a été changée.").waitFor();

    // Recovery kit.
    const kit = page.waitForEvent("download");
    await page.getByRole("button", { name: "Enregistrer un kit de secours" }).click();
    expect((await kit).suggestedFilename()).toBe("carnet-kit-de-secours.age");
    await page.getByText("Kit de secours enregistré.").waitFor();

    // Backup of the whole vault, with a summary.
    const saving = page.waitForEvent("download");
    await page.getByRole("button", { name: "Sauvegarder tout le carnet" }).click();
    const backup = await saving;
    await page.getByText("Sauvegarde terminée : 1 profil, 1 fichier.").waitFor();
    expect(await page.getByRole("progressbar", { name: "Progression de la sauvegarde" }).getAttribute("value")).toBeTruthy();
    expect(await axeViolations(page)).toEqual([]);
    const archive = readFileSync(await backup.path());

    // Lock: the old passphrase no longer opens, the new one does.
    await page.getByRole("button", { name: "Verrouiller" }).click();
    await page.getByRole("heading", { name: "Ouvrir le carnet", level: 1 }).waitFor();
    await page.getByLabel("Phrase de passe").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Ouvrir" }).click();
    await page.getByText("La phrase de passe n'est pas la bonne").waitFor();
    await page.getByLabel("Phrase de passe").fill("trois petits chats verts");
    await page.getByRole("button", { name: "Ouvrir" }).click();
    await page.getByRole("heading", { name: "À faire", level: 1 }).waitFor();
    await page.close();

    // Another computer: restore the backup from the first screen.
    const other = await s.browser.newPage();
    await other.goto(s.url);
    await other.getByRole("button", { name: "Restaurer une sauvegarde" }).click();
    await other.getByRole("heading", { name: "Restaurer une sauvegarde", level: 1 }).waitFor();
    expect(await axeViolations(other)).toEqual([]);
    const restore = async (buffer: Buffer) => {
      const chooser = other.waitForEvent("filechooser");
      await other.getByRole("button", { name: "Choisir la sauvegarde et restaurer" }).click();
      await (await chooser).setFiles({ name: "sauvegarde.carnet", mimeType: "application/octet-stream", buffer });
    };
    await other.getByLabel("Votre prénom dans ce carnet").fill("Camille");
    await other.getByLabel("Votre phrase de passe").fill("trois petits chats verts");
    await restore(Buffer.from("ceci n'est pas une sauvegarde"));
    await other.getByRole("alert").filter({ hasText: "Des données sont endommagées" }).waitFor();
    await other.getByLabel("Votre phrase de passe").fill(PASSPHRASE);
    await restore(archive);
    await other.locator("#fr-restore-pass-error").getByText("La phrase de passe n'est pas la bonne").waitFor();
    expect(await axeViolations(other)).toEqual([]);
    await other.getByLabel("Votre phrase de passe").fill("trois petits chats verts");
    await restore(archive);
    await other.getByText("Sauvegarde restaurée : 1 profil, 1 fichier.").waitFor();
    expect(await axeViolations(other)).toEqual([]);
    await other.getByRole("button", { name: "Continuer" }).click();
    await unlockAs(other, "Camille", "trois petits chats verts");
    await other.getByRole("heading", { name: "À faire", level: 1 }).waitFor();
    expect(await other.getByLabel("Profil").locator("option").allTextContents()).toEqual(["Léo Martin"]);
    await other.close();
  });

  it("locks after the chosen delay without activity, and at once after sleep", async () => {
    const page = await s.browser.newPage();
    await page.clock.install();
    await newVault(s, page);
    await nav(page, "Réglages");
    await page.getByLabel("Verrouiller après").selectOption("1");

    // Activity keeps it open.
    await page.clock.runFor(50_000);
    await page.mouse.move(20, 20);
    await page.mouse.move(60, 80);
    await page.clock.runFor(50_000);
    expect(await page.getByRole("heading", { name: "Réglages", level: 1 }).count()).toBe(1);

    // A minute without activity.
    await page.clock.runFor(11_000);
    await page.getByRole("heading", { name: "Ouvrir le carnet" }).waitFor();
    await page.getByText("Carnet s'est verrouillé après 1 minute sans activité.").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await unlockAs(page, "Camille", PASSPHRASE);
    await page.getByRole("heading", { name: "À faire", level: 1 }).waitFor();
    expect(await page.getByText("Carnet s'est verrouillé").count()).toBe(0);

    // The computer sleeps: the wall clock jumps forward, the monotonic one does not.
    await page.clock.setSystemTime(Date.now() + 45 * 60_000);
    await page.clock.runFor(1_000);
    await page.getByText("Carnet s'est verrouillé pendant la mise en veille de l'ordinateur.").waitFor();
    await page.close();
  });
});
