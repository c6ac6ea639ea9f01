import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { axeViolations, type Session, start, stop } from "./browser";
import { nav } from "./carnet";

let s: Session;

beforeAll(async () => {
  s = await start();
});

afterAll(async () => {
  await stop(s);
});

describe("first run, profile, lock and unlock", () => {
  it("walks a new user through every screen, accessibly, in French and English", async () => {
    const page = await s.browser.newPage();
    await page.goto(s.url);

    // First run.
    await page.getByRole("heading", { name: "Créer votre carnet" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const create = page.getByRole("button", { name: "Créer mon carnet" });
    await page.getByLabel("Votre prénom").fill("Camille");
    await page.getByLabel("Phrase de passe", { exact: true }).fill("le chat dort au soleil");
    await page.getByLabel("Retapez la phrase de passe").fill("le chat dort");
    await page.getByText("Les deux phrases de passe sont différentes.").waitFor();
    expect(await create.isDisabled()).toBe(true);
    await page.getByLabel("Retapez la phrase de passe").fill("le chat dort au soleil");
    expect(await create.isDisabled()).toBe(true); // the warning must be acknowledged
    await page.getByLabel("J'ai compris : je garde ma phrase de passe en lieu sûr.").check();
    await page.getByLabel("Retapez la phrase de passe").press("Enter");

    // The vault is created: a recovery kit is offered, and can wait.
    await page.getByRole("heading", { name: "Votre carnet est créé" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Plus tard" }).click();

    // No profile yet: the form is offered at once.
    await page.getByText("Aucun profil pour l'instant.").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Créer le profil" }).click();
    await page.getByText("Ce champ est obligatoire.").first().waitFor();
    await page.getByLabel("Nom et prénom").fill("Léo Martin");
    await page.getByLabel("Date de naissance").fill("2024-02-20");
    await page.getByLabel("Sexe").selectOption("male");
    await page.getByRole("button", { name: "Créer le profil" }).click();

    // Overview.
    await page.getByRole("heading", { name: "Léo Martin" }).waitFor();
    await page.getByRole("heading", { name: "Allergies" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Lock, wrong passphrase, right passphrase.
    await page.getByRole("button", { name: "Verrouiller" }).click();
    await page.getByRole("heading", { name: "Ouvrir le carnet" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Phrase de passe").fill("pas la bonne phrase");
    await page.getByRole("button", { name: "Ouvrir" }).click();
    await page.getByRole("alert").filter({ hasText: "La phrase de passe n'est pas la bonne" }).waitFor();
    await page.getByLabel("Phrase de passe").fill("le chat dort au soleil");
    await page.getByRole("button", { name: "Ouvrir" }).click();
    // The window opens on what to do, for everyone.
    await page.getByRole("heading", { name: "À faire", level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await nav(page, "Résumé");
    await page.getByRole("heading", { name: "Léo Martin" }).waitFor();

    // English.
    await page.getByLabel("Langue").selectOption("en");
    await page.getByRole("button", { name: "Lock" }).waitFor();
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.close();
  });
});
