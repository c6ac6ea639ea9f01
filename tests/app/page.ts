// Small steps on the real window, by what a person sees: labels, button
// names, headings. Values are set the way a form control receives them
// (input + change events), which also works for date fields in WebKit.
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { sectionOf } from "../../ui/e2e/sections";
import { type AppSession, repo } from "./driver";

/** axe-core as the interface's own tests use it (installed with the interface). */
const axeSource = () => readFileSync(join(repo, "ui", "node_modules", "axe-core", "axe.min.js"), "utf8");

const q = (s: string) => (s.includes('"') ? `'${s}'` : `"${s}"`);

export class AppPage {
  constructor(private readonly s: AppSession) {}

  get browser(): WebdriverIO.Browser {
    return this.s.browser;
  }

  /** Waits for an element matching the XPath and returns it. */
  async find(xpath: string, timeout = 20_000): Promise<WebdriverIO.Element> {
    const el = await this.browser.$(xpath);
    try {
      await el.waitForDisplayed({ timeout });
    } catch {
      // Say what the window showed instead: that is what a failure needs.
      const shown = await this.browser.execute(() => document.body.innerText).catch(() => "(unreadable)");
      throw new Error(`not shown: ${xpath}\n--- the window showed ---\n${String(shown).slice(0, 3000)}`);
    }
    return el as unknown as WebdriverIO.Element;
  }

  heading(text: string): Promise<WebdriverIO.Element> {
    return this.find(`//*[self::h1 or self::h2][contains(normalize-space(.), ${q(text)})]`);
  }

  button(text: string, within = ""): Promise<WebdriverIO.Element> {
    // Exact, or followed by ": …" (a name completed for screen readers, "Voir: Compte rendu").
    const t = q(text);
    const named = `starts-with(normalize-space(.), concat(${t}, ":")) or starts-with(normalize-space(.), concat(${t}, " :"))`;
    return this.find(`${within}//button[normalize-space(.)=${t} or @aria-label=${t} or ${named}]`);
  }

  async click(text: string, within = ""): Promise<void> {
    await (await this.button(text, within)).click();
  }

  /** Clicks a navigation entry: its section first, when it is one of several. */
  async nav(text: string): Promise<void> {
    const section = sectionOf(text);
    const t = q(text);
    const shown = await this.browser.$$(`//nav//button[normalize-space(.)=${t}]`).length;
    if (section && shown === 0) await this.click(section, "//nav");
    await this.click(text, "//nav");
  }

  /** The form control whose label starts with `label`. */
  async field(label: string): Promise<WebdriverIO.Element> {
    const lbl = await this.find(`//label[starts-with(normalize-space(.), ${q(label)})]`);
    const id = await lbl.getAttribute("for");
    return id ? this.find(`//*[@id=${q(id)}]`) : this.find(`//label[starts-with(normalize-space(.), ${q(label)})]//*[self::input or self::select or self::textarea]`);
  }

  async fill(label: string, value: string): Promise<void> {
    const el = await this.field(label);
    await this.browser.execute(
      (node: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, v: string) => {
        const proto = Object.getPrototypeOf(node) as object;
        const setter = Object.getOwnPropertyDescriptor(proto, "value")?.set;
        setter?.call(node, v);
        node.dispatchEvent(new Event("input", { bubbles: true }));
        node.dispatchEvent(new Event("change", { bubbles: true }));
      },
      el as unknown as HTMLInputElement,
      value,
    );
  }

  async check(label: string): Promise<void> {
    const el = await this.field(label);
    if (!(await el.isSelected())) await el.click();
  }

  /** Waits until some visible text contains `text`. */
  async sees(text: string, timeout = 20_000): Promise<void> {
    await this.find(`//*[not(self::script) and not(self::option) and contains(normalize-space(text()), ${q(text)})]`, timeout);
  }

  /** What axe finds wrong in the window as it is (rule and elements), none expected. */
  async axeViolations(): Promise<string[]> {
    await this.browser.execute(axeSource());
    const result = await this.browser.execute(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      return axe.run(document);
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }

  /** Whether the page is wider than the window (a reader at 200 % would scroll sideways). */
  async overflowsSideways(): Promise<boolean> {
    return this.browser.execute(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  }

  /** The text of the first `role=alert` element that has some. */
  async alert(): Promise<string> {
    const el = await this.find(`//*[@role="alert" and normalize-space(.)!=""]`);
    return el.getText();
  }
}

/** First run: creates the vault for `member`, puts off the recovery kit, and creates the first profile. */
export async function newVaultWithProfile(
  page: AppPage,
  member: string,
  passphrase: string,
  profile: { name: string; birth: string },
): Promise<void> {
  await page.heading("Créer votre carnet");
  await page.fill("Votre prénom", member);
  await page.fill("Phrase de passe", passphrase);
  await page.fill("Retapez la phrase de passe", passphrase);
  await page.check("J'ai compris");
  await page.click("Créer mon carnet");
  await page.click("Plus tard");
  await page.fill("Nom et prénom", profile.name);
  await page.fill("Date de naissance", profile.birth);
  await page.click("Créer le profil");
  await page.heading(profile.name);
}
