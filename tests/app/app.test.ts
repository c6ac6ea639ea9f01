// The real Carnet window, end to end: a new vault, a child's profile, an
// allergy and a vaccination, a PDF imported through the system dialog and
// previewed, lock, a wrong passphrase, unlock, and everything found again.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { makePdf } from "../../ui/e2e/carnet";
import { type AppSession, answerFileDialog, close, launch, screenshot } from "./driver";
import { AppPage, newVaultWithProfile } from "./page";

const PASSPHRASE = "le chat dort au soleil";

let s: AppSession;
let page: AppPage;

beforeAll(async () => {
  s = await launch();
  page = new AppPage(s);
});

afterAll(async () => {
  if (s) await close(s);
});

describe("the desktop app", () => {
  it("creates a vault and a child's profile", async () => {
    await page.heading("Créer votre carnet");
    await screenshot(s, "first-run");
    await newVaultWithProfile(page, "Camille", PASSPHRASE, { name: "Léo Martin", birth: "2024-02-20" });
  });

  it("adds an allergy and a vaccination", async () => {
    await page.nav("Allergies");
    await page.click("Ajouter une allergie");
    await page.fill("Substance ou aliment", "Arachide");
    await page.fill("Gravité", "severe");
    await page.click("Enregistrer");
    await page.sees("Arachide");

    await page.nav("Vaccinations");
    await page.click("Ajouter une vaccination");
    await page.fill("Vaccin", "ROR");
    await page.fill("Date de la vaccination", "2025-02-24");
    await page.fill("Prochain rappel prévu le", "2025-07-20");
    await page.click("Enregistrer");
    await page.sees("ROR");
    await screenshot(s, "vaccinations");
  });

  it("imports a PDF through the system dialog and previews it", async () => {
    const pdf = join(s.home, "compte-rendu.pdf");
    writeFileSync(pdf, makePdf("Compte rendu de consultation"));
    await page.nav("Documents");
    await page.click("Ajouter des documents");
    answerFileDialog("Choisir des documents", pdf);
    await page.heading("Documents à ajouter");
    await page.fill("Titre", "Compte rendu de consultation");
    await page.fill("Type de document", "11488-4");
    await page.click("Ajouter ce document");
    await page.sees("1 document ajouté.");

    await page.click("Voir");
    const canvas = await page.find("//dialog//canvas");
    // Something dark was drawn: the page's text and bar, rendered by pdf.js.
    await page.browser.waitUntil(
      async () =>
        (await page.browser.execute((c: HTMLCanvasElement) => {
          const ctx = c.getContext("2d");
          if (!ctx || c.width === 0) return 0;
          const d = ctx.getImageData(0, 0, c.width, c.height).data;
          let dark = 0;
          for (let i = 0; i < d.length; i += 4) if ((d[i] ?? 255) < 80 && (d[i + 3] ?? 0) > 200) dark++;
          return dark;
        }, canvas as unknown as HTMLCanvasElement)) > 100,
      { timeout: 20_000, timeoutMsg: "the PDF preview stayed blank" },
    );
    await screenshot(s, "document-preview");
    await page.click("Fermer");
  });

  it("charts measurements over time", async () => {
    await page.nav("Mesures");
    for (const [value, at] of [
      ["9,9", "2025-02-24T09:00"],
      ["10,6", "2025-05-20T09:00"],
      ["11,2", "2025-08-21T09:00"],
    ] as const) {
      await page.click("Ajouter une mesure");
      await page.fill("Type de mesure", "weight");
      await page.fill("Valeur", value);
      await page.fill("Date et heure", at);
      await page.click("Enregistrer");
      await page.sees("C'est enregistré.");
    }
    await page.find("//*[local-name()='svg' and @role='img']");
    await screenshot(s, "measurements");
  });

  it("refuses a command the window was not granted", async () => {
    const outcome = await page.browser.execute(async () => {
      const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: (cmd: string, args?: object) => Promise<unknown> } }).__TAURI_INTERNALS__;
      try {
        await internals.invoke("plugin:dialog|open", { options: {} });
        return "allowed";
      } catch (e) {
        return String(e);
      }
    });
    expect(outcome).toMatch(/not allowed|denied/i);
  });

  it("cannot listen to Tauri's drag-and-drop events, which carry dropped file paths", async () => {
    const outcomes = await page.browser.execute(async () => {
      const internals = (
        window as unknown as {
          __TAURI_INTERNALS__: {
            invoke: (cmd: string, args?: object) => Promise<unknown>;
            transformCallback: (cb: (e: unknown) => void) => number;
          };
        }
      ).__TAURI_INTERNALS__;
      const out: string[] = [];
      for (const event of ["tauri://drag-drop", "tauri://drag-enter", "tauri://drag-over"]) {
        try {
          const handler = internals.transformCallback(() => undefined);
          await internals.invoke("plugin:event|listen", { event, target: { kind: "Any" }, handler });
          out.push(`${event}: allowed`);
        } catch (e) {
          out.push(`${event}: ${String(e)}`);
        }
      }
      return out;
    });
    expect(outcomes).toHaveLength(3);
    for (const outcome of outcomes) expect(outcome).toMatch(/not allowed|denied/i);
  });

  it("locks, rejects a wrong passphrase, unlocks and finds everything again", async () => {
    await page.click("Verrouiller");
    await page.heading("Ouvrir le carnet");
    await page.fill("Phrase de passe", "pas la bonne phrase");
    await page.click("Ouvrir");
    expect(await page.alert()).toContain("La phrase de passe n'est pas la bonne");
    await screenshot(s, "unlock-wrong-passphrase");

    await page.fill("Phrase de passe", PASSPHRASE);
    await page.click("Ouvrir");
    // The window opens on what to do, for everyone.
    await page.heading("À faire");
    await screenshot(s, "todo");
    await page.nav("Résumé");
    await page.heading("Léo Martin");
    await page.sees("Arachide");
    await page.sees("ROR");
    await page.sees("Compte rendu");
    await screenshot(s, "overview");

    await page.nav("Famille");
    await page.heading("Famille");
    await screenshot(s, "family");

    await page.nav("Rechercher");
    await page.fill("Mot à chercher", "arachide");
    await page.click("Rechercher", "//main//form");
    await page.sees("1 résultat pour « arachide ».");
  });
});
