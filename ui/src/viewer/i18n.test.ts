import { describe, expect, it } from "vitest";

import { formatDate, formatDateTime, formatIns, formatSize } from "./format";
import { dictionaries, en, fr, pickLang, translate } from "./i18n";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the viewer's words", () => {
  it("exist in French and in English, for every key, with the same placeholders", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      for (const lang of ["fr", "en"] as const) {
        expect(dictionaries[lang][key].trim(), `${lang} ${key}`).not.toBe("");
      }
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
    }
  });

  it("are French unless the browser prefers English", () => {
    expect(pickLang("fr-FR")).toBe("fr");
    expect(pickLang("en-US")).toBe("en");
    expect(pickLang("EN")).toBe("en");
    expect(pickLang("de-DE")).toBe("fr");
    expect(pickLang(undefined)).toBe("fr");
  });

  it("fill their placeholders", () => {
    expect(translate("fr", "pin.wrongMany", { n: 3 })).toBe("Ce code est incorrect. Il reste 3 essais.");
    expect(translate("en", "summary.title", { name: "Jeanne Martin" })).toBe("Record of Jeanne Martin");
  });

  it("write dates, sizes and the INS the way people read them", () => {
    expect(formatDate("1948-03-12", "fr")).toBe("12 mars 1948");
    expect(formatDate("1948-03-12", "en")).toBe("12 March 1948");
    expect(formatDate("2021-05-04T10:00:00+02:00", "fr")).toBe("4 mai 2021");
    expect(formatDate("1948-03", "fr")).toBe("mars 1948");
    expect(formatDate("1948", "fr")).toBe("1948");
    expect(formatDate("n'importe quoi", "fr")).toBe("n'importe quoi");
    expect(formatDateTime("2026-11-30T18:00:00Z", "fr")).toMatch(/novembre 2026/);
    expect(formatDateTime("2026-11-30", "en")).toBe("30 November 2026");
    expect(formatSize(500, "fr")).toBe("500 o");
    expect(formatSize(1536, "en")).toBe("1.5 KB");
    expect(formatSize(10 * 1024 * 1024, "fr")).toBe("10 Mo");
    expect(formatIns("248037512345678")).toBe("2 48 03 75 123 456 78");
    expect(formatIns("12345")).toBe("12345");
  });
});
