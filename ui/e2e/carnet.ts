// Shared steps and small files for the documents, family and settings tests.
import { spawnSync } from "node:child_process";
import { deflateSync } from "node:zlib";

import type { Page } from "playwright-core";

import { BRIDGE, type Session, UI_DIR, addresses, control } from "./browser";
import { sectionOf } from "./sections";

export const PASSPHRASE = "le chat dort au soleil";

/** A new page with a vault of its own for `name`, the recovery kit put off, no profile yet. */
export async function emptyVault(s: Session, name: string, page?: Page): Promise<Page> {
  const p = page ?? (await s.browser.newPage());
  await p.goto(s.url);
  await p.getByLabel("Votre prénom").fill(name);
  await p.getByLabel("Phrase de passe", { exact: true }).fill(PASSPHRASE);
  await p.getByLabel("Retapez la phrase de passe").fill(PASSPHRASE);
  await p.getByLabel("J'ai compris : je garde ma phrase de passe en lieu sûr.").check();
  await p.getByRole("button", { name: "Créer mon carnet" }).click();
  await p.getByRole("button", { name: "Plus tard" }).click();
  return p;
}

/** A new page with a vault (Camille), the recovery kit put off, and a first profile (Léo Martin). */
export async function newVault(s: Session, page?: Page): Promise<Page> {
  const p = await emptyVault(s, "Camille", page);
  await p.getByLabel("Nom et prénom").fill("Léo Martin");
  await p.getByLabel("Date de naissance").fill("2024-02-20");
  await p.getByRole("button", { name: "Créer le profil" }).click();
  await p.getByRole("heading", { name: "Léo Martin", level: 1 }).waitFor();
  return p;
}

/** Links the open profile to the page's own gateway, waits for its first sync, and gives the gateway's address. */
export async function link(page: Page): Promise<string> {
  const { gateway } = await addresses(page);
  const { code } = await control<{ code: string }>(page, "gateway/account", { deposit: false });
  await nav(page, "Réglages");
  const section = page.getByRole("region", { name: "Mon espace santé" });
  await section.getByLabel("Adresse du serveur").fill(gateway);
  await section.getByLabel("Code à usage unique").fill(code);
  await section.getByRole("button", { name: "Relier cet appareil" }).click();
  await section.getByText(/^Dernière synchronisation : /).waitFor();
  return gateway;
}

/** On the join form of a vault without profiles: the gateway's address and an invitation code, checked (the preview comes next). */
export async function checkCode(page: Page, gateway: string, code: string): Promise<void> {
  const join = page.getByRole("form", { name: "Rejoindre le profil d'un proche" });
  await join.getByLabel("Adresse donnée avec le code").fill(gateway);
  await join.getByLabel("Code d'invitation").fill(code);
  await join.getByRole("button", { name: "Vérifier le code" }).click();
}

/** Joins with an invitation code: checked, its preview read, accepted; waits for the profile. */
export async function joinWith(page: Page, gateway: string, code: string, profile: string): Promise<void> {
  await checkCode(page, gateway, code);
  const preview = page.getByRole("region", { name: `Rejoindre le profil « ${profile} »` });
  await preview.getByRole("button", { name: "Rejoindre le profil" }).click();
  await page.getByRole("heading", { name: profile, level: 1 }).waitFor();
}

/** Syncs the open profile from the settings screen, and waits until it is up to date. */
export async function syncNow(page: Page): Promise<void> {
  await nav(page, "Réglages");
  await page.getByRole("button", { name: "Synchroniser maintenant" }).click();
  await page.getByRole("region", { name: "Mon espace santé" }).getByText(/^À jour\./).waitFor();
}

/** A day as the date fields take it, in the computer's time zone. */
export const isoDay = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/** Goes to a screen through the navigation: its section first, when it is one of several. */
export async function nav(page: Page, name: string): Promise<void> {
  const navigation = page.getByRole("navigation");
  const button = navigation.getByRole("button", { name, exact: true });
  const section = sectionOf(name);
  if (section && !(await button.isVisible())) await navigation.getByRole("button", { name: section, exact: true }).click();
  await button.click();
}

/** The text of every `role=status` region, joined. */
export async function statusText(page: Page): Promise<string> {
  return (await page.getByRole("status").allTextContents()).join(" ");
}

/** The Rust tests' sample PDF (a page per text, each above a black bar), from carnet-bridge. */
export function makePdf(...texts: string[]): Buffer {
  const made = spawnSync(BRIDGE, ["--sample-pdf", ...texts], { cwd: UI_DIR, maxBuffer: 16 * 1024 * 1024 });
  if (made.status !== 0) throw new Error(`${BRIDGE} --sample-pdf failed (cargo test builds it): ${made.error?.message ?? made.stderr.toString()}`);
  return made.stdout;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A plain-colour RGB PNG of `width` × `height`. */
export function makePng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** How many dark pixels the canvas matched by `selector` has: more than none means something was drawn. */
export async function darkPixels(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const canvas = document.querySelector<HTMLCanvasElement>(sel);
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx || canvas.width === 0) return 0;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) {
      if ((data[i] ?? 255) < 80 && (data[i + 1] ?? 255) < 80 && (data[i + 2] ?? 255) < 80 && (data[i + 3] ?? 0) > 200) dark++;
    }
    return dark;
  }, selector);
}
