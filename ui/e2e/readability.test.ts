// Readable at 200 % zoom and usable with the keyboard alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";

import { addresses, control, type Session, start, stop } from "./browser";
import { PASSPHRASE, makePdf, nav, newVault } from "./carnet";
import { expectReadable } from "./layout";

let s: Session;

beforeAll(async () => {
  s = await start();
});

afterAll(async () => {
  await stop(s);
});

/** A form field by its label, which may end with "(obligatoire)". */
const field = (page: Page, label: string) =>
  page.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\(obligatoire\\))?$`));

describe("200 % zoom", () => {
  it("shows every screen without horizontal scrolling or cut-off controls", async () => {
    // A 1280 × 800 window at 200 %: 640 × 400 CSS pixels, two device pixels each.
    const context = await s.browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(s.url);
    await page.getByRole("heading", { name: "Créer votre carnet" }).waitFor();
    expect(await page.evaluate(() => [window.innerWidth, window.devicePixelRatio])).toEqual([640, 2]);
    await expectReadable(page, "first run");
    await newVault(s, page);
    await expectReadable(page, "overview, empty");

    // One record of each kind, with its form checked on the way.
    const records: [string, string, (p: Page) => Promise<void>][] = [
      [
        "Allergies",
        "Ajouter une allergie",
        async (p) => {
          await field(p, "Substance ou aliment").fill("Pénicilline");
          await field(p, "Réaction").fill("Plaques rouges sur tout le corps et gonflement du visage");
          await field(p, "Gravité").selectOption("severe");
        },
      ],
      [
        "Traitements",
        "Ajouter un traitement",
        async (p) => {
          await field(p, "Médicament").fill("Ventoline");
          await field(p, "Dose").fill("2 bouffées");
          await field(p, "Combien de fois").fill("matin et soir");
          await field(p, "Début").fill("2024-06-01");
        },
      ],
      [
        "Vaccinations",
        "Ajouter une vaccination",
        async (p) => {
          await field(p, "Vaccin").fill("ROR");
          await field(p, "Date de la vaccination").fill("2025-02-20");
          await field(p, "Prochain rappel prévu le").fill("2099-02-20");
        },
      ],
      [
        "Maladies",
        "Ajouter une maladie",
        async (p) => {
          await field(p, "Maladie").fill("Asthme");
          await field(p, "Début").fill("2024-09-01");
        },
      ],
      [
        "Mesures",
        "Ajouter une mesure",
        async (p) => {
          await field(p, "Valeur").fill("13,5");
          await field(p, "Date et heure").fill("2025-03-10T10:00");
        },
      ],
    ];
    for (const [screen, add, fill] of records) {
      await nav(page, screen);
      await page.getByRole("button", { name: add }).click();
      await page.getByRole("heading", { name: add, level: 2 }).waitFor();
      await expectReadable(page, `${screen} form`);
      await fill(page);
      await page.getByRole("button", { name: "Enregistrer" }).click();
      await page.getByRole("status").getByText("C'est enregistré.").waitFor();
    }
    // A second weight, so that the chart is drawn too.
    await page.getByRole("button", { name: "Ajouter une mesure" }).click();
    await field(page, "Valeur").fill("12,9");
    await field(page, "Date et heure").fill("2025-02-10T09:30");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.locator('svg[role="img"]').waitFor();

    // A document, with its import form checked before adding it.
    await nav(page, "Documents");
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Ajouter des documents" }).click();
    await (await chooser).setFiles([
      { name: "compte-rendu-de-consultation-pediatrique.pdf", mimeType: "application/pdf", buffer: makePdf("Compte rendu") },
    ]);
    await page.getByRole("heading", { name: "Documents à ajouter" }).waitFor();
    await expectReadable(page, "document import");
    await page.getByLabel("Type de document").selectOption("11488-4");
    await page.getByRole("button", { name: "Ajouter ce document" }).click();
    await page.getByText("1 document ajouté.").waitFor();

    // Every screen of the navigation: seven sections at most, each with its screens.
    const sectionNames = (await page.getByRole("navigation").locator("> ul:first-child > li > button").allTextContents()).map((x) => x.trim());
    expect(sectionNames).toEqual([
      "À faire",
      "Dossier de santé",
      "Documents",
      "Rechercher",
      "Partager avec un professionnel",
      "Historique",
      "Famille et réglages",
    ]);
    const screens: string[] = [];
    for (const section of sectionNames) {
      await nav(page, section);
      const sub = page.getByRole("navigation").getByRole("list", { name: `Dans « ${section} »` });
      if ((await sub.count()) === 0) screens.push(section);
      else screens.push(...(await sub.getByRole("button").allTextContents()).map((x) => x.trim()));
    }
    expect(screens).toEqual([
      "À faire",
      "Résumé",
      "Allergies",
      "Traitements",
      "Vaccinations",
      "Examens et dépistages",
      "Maladies",
      "Mesures",
      "Documents",
      "Rechercher",
      "Partager avec un professionnel",
      "Activité",
      "Qui a consulté mon dossier",
      "Journal des actions",
      "Informations du profil",
      "Personnes et accès",
      "Famille",
      "Réglages",
    ]);
    for (const screen of screens) {
      await nav(page, screen);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      if (screen === "Résumé") await page.getByText("Poids : 13,5 kg, le 10 mars 2025").waitFor();
      if (screen === "Mesures") await page.locator('svg[role="img"]').waitFor();
      if (screen === "Documents") await page.locator("li.document").first().waitFor();
      if (screen === "Journal des actions") await page.getByRole("table", { name: "Historique du profil" }).waitFor();
      if (screen === "À faire") await page.locator("section.todo-group").first().waitFor();
      if (screen === "Examens et dépistages") await page.getByRole("region", { name: "Examens à faire" }).getByText("Examen des 24 mois (3e certificat de santé)", { exact: true }).waitFor();
      if (screen === "Qui a consulté mon dossier") await page.getByText("Ce profil n'est pas relié à Mon espace santé").waitFor();
      if (screen === "Réglages") await page.getByLabel("Code à usage unique").waitFor();
      if (screen === "Partager avec un professionnel") await page.getByRole("button", { name: "Créer un lien de partage" }).waitFor();
      if (screen === "Activité") await page.getByText(/^Rien de nouveau pour l'instant\./).waitFor();
      if (screen === "Famille") await page.getByRole("heading", { name: "Membres du carnet" }).waitFor();
      if (screen === "Rechercher") {
        await page.getByLabel("Mot à chercher").fill("penicilline");
        await page.getByLabel("Mot à chercher").press("Enter");
        await page.getByText("1 résultat pour « penicilline ».").waitFor();
      }
      await expectReadable(page, screen);
    }

    // The overview says each record plainly, in French.
    await nav(page, "Résumé");
    await page.getByText("Né(e) le 20 février 2024").waitFor();
    const overview = async (section: string) =>
      (await page.getByRole("region", { name: section }).getByRole("listitem").allTextContents()).map((x) => x.replace(/\s+/g, " ").trim());
    expect(await overview("Allergies")).toEqual(["Pénicilline, réaction : Plaques rouges sur tout le corps et gonflement du visage sévère"]);
    expect(await overview("Traitements en cours")).toEqual(["Ventoline, 2 bouffées, matin et soir, depuis le 1 juin 2024"]);
    expect(await overview("Vaccinations")).toEqual(["ROR, le 20 février 2025"]);
    // What to do comes from the official calendar, not from a date typed long ago.
    expect(await overview("Vaccins à faire")).toContain(
      "Rougeole : En retard : 2e dose (date prévue : 20 juin 2025). Le rattrapage est recommandé. Vaccination obligatoire.",
    );
    expect(await overview("Maladies")).toEqual(["Asthme, depuis le 1 septembre 2024"]);
    expect(await overview("Dernières mesures")).toContain("Poids : 13,5 kg, le 10 mars 2025");
    expect((await overview("Documents récents"))[0]).toMatch(/^compte-rendu-de-consultation-pediatrique, le \d{1,2} \p{L}+ \d{4}$/u);

    // Dialogs too: a record's deletion and a document's preview.
    await nav(page, "Allergies");
    await page.getByRole("button", { name: "Supprimer : Pénicilline" }).click();
    await page.getByRole("dialog", { name: "Supprimer cette information ?" }).waitFor();
    await expectReadable(page, "delete dialog");
    await page.getByRole("button", { name: "Annuler" }).click();
    await nav(page, "Documents");
    await page.getByRole("button", { name: /^Voir/ }).click();
    await page.locator('dialog canvas[data-rendered-page="1"]').waitFor();
    await expectReadable(page, "document preview");
    await page.getByRole("button", { name: "Fermer" }).click();

    // Linked to the national space (a deposit waiting there): the settings, a code for another device, the history.
    const { code } = await control<{ code: string }>(page, "gateway/account", { deposit: true });
    await nav(page, "Réglages");
    // bridge: the page's own gateway, "http://127.0.0.1:PORT", is shorter than the long address this step used to lay out.
    await page.getByLabel("Adresse du serveur").fill((await addresses(page)).gateway);
    await page.getByLabel("Code à usage unique").fill(code);
    await page.getByRole("button", { name: "Relier cet appareil" }).click();
    await page.getByText("À jour. 1 élément reçu, 1 document envoyé.").waitFor();
    await page.getByRole("button", { name: "Relier un autre appareil" }).click();
    await page.getByText("Ce code est valable 15 minutes et ne sert qu'une fois.").waitFor();
    await expectReadable(page, "settings, linked");
    await nav(page, "Qui a consulté mon dossier");
    await page.getByRole("table", { name: "Consultations par les professionnels de santé" }).waitFor();
    await expectReadable(page, "access history");

    // Locked: the unlock screen.
    await page.getByRole("button", { name: "Verrouiller" }).click();
    await page.getByRole("heading", { name: "Ouvrir le carnet" }).waitFor();
    await expectReadable(page, "unlock");
    await context.close();
  });
});

/** What has the focus, and whether it shows. */
interface Focused {
  what: string;
  visible: boolean;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { what: "body", visible: false };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none";
    // Its label (without the options of a select inside it), else its text.
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent?.replace(el.textContent ?? "", "");
    const label = el.getAttribute("aria-label") ?? labelled ?? el.textContent ?? "";
    return { what: `${el.tagName.toLowerCase()} ${label.trim().replace(/\s+/g, " ")}`, visible: outline || shadow };
  });
}

/** Presses Tab (or Shift+Tab) and checks the newly focused control shows it. */
async function tab(page: Page, back = false): Promise<string> {
  await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  const f = await focused(page);
  expect(f.visible, `no visible focus on ${f.what}`).toBe(true);
  return f.what;
}

/** Tabs (forward, or back) until the focused control's description starts with `what`. */
async function tabTo(page: Page, what: string, back = false): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    const now = await tab(page, back);
    if (now.startsWith(what)) return;
    seen.push(now);
  }
  throw new Error(`"${what}" not reached with ${back ? "Shift+Tab" : "Tab"}; went through: ${seen.join(" | ")}`);
}

/**
 * The digits to type for `iso` in a date field: its order follows the browser's
 * language (Debian's Chromium, with only its en-US resources, reads month/day/year),
 * so it is found on a blank page first.
 */
async function dateKeys(context: BrowserContext, iso: string): Promise<string> {
  const probe = await context.newPage();
  await probe.setContent('<input type="date" aria-label="probe">');
  await probe.getByLabel("probe").focus();
  await probe.keyboard.type("01022003");
  const monthFirst = (await probe.getByLabel("probe").inputValue()) === "2003-01-02";
  await probe.close();
  const [y, m, d] = iso.split("-");
  return monthFirst ? `${m}${d}${y}` : `${d}${m}${y}`;
}

describe("keyboard only", () => {
  it("creates the vault, a profile and an allergy without the mouse, the focus always visible", async () => {
    const context = await s.browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto(s.url);
    await page.getByRole("heading", { name: "Créer votre carnet" }).waitFor();

    // Every control of the first-run screen, in order, then back up.
    const order: string[] = [];
    for (let i = 0; i < 6; i++) order.push(await tab(page));
    expect(order).toEqual([
      "select Langue",
      "input Votre prénom",
      "input Phrase de passe",
      "input Retapez la phrase de passe",
      "input J'ai compris : je garde ma phrase de passe en lieu sûr.",
      "button Restaurer une sauvegarde", // "Créer mon carnet" is disabled for now
    ]);
    for (let i = 0; i < 4; i++) await tab(page, true);
    expect((await focused(page)).what).toBe("input Votre prénom");

    // Fill it in.
    await page.keyboard.type("Camille");
    await tab(page);
    await page.keyboard.type(PASSPHRASE);
    await tab(page);
    await page.keyboard.type(PASSPHRASE);
    await tab(page);
    await page.keyboard.press("Space");
    expect(await page.getByLabel("J'ai compris : je garde ma phrase de passe en lieu sûr.").isChecked()).toBe(true);
    expect(await tab(page)).toBe("button Créer mon carnet");
    await page.keyboard.press("Enter");

    // The recovery kit can wait.
    await page.getByRole("heading", { name: "Votre carnet est créé" }).waitFor();
    await tabTo(page, "button Plus tard");
    await page.keyboard.press("Enter");

    // The first profile.
    await page.getByText("Aucun profil pour l'instant.").waitFor();
    await tabTo(page, "input Nom et prénom");
    await page.keyboard.type("Léo Martin");
    await tabTo(page, "input Date de naissance");
    await page.keyboard.type(await dateKeys(context, "2024-02-20"));
    expect(await page.getByLabel("Date de naissance").inputValue()).toBe("2024-02-20");
    await tabTo(page, "button Créer le profil");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Léo Martin", level: 1 }).waitFor();

    // An allergy: to the screen, the form, the fields, and save.
    await tabTo(page, "button Allergies");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Allergies", level: 1 }).waitFor();
    await tabTo(page, "button Ajouter une allergie");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Ajouter une allergie", level: 2 }).waitFor();
    await tabTo(page, "input Substance ou aliment");
    await page.keyboard.type("Pénicilline");
    await tabTo(page, "input Réaction");
    await page.keyboard.type("Plaques rouges");
    await tabTo(page, "select Gravité");
    await page.keyboard.type("Sévère");
    expect(await field(page, "Gravité").inputValue()).toBe("severe");
    await tabTo(page, "button Enregistrer");
    await page.keyboard.press("Enter");
    await page.getByRole("status").getByText("C'est enregistré.").waitFor();
    const item = page.getByRole("listitem").filter({ hasText: "Pénicilline" });
    await item.waitFor();
    expect(await item.textContent()).toContain("Plaques rouges");
    expect(await item.textContent()).toContain("sévère");
    // The focus came back to the "add" button, visibly.
    const back = await focused(page);
    expect(back.what).toBe("button Ajouter une allergie");
    expect(back.visible).toBe(true);

    // And the overview lists it.
    await tabTo(page, "button Résumé", true);
    await page.keyboard.press("Enter");
    await page.getByRole("region", { name: "Allergies" }).getByText("Pénicilline, réaction : Plaques rouges").waitFor();
    await context.close();
  });
});
