import { describe, expect, it } from "vitest";

import { dictionaries, translate } from "./index";
import { fr } from "./fr";

describe("translations", () => {
  it("has every key in both languages, none empty", () => {
    const frKeys = Object.keys(fr).sort();
    for (const lang of ["fr", "en"] as const) {
      expect(Object.keys(dictionaries[lang]).sort()).toEqual(frKeys);
      for (const [key, text] of Object.entries(dictionaries[lang])) {
        expect(text.trim(), `${lang}:${key}`).not.toBe("");
      }
    }
  });

  it("keeps the same placeholders in both languages", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(names(dictionaries.en[key]), key).toEqual(names(fr[key]));
    }
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("fr", "overview.born", { date: "2019-04-02" })).toBe("Né(e) le 2019-04-02");
    expect(translate("en", "overview.born")).toBe("Born on {date}");
  });
});
