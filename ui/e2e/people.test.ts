// People across computers, through the development bridge: two pages are two
// computers (each its own vault), the owner's gateway a real one on loopback.
// The owner edits the profile's details, invites a caregiver who joins from
// her own vault, changes her role, withdraws her access (her copy is erased
// at her next contact), then deletes the profile. At 200 % zoom, axe clean,
// the forms driven from the keyboard.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";

import { axeViolations, control, type Session, start, stop } from "./browser";
import { checkCode, emptyVault, link, nav, newVault, syncNow } from "./carnet";
import { expectReadable, zoomedPage } from "./layout";

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

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");

describe("people and profile details", () => {
  it("edits the details, invites a caregiver who joins from her computer, withdraws her access, deletes the profile", async () => {
    const owner = await newVault(s, await zoomedPage(s));
    const gateway = await link(owner);

    // Every detail, checked by the core and shown under its field.
    await nav(owner, "Informations du profil");
    await owner.getByRole("heading", { name: "Informations du profil", level: 1 }).waitFor();
    expect(await field(owner, "Nom et prénom").inputValue()).toBe("Léo Martin");
    await field(owner, "Numéro de sécurité sociale (facultatif)").fill("1 24 02 75 056 123 23");
    await field(owner, "Nom du médecin").fill("Dr Marie Curie");
    await owner.getByRole("group", { name: "Personne 1" }).getByLabel("Nom", { exact: true }).fill("Camille Martin");
    await owner.getByRole("group", { name: "Personne 1" }).getByLabel("Téléphone").fill("12");
    await owner.getByRole("button", { name: "Enregistrer les informations" }).click();
    await expect.poll(() => owner.locator("#pd-nir-error").textContent()).toContain("clé");
    expect(await focusedId(owner)).toBe("pd-nir");
    expect(await field(owner, "Numéro de sécurité sociale (facultatif)").getAttribute("aria-invalid")).toBe("true");
    await expectReadable(owner, "profile details with an error");

    await field(owner, "Numéro de sécurité sociale (facultatif)").fill("1 24 02 75 056 123 22");
    await owner.getByRole("button", { name: "Enregistrer les informations" }).click();
    await expect.poll(() => owner.locator("#pd-contact-1-phone-error").textContent()).toContain("téléphone");
    expect(await focusedId(owner)).toBe("pd-contact-1-phone");
    // From the keyboard: the corrected number, then Enter saves.
    await owner.keyboard.press("Control+A");
    await owner.keyboard.type("0612345678");
    await owner.keyboard.press("Enter");
    await owner.getByRole("status").getByText("Les modifications sont enregistrées.").waitFor();
    expect(await owner.getByRole("group", { name: "Personne 1" }).getByLabel("Téléphone").inputValue()).toBe("06 12 34 56 78");
    await expectReadable(owner, "profile details saved");

    // The owner invites Claire as a caregiver, from the keyboard.
    await nav(owner, "Personnes et accès");
    await owner.getByRole("heading", { name: "Qui peut ouvrir ce profil" }).waitFor();
    expect(await owner.locator(".people-list > li").count()).toBe(1);
    await expectReadable(owner, "people, owner alone");
    await owner.getByRole("button", { name: "Créer le code d'invitation" }).click();
    await expect.poll(() => owner.locator("#people-invite-name-error").textContent()).not.toBe("");
    expect(await focusedId(owner)).toBe("people-invite-name");
    await owner.keyboard.type("Claire");
    await owner.keyboard.press("Enter");
    const codeBox = owner.getByRole("group", { name: "Code d'invitation pour Claire" });
    await codeBox.waitFor();
    expect(await focusedId(owner)).toBe("people-code");
    const code = (await owner.locator("#people-code").textContent())!.trim();
    expect(code.length).toBeGreaterThan(10);
    await codeBox.getByRole("img", { name: "QR code de l'invitation de Claire" }).waitFor();
    await owner.getByText(/^Claire \(aidant\), valable jusqu'au /).waitFor();
    await expectReadable(owner, "invitation made");

    // The owner's edits reach the gateway with the next sync.
    await syncNow(owner);

    // Claire's computer: her own vault and passphrase; she joins with the code.
    const claire = await emptyVault(s, "Claire");
    await checkCode(claire, gateway, "AAAA-BBBB-CCCC-DDDD");
    await expect.poll(() => claire.locator("#join-code-error").textContent()).not.toBe("");
    expect(await focusedId(claire)).toBe("join-code");
    expect(await axeViolations(claire)).toEqual([]);
    // The right code: she reads who invites her, to what, before saying yes.
    await checkCode(claire, gateway, code);
    const preview = claire.getByRole("region", { name: "Rejoindre le profil « Léo Martin »" });
    await preview.getByText("Titulaire vous invite à ouvrir le profil « Léo Martin » en tant que : aidant.").waitFor();
    expect(await focusedId(claire)).toBe("join-preview-title");
    await expectReadable(claire, "invitation preview");
    await preview.getByRole("button", { name: "Rejoindre le profil" }).click();
    await claire.getByRole("heading", { name: "Léo Martin", level: 1 }).waitFor();
    // The details came with it; a caregiver may read them, not change them.
    await nav(claire, "Informations du profil");
    await expect.poll(() => field(claire, "Nom du médecin").inputValue()).toBe("Dr Marie Curie");
    expect(await field(claire, "Nom du médecin").isDisabled()).toBe(true);
    await claire.getByText("Votre rôle ne permet pas de modifier ces informations.").waitFor();
    expect(await claire.getByRole("button", { name: /^Supprimer ce profil/ }).count()).toBe(0);
    await nav(claire, "Personnes et accès");
    await claire.getByRole("heading", { name: "Claire (vous)" }).waitFor();
    expect(await claire.getByRole("button", { name: "Créer le code d'invitation" }).count()).toBe(0);

    // The owner sees her and her computer, changes her role, then withdraws it.
    await nav(owner, "Résumé");
    await nav(owner, "Personnes et accès");
    const card = owner.locator(".people-list > li").filter({ hasText: "Claire" });
    await card.getByText("aidant", { exact: true }).first().waitFor();
    await card.getByText(/^Ordinateur de Claire : /).waitFor();
    expect(await owner.getByText("Aucune invitation en attente.").count()).toBe(1);
    await owner.getByLabel("Rôle de Claire").selectOption("read_only");
    await owner.getByRole("status").getByText("Claire est maintenant : lecture seule.").waitFor();
    await card.locator("p:not(.row)").getByText("lecture seule", { exact: true }).waitFor();
    await expectReadable(owner, "people with a caregiver");
    await owner.getByRole("button", { name: "Retirer l'accès de Claire" }).click();
    const dialog = owner.getByRole("dialog", { name: "Retirer l'accès de Claire ?" });
    await dialog.waitFor();
    expect(await axeViolations(owner)).toEqual([]);
    await dialog.getByRole("button", { name: "Oui, retirer l'accès" }).click();
    await owner.getByRole("status").getByText("Claire n'a plus accès à ce profil.").waitFor();
    expect(await owner.locator(".people-list > li").count()).toBe(1);

    // Claire's next contact: told by whom, and her copy is gone.
    await nav(claire, "Réglages");
    await claire.getByRole("button", { name: "Synchroniser maintenant" }).click();
    await claire
      .getByRole("alert")
      .filter({ hasText: /vous a retiré l'accès à ce profil\. Sa copie a été effacée de cet ordinateur\./ })
      .first()
      .waitFor();
    await claire.getByRole("heading", { name: "Votre premier profil", level: 1 }).waitFor();
    expect(await axeViolations(claire)).toEqual([]);

    // The owner deletes the profile: a backup first, then its name typed.
    await nav(owner, "Informations du profil");
    const danger = owner.getByRole("region", { name: "Supprimer le profil de Léo Martin" });
    await danger.getByRole("button", { name: "Enregistrer une sauvegarde d'abord" }).click();
    await danger.getByRole("status").getByText("La sauvegarde est enregistrée.").waitFor();
    await danger.getByLabel("Pour confirmer, tapez le nom du profil : Léo Martin").fill("Leo");
    await danger.getByRole("button", { name: "Supprimer ce profil pour toujours" }).click();
    await expect.poll(() => owner.locator("#pd-confirm-error").textContent()).toContain("Tapez le nom du profil");
    expect(await focusedId(owner)).toBe("pd-confirm");
    await expectReadable(owner, "delete refused");
    await owner.keyboard.press("Control+A");
    await owner.keyboard.type("léo martin");
    await owner.keyboard.press("Enter");
    await owner.getByRole("heading", { name: "Votre premier profil", level: 1 }).waitFor();
    await expectReadable(owner, "after deleting the only profile");
  });

  it("hands a child's profile over at 18: the young adult becomes owner on their computer, keeps a parent read-only, withdraws a computer", async () => {
    const parent = await newVault(s, await zoomedPage(s));
    const gateway = await link(parent);
    await nav(parent, "Personnes et accès");
    await parent.getByRole("heading", { name: "Qui peut ouvrir ce profil" }).waitFor();
    expect(await parent.getByRole("region", { name: /a 18 ans/ }).count()).toBe(0);

    // Years pass at the gateway: Léo is 18.
    await control(parent, "gateway/age", { days: 18 * 366 });
    await nav(parent, "Résumé");
    await nav(parent, "Personnes et accès");
    const handOver = parent.getByRole("region", { name: "Léo Martin a 18 ans : son profil lui revient" });
    await handOver.waitFor();
    await expectReadable(parent, "hand-over offered");
    await handOver.getByRole("button", { name: "Créer l'invitation de Léo Martin" }).click();
    await handOver.getByRole("group", { name: "Code d'invitation pour Léo Martin" }).waitFor();
    expect(await focusedId(parent)).toBe("people-owner-code");
    const code = (await parent.locator("#people-owner-code").textContent())!.trim();

    // Léo's own computer: he sees who can open his profile and chooses.
    const leo = await emptyVault(s, "Léo", await zoomedPage(s));
    await checkCode(leo, gateway, code);
    const preview = leo.getByRole("region", { name: "Devenir titulaire du profil « Léo Martin »" });
    await preview.waitFor();
    const choice = preview.getByLabel("Titulaire (aujourd'hui : titulaire)");
    expect(await choice.inputValue()).toBe("withdraw");
    await expectReadable(leo, "hand-over preview");
    // From the keyboard: the choice, then the button.
    await choice.focus();
    await choice.selectOption("read_only");
    await leo.keyboard.press("Tab");
    await leo.keyboard.press("Enter");
    await leo.getByRole("heading", { name: "Léo Martin", level: 1 }).waitFor();
    await nav(leo, "Personnes et accès");
    await leo.getByRole("heading", { name: "Léo Martin (vous)" }).waitFor();
    const history = leo.getByRole("region", { name: "Historique des accès" });
    await history.getByText("Léo Martin a eu 18 ans et devient titulaire de son profil, que lui remet Titulaire.").waitFor();
    await history.getByText("Léo Martin a donné à Titulaire le rôle « lecture seule ».").waitFor();
    expect(await leo.getByRole("region", { name: /a 18 ans/ }).count()).toBe(0);
    await expectReadable(leo, "the young adult owns the profile");

    // His parent's computer learns its new role at the next sync.
    await syncNow(parent);
    await nav(parent, "Personnes et accès");
    const mine = parent.locator(".people-list > li").filter({ hasText: "Titulaire (vous)" });
    await mine.getByText("lecture seule", { exact: true }).waitFor();
    expect(await parent.getByRole("button", { name: "Créer le code d'invitation" }).count()).toBe(0);

    // Léo withdraws the family computer from his profile; it erases its copy.
    await nav(leo, "Résumé");
    await nav(leo, "Personnes et accès");
    const device = "Ordinateur de Camille"; // the name the family computer was linked with
    await leo.getByRole("button", { name: `Retirer l'ordinateur « ${device} »` }).click();
    const dialog = leo.getByRole("dialog", { name: `Retirer l'ordinateur « ${device} » ?` });
    await dialog.waitFor();
    expect(await axeViolations(leo)).toEqual([]);
    await dialog.getByRole("button", { name: "Oui, retirer cet ordinateur" }).click();
    await leo.getByRole("status").getByText(`L'ordinateur « ${device} » n'a plus accès à ce profil.`).waitFor();
    await nav(parent, "Réglages");
    await parent.getByRole("button", { name: "Synchroniser maintenant" }).click();
    await parent
      .getByRole("alert")
      .filter({ hasText: "Léo Martin a retiré cet ordinateur de ce profil. Sa copie a été effacée de cet ordinateur." })
      .first()
      .waitFor();
    await parent.getByRole("heading", { name: "Votre premier profil", level: 1 }).waitFor();
  });
});
