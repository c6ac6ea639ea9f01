// Shares said in plain words: what was shared, how many opens, how long
// is left, the state.
import { countLabel } from "../../lib/format";
import type { MessageKey } from "../../lib/i18n";
import type { Lang, ShareState, ShareSummary } from "../../lib/ipc/types";
import { formatInstant } from "../records/format";

type T = (key: MessageKey, params?: Record<string, string>) => string;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "7 jours", "1 heure", "36 heures": whole days when it is some. */
export function durationText(hours: number, lang: Lang, t: T): string {
  return hours % 24 === 0
    ? countLabel(hours / 24, lang, t, "shares.dayOne", "shares.dayMany")
    : countLabel(hours, lang, t, "shares.hourOne", "shares.hourMany");
}

/** What is left before `expiresAt`: "6 jours", "5 heures", "20 minutes", "moins d'une minute"; `null` once passed. */
export function timeLeft(expiresAt: string, lang: Lang, t: T, now = new Date()): string | null {
  const left = Date.parse(expiresAt) - now.getTime();
  if (Number.isNaN(left) || left <= 0) return null;
  if (left >= 2 * DAY) return countLabel(Math.round(left / DAY), lang, t, "shares.dayOne", "shares.dayMany");
  if (left >= HOUR) return countLabel(Math.round(left / HOUR), lang, t, "shares.hourOne", "shares.hourMany");
  if (left >= MINUTE) return countLabel(Math.min(59, Math.ceil(left / MINUTE)), lang, t, "shares.minuteOne", "shares.minuteMany");
  return t("shares.lessThanMinute");
}

/** "Expire dans 6 jours (le 12 mars 2026 à 14:00)", or "A expiré le 12 mars 2026 à 14:00". */
export function expiryText(expiresAt: string, lang: Lang, t: T, now = new Date()): string {
  const date = formatInstant(expiresAt, lang);
  const left = timeLeft(expiresAt, lang, t, now);
  return left === null ? t("shares.expiredOn", { date }) : t("shares.expiresIn", { left, date });
}

/** "3 éléments, 1 document". */
export function contentsText(records: number, documents: number, lang: Lang, t: T): string {
  const parts = [
    records > 0 ? countLabel(records, lang, t, "shares.itemOne", "shares.itemMany") : "",
    documents > 0 ? countLabel(documents, lang, t, "shares.documentOne", "shares.documentMany") : "",
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : t("shares.nothing");
}

/** "1 ouverture sur 3", "Ouvertures illimitées : pas encore ouvert"… */
export function opensText(share: Pick<ShareSummary, "opens" | "max_opens">, lang: Lang, t: T): string {
  if (share.max_opens !== null) {
    return countLabel(share.opens, lang, t, "shares.opensOfOne", "shares.opensOfMany", { max: String(share.max_opens) });
  }
  if (share.opens === 0) return t("shares.opensUnlimitedNone");
  return countLabel(share.opens, lang, t, "shares.opensUnlimitedOne", "shares.opensUnlimitedMany");
}

/** The choice of opens before creating: "Autant de fois que nécessaire…", "Une seule fois", "3 fois au plus". */
export function opensChoiceText(max: number | null, lang: Lang, t: T): string {
  if (max === null) return t("shares.opensChoiceUnlimited");
  if (max === 1) return t("shares.opensChoiceOnce");
  return countLabel(max, lang, t, "shares.opensChoiceOne", "shares.opensChoiceMany");
}

export function stateText(state: ShareState, t: T): string {
  return t(`shares.state.${state}`);
}

/** Active ones first, then the others; each newest first (as the vault lists them). */
export function splitShares(list: ShareSummary[]): { active: ShareSummary[]; past: ShareSummary[] } {
  const newest = [...list].sort((a, b) => b.created_at.localeCompare(a.created_at));
  return { active: newest.filter((s) => s.state === "active"), past: newest.filter((s) => s.state !== "active") };
}
