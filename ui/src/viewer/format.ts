// Dates, numbers and sizes written the way people read them.
import { locale, translate, type Lang } from "./i18n";

/**
 * A FHIR date or dateTime shown as a calendar date: `1948-03-12` → `12 mars 1948`.
 * The date part is read as written (no time-zone shift); partial dates
 * (`1948`, `1948-03`) are shown as the year or month and year.
 */
export function formatDate(value: string, lang: Lang): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(Number(y), mo ? Number(mo) - 1 : 0, d ? Number(d) : 1));
  if (Number.isNaN(date.getTime())) return value;
  const options: Intl.DateTimeFormatOptions = { year: "numeric", timeZone: "UTC" };
  if (mo) options.month = "long";
  if (mo && d) options.day = "numeric";
  return new Intl.DateTimeFormat(locale(lang), options).format(date);
}

/** An instant (RFC 3339) shown as a date and a time in the reader's time zone. */
export function formatDateTime(value: string, lang: Lang): string {
  if (!/T\d{2}:\d{2}/.test(value)) return formatDate(value, lang);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "long", timeStyle: "short" }).format(date);
}

export { formatNumber } from "../lib/format";

/** `123456` → `121 Ko` (French) or `121 KB`. */
export function formatSize(bytes: number, lang: Lang): string {
  const keys = ["size.b", "size.kb", "size.mb"] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < keys.length - 1) {
    value /= 1024;
    unit++;
  }
  const n = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: unit === 0 || value >= 10 ? 0 : 1 }).format(value);
  return translate(lang, keys[unit] ?? "size.b", { n });
}

/** A 15-digit NIR grouped as written on the carte Vitale: `2 48 03 75 123 456 78`. */
export function formatIns(value: string): string {
  const digits = value.replace(/\s+/g, "");
  const m = /^(\d)(\d{2})(\d{2})(\w{2})(\d{3})(\d{3})(\d{2})$/.exec(digits);
  return m ? m.slice(1).join(" ") : value;
}
