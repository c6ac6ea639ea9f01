// The first screen after unlock: what to do for everyone, computed by the
// core. A parent with two children sees the late measles dose of one and
// the 9-month check-up of the other, opens the check-up from the list,
// writes it down from the keyboard, and the item is gone. At 200 % zoom,
// axe clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { axeViolations, type Session, start, stop } from "./browser";
import { PASSPHRASE, emptyVault, isoDay, nav } from "./carnet";
import { expectReadable, zoomedPage } from "./layout";

let s: Session;

beforeAll(async () => {
  s = await start();
});

afterAll(async () => {
  await stop(s);
});


const monthsAgo = (months: number, plusDays = 0) => {
  const d = new Date();
  d.setMonth(d.getMonth() - months);
  d.setDate(d.getDate() + plusDays);
  return isoDay(d);
};

describe("à faire", () => {
  it("lists the late and the due for two children, opens one, and drops it once written down", async () => {
    const page = await emptyVault(s, "Camille", await zoomedPage(s));
    // Léa is nine months old in ten days; Inès is twenty months old with nothing recorded.
    await page.getByLabel("Nom et prénom").fill("Léa Martin");
    await page.getByLabel("Date de naissance").fill(monthsAgo(9, 10));
    await page.getByRole("button", { name: "Créer le profil" }).click();
    await page.getByRole("heading", { name: "Léa Martin", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Ajouter un profil" }).click();
    await page.getByLabel("Nom et prénom").fill("Inès Martin");
    await page.getByLabel("Date de naissance").fill(monthsAgo(20));
    await page.getByRole("button", { name: "Créer le profil" }).click();
    await page.getByRole("heading", { name: "Inès Martin", level: 1 }).waitFor();

    // Unlocking opens on what to do, late first, with each person's name.
    await page.getByRole("button", { name: "Verrouiller" }).click();
    await page.getByLabel("Phrase de passe").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Ouvrir" }).click();
    await page.getByRole("heading", { name: "À faire", level: 1 }).waitFor();
    const late = page.getByRole("region", { name: "En retard" });
    const now = page.getByRole("region", { name: "À faire maintenant" });
    await late.getByRole("button", { name: /^Inès Martin Rougeole : En retard : 1re dose/ }).waitFor();
    const nineMonths = now.getByRole("button", { name: /^Léa Martin Examen des 9 mois \(2e certificat de santé\) : À faire entre le / });
    await nineMonths.waitFor();
    const order = await page.locator("section.todo-group h2").allTextContents();
    expect(order.slice(0, 2)).toEqual(["En retard", "À faire maintenant"]);
    expect(await axeViolations(page)).toEqual([]);
    await expectReadable(page, "à faire");

    // The line opens Léa's check-ups; the checklist offers to write it down.
    await nineMonths.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Examens et dépistages", level: 1 }).waitFor();
    expect(await page.getByLabel("Profil").inputValue()).toBe((await page.getByLabel("Profil").locator("option", { hasText: "Léa Martin" }).getAttribute("value"))!);
    const list = page.getByRole("region", { name: "Examens à faire" });
    await list.getByText(/^D'après : Examens obligatoires de l'enfant/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await expectReadable(page, "check-ups");
    // A form opened for another examination starts again for the one chosen next.
    const exam = page.getByLabel(/^Examen( \(obligatoire\))?$/);
    await list.getByRole("button", { name: "Noter comme fait : Examen des 6 mois" }).click();
    await expect.poll(() => exam.inputValue()).toBe("child_6_months");
    await list.getByRole("button", { name: "Noter comme fait : Examen des 9 mois (2e certificat de santé)" }).click();

    // The form starts with the examination and today's date: Enter saves.
    await expect.poll(() => exam.inputValue()).toBe("child_9_months");
    expect(await page.getByLabel(/^Date de l'examen/).inputValue()).toBe(isoDay(new Date()));
    await page.getByLabel(/^Fait par/).fill("Dr Petit");
    await page.getByLabel(/^Fait par/).press("Enter");
    await page.getByRole("status").getByText("C'est enregistré.").waitFor();
    await list.getByRole("list", { name: "Faits" }).getByText(/^Examen des 9 mois \(2e certificat de santé\) : Fait le /).waitFor();
    // Written down in Léa's check-ups, with who did it.
    await page.locator(".record-title", { hasText: "Examen des 9 mois (2e certificat de santé)" }).waitFor();
    await page.getByText("Dr Petit", { exact: true }).waitFor();

    // Back on "À faire", the check-up is gone; Inès's dose is still there.
    await nav(page, "À faire");
    await late.getByRole("button", { name: /^Inès Martin Rougeole/ }).waitFor();
    expect(await page.getByRole("button", { name: /Examen des 9 mois/ }).count()).toBe(0);
    await page.close();
  });
});
