// The official vaccination calendar above a child's vaccinations, computed
// by the core from the birth date and the doses recorded: what is due now,
// the vaccine picked from the list of vaccines used in France, and the
// calendar moving on once the dose is recorded. At 200 % zoom, axe clean,
// the dose typed from the keyboard.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { axeViolations, type Session, start, stop } from "./browser";
import { emptyVault, isoDay, nav } from "./carnet";
import { expectReadable, zoomedPage } from "./layout";

let s: Session;

beforeAll(async () => {
  s = await start();
});

afterAll(async () => {
  await stop(s);
});


describe("vaccination calendar", () => {
  it("says what a baby's first doses are, offers the vaccines of France, and moves on once one is recorded", async () => {
    const page = await emptyVault(s, "Camille", await zoomedPage(s));
    // Léo is two months and twenty days old: his first doses are due.
    const birth = new Date();
    birth.setMonth(birth.getMonth() - 3);
    birth.setDate(birth.getDate() + 10);
    await page.getByLabel("Nom et prénom").fill("Léo Martin");
    await page.getByLabel("Date de naissance").fill(isoDay(birth));
    await page.getByRole("button", { name: "Créer le profil" }).click();
    await page.getByRole("heading", { name: "Léo Martin", level: 1 }).waitFor();

    await nav(page, "Vaccinations");
    const calendar = page.getByRole("region", { name: "Calendrier des vaccinations" });
    const now = calendar.getByRole("list", { name: "À faire maintenant" });
    await now.getByText(/^Diphtérie : À faire maintenant : 1re dose \(date prévue : .*\)\. Vaccination obligatoire\.$/).waitFor();
    await now.getByText(/^Infections à pneumocoque : À faire maintenant : 1re dose/).waitFor();
    await calendar.getByText(/^D'après le Calendrier des vaccinations et recommandations vaccinales 2025/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await expectReadable(page, "vaccination calendar");

    // The vaccine field offers the vaccines of France with what they protect against.
    await page.getByRole("button", { name: "Ajouter une vaccination" }).click();
    const vaccine = page.getByLabel(/^Vaccin( \(obligatoire\))?$/);
    await vaccine.waitFor();
    const listId = await vaccine.getAttribute("list");
    expect(listId).toBeTruthy();
    const offered = page.locator(`datalist[id="${listId}"] option[value="Infanrix Hexa"]`);
    await expect.poll(() => offered.getAttribute("label")).toBe("diphtérie, tétanos, coqueluche, poliomyélite, infections à Haemophilus influenzae b, hépatite B");
    expect(await axeViolations(page)).toEqual([]);

    // From the keyboard: the vaccine, the date, then Enter saves.
    await vaccine.focus();
    await page.keyboard.type("Infanrix Hexa");
    await page.getByLabel(/^Date de la vaccination/).fill(isoDay(new Date()));
    await vaccine.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("status").getByText("C'est enregistré.").waitFor();

    // The six diseases of the hexavalent vaccine move on to the second
    // dose; the pneumococcal one is still to do.
    const next = calendar.getByRole("list", { name: "À venir" });
    await next.getByText(/^Diphtérie : Prochaine étape : 2e dose, à partir du /).waitFor();
    await next.getByText(/^Hépatite B : Prochaine étape : 2e dose/).waitFor();
    await now.getByText(/^Infections à pneumocoque : À faire maintenant : 1re dose/).waitFor();
    expect(await now.getByText(/^Diphtérie/).count()).toBe(0);
    await expectReadable(page, "vaccination calendar after a dose");
  });
});
