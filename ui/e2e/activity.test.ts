// What others did, for everyone one looks after, through the development
// bridge: two pages are two computers. Claire helps with Léo's profile from
// her own vault; while she has her own profile open, the owner adds a
// treatment on his computer. Her Carnet syncs Léo's profile in the
// background, the profile switcher and the navigation say there is news,
// and the activity screen says it in a sentence. At 200 % zoom, axe clean.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";

import { type Session, start, stop } from "./browser";
import { emptyVault, joinWith, link, nav, newVault, syncNow } from "./carnet";
import { expectReadable, zoomedPage } from "./layout";

let s: Session;

beforeAll(async () => {
  s = await start();
});

afterAll(async () => {
  await stop(s);
});

// The news show on the history section, whose first screen is the activity.
const activityButton = (page: Page) => page.getByRole("navigation").getByRole("button", { name: /^Historique/ });

describe("activity of the profiles one looks after", () => {
  it("tells a caregiver, with a badge and a sentence, what the owner added on his computer", async () => {
    const owner = await newVault(s);
    const gateway = await link(owner);
    await nav(owner, "Personnes et accès");
    await owner.getByLabel("Son nom, tel que tout le monde le verra").fill("Claire");
    await owner.getByRole("button", { name: "Créer le code d'invitation" }).click();
    const code = (await owner.locator("#people-code").textContent())!.trim();
    await syncNow(owner);

    // Claire joins Léo's profile from her computer: nothing new yet.
    const claire = await emptyVault(s, "Claire", await zoomedPage(s));
    await joinWith(claire, gateway, code, "Léo Martin");
    await nav(claire, "Activité");
    await claire.getByText("Rien de nouveau pour l'instant.", { exact: false }).waitFor();
    await expectReadable(claire, "activity, nothing yet");

    // The owner adds a treatment at home, and it reaches the gateway.
    await nav(owner, "Traitements");
    await owner.getByRole("button", { name: "Ajouter un traitement" }).click();
    await owner.getByLabel(/^Médicament/).fill("Doliprane");
    await owner.getByRole("button", { name: "Enregistrer" }).click();
    await owner.getByRole("status").getByText("C'est enregistré.").waitFor();
    await syncNow(owner);

    // Claire opens her own profile; Léo's syncs in the background.
    await claire.getByRole("button", { name: "Ajouter un profil" }).click();
    await claire.getByLabel("Nom et prénom").fill("Claire Dupont");
    await claire.getByLabel("Date de naissance").fill("1970-03-12");
    await claire.getByRole("button", { name: "Créer le profil" }).click();
    await claire.getByRole("heading", { name: "Claire Dupont", level: 1 }).waitFor();
    await expect.poll(() => activityButton(claire).textContent()).toContain("1 nouveauté");
    const options = await claire.locator("#profile-select option").allTextContents();
    expect(options.map((o) => o.trim())).toEqual(["Léo Martin — 1 nouveauté", "Claire Dupont"]);
    await expectReadable(claire, "news badges");

    // The activity screen says who did what, for whom; seeing it clears the badges.
    await activityButton(claire).click();
    await claire.getByRole("heading", { name: "Activité", level: 1 }).waitFor();
    const items = claire.locator("ul.activity > li");
    await items.first().waitFor();
    expect((await items.allTextContents()).map((x) => x.replace(/\s+/g, " ").trim())).toEqual([
      expect.stringMatching(/^Nouveau Camille a ajouté un traitement \(Doliprane\) pour Léo Martin \d/),
    ]);
    await expectReadable(claire, "activity with news");
    await expect.poll(() => activityButton(claire).textContent()).not.toContain("nouveauté");
    expect((await claire.locator("#profile-select option").allTextContents()).map((o) => o.trim())).toEqual([
      "Léo Martin",
      "Claire Dupont",
    ]);

    // The treatment is in Léo's profile on her computer.
    await claire.locator("#profile-select").selectOption({ label: "Léo Martin" });
    await nav(claire, "Résumé");
    await claire.getByRole("heading", { name: "Léo Martin", level: 1 }).waitFor();
    await nav(claire, "Traitements");
    await claire.getByText("Doliprane").first().waitFor();
  });
});
