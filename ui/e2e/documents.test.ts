import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";

import { axeViolations, type Session, start, stop } from "./browser";
import { darkPixels, makePdf, makePng, nav, newVault, statusText } from "./carnet";

let s: Session;

beforeAll(async () => {
  s = await start();
});

afterAll(async () => {
  await stop(s);
});

/** Clicks "Ajouter des documents" and hands these files to the chooser. */
async function chooseFiles(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Ajouter des documents" }).click();
  await (await chooser).setFiles(files);
}

/** The form of the n-th file being added. */
const fileForm = (page: Page, n: number) => page.getByRole("group", { name: new RegExp(`^Fichier ${n} sur \\d+ :`) });
/** The list entry of a stored document. */
const entry = (page: Page, title: string) =>
  page.locator("li.document").filter({ has: page.getByRole("heading", { name: title, exact: true }) });

const PDF = makePdf("Compte rendu de test", "Page deux du compte rendu");
const PNG = makePng(40, 30, [200, 30, 30]);

describe("documents", () => {
  it("imports, previews, hides, exports, edits and deletes documents, accessibly", async () => {
    const page = await newVault(s);
    await nav(page, "Documents");
    await page.getByRole("heading", { name: "Documents", level: 1 }).waitFor();
    await page.getByText("Aucun document pour l'instant.").waitFor();
    await page.getByText("Vous pouvez aussi faire glisser des fichiers dans cette fenêtre.").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Two files at once: a short form for each, title taken from the file name.
    await chooseFiles(page, [
      { name: "compte-rendu.pdf", mimeType: "application/pdf", buffer: PDF },
      { name: "radio du genou.png", mimeType: "image/png", buffer: PNG },
    ]);
    await page.getByRole("heading", { name: "Documents à ajouter" }).waitFor();
    expect(await fileForm(page, 1).getByLabel("Titre").inputValue()).toBe("compte-rendu");
    expect(await fileForm(page, 2).getByLabel("Titre").inputValue()).toBe("radio du genou");
    expect(await fileForm(page, 1).getByLabel("Date du document").inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await axeViolations(page)).toEqual([]);

    // The type must be chosen: said plainly, next to the field.
    await page.getByRole("button", { name: "Ajouter ces 2 documents" }).click();
    await page.getByRole("alert").filter({ hasText: "Corrigez les champs signalés en rouge" }).waitFor();
    expect(await fileForm(page, 1).getByText("Ce champ est obligatoire.").count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await fileForm(page, 1).getByLabel("Type de document").selectOption("11488-4");
    await fileForm(page, 1).getByLabel("Déposé par un professionnel").check();
    await fileForm(page, 1).getByLabel(/^Auteur/).fill("Dr Martin");
    await fileForm(page, 1).getByLabel(/^Numéro RPPS/).fill("1000 1234 567");
    await fileForm(page, 2).getByLabel("Type de document").selectOption("18748-4");
    await page.getByRole("button", { name: "Ajouter ces 2 documents" }).click();
    await page.getByText("2 documents ajoutés.").waitFor();
    expect(await page.getByRole("heading", { name: "Documents à ajouter" }).count()).toBe(0);

    const pdf = entry(page, "compte-rendu");
    const png = entry(page, "radio du genou");
    await expect(pdf.textContent()).resolves.toMatch(/Compte rendu de consultation.*Auteur : Dr Martin/);
    await expect(pdf.textContent()).resolves.toContain("Déposé par un professionnel");
    await expect(png.textContent()).resolves.toContain("Ajouté par vous");
    await expect(png.textContent()).resolves.toContain("Compte rendu d'imagerie médicale");
    await expect(pdf.textContent()).resolves.toMatch(/compte-rendu\.pdf, \d+ o/);
    expect(await axeViolations(page)).toEqual([]);

    // PDF preview: pages drawn on a canvas by pdf.js.
    await pdf.getByRole("button", { name: "Voir" }).click();
    const dialog = page.getByRole("dialog", { name: "compte-rendu" });
    await dialog.waitFor();
    await dialog.locator('canvas[data-rendered-page="1"]').waitFor();
    expect(await darkPixels(page, "dialog canvas")).toBeGreaterThan(500);
    await dialog.getByText("Page 1 sur 2").waitFor();
    expect(await dialog.getByRole("button", { name: "Page précédente" }).isDisabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Page suivante" }).click();
    await dialog.locator('canvas[data-rendered-page="2"]').waitFor();
    await dialog.getByRole("img", { name: "Page 2 sur 2 de « compte-rendu »" }).waitFor();
    expect(await darkPixels(page, "dialog canvas")).toBeGreaterThan(500);
    expect(await dialog.getByRole("button", { name: "Page suivante" }).isDisabled()).toBe(true);
    await dialog.getByRole("button", { name: "Fermer" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain("Voir");

    // Image preview, from an object URL revoked on close.
    await png.getByRole("button", { name: "Voir" }).click();
    const image = page.getByRole("dialog", { name: "radio du genou" }).getByRole("img", { name: "Aperçu de « radio du genou »" });
    await image.waitFor();
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>("dialog img")?.naturalWidth ?? 0) === 40);
    const src = await image.getAttribute("src");
    expect(src).toMatch(/^blob:/);
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await image.waitFor({ state: "detached" });
    const stillLoads = await page.evaluate(
      (url) =>
        new Promise<boolean>((resolve) => {
          const img = new Image();
          img.onload = () => resolve(true);
          img.onerror = () => resolve(false);
          img.src = url ?? "";
        }),
      src,
    );
    expect(stillLoads).toBe(false);

    // Hidden from professionals: a visible badge, and the toggle says the way back.
    await png.getByRole("button", { name: "Masquer aux professionnels" }).click();
    await png.getByText("Masqué aux professionnels", { exact: true }).waitFor();
    await page.getByText("« radio du genou » est maintenant masqué aux professionnels.").waitFor();
    await png.getByRole("button", { name: "Ne plus masquer aux professionnels" }).waitFor();
    expect(await pdf.getByText("Masqué aux professionnels", { exact: true }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // Export: the original file is saved.
    const download = page.waitForEvent("download");
    await pdf.getByRole("button", { name: "Enregistrer une copie" }).click();
    expect((await download).suggestedFilename()).toBe("compte-rendu.pdf");
    await page.getByText("Document enregistré.").waitFor();

    // Edit the details with the same form.
    await pdf.getByRole("button", { name: "Modifier" }).click();
    await page.getByRole("heading", { name: "Modifier « compte-rendu »" }).waitFor();
    expect(await page.getByLabel("Titre").inputValue()).toBe("compte-rendu");
    expect(await page.getByLabel(/^Numéro RPPS/).inputValue()).toBe("10001234567");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Titre").fill("Consultation du 12 mars");
    await page.getByLabel(/^Numéro RPPS/).fill("123");
    await page.getByRole("button", { name: "Enregistrer les modifications" }).click();
    await page.getByText("Le numéro RPPS doit comporter exactement 11 chiffres.").waitFor();
    await page.getByLabel(/^Numéro RPPS/).fill("");
    await page.getByRole("button", { name: "Enregistrer les modifications" }).click();
    await page.getByText("Modifications enregistrées.").waitFor();
    await entry(page, "Consultation du 12 mars").waitFor();

    // Delete, after a confirmation in a real dialog; "no" keeps it.
    await png.getByRole("button", { name: "Supprimer" }).click();
    const confirm = page.getByRole("dialog", { name: "Supprimer ce document ?" });
    await confirm.waitFor();
    await confirm.getByText("« radio du genou » sera supprimé de Carnet").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await confirm.getByRole("button", { name: "Annuler" }).click();
    await confirm.waitFor({ state: "hidden" });
    expect(await png.count()).toBe(1);
    await png.getByRole("button", { name: "Supprimer" }).click();
    await confirm.getByRole("button", { name: "Oui, supprimer" }).click();
    await page.getByText("Document supprimé.").waitFor();
    expect(await png.count()).toBe(0);

    // The overview lists it among recent documents.
    await nav(page, "Résumé");
    await page.getByRole("heading", { name: "Documents récents" }).waitFor();
    await page.getByText("Consultation du 12 mars").waitFor();
    await page.close();
  });

  it("cancels an import midway: nothing is kept, the rest is listed as not imported, and can be added later", async () => {
    const page = await newVault(s);
    await nav(page, "Documents");
    await chooseFiles(page, [
      { name: "gros dossier.txt", mimeType: "text/plain", buffer: Buffer.alloc(8 * 1024 * 1024, "a") },
      { name: "petit mot.txt", mimeType: "text/plain", buffer: Buffer.from("Rendez-vous le 3 mai.") },
    ]);
    await fileForm(page, 1).getByLabel("Type de document").selectOption("60591-5");
    await fileForm(page, 2).getByLabel("Type de document").selectOption("11488-4");

    // Press "Annuler l'ajout" as soon as the first bytes are in: no waiting on time.
    const cancelled = page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => {
            const bar = document.querySelector("progress");
            const cancel = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Annuler l'ajout");
            if (bar && Number(bar.getAttribute("value") ?? bar.value) > 0 && cancel) {
              observer.disconnect();
              cancel.click();
              resolve();
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        }),
    );
    await page.getByRole("button", { name: "Ajouter ces 2 documents" }).click();
    await cancelled;

    await fileForm(page, 1).getByText("Pas importé : Opération annulée : rien n'a été enregistré.").waitFor();
    await fileForm(page, 2).getByText("Pas importé.", { exact: true }).waitFor();
    await page.getByText("2 fichiers n'ont pas été importés").waitFor();
    const first = fileForm(page, 1).getByRole("progressbar");
    const value = Number(await first.getAttribute("value"));
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(8 * 1024 * 1024);
    expect(await page.getByText("Aucun document pour l'instant.").count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // One is put aside, the other added after all.
    await fileForm(page, 1).getByRole("button", { name: "Retirer ce fichier" }).click();
    await page.getByRole("button", { name: "Ajouter ce document" }).click();
    await page.getByText("1 document ajouté.").waitFor();
    await entry(page, "petit mot").waitFor();
    expect(await entry(page, "gros dossier").count()).toBe(0);
    await page.close();
  });

  it("takes files dropped on the window, previews text, and stops listening when left", async () => {
    const page = await newVault(s);
    await nav(page, "Documents");
    const drop = () =>
      page.evaluate(() => {
        const data = new DataTransfer();
        data.items.add(new File(["Tension : 12/8.\nÀ revoir dans 3 mois."], "note.txt", { type: "text/plain" }));
        const over = new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true });
        document.body.dispatchEvent(over);
        const event = new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true });
        document.body.dispatchEvent(event);
        return { overTaken: over.defaultPrevented, dropTaken: event.defaultPrevented };
      });
    // The screen watches drops once the core has answered: until a drag over
    // the window is taken, a drop would open the file in the browser.
    await page.waitForFunction(() => {
      const data = new DataTransfer();
      data.items.add(new File(["x"], "x.txt", { type: "text/plain" }));
      const over = new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true });
      document.body.dispatchEvent(over);
      return over.defaultPrevented;
    });
    expect(await drop()).toEqual({ overTaken: true, dropTaken: true });
    expect(await fileForm(page, 1).getByLabel("Titre").inputValue()).toBe("note");
    await fileForm(page, 1).getByLabel("Type de document").selectOption("11488-4");
    await page.getByRole("button", { name: "Ajouter ce document" }).click();
    await page.getByText("1 document ajouté.").waitFor();

    await entry(page, "note").getByRole("button", { name: "Voir" }).click();
    const text = page.getByRole("region", { name: "Contenu de « note »" });
    await text.waitFor();
    expect(await text.textContent()).toBe("Tension : 12/8.\nÀ revoir dans 3 mois.");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Fermer" }).click();

    // Another screen: the window no longer takes dropped files.
    await nav(page, "Résumé");
    await page.getByRole("heading", { name: "Léo Martin", level: 1 }).waitFor();
    expect(await drop()).toEqual({ overTaken: false, dropTaken: false });
    expect(await statusText(page)).not.toContain("ajouté");
    await page.close();
  });

  it("renders PDFs under the app's strict CSP with frozen prototypes, loading nothing from elsewhere", async () => {
    const context = await s.browser.newContext();
    const page = await context.newPage();
    // bridge: connect-src 'self' where the window has `ipc:`: the app reaches its core at the bridge's origin.
    const csp =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    const origin = new URL(s.url).origin;
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.route("**/*", async (route) => {
      if (route.request().resourceType() !== "document") return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": csp } });
    });
    // What Tauri's `freezePrototype` does, plus a record of CSP violations.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
      Object.freeze(Object.prototype);
    });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await newVault(s, page);
    await nav(page, "Documents");
    await chooseFiles(page, [
      { name: "ordonnance.pdf", mimeType: "application/pdf", buffer: PDF },
      { name: "photo.png", mimeType: "image/png", buffer: PNG },
    ]);
    await fileForm(page, 1).getByLabel("Type de document").selectOption("57833-6");
    await fileForm(page, 2).getByLabel("Type de document").selectOption("DOCPAT03");
    await page.getByRole("button", { name: "Ajouter ces 2 documents" }).click();
    await page.getByText("2 documents ajoutés.").waitFor();

    await entry(page, "ordonnance").getByRole("button", { name: "Voir" }).click();
    await page.locator('dialog canvas[data-rendered-page="1"]').waitFor();
    expect(await darkPixels(page, "dialog canvas")).toBeGreaterThan(500);
    await page.getByRole("button", { name: "Fermer" }).click();
    await entry(page, "photo").getByRole("button", { name: "Voir" }).click();
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>("dialog img")?.naturalWidth ?? 0) === 40);

    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(errors).toEqual([]);
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith("blob:") && !url.startsWith("data:"))).toEqual([]);
    expect(requests.some((url) => /pdf\.worker\.min-[\w-]+\.mjs$/.test(url))).toBe(true);
    await context.close();
  });
});
