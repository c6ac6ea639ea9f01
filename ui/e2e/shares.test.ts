// Share links with a professional, through the development bridge: a real
// relay on loopback, whose part (and the professional's) the test plays
// through the bridge's controls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";

import { addresses, axeViolations, control, type Session, start, stop } from "./browser";
import { makePdf, nav, newVault } from "./carnet";

let s: Session;

beforeAll(async () => {
  s = await start();
});

afterAll(async () => {
  await stop(s);
});

const SCREEN = "Partager avec un professionnel";

/** The links of the relay at `relay`: its address, 32 hex digits, an age secret key in the fragment. */
const linkOf = (relay: string) => {
  const address = relay.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${address}/s/[0-9a-f]{32}#AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$`);
};

/** Browsers the relay's history names (it keeps only the family and the system of the User-Agent). */
const USER_AGENTS = {
  "Chrome · Android": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
  "Firefox · Windows": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Safari · macOS": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
} as const;

type Outcome = "opened" | "pin_required" | "wrong_pin" | "not_available";

/** The relay's part, and the professional's: the page's own relay (`carnet-bridge`'s controls). */
const relay = (page: Page) => ({
  /** A professional opens the link, typing `pin` if given, from the browser called `client`. */
  open: async (link: string, options: { pin?: string; client?: keyof typeof USER_AGENTS } = {}) => {
    const body = { link, pin: options.pin, user_agent: options.client && USER_AGENTS[options.client] };
    return (await control<{ outcome: Outcome }>(page, "relay/open", body)).outcome;
  },
  reachable: (reachable: boolean) => control(page, "relay/reachable", { reachable }),
  /** The relay's clock moves forward. */
  age: (hours: number) => control(page, "relay/age", { hours }),
});

/** A one-time access code for an account on the page's relay. */
const relayCode = async (page: Page) => (await control<{ code: string }>(page, "relay/code")).code;

/** What has the focus: its accessible text (label, or content). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "body";
    const labelled = (el as HTMLInputElement).labels?.[0]?.textContent;
    return (el.getAttribute("aria-label") ?? labelled ?? el.textContent ?? "").trim().replace(/\s+/g, " ");
  });

/** Presses Tab until the focused control's text starts with `what`; its focus must show. */
async function tabTo(page: Page, what: string): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
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

/** The wizard's current step heading. */
const stepHeading = (page: Page) => page.locator("#share-step-title");
async function atStep(page: Page, n: number, title: string): Promise<void> {
  await page.getByRole("heading", { name: `Étape ${n} sur 4 ${title}` }).waitFor();
  // Focus moves to the step's title once it is drawn (a tick later).
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("share-step-title");
}

/** A profile with two allergies, a treatment, and two documents (the second hidden from professionals). */
async function withRecords(page: Page): Promise<void> {
  await nav(page, "Allergies");
  for (const substance of ["Pénicilline", "Arachide"]) {
    await page.getByRole("button", { name: "Ajouter une allergie" }).click();
    await page.getByLabel(/^Substance ou aliment/).fill(substance);
    await page.getByRole("button", { name: "Enregistrer" }).click();
    await page.getByRole("status").getByText("C'est enregistré.").waitFor();
  }
  await nav(page, "Traitements");
  await page.getByRole("button", { name: "Ajouter un traitement" }).click();
  await page.getByLabel(/^Médicament/).fill("Ventoline");
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await page.getByRole("status").getByText("C'est enregistré.").waitFor();
  await nav(page, "Documents");
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Ajouter des documents" }).click();
  await (await chooser).setFiles([
    { name: "bilan-sanguin.pdf", mimeType: "application/pdf", buffer: makePdf("Bilan sanguin") },
    { name: "radio.pdf", mimeType: "application/pdf", buffer: makePdf("Radio") },
  ]);
  const form = (n: number) => page.getByRole("group", { name: new RegExp(`^Fichier ${n} sur 2 :`) });
  await form(1).getByLabel("Type de document").selectOption("11502-2");
  await form(2).getByLabel("Type de document").selectOption("18748-4");
  await form(2).getByLabel("Masquer ce document aux professionnels de santé").check();
  await page.getByRole("button", { name: "Ajouter ces 2 documents" }).click();
  await page.getByText("2 documents ajoutés.").waitFor();
}

/** Sets the page's relay in the settings, with a code from it; returns its address. */
async function setRelay(page: Page): Promise<string> {
  const { relay: address } = await addresses(page);
  await nav(page, "Réglages");
  await page.getByLabel("Adresse web du serveur de partage").fill(address);
  await page.getByLabel("Code d'accès au serveur").fill(await relayCode(page));
  await page.getByRole("button", { name: "Enregistrer l'adresse" }).click();
  await page.getByRole("status").getByText(`Adresse enregistrée : ${address}`).waitFor();
  return address;
}

/** A context where the app runs under its strict CSP with frozen prototypes, recording violations and errors. */
async function strictContext(): Promise<{ context: BrowserContext; page: Page; problems: () => Promise<string[]> }> {
  const context = await s.browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  // bridge: connect-src 'self' where the window has `ipc:`: the app reaches its core at the bridge's origin.
  const csp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  await page.route("**/*", async (route) => {
    if (route.request().resourceType() !== "document") return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), "content-security-policy": csp } });
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    Object.freeze(Object.prototype);
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const problems = async () => [...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)), ...errors];
  return { context, page, problems };
}

describe("share links", () => {
  it("creates a share with the keyboard alone, shows its link and QR code, lists it, shows its history and revokes it", async () => {
    const context = await s.browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(s.url).origin });
    await newVault(s, page);
    await withRecords(page);
    const LINK = linkOf(await setRelay(page));

    await nav(page, SCREEN);
    await page.getByRole("heading", { name: SCREEN, level: 1 }).waitFor();
    await page.getByText("Aucun partage en cours.").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Step 1: every allergy, and one document.
    await tabTo(page, "Créer un lien de partage");
    await page.keyboard.press("Enter");
    await atStep(page, 1, "Que voulez-vous partager ?");
    expect(await page.locator(".share-steps [aria-current=step]").textContent()).toBe("Quoi");
    const allergies = page.getByRole("group", { name: "Allergies" });
    const documents = page.getByRole("group", { name: "Documents" });
    await documents.getByText("Les documents « masqués aux professionnels » ne sont pas visibles dans Mon espace santé.").waitFor();
    expect(await documents.getByRole("checkbox", { name: /^radio, .* masqué aux professionnels$/ }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, "Tout sélectionner (Allergies)");
    await page.keyboard.press("Space");
    expect(await allergies.getByRole("checkbox", { name: "Pénicilline" }).isChecked()).toBe(true);
    expect(await allergies.getByRole("checkbox", { name: "Arachide" }).isChecked()).toBe(true);
    await page.getByRole("status").getByText("Sélection : 2 éléments").waitFor();
    await tabTo(page, "bilan-sanguin");
    await page.keyboard.press("Space");
    await page.getByRole("status").getByText("Sélection : 2 éléments, 1 document").waitFor();
    // One document of two: the group's box is half-ticked.
    expect(await page.locator("#share-all-document").evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);
    await tabTo(page, "Suivant");
    await page.keyboard.press("Enter");

    // Step 2: the professional.
    await atStep(page, 2, "Avec quel professionnel ?");
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, "Nom du professionnel");
    await page.keyboard.type("Dr Paul Durand");
    await tabTo(page, "Spécialité");
    await page.keyboard.type("Cardiologie");
    await tabTo(page, "Numéro RPPS");
    await page.keyboard.type("10003591586");
    await tabTo(page, "Suivant");
    await page.keyboard.press("Enter");

    // Step 3: 7 days (chosen already), view once, a PIN.
    await atStep(page, 3, "Pour combien de temps ?");
    expect(await page.getByLabel("7 jours (conseillé)").isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, "7 jours (conseillé)");
    await tabTo(page, "Autant de fois que nécessaire");
    await page.keyboard.press("ArrowDown");
    expect(await page.getByLabel("Une seule fois").isChecked()).toBe(true);
    await tabTo(page, "Code PIN, facultatif");
    await page.keyboard.type("4821");
    await tabTo(page, "Suivant");
    await page.keyboard.press("Enter");

    // Step 4: everything said once more.
    await atStep(page, 4, "Vérifiez avant de créer le lien");
    const summary = (await page.locator("dl.share-summary").innerText()).replace(/\s+/g, " ");
    expect(summary).toContain("Ce qui est partagé 2 éléments, 1 document");
    expect(summary).toContain("Pénicilline");
    expect(summary).toContain("Arachide");
    expect(summary).toContain("bilan-sanguin");
    expect(summary).not.toContain("Ventoline");
    expect(summary).toContain("Avec Dr Paul Durand, Cardiologie RPPS : 10003591586");
    expect(summary).toMatch(/Valable 7 jours, jusqu'au \d{1,2} \S+ \d{4} à \d{2}:\d{2} environ/);
    expect(summary).toContain("Ouvertures Une seule fois");
    expect(summary).toContain("Code PIN Oui : 4821");
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, "Créer le lien");
    await page.keyboard.press("Enter");

    // The link, its QR code, the PIN reminder.
    await page.getByRole("heading", { name: "Le lien est prêt" }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("share-result-title");
    const link = await page.getByLabel("Lien à donner au professionnel").inputValue();
    expect(link).toMatch(LINK);
    expect(await page.getByLabel("Lien à donner au professionnel").getAttribute("readonly")).not.toBeNull();
    const qr = page.getByRole("img", { name: "Code QR du lien, à scanner avec un téléphone" });
    const shape = await qr.evaluate((svg) => ({
      tag: svg.tagName.toLowerCase(),
      modules: Number(svg.getAttribute("data-modules")),
      path: svg.querySelector("path")?.getAttribute("d")?.length ?? 0,
      width: svg.getBoundingClientRect().width,
    }));
    expect(shape.tag).toBe("svg");
    expect(shape.modules).toBeGreaterThanOrEqual(29);
    expect(shape.path).toBeGreaterThan(1000);
    // Big enough to scan from the screen: several pixels per module.
    expect(shape.width / shape.modules).toBeGreaterThanOrEqual(4);
    await page.getByText("Peut être ouvert : Une seule fois.").waitFor();
    await page.getByText(/^Valable 7 jours, jusqu'au /).waitFor();
    expect(await page.locator(".share-pin-reminder").innerText()).toMatch(/Code PIN : 4821\s+Donnez ce code au professionnel à part, de vive voix/);
    expect(await axeViolations(page)).toEqual([]);

    // Copy: to the clipboard, or the link selected for Ctrl+C.
    await tabTo(page, "Copier le lien");
    await page.keyboard.press("Enter");
    await page.getByRole("status").getByText("Le lien est copié : collez-le dans un message au professionnel.").waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await tabTo(page, "Terminé");
    await page.keyboard.press("Enter");

    // The list: the new share, active, its heading focused.
    await page.getByRole("status").getByText("Le lien pour Dr Paul Durand est créé.").waitFor();
    const active = page.getByRole("region", { name: "Partages en cours" });
    const item = active.locator("li.share").filter({ has: page.getByRole("heading", { name: "Dr Paul Durand" }) });
    const facts = (await item.innerText()).replace(/\s+/g, " ");
    expect(facts).toContain("Actif");
    expect(facts).toContain("Cardiologie RPPS : 10003591586");
    expect(facts).toContain("2 éléments, 1 document");
    expect(facts).toContain("0 ouverture sur 1");
    expect(facts).toMatch(/Expire dans 7 jours \(le \d{1,2} \S+ \d{4} à \d{2}:\d{2}\)/);
    expect(facts).toContain("Code PIN : oui");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Dr Paul Durand");
    expect(await axeViolations(page)).toEqual([]);

    // The link again, with its QR code.
    await item.getByRole("button", { name: "Afficher le lien" }).click();
    expect(await item.getByLabel("Lien à donner au professionnel").inputValue()).toBe(link);
    await item.getByRole("img", { name: "Code QR du lien, à scanner avec un téléphone" }).waitFor();
    expect(await item.getByRole("button", { name: "Afficher le lien" }).getAttribute("aria-expanded")).toBe("true");
    expect(await axeViolations(page)).toEqual([]);

    // Someone tries the link with a wrong PIN: the history says so.
    expect(await relay(page).open(link)).toBe("pin_required");
    expect(await relay(page).open(link, { pin: "0000", client: "Chrome · Android" })).toBe("wrong_pin");
    await item.getByRole("button", { name: "Voir l'historique" }).click();
    const table = item.getByRole("table", { name: "Ouvertures du partage avec Dr Paul Durand" });
    await table.waitFor();
    const rows = (await table.getByRole("row").allInnerTexts()).map((r) => r.replace(/\s+/g, " ").trim());
    expect(rows[0]).toBe("Quand Navigateur Résultat");
    expect(rows.slice(1).map((r) => r.replace(/^.* à \d{2}:\d{2} /, ""))).toEqual(["Chrome · Android Code PIN erroné"]);
    await item.getByText("« Code PIN erroné » : quelqu'un a essayé d'ouvrir le lien sans le bon code.").waitFor();
    await item.getByText(/^Créé le .*, vérifié auprès du serveur le /).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Removing access: explained first; "Annuler" keeps it.
    await item.getByRole("button", { name: "Retirer l'accès" }).click();
    const dialog = page.getByRole("dialog", { name: "Retirer l'accès de Dr Paul Durand ?" });
    await dialog.getByText("Dr Paul Durand ne pourra plus ouvrir ce partage : le lien ne marchera plus, même s'il l'a gardé.").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await focused(page)).toBe("Retirer l'accès (Dr Paul Durand)");
    await page.keyboard.press("Enter");
    await dialog.getByRole("button", { name: "Oui, retirer l'accès" }).click();
    await page.getByRole("status").getByText("Dr Paul Durand n'a plus accès à ce partage : le lien ne s'ouvre plus.").waitFor();
    const past = page.getByRole("region", { name: "Partages terminés" });
    const ended = past.locator("li.share").filter({ has: page.getByRole("heading", { name: "Dr Paul Durand" }) });
    await ended.getByText("Accès retiré", { exact: true }).waitFor();
    expect(await ended.getByRole("button", { name: "Retirer l'accès" }).count()).toBe(0);
    expect(await ended.getByRole("button", { name: "Afficher le lien" }).count()).toBe(0);
    await active.getByText("Aucun partage en cours.").waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Dr Paul Durand");
    expect(await relay(page).open(link, { pin: "4821" })).toBe("not_available");
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it("draws the QR code under the app's strict CSP with frozen prototypes, loading nothing from elsewhere", async () => {
    const { context, page, problems } = await strictContext();
    const origin = new URL(s.url).origin;
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await newVault(s, page);
    await withRecords(page);
    await setRelay(page);
    await nav(page, SCREEN);
    await page.getByRole("button", { name: "Créer un lien de partage" }).click();
    await page.getByRole("checkbox", { name: "Tout sélectionner (Traitements)" }).check();
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByLabel(/^Nom du professionnel/).fill("Dr Paul Durand");
    await page.getByLabel(/^Spécialité/).fill("Cardiologie");
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByRole("button", { name: "Créer le lien" }).click();
    const qr = page.getByRole("img", { name: "Code QR du lien, à scanner avec un téléphone" });
    await qr.waitFor();
    expect(await qr.evaluate((svg) => svg.querySelector("path")?.getAttribute("d")?.length ?? 0)).toBeGreaterThan(1000);
    // The list shows it again.
    await page.getByRole("button", { name: "Terminé" }).click();
    await page.getByRole("button", { name: "Afficher le lien" }).click();
    await page.locator("li.share").getByRole("img", { name: "Code QR du lien, à scanner avec un téléphone" }).waitFor();
    expect(await problems()).toEqual([]);
    expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith("blob:") && !url.startsWith("data:"))).toEqual([]);
    expect(requests.some((url) => /qr\.worker-[\w-]+\.js$/.test(url))).toBe(true);
    await context.close();
  });

  it("says what to fix under each field, step by step", async () => {
    const page = await newVault(s);
    await withRecords(page);
    const LINK = linkOf(await setRelay(page));
    await nav(page, SCREEN);
    await page.getByRole("button", { name: "Créer un lien de partage" }).click();
    await atStep(page, 1, "Que voulez-vous partager ?");

    // Nothing chosen.
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByRole("alert").filter({ hasText: "Choisissez au moins un élément à partager." }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("share-all-allergy");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("checkbox", { name: "Ventoline" }).check();
    await page.getByRole("button", { name: "Suivant" }).click();

    // No name, a 10-digit RPPS number, a broken e-mail.
    await atStep(page, 2, "Avec quel professionnel ?");
    await page.getByLabel(/^Spécialité/).fill("Pneumologie");
    await page.getByLabel("Numéro RPPS, facultatif").fill("1000359158");
    await page.getByLabel("Adresse e-mail, facultative").fill("durand@");
    await page.getByRole("button", { name: "Suivant" }).click();
    expect(await page.locator("#share-name-error").textContent()).toBe("Ce champ est obligatoire.");
    expect(await page.locator("#share-rpps-error").textContent()).toBe("Le numéro RPPS comporte exactement 11 chiffres.");
    expect(await page.locator("#share-email-error").textContent()).toBe("Cette adresse e-mail n'est pas valable. Exemple : nom@cabinet.fr");
    expect(await page.locator("#share-specialty-error").count()).toBe(0);
    const name = page.getByLabel(/^Nom du professionnel/);
    expect(await name.getAttribute("aria-invalid")).toBe("true");
    expect(await name.getAttribute("aria-describedby")).toContain("share-name-error");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("share-name");
    expect(await axeViolations(page)).toEqual([]);
    await name.fill("Dr Anne Petit");
    await page.getByLabel("Numéro RPPS, facultatif").fill("100 035 915 86");
    // The core's rule, not a shape check of the page's own: a trailing dot
    // is refused here, as it would be when the link is made.
    await page.getByLabel("Adresse e-mail, facultative").fill("durand@cabinet.fr.");
    await page.getByRole("button", { name: "Suivant" }).click();
    // The RPPS error goes with the core's new answer, which still refuses the e-mail.
    await page.locator("#share-rpps-error").waitFor({ state: "detached" });
    expect(await page.locator("#share-email-error").textContent()).toBe("Cette adresse e-mail n'est pas valable. Exemple : nom@cabinet.fr");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("share-email");
    await page.getByLabel("Adresse e-mail, facultative").fill("");
    await page.getByRole("button", { name: "Suivant" }).click();

    // A PIN too short, a duration too long, a number of opens out of range.
    await atStep(page, 3, "Pour combien de temps ?");
    await page.getByLabel("Une autre durée").check();
    await page.getByLabel("Durée", { exact: true }).fill("31");
    await page.getByLabel("Un nombre de fois précis").check();
    await page.getByLabel("Nombre d'ouvertures").fill("0");
    await page.getByLabel("Code PIN, facultatif").fill("12");
    await page.getByRole("button", { name: "Suivant" }).click();
    // The messages come with the core's answer (these paragraphs are always there).
    await page.locator("#share-pin-error").filter({ hasText: "Le code PIN" }).waitFor();
    expect(await page.locator("#share-expiry-error").textContent()).toBe(
      "Choisissez une durée entre 1 heure et 30 jours (720 heures), en nombre entier.",
    );
    expect(await page.locator("#share-opens-error").textContent()).toBe("Écrivez un nombre entier de 1 à 1000.");
    expect(await page.locator("#share-pin-error").textContent()).toBe("Le code PIN comporte de 4 à 8 chiffres, sans lettres ni espaces.");
    expect(await page.getByLabel("Code PIN, facultatif").getAttribute("aria-describedby")).toContain("share-pin-error");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("share-expiry-amount");
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Durée", { exact: true }).fill("36");
    await page.getByLabel("En", { exact: true }).selectOption("hours");
    await page.getByLabel("Nombre d'ouvertures").fill("3");
    await page.getByLabel("Code PIN, facultatif").fill("");
    await page.getByRole("button", { name: "Suivant" }).click();

    // Back keeps the answers.
    await atStep(page, 4, "Vérifiez avant de créer le lien");
    await page.getByText(/^36 heures, jusqu'au /).waitFor();
    await page.getByText("3 fois au plus").waitFor();
    await page.getByRole("button", { name: "Retour" }).click();
    await atStep(page, 3, "Pour combien de temps ?");
    expect(await page.getByLabel("Nombre d'ouvertures").inputValue()).toBe("3");
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByRole("button", { name: "Créer le lien" }).click();
    await page.getByRole("heading", { name: "Le lien est prêt" }).waitFor();
    expect(await page.locator(".share-pin-reminder").count()).toBe(0);
    await page.getByText("Peut être ouvert : 3 fois au plus.").waitFor();
    // The system refuses to copy: the link is selected, to copy by hand.
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException("Not allowed", "NotAllowedError"));
    });
    await page.getByRole("button", { name: "Copier le lien" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "La copie automatique n'a pas marché. Le lien est sélectionné dans le champ ci-dessus : copiez-le avec Ctrl+C." })
      .waitFor();
    const selected = await page.evaluate(() => {
      const field = document.activeElement as HTMLTextAreaElement;
      return { id: field.id, selected: field.value.slice(field.selectionStart, field.selectionEnd) };
    });
    expect(selected.id).toBe("share-result-link");
    expect(selected.selected).toMatch(LINK);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Terminé" }).click();
    const item = page.locator("li.share").filter({ hasText: "Dr Anne Petit" });
    await item.getByText("Code PIN : non").waitFor();
    await item.getByText("0 ouverture sur 3").waitFor();
    await item.getByText("Pneumologie", { exact: true }).waitFor();
    await item.getByText("RPPS : 10003591586", { exact: true }).waitFor();
    await page.close();
  });

  it("sends the user to the settings for the relay and back, keeps the answers, and handles the relay being away", async () => {
    const page = await newVault(s);
    await withRecords(page);
    await nav(page, SCREEN);
    await page.getByText("Pour créer un lien, il faut d'abord indiquer l'adresse du serveur de partage").waitFor();
    await page.getByRole("button", { name: "Créer un lien de partage" }).click();
    await page.getByRole("checkbox", { name: "Tout sélectionner (Allergies)" }).check();
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByLabel(/^Nom du professionnel/).fill("Dr Luc Moreau");
    await page.getByLabel(/^Spécialité/).fill("Allergologie");
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByRole("button", { name: "Créer le lien" }).click();
    await page.getByRole("alert").filter({ hasText: "Le lien n'a pas été créé : aucun serveur de partage n'est indiqué." }).waitFor();
    expect(await focused(page)).toBe("Indiquer l'adresse dans Réglages");
    expect(await axeViolations(page)).toEqual([]);

    // The settings, the address field focused; a bad address is refused under it.
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Réglages", level: 1 }).waitFor();
    const { relay: RELAY } = await addresses(page);
    const LINK = linkOf(RELAY);
    const section = page.getByRole("region", { name: "Partage de liens" });
    await section.getByText("Profil concerné : Léo Martin").waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("share-relay");
    await section.getByRole("button", { name: "Enregistrer l'adresse" }).click();
    expect(await page.locator("#share-relay-error").textContent()).toBe("Ce champ est obligatoire.");
    expect(await page.locator("#share-relay-code-error").textContent()).toBe("Ce champ est obligatoire.");
    // A code that cannot be one is refused under its own field.
    await section.getByLabel("Adresse web du serveur de partage").fill(RELAY);
    await section.getByLabel("Code d'accès au serveur").fill("1234");
    await section.getByRole("button", { name: "Enregistrer l'adresse" }).click();
    await page.locator("#share-relay-code-error").filter({ hasText: "Ce code n'est pas valable" }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("share-relay-code");
    expect(await page.locator("#share-relay-error").textContent()).toBe("");
    await section.getByLabel("Code d'accès au serveur").fill(await relayCode(page)); // refused before it is sent: still good afterwards
    await section.getByLabel("Adresse web du serveur de partage").fill("relay.example");
    await section.getByRole("button", { name: "Enregistrer l'adresse" }).click();
    await page.getByRole("alert").filter({ hasText: "Cette adresse de serveur n'est pas valable." }).waitFor();
    expect(await page.locator("#share-relay-error").textContent()).toContain("Cette adresse de serveur n'est pas valable.");
    expect(await section.getByLabel("Adresse web du serveur de partage").getAttribute("aria-invalid")).toBe("true");
    expect(await axeViolations(page)).toEqual([]);
    await section.getByLabel("Adresse web du serveur de partage").fill(`${RELAY}/`);
    await section.getByRole("button", { name: "Enregistrer l'adresse" }).click();
    await section.getByRole("status").getByText(`Adresse enregistrée : ${RELAY}`).waitFor();
    expect(await section.getByLabel("Adresse web du serveur de partage").inputValue()).toBe(RELAY);

    // Back to sharing: the wizard where it was, with the answers.
    await nav(page, SCREEN);
    await atStep(page, 4, "Vérifiez avant de créer le lien");
    await page.getByText("Dr Luc Moreau, Allergologie").waitFor();
    expect(await page.getByText("Pour créer un lien, il faut d'abord").count()).toBe(0);
    await page.getByRole("button", { name: "Créer le lien" }).click();
    const link = await page.getByLabel("Lien à donner au professionnel").inputValue();
    expect(link).toMatch(LINK);
    await page.getByRole("button", { name: "Terminé" }).click();
    const item = page.locator("li.share").filter({ hasText: "Dr Luc Moreau" });
    await item.getByText("Ouvertures illimitées : pas encore ouvert").waitFor();

    // The relay does not answer: said plainly, and tried again later.
    expect(await relay(page).open(link, { client: "Firefox · Windows" })).toBe("opened");
    // bridge: the relay logs to the second: an hour later, so that the newest comes first for sure.
    await relay(page).age(1);
    expect(await relay(page).open(link, { client: "Safari · macOS" })).toBe("opened");
    await relay(page).reachable(false);
    await item.getByRole("button", { name: "Voir l'historique" }).click();
    await item.getByRole("alert").filter({ hasText: "Le serveur de partage ne répond pas (pas de connexion ?). Réessayez plus tard." }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await item.getByRole("button", { name: "Retirer l'accès" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Oui, retirer l'accès" }).click();
    await item.getByRole("alert").filter({ hasText: "l'accès n'a pas pu être retiré" }).waitFor();
    await item.getByText("Actif", { exact: true }).waitFor();
    await relay(page).reachable(true);
    await item.getByRole("button", { name: "Réessayer" }).click();
    const rows = item.getByRole("table").getByRole("row");
    await rows.nth(2).waitFor();
    expect((await rows.allInnerTexts()).slice(1).map((r) => r.replace(/^.* à \d{2}:\d{2}\s+/, "").replace(/\s+/g, " ").trim())).toEqual([
      "Safari · macOS Ouvert",
      "Firefox · Windows Ouvert",
    ]);
    await item.getByText("Ouvertures illimitées : déjà 2 ouvertures").waitFor();

    // Time passes: the share expires, and moves to the past ones.
    await relay(page).age(8 * 24);
    await nav(page, "Résumé");
    await nav(page, SCREEN);
    // bridge: only the relay's clock moved, so the app learns of the expiry when it asks the relay (the history);
    // the fake aged the vault's view too.
    await page.getByRole("region", { name: "Partages en cours" }).locator("li.share").filter({ hasText: "Dr Luc Moreau" }).getByRole("button", { name: "Voir l'historique" }).click();
    const ended = page.getByRole("region", { name: "Partages terminés" }).locator("li.share").filter({ hasText: "Dr Luc Moreau" });
    await ended.getByText("Expiré", { exact: true }).waitFor();
    await ended.getByText(/^A expiré le /).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it("speaks English too", async () => {
    const page = await newVault(s);
    await withRecords(page);
    await page.getByLabel("Langue").selectOption("en");
    await nav(page, "Settings");
    const { relay: RELAY } = await addresses(page);
    await page.getByLabel("Web address of the share server").fill(RELAY);
    await page.getByLabel("Server access code").fill(await relayCode(page));
    await page.getByRole("button", { name: "Save the address" }).click();
    await page.getByRole("status").getByText(`Address saved: ${RELAY}`).waitFor();
    await nav(page, "Share with a professional");
    await page.getByRole("button", { name: "Create a share link" }).click();
    await page.getByRole("heading", { name: "Step 1 of 4 What do you want to share?" }).waitFor();
    await page.getByRole("checkbox", { name: "Select all (Documents)" }).check();
    await page.getByText("Selected: 2 documents").waitFor();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel(/^Professional's name/).fill("Dr Jane Smith");
    await page.getByLabel(/^Specialty/).fill("Radiology");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Once only").check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Create the link" }).click();
    await page.getByRole("heading", { name: "The link is ready" }).waitFor();
    await page.getByText("Can be opened: Once only.").waitFor();
    await page.getByRole("button", { name: "Done" }).click();
    const item = page.locator("li.share").filter({ hasText: "Dr Jane Smith" });
    await item.getByText("Opens: 0 of 1").waitFor();
    await item.getByText(/^Expires in 7 days \(/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });
});

/**
 * What breaks reading at this width (as in readability.test.ts): a horizontal
 * scroll bar, and focusable controls cut off on the left or the right.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} « ${(el.textContent ?? "").trim().slice(0, 40)} »`;
    const shown = (el: Element) => el.getClientRects().length > 0 && el.checkVisibility({ visibilityProperty: true, opacityProperty: false });
    const problems: string[] = [];
    if (root.scrollWidth > width + 1) {
      problems.push(`horizontal scroll: ${root.scrollWidth}px of content for ${width}px`);
      const out = [...document.body.querySelectorAll("*")].filter((el) => shown(el) && el.getBoundingClientRect().right > width + 1);
      for (const el of out.filter((el) => !out.some((other) => other !== el && el.contains(other))).slice(0, 8)) {
        problems.push(`sticks out (right ${Math.round(el.getBoundingClientRect().right)}px): ${describe(el)}`);
      }
    }
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) continue;
      if (r.left < -1 || r.right > width + 1) problems.push(`cut off (${Math.round(r.left)}px to ${Math.round(r.right)}px of ${width}px): ${describe(el)}`);
    }
    return problems;
  });
}

async function expectReadable(page: Page, what: string): Promise<void> {
  expect(await layoutProblems(page), what).toEqual([]);
  expect(await axeViolations(page), what).toEqual([]);
}

describe("share links at 200 % zoom", () => {
  it("shows the wizard, the link and the list without horizontal scrolling", async () => {
    const context = await s.browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    const page = await newVault(s, await context.newPage());
    await withRecords(page);
    await setRelay(page);
    await nav(page, SCREEN);
    await page.getByRole("button", { name: "Créer un lien de partage" }).click();
    await atStep(page, 1, "Que voulez-vous partager ?");
    await page.getByRole("checkbox", { name: "Tout sélectionner (Documents)" }).check();
    await page.getByRole("checkbox", { name: "Pénicilline" }).check();
    await expectReadable(page, "step 1");
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByLabel(/^Nom du professionnel/).fill("Dr Marie-Hélène de La Rochefoucauld-Montmorency");
    await page.getByLabel(/^Spécialité/).fill("Médecine physique et de réadaptation");
    await page.getByLabel("Numéro RPPS, facultatif").fill("123");
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.locator("#share-rpps-error").getByText("11 chiffres").waitFor();
    await expectReadable(page, "step 2, with an error");
    await page.getByLabel("Numéro RPPS, facultatif").fill("");
    await page.getByRole("button", { name: "Suivant" }).click();
    await page.getByLabel("Une autre durée").check();
    await page.getByLabel("Un nombre de fois précis").check();
    await page.getByLabel("Code PIN, facultatif").fill("48213579");
    await expectReadable(page, "step 3");
    await page.getByLabel("Durée", { exact: true }).fill("2");
    await page.getByLabel("Nombre d'ouvertures").fill("2");
    await page.getByRole("button", { name: "Suivant" }).click();
    await stepHeading(page).getByText("Vérifiez avant de créer le lien").waitFor();
    await expectReadable(page, "step 4");
    await page.getByRole("button", { name: "Créer le lien" }).click();
    await page.getByRole("heading", { name: "Le lien est prêt" }).waitFor();
    await expectReadable(page, "result");
    // The QR code still fills most of the width, to be scanned.
    expect(await page.locator("svg.qr-code").evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThanOrEqual(300);
    await page.getByRole("button", { name: "Terminé" }).click();
    const item = page.locator("li.share").first();
    await item.getByRole("button", { name: "Afficher le lien" }).click();
    await item.getByRole("button", { name: "Voir l'historique" }).click();
    await item.getByText("Personne n'a encore ouvert ce lien.").waitFor();
    await expectReadable(page, "list");
    await item.getByRole("button", { name: "Retirer l'accès" }).click();
    await page.getByRole("dialog", { name: /^Retirer l'accès de / }).waitFor();
    await expectReadable(page, "revoke dialog");
    await context.close();
  });
});
