// Dates, numbers, sizes and counts written the way people read them,
// shared by the app and the share viewer page.
import type { MessageKey } from "./i18n";
import type { Lang } from "./ipc/types";

type Translate = (key: MessageKey, params?: Record<string, string>) => string;

export const locale = (lang: Lang): string => (lang === "fr" ? "fr-FR" : "en-GB");

/** 72.5 → "72,5" in French, at most three decimals. */
export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 3 }).format(n);
}

/** Today (plus `days`) as a local `YYYY-MM-DD`, e.g. the `max` of a past date. */
export function localDay(days = 0, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `2024-03-12` → `12 mars 2024`; anything else is shown as it is. */
export function formatDate(iso: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Intl.DateTimeFormat(locale(lang), { day: "numeric", month: "long", year: "numeric" }).format(date);
}

/** `123456` → `121 Ko` (French) or `121 KB`. */
export function formatSize(bytes: number, lang: Lang, t: Translate): string {
  const units: MessageKey[] = ["documents.size.b", "documents.size.kb", "documents.size.mb", "documents.size.gb"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const n = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: unit === 0 || value >= 10 ? 0 : 1 }).format(value);
  return t(units[unit] ?? "documents.size.b", { n });
}

/** Picks the singular or plural sentence (French: 0 and 1 are singular). */
export function countLabel(n: number, lang: Lang, t: Translate, one: MessageKey, many: MessageKey, params: Record<string, string> = {}): string {
  const singular = new Intl.PluralRules(locale(lang)).select(n) === "one";
  return t(singular ? one : many, { ...params, n: new Intl.NumberFormat(locale(lang)).format(n) });
}

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  return localDay();
}
