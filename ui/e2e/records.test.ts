import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";

import { axeViolations, type Session, start, stop } from "./browser";
import { nav, newVault } from "./carnet";

let s: Session;

beforeAll(async () => {
  s = await start();
});

afterAll(async () => {
  await stop(s);
});

/** A new page with a vault, a profile, and the overview on screen. */
const newProfile = (): Promise<Page> => newVault(s);

/** A form field by its label, which may end with "(obligatoire)". */
const field = (page: Page, label: string) =>
  page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\(obligatoire\\))?$`));

interface KindCase {
  nav: string;
  add: string;
  fill: (page: Page) => Promise<void>;
  /** Shown in the list and the overview after adding. */
  title: string;
  overview: string;
  edit: (page: Page) => Promise<unknown>;
  /** Shown after editing. */
  edited: string;
}

const kinds: KindCase[] = [
  {
    nav: "Allergies",
    add: "Ajouter une allergie",
    fill: async (page) => {
      await field(page, "Substance ou aliment").fill("Pénicilline");
      await field(page, "Réaction").fill("Plaques rouges");
      await field(page, "Gravité").selectOption("severe");
      await field(page, "Découverte le").fill("2024-05-02");
    },
    title: "Pénicilline",
    overview: "Allergies",
    edit: (page) => field(page, "Réaction").fill("Gonflement du visage"),
    edited: "Gonflement du visage",
  },
  {
    nav: "Traitements",
    add: "Ajouter un traitement",
    fill: async (page) => {
      await field(page, "Médicament").fill("Ventoline");
      await field(page, "Dose").fill("2 bouffées");
      await field(page, "Comment le prendre").selectOption("inhaled");
      await field(page, "Début").fill("2024-06-01");
    },
    title: "Ventoline",
    overview: "Traitements en cours",
    edit: (page) => field(page, "Dose").fill("4 bouffées"),
    edited: "4 bouffées",
  },
  {
    nav: "Vaccinations",
    add: "Ajouter une vaccination",
    fill: async (page) => {
      await field(page, "Vaccin").fill("ROR");
      await field(page, "Date de la vaccination").fill("2025-02-20");
      await field(page, "Numéro de la dose").fill("1");
    },
    title: "ROR",
    overview: "Vaccinations",
    edit: (page) => field(page, "Numéro de lot").fill("AB123"),
    edited: "AB123",
  },
  {
    nav: "Maladies",
    add: "Ajouter une maladie",
    fill: async (page) => {
      await field(page, "Maladie").fill("Asthme");
      await field(page, "Début").fill("2024-09-01");
    },
    title: "Asthme",
    overview: "Maladies",
    edit: (page) => field(page, "Situation").selectOption("remission"),
    edited: "En rémission",
  },
];

describe("records", () => {
  it("adds, shows, edits and deletes each kind of record, accessibly", async () => {
    const page = await newProfile();
    for (const k of kinds) {
      await nav(page, k.nav);
      await page.getByRole("heading", { name: k.nav, level: 1 }).waitFor();
      expect(await axeViolations(page), k.nav).toEqual([]);

      // Add.
      await page.getByRole("button", { name: k.add }).click();
      await page.getByRole("heading", { name: k.add, level: 2 }).waitFor();
      expect(await axeViolations(page), `${k.nav} form`).toEqual([]);
      await k.fill(page);
      await page.getByRole("button", { name: "Enregistrer" }).click();
      await page.getByRole("status").getByText("C'est enregistré.").waitFor();
      const item = page.getByRole("listitem").filter({ hasText: k.title });
      await item.waitFor();
      expect(await axeViolations(page), `${k.nav} list`).toEqual([]);

      // In the overview.
      await nav(page, "Résumé");
      await page.getByRole("region", { name: k.overview }).getByText(k.title).waitFor();

      // Edit.
      await nav(page, k.nav);
      await page.getByRole("button", { name: `Modifier : ${k.title}` }).click();
      await page.getByRole("heading", { name: "Modifier", level: 2 }).waitFor();
      await k.edit(page);
      await page.getByRole("button", { name: "Enregistrer" }).click();
      await page.getByRole("status").getByText("Les modifications sont enregistrées.").waitFor();
      await page.getByRole("listitem").filter({ hasText: k.edited }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(`Modifier : ${k.title}`);

      // Delete, after saying no once.
      await page.getByRole("button", { name: `Supprimer : ${k.title}` }).click();
      const dialog = page.getByRole("dialog", { name: "Supprimer cette information ?" });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(`« ${k.title} »`);
      expect(await axeViolations(page), `${k.nav} dialog`).toEqual([]);
      await dialog.getByRole("button", { name: "Annuler" }).click();
      await dialog.waitFor({ state: "hidden" });
      expect(await page.getByRole("listitem").filter({ hasText: k.title }).count()).toBe(1);
      // Escape says no too, and the focus goes back to the button.
      await page.getByRole("button", { name: `Supprimer : ${k.title}` }).click();
      await dialog.waitFor();
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(`Supprimer : ${k.title}`);
      await page.getByRole("button", { name: `Supprimer : ${k.title}` }).click();
      await dialog.getByRole("button", { name: "Supprimer" }).click();
      await page.getByRole("status").getByText("C'est supprimé.").waitFor();
      await page.getByText(/enregistrée? pour l'instant\./).waitFor();
      expect(await page.getByRole("listitem").filter({ hasText: k.title }).count()).toBe(0);
    }
    await page.close();
  });

  it("shows the vault's message under the field at fault and moves the focus there", async () => {
    const page = await newProfile();
    await nav(page, "Allergies");
    await page.getByRole("button", { name: "Ajouter une allergie" }).click();
    await page.getByRole("button", { name: "Enregistrer" }).click();
    const substance = field(page, "Substance ou aliment");
    await page.getByText("Ce champ est obligatoire.").waitFor();
    expect(await substance.getAttribute("aria-invalid")).toBe("true");
    expect(await substance.getAttribute("aria-describedby")).toContain("allergy-form-substance-error");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("allergy-form-substance");
    // The message sits right under its field.
    expect(await page.locator("#allergy-form-substance + #allergy-form-substance-error").count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Annuler" }).click();

    await nav(page, "Vaccinations");
    await page.getByRole("button", { name: "Ajouter une vaccination" }).click();
    await field(page, "Vaccin").fill("ROR");
    await field(page, "Date de la vaccination").fill("2999-01-01");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.locator("#vaccination-form-date-error").getByText("Cette date ne peut pas être dans le futur.").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("vaccination-form-date");
    // Before Léo was born (20 February 2024): refused, said under the date.
    await field(page, "Date de la vaccination").fill("2024-01-10");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.locator("#vaccination-form-date-error").getByText("Cette date est avant la date de naissance : vérifiez-la.").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("vaccination-form-date");
    await field(page, "Date de la vaccination").fill("2024-04-20");
    await field(page, "Numéro de la dose").fill("0");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.locator("#vaccination-form-dose_number-error").getByText("La valeur doit être comprise entre 1 et 20.").waitFor();
    expect(await page.locator("#vaccination-form-date-error").count()).toBe(0);
    await field(page, "Numéro de la dose").fill("2");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByRole("listitem").filter({ hasText: "ROR" }).waitFor();
    await page.close();
  });
});

describe("measurements", () => {
  it("charts three weights with a text summary and a table", async () => {
    const page = await newProfile();
    await nav(page, "Mesures");
    await page.getByRole("heading", { name: "Mesures", level: 1 }).waitFor();
    await page.getByText("Aucune mesure enregistrée pour l'instant.").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const weights: [string, string][] = [
      ["12,4", "2025-01-10T09:00"],
      ["12,9", "2025-02-10T09:30"],
      ["13,5", "2025-03-10T10:00"],
    ];
    for (const [value, at] of weights) {
      await page.getByRole("button", { name: "Ajouter une mesure" }).click();
      await page.getByRole("heading", { name: "Ajouter une mesure", level: 2 }).waitFor();
      expect(await field(page, "Type de mesure").inputValue()).toBe("weight");
      expect(await field(page, "Unité").locator("option").allTextContents()).toEqual(["kg", "g"]);
      await field(page, "Valeur").fill(value);
      await field(page, "Date et heure").fill(at);
      await page.getByRole("button", { name: "Enregistrer" }).click();
      await page.getByRole("status").getByText("C'est enregistré.").waitFor();
    }
    await page.getByText("Poids : 13,5 kg", { exact: true }).waitFor();

    const chart = page.locator('svg[role="img"]');
    await chart.waitFor();
    const summary = (await chart.getAttribute("aria-label")) ?? "";
    expect(summary).toContain("Poids");
    expect(summary).toContain("3 mesures");
    expect(summary).toContain("12,4");
    expect(summary).toContain("13,5");
    expect(await chart.locator("path.chart-line").count()).toBe(1);
    expect(await chart.locator("circle").count()).toBe(3);
    expect(await chart.textContent()).toContain("max. 13,5");
    await page.getByText("Voir les valeurs sous forme de tableau").click();
    const table = page.getByRole("table", { name: "Poids (kg)" });
    await table.waitFor();
    expect(await table.locator("tbody tr").count()).toBe(3);
    expect(await table.textContent()).toContain("12,9 kg");
    expect(await axeViolations(page)).toEqual([]);

    // Blood pressure asks for two values; units follow the kind.
    await page.getByRole("button", { name: "Ajouter une mesure" }).click();
    await field(page, "Type de mesure").selectOption("glycemia");
    expect(await field(page, "Unité").locator("option").allTextContents()).toEqual(["g/L", "mmol/L", "mg/dL"]);
    expect(await field(page, "Unité").inputValue()).toBe("g/L");
    await field(page, "Type de mesure").selectOption("blood_pressure");
    await field(page, "Tension haute (systolique)").fill("125");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.locator("#measurement-form-value2-error").getByText("Ce champ est obligatoire.").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await field(page, "Tension basse (diastolique)").fill("130");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.locator("#measurement-form-value2-error").getByText("La valeur doit être comprise entre 30 et 300.").waitFor();
    await field(page, "Tension basse (diastolique)").fill("80");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByText("Tension artérielle : 125/80 mmHg", { exact: true }).waitFor();

    // Edit one weight, then delete it: the chart follows.
    await page.getByRole("button", { name: /^Modifier : Poids : 13,5 kg/ }).click();
    expect(await field(page, "Valeur").inputValue()).toBe("13,5");
    await field(page, "Valeur").fill("13,6");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByText("Poids : 13,6 kg", { exact: true }).waitFor();
    await page.getByRole("button", { name: /^Supprimer : Poids : 13,6 kg/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Supprimer" }).click();
    await page.getByRole("status").getByText("C'est supprimé.").waitFor();
    expect(await chart.locator("circle").count()).toBe(2);

    // In English.
    await page.getByLabel("Langue").selectOption("en");
    await page.getByRole("heading", { name: "Charts", level: 2 }).waitFor();
    expect(await chart.getAttribute("aria-label")).toContain("Weight chart in kg: 2 measurements");
    await page.getByText("Weight: 12.9 kg", { exact: true }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

describe("search and history", () => {
  it("finds a record without accents, and the history lists what was done", async () => {
    const page = await newProfile();
    await nav(page, "Allergies");
    await page.getByRole("button", { name: "Ajouter une allergie" }).click();
    await field(page, "Substance ou aliment").fill("Pénicilline");
    await field(page, "Réaction").fill("Eczéma et plaques");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByRole("status").getByText("C'est enregistré.").waitFor();
    await nav(page, "Traitements");
    await page.getByRole("button", { name: "Ajouter un traitement" }).click();
    await field(page, "Médicament").fill("Amoxicilline");
    await field(page, "Remarques").fill("Remplace la pénicilline");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByRole("status").getByText("C'est enregistré.").waitFor();

    // Search.
    await nav(page, "Rechercher");
    await page.getByRole("heading", { name: "Rechercher", level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Mot à chercher").fill("PENICILLINE");
    await page.getByLabel("Mot à chercher").press("Enter");
    await page.getByText("2 résultats pour « PENICILLINE ».").waitFor();
    const results = page.getByRole("list").filter({ has: page.locator("mark") });
    expect(await results.locator("mark").allTextContents()).toEqual(["Pénicilline", "pénicilline"]);
    const first = results.getByRole("listitem").first();
    expect(await first.textContent()).toContain("Allergie");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Mot à chercher").fill("ECZEMA");
    await page.getByRole("search").getByRole("button", { name: "Rechercher" }).click();
    await page.getByText("1 résultat pour « ECZEMA ».").waitFor();
    expect(await page.locator("mark").allTextContents()).toEqual(["Eczéma"]);
    await page.getByLabel("Mot à chercher").fill("varicelle");
    await page.getByLabel("Mot à chercher").press("Enter");
    await page.getByText("Rien trouvé pour « varicelle ».", { exact: false }).waitFor();
    expect(await page.locator("mark").count()).toBe(0);

    // History.
    await nav(page, "Journal des actions");
    await page.getByRole("heading", { name: "Journal des actions", level: 1 }).waitFor();
    const table = page.getByRole("table", { name: "Historique du profil" });
    await table.waitFor();
    const rows = table.locator("tbody tr");
    const texts = await rows.allTextContents();
    expect(texts.filter((r) => r.includes("Une information a été ajoutée."))).toHaveLength(2);
    expect(texts.some((r) => r.includes("Le profil a été créé."))).toBe(true);
    expect(texts[0]).toContain("Camille");
    expect(texts.some((r) => r.includes("Allergie : Pénicilline"))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel("Langue").selectOption("en");
    await page.getByRole("heading", { name: "Log of actions", level: 1 }).waitFor();
    const english = await page.getByRole("table", { name: "History of the profile" }).locator("tbody tr").allTextContents();
    expect(english.filter((r) => r.includes("Some information was added."))).toHaveLength(2);
    expect(english.some((r) => r.includes("Allergy: Pénicilline"))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
