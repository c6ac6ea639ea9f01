import { describe, expect, it } from "vitest";

import { type MessageKey, translate } from "../../lib/i18n";
import type { Lang, ShareSummary } from "../../lib/ipc/types";
import { contentsText, durationText, expiryText, opensChoiceText, opensText, splitShares, stateText, timeLeft } from "./words";

const t = (lang: Lang) => (key: MessageKey, params?: Record<string, string>) => translate(lang, key, params);
const fr = t("fr");
const en = t("en");
const NOW = new Date("2026-03-01T10:00:00Z");
const later = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;

describe("share words", () => {
  it("says how long is left, rounded the way people say it", () => {
    expect(timeLeft(later(7 * 24 * HOUR), "fr", fr, NOW)).toBe("7 jours");
    expect(timeLeft(later(6 * 24 * HOUR + 20 * HOUR), "fr", fr, NOW)).toBe("7 jours");
    expect(timeLeft(later(6 * 24 * HOUR + 2 * HOUR), "fr", fr, NOW)).toBe("6 jours");
    expect(timeLeft(later(48 * HOUR), "fr", fr, NOW)).toBe("2 jours");
    expect(timeLeft(later(47 * HOUR), "fr", fr, NOW)).toBe("47 heures");
    expect(timeLeft(later(24 * HOUR), "fr", fr, NOW)).toBe("24 heures");
    expect(timeLeft(later(HOUR), "fr", fr, NOW)).toBe("1 heure");
    expect(timeLeft(later(59 * MIN + 30_000), "fr", fr, NOW)).toBe("59 minutes");
    expect(timeLeft(later(MIN), "fr", fr, NOW)).toBe("1 minute");
    expect(timeLeft(later(30_000), "fr", fr, NOW)).toBe("moins d'une minute");
    expect(timeLeft(later(0), "fr", fr, NOW)).toBeNull();
    expect(timeLeft(later(-HOUR), "fr", fr, NOW)).toBeNull();
    expect(timeLeft("n'importe quoi", "fr", fr, NOW)).toBeNull();
    expect(timeLeft(later(3 * HOUR), "en", en, NOW)).toBe("3 hours");
    expect(timeLeft(later(30_000), "en", en, NOW)).toBe("less than a minute");
  });

  it("says the expiry with its date, or that it has passed", () => {
    expect(expiryText(later(6 * 24 * HOUR), "fr", fr, NOW)).toMatch(/^Expire dans 6 jours \(le 7 mars 2026 à \d{2}:00\)$/);
    expect(expiryText(later(-HOUR), "fr", fr, NOW)).toMatch(/^A expiré le 1 mars 2026 à \d{2}:00$/);
    expect(expiryText(later(2 * HOUR), "en", en, NOW)).toMatch(/^Expires in 2 hours \(1 March 2026 at \d{2}:00\)$/);
  });

  it("says durations in days when they are whole days", () => {
    expect(durationText(1, "fr", fr)).toBe("1 heure");
    expect(durationText(24, "fr", fr)).toBe("1 jour");
    expect(durationText(168, "fr", fr)).toBe("7 jours");
    expect(durationText(36, "fr", fr)).toBe("36 heures");
    expect(durationText(720, "en", en)).toBe("30 days");
  });

  it("says what was shared, and the opens", () => {
    expect(contentsText(3, 1, "fr", fr)).toBe("3 éléments, 1 document");
    expect(contentsText(1, 0, "fr", fr)).toBe("1 élément");
    expect(contentsText(0, 2, "en", en)).toBe("2 documents");
    expect(opensText({ opens: 1, max_opens: 3 }, "fr", fr)).toBe("1 ouverture sur 3");
    expect(opensText({ opens: 2, max_opens: 3 }, "fr", fr)).toBe("2 ouvertures sur 3");
    expect(opensText({ opens: 0, max_opens: null }, "fr", fr)).toBe("Ouvertures illimitées : pas encore ouvert");
    expect(opensText({ opens: 2, max_opens: null }, "fr", fr)).toBe("Ouvertures illimitées : déjà 2 ouvertures");
    expect(opensText({ opens: 1, max_opens: 1 }, "en", en)).toBe("Opens: 1 of 1");
    expect(opensChoiceText(null, "fr", fr)).toBe("Sans limite pendant la durée choisie");
    expect(opensChoiceText(1, "fr", fr)).toBe("Une seule fois");
    expect(opensChoiceText(5, "fr", fr)).toBe("5 fois au plus");
    expect(stateText("revoked", fr)).toBe("Accès retiré");
  });

  it("lists active shares first, each part newest first", () => {
    const share = (id: string, created_at: string, state: ShareSummary["state"]) => ({ id, created_at, state }) as ShareSummary;
    const { active, past } = splitShares([
      share("a", "2026-03-01T10:00:00Z", "expired"),
      share("b", "2026-03-03T10:00:00Z", "active"),
      share("c", "2026-03-02T10:00:00Z", "revoked"),
      share("d", "2026-02-01T10:00:00Z", "active"),
    ]);
    expect(active.map((s) => s.id)).toEqual(["b", "d"]);
    expect(past.map((s) => s.id)).toEqual(["c", "a"]);
  });
});
