// Sync with the national space, through the development bridge: a real
// gateway on loopback, whose part (and the other device's) the test plays
// through the bridge's controls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";

import { addresses, axeViolations, control, type Session, start, stop } from "./browser";
import { nav, newVault } from "./carnet";

let s: Session;

beforeAll(async () => {
  s = await start();
});

afterAll(async () => {
  await stop(s);
});

type Phase = "records" | "upload" | "download";

/** The national space's part: the page's own gateway (`carnet-bridge`'s controls). */
const space = (page: Page) => ({
  /** A new patient account and its one-time code; `deposit`: Dr Claire Martin has deposited a lab report, then read it. */
  account: async (deposit = false) => (await control<{ code: string }>(page, "gateway/account", { deposit })).code,
  /** The requests of `phase` wait until `hold(null)` or a cancel. */
  hold: (phase: Phase | null) => control(page, "gateway/hold", { phase }),
  reachable: (reachable: boolean) => control(page, "gateway/reachable", { reachable }),
  /** Another device of the same person syncs, sets `field` of the record called `title`, and syncs back. */
  editElsewhere: (title: string, field: string, value: unknown) => control(page, "gateway/edit-elsewhere", { title, field, value }),
});

/** The settings' national space section. */
const section = (page: Page) => page.getByRole("region", { name: "Mon espace santé" });
/** The few words at the top of the profile screens. */
const indicator = (page: Page) => page.locator(".sync-indicator");
/** What has the focus: its text (or label). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return (el?.getAttribute("aria-label") ?? el?.textContent ?? "").trim().replace(/\s+/g, " ");
  });

/** Presses Tab until the focused control's text starts with `what`. */
async function tabTo(page: Page, what: string): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if (now.startsWith(what)) {
      const outlined = await page.evaluate(() => {
        const el = document.activeElement;
        return !!el && getComputedStyle(el).outlineStyle !== "none";
      });
      expect(outlined, `focus not visible on ${what}`).toBe(true);
      return;
    }
    seen.push(now);
  }
  throw new Error(`"${what}" not reached with Tab; went through: ${seen.join(" | ")}`);
}

describe("sync with the national space", () => {
  it("links, syncs, receives a deposit and its history, settles a conflict, goes offline and unlinks", async () => {
    const page = await newVault(s);
    const national = space(page);
    const { gateway } = await addresses(page);
    const code = await national.account(true);

    // An allergy, which this device and another will change later.
    await nav(page, "Allergies");
    await page.getByRole("button", { name: "Ajouter une allergie" }).click();
    await page.getByLabel(/^Substance ou aliment/).fill("Pénicilline");
    await page.getByLabel(/^Gravité/).selectOption("moderate");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByRole("status").getByText("C'est enregistré.").waitFor();
    // Not linked: nothing is said at the top.
    expect(await indicator(page).textContent()).toBe("");
    expect(await indicator(page).getAttribute("role")).toBe("status");
    expect(await indicator(page).getAttribute("aria-live")).toBe("polite");

    // Who viewed my record: nothing to say while not linked.
    await nav(page, "Qui a consulté mon dossier");
    await page.getByRole("heading", { name: "Qui a consulté mon dossier", level: 1 }).waitFor();
    await page.getByText("Ce profil n'est pas relié à Mon espace santé : Carnet ne peut donc pas savoir qui l'a consulté.").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Settings: what linking does, and the form.
    await nav(page, "Réglages");
    const sync = section(page);
    await sync.getByText("Profil concerné : Léo Martin").waitFor();
    await sync.getByText("les documents déposés par vos médecins arrivent ici").waitFor();
    await sync.getByText("vous choisissez quels documents les professionnels peuvent voir").waitFor();
    expect(await sync.getByLabel("Nom de cet appareil").inputValue()).toBe("Ordinateur de Camille");
    expect(await axeViolations(page)).toEqual([]);

    // Nothing filled in: said under each field.
    await sync.getByRole("button", { name: "Relier cet appareil" }).click();
    expect(await sync.getByText("Ce champ est obligatoire.").count()).toBe(2);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("sync-server");

    // A wrong address, then a wrong code: under the field, announced, the focus there.
    const server = sync.getByLabel("Adresse du serveur");
    const codeField = sync.getByLabel("Code à usage unique");
    await server.fill("passerelle.exemple.fr");
    await codeField.fill(code); // refused before it is sent: still good afterwards
    await sync.getByRole("button", { name: "Relier cet appareil" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "Cette adresse de serveur n'est pas valable. Exemple : https://passerelle.exemple.fr" })
      .waitFor();
    expect(await server.getAttribute("aria-invalid")).toBe("true");
    expect(await server.getAttribute("aria-describedby")).toContain("sync-server-error");
    expect(await page.locator("#sync-server-error").textContent()).toContain("Cette adresse de serveur n'est pas valable.");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("sync-server");

    await server.fill(gateway);
    await codeField.fill("12-34");
    await codeField.press("Enter");
    const codeError = page.getByRole("alert").filter({ hasText: "Ce code n'est pas valable : il a peut-être expiré ou déjà servi. Demandez un nouveau code." });
    await codeError.waitFor();
    expect(await page.locator("#sync-code-error").textContent()).toContain("Ce code n'est pas valable");
    expect(await codeField.getAttribute("aria-invalid")).toBe("true");
    expect(await server.getAttribute("aria-invalid")).toBe("false");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("sync-code");
    expect(await axeViolations(page)).toEqual([]);

    // The right code. The first sync starts at once; the server holds it before the documents come down.
    await national.hold("download");
    await codeField.fill(code);
    await sync.getByRole("button", { name: "Relier cet appareil" }).click();
    await sync.getByText(`Relié à ${gateway}`).waitFor();
    await sync.getByText("Cet appareil est maintenant relié à Mon espace santé.").waitFor();
    // bridge: the client says "download, 0 of 1" before its held request (the fake showed "Envoi des documents…").
    await sync.getByRole("status").getByText("Réception des documents : 0 sur 1").waitFor();
    await sync.getByRole("progressbar", { name: "Progression de la synchronisation" }).waitFor();
    await indicator(page).getByText("Synchronisation…").waitFor();
    expect(await focused(page)).toBe("Synchroniser maintenant");
    expect(await axeViolations(page)).toEqual([]);

    // Cancelled: what arrived is kept, the document's content is still to come.
    await sync.getByRole("button", { name: "Annuler la synchronisation" }).click();
    await sync.getByText("Synchronisation arrêtée. Ce qui est déjà arrivé est gardé ; la prochaine synchronisation fera le reste.").waitFor();
    await sync.getByText("1 document encore à recevoir.").waitFor();
    await sync.getByText("Dernière synchronisation : jamais").waitFor();
    expect(await sync.getByRole("progressbar").count()).toBe(0);
    await indicator(page).getByText("Pas encore synchronisé").waitFor();
    expect(await focused(page)).toBe("Synchroniser maintenant");

    // The deposited document is listed, labelled; its preview says it has not arrived.
    await nav(page, "Documents");
    const deposit = page.locator("li.document").filter({ has: page.getByRole("heading", { name: "Compte rendu de biologie", exact: true }) });
    await deposit.getByText("Déposé par Dr Claire Martin via Mon espace santé").waitFor();
    await expect(deposit.textContent()).resolves.toContain("Auteur : Dr Claire Martin");
    expect(await axeViolations(page)).toEqual([]);
    await deposit.getByRole("button", { name: "Voir" }).click();
    const preview = page.getByRole("dialog", { name: "Compte rendu de biologie" });
    await preview.getByText("Ce document n'est pas encore arrivé sur cet appareil. Synchronisez pour le recevoir.").waitFor();
    await preview.getByText("Déposé par Dr Claire Martin via Mon espace santé").waitFor();
    expect(await preview.getByText("Aperçu non disponible").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await preview.getByRole("button", { name: "Fermer" }).click();

    // Sync now: the progress, then up to date.
    await nav(page, "Réglages");
    // bridge: with no document of its own the app sends no upload request: held on the download instead
    // (the fake held "upload" and showed "Envoi et réception des données…").
    await national.hold("download");
    await sync.getByRole("button", { name: "Synchroniser maintenant" }).click();
    await sync.getByRole("status").getByText("Réception des documents : 0 sur 1").waitFor();
    await national.hold(null);
    await sync.getByRole("status").getByText("À jour. 1 élément reçu.").waitFor();
    expect(await sync.getByText("document encore à recevoir").count()).toBe(0);
    await sync.getByText(/^Dernière synchronisation : \d{1,2} \S+ \d{4} à \d{2}:\d{2}$/).waitFor();
    await indicator(page).getByText(/^Synchronisé à \d{2}:\d{2}$/).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Its content has arrived: the PDF shows.
    await nav(page, "Documents");
    await deposit.getByRole("button", { name: "Voir" }).click();
    await preview.locator('canvas[data-rendered-page="1"]').waitFor();
    await preview.getByRole("button", { name: "Fermer" }).click();

    // Who viewed my record: Dr Claire Martin, newest first.
    await nav(page, "Qui a consulté mon dossier");
    const table = page.getByRole("table", { name: "Consultations par les professionnels de santé" });
    await table.waitFor();
    const rows = (await table.getByRole("row").allInnerTexts()).map((r) => r.replace(/\s+/g, " ").trim());
    expect(rows).toHaveLength(4);
    expect(rows[0]).toBe("Quand Professionnel Ce qu'il s'est passé");
    expect(rows.slice(1).map((r) => r.replace(/^.* à \d{2}:\d{2} /, ""))).toEqual([
      "Dr Claire Martin RPPS : 10003591586 a ouvert le document « Compte rendu de biologie »",
      "Dr Claire Martin RPPS : 10003591586 a consulté le dossier",
      "Dr Claire Martin RPPS : 10003591586 a déposé le document « Compte rendu de biologie »",
    ]);
    expect(await axeViolations(page)).toEqual([]);

    // Who may view it: the depositor; the patient authorises another
    // professional by RPPS number, and withdraws the first.
    const allowed = page.getByRole("region", { name: "Professionnels autorisés à consulter" });
    const entries = allowed.getByRole("listitem");
    await entries.first().getByText("a déposé un document pour vous le").waitFor();
    expect(await entries.count()).toBe(1);
    const rppsField = allowed.getByLabel("Numéro RPPS du professionnel à autoriser");
    await rppsField.fill("1234");
    await allowed.getByRole("button", { name: "Autoriser" }).click();
    await allowed.locator("#allowed-rpps-error").filter({ hasText: "Le numéro RPPS doit comporter exactement 11 chiffres." }).waitFor();
    expect(await rppsField.getAttribute("aria-invalid")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("allowed-rpps");
    await rppsField.fill("100 0104 5367");
    await allowed.getByRole("button", { name: "Autoriser" }).click();
    // bridge: the name comes from the gateway's directory, which must know RPPS 10001045367 as Dr Paul Durand (else "Nom inconnu").
    await allowed.getByRole("status").getByText("Dr Paul Durand peut maintenant consulter ce dossier.").waitFor();
    expect(await rppsField.inputValue()).toBe("");
    await entries.nth(1).getByText("autorisé par vous le").waitFor();
    await allowed.getByRole("button", { name: "Retirer l'accès de Dr Claire Martin" }).click();
    await allowed.getByRole("status").getByText("Accès retiré : Dr Claire Martin ne peut plus consulter ce dossier.").waitFor();
    expect((await entries.allInnerTexts()).map((r) => r.replace(/\s+/g, " "))).toEqual([
      expect.stringMatching(/^Dr Paul Durand RPPS : 10001045367 autorisé par vous le .* Retirer l'accès de Dr Paul Durand$/),
    ]);
    expect(await axeViolations(page)).toEqual([]);

    // The allergy changed here and, before they synced, on another device: both values, one to keep.
    await nav(page, "Allergies");
    await page.getByRole("button", { name: "Modifier : Pénicilline" }).click();
    await page.getByLabel(/^Gravité/).selectOption("severe");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByRole("status").getByText("Les modifications sont enregistrées.").waitFor();
    // bridge: the value shown first is automerge's winner, the op with the higher Lamport counter:
    // the other device writes twice so that it is its own, as the fake showed.
    await national.editElsewhere("Pénicilline", "severity", "severe");
    await national.editElsewhere("Pénicilline", "severity", "mild");
    await nav(page, "Réglages");
    await sync.getByRole("button", { name: "Synchroniser maintenant" }).click();
    await sync.getByRole("status").getByText("À jour. 1 élément reçu.").waitFor();
    await nav(page, "Allergies");
    const item = page.locator("li.record").filter({ hasText: "Pénicilline" });
    const notice = item.getByRole("group", { name: "Modifié sur deux appareils en même temps" });
    await notice.waitFor();
    await notice.getByText("Gravité : deux valeurs différentes ont été écrites. Laquelle garder ?").waitFor();
    expect(await notice.getByRole("listitem").allInnerTexts()).toEqual([
      expect.stringMatching(/^« Légère »\s+\(affichée maintenant\)\s+Garder « Légère »/),
      expect.stringMatching(/^« Sévère »\s+Garder « Sévère »/),
    ]);
    await notice.getByText("(affichée maintenant)").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    // By keyboard: from the record's buttons to the choices.
    await item.getByRole("button", { name: "Modifier : Pénicilline" }).focus();
    await tabTo(page, "Garder « Légère »");
    await tabTo(page, "Garder « Sévère »");
    expect(await focused(page)).toBe("Garder « Sévère » : Gravité, Pénicilline");
    await page.keyboard.press("Enter");
    await page.getByRole("status").getByText("C'est réglé : « Sévère » est gardé.").waitFor();
    await notice.waitFor({ state: "detached" });
    expect(await item.textContent()).toContain("Sévère");
    expect(await focused(page)).toBe("Modifier : Pénicilline");

    // Another device of the same person: a one-time code, big, for 15 minutes.
    await nav(page, "Réglages");
    await sync.getByRole("button", { name: "Relier un autre appareil" }).click();
    const shown = sync.locator(".pairing-code .code");
    await shown.waitFor();
    expect(await shown.textContent()).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{6}$/);
    expect(await shown.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono/i);
    await sync.getByText("Ce code est valable 15 minutes et ne sert qu'une fois.").waitFor();
    await sync.getByText(`l'adresse du serveur : ${gateway}`).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Every control of the linked section by keyboard.
    await sync.getByRole("button", { name: "Synchroniser maintenant" }).focus();
    await tabTo(page, "Relier un autre appareil");
    await tabTo(page, "Délier cet appareil");

    // The server does not answer: said plainly, and at the top.
    await national.reachable(false);
    await sync.getByRole("button", { name: "Synchroniser maintenant" }).click();
    await sync
      .getByRole("alert")
      .filter({ hasText: "Le serveur ne répond pas (pas de connexion ?). Vos modifications sont gardées ici et partiront à la prochaine synchronisation." })
      .waitFor();
    await indicator(page).getByText("Hors ligne : vos modifications sont gardées ici").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await national.reachable(true);

    // The computer goes offline, then back: it syncs again by itself.
    // bridge: offline also cuts the page's own link to the bridge (its event stream reconnects once back).
    await page.context().setOffline(true);
    await indicator(page).getByText("Hors ligne : vos modifications sont gardées ici").waitFor();
    await page.context().setOffline(false);
    await indicator(page).getByText(/^Synchronisé à \d{2}:\d{2}$/).waitFor();
    expect(await sync.getByRole("alert").filter({ hasText: "Le serveur ne répond pas" }).count()).toBe(0);

    // Unlink, after an explanation; "Annuler" keeps the link.
    await sync.getByRole("button", { name: "Délier cet appareil" }).click();
    const dialog = page.getByRole("dialog", { name: "Délier cet appareil de Mon espace santé ?" });
    await dialog.getByText("Tout ce qui est déjà ici y reste : rien n'est effacé.").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole("button", { name: "Annuler" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await focused(page)).toBe("Délier cet appareil");
    await sync.getByText(`Relié à ${gateway}`).waitFor();
    await sync.getByRole("button", { name: "Délier cet appareil" }).click();
    await dialog.getByRole("button", { name: "Oui, délier" }).click();
    await sync.getByText("Cet appareil n'est plus relié à Mon espace santé. Vos données restent sur cet ordinateur.").waitFor();
    await sync.getByLabel("Adresse du serveur").waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("sync-server");
    expect(await indicator(page).textContent()).toBe("");
    expect(await axeViolations(page)).toEqual([]);
    // The data stays.
    await nav(page, "Documents");
    await deposit.waitFor();
    await page.close();
  });

  it("asks for every field written on two devices before saving the record", async () => {
    const page = await newVault(s);
    const national = space(page);
    const { gateway } = await addresses(page);
    await nav(page, "Allergies");
    await page.getByRole("button", { name: "Ajouter une allergie" }).click();
    await page.getByLabel(/^Substance ou aliment/).fill("Arachide");
    await page.getByLabel(/^Gravité/).selectOption("mild");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByRole("status").getByText("C'est enregistré.").waitFor();
    await nav(page, "Réglages");
    await page.getByLabel("Adresse du serveur").fill(gateway);
    // The deposit waiting there is the item received.
    await page.getByLabel("Code à usage unique").fill(await national.account(true));
    await page.getByRole("button", { name: "Relier cet appareil" }).click();
    await section(page).getByRole("status").getByText("À jour. 1 élément reçu.").waitFor();

    // Two fields changed here and, before they synced, on another device.
    await nav(page, "Allergies");
    await page.getByRole("button", { name: "Modifier : Arachide" }).click();
    await page.getByLabel(/^Gravité/).selectOption("moderate");
    await page.getByLabel(/^Remarques/).fill("Vue aux urgences");
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByRole("status").getByText("Les modifications sont enregistrées.").waitFor();
    // bridge: the other device writes the severity last so that its value is automerge's winner, the one
    // shown (as the fake showed); which notes win is not checked.
    await national.editElsewhere("Arachide", "notes", "Vue par le Dr Martin");
    await national.editElsewhere("Arachide", "severity", "severe");
    await nav(page, "Réglages");
    await section(page).getByRole("button", { name: "Synchroniser maintenant" }).click();
    // bridge: the report counts records changed (one), where the fake counted the edits (two).
    await section(page).getByRole("status").getByText("À jour. 1 élément reçu.").waitFor();

    await nav(page, "Allergies");
    const item = page.locator("li.record").filter({ hasText: "Arachide" });
    const notice = item.getByRole("group", { name: "Modifié sur deux appareils en même temps" });
    await notice.getByText("Gravité : deux valeurs différentes ont été écrites. Laquelle garder ?").waitFor();
    await notice.getByText("Remarques : deux valeurs différentes ont été écrites. Laquelle garder ?").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The first choice waits for the second.
    const keepModerate = notice.getByRole("button", { name: "Garder « Modérée »" });
    await keepModerate.click();
    await page.getByRole("status").getByText("« Modérée » sera gardé. Choisissez aussi pour : Remarques.").waitFor();
    expect(await keepModerate.getAttribute("aria-pressed")).toBe("true");
    expect(await notice.getByRole("button", { name: "Garder « Sévère »" }).getAttribute("aria-pressed")).toBe("false");
    expect(await item.textContent()).toContain("Sévère"); // not saved yet: the value shown stays

    await notice.getByRole("button", { name: "Garder « Vue aux urgences »" }).click();
    await page.getByRole("status").getByText("C'est réglé : « Vue aux urgences » est gardé.").waitFor();
    await notice.waitFor({ state: "detached" });
    const text = await item.textContent();
    expect(text).toContain("Modérée");
    expect(text).toContain("Vue aux urgences");
    expect(text).not.toContain("Vue par le Dr Martin");
    await page.close();
  });

  it("speaks English too", async () => {
    const page = await newVault(s);
    await page.getByLabel("Langue").selectOption("en");
    await nav(page, "Settings");
    const sync = page.getByRole("region", { name: "National health space (Mon espace santé)" });
    expect(await sync.getByLabel("Name of this device").inputValue()).toBe("Camille's computer");
    await sync.getByLabel("Server address").fill((await addresses(page)).gateway);
    await sync.getByLabel("One-time code").fill("nope");
    await sync.getByRole("button", { name: "Link this device" }).click();
    await page.getByRole("alert").filter({ hasText: "This code is not valid: it may have expired or been used already. Ask for a new code." }).waitFor();
    await sync.getByLabel("One-time code").fill(await space(page).account(true));
    await sync.getByRole("button", { name: "Link this device" }).click();
    await sync.getByRole("status").getByText("Up to date. 1 item received.").waitFor();
    await indicator(page).getByText(/^Synced at \d{2}:\d{2}$/).waitFor();
    await nav(page, "Documents");
    await page.getByText("Added by Dr Claire Martin through the national health space").waitFor();
    await nav(page, "Who viewed my record");
    await page.getByText("opened the document “Compte rendu de biologie”").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});
