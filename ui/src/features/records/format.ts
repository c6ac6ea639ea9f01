// Dates and numbers as people read them, in the interface language.
import type { Lang } from "../../lib/ipc/types";

export { formatNumber, localDay, locale } from "../../lib/format";
import { locale } from "../../lib/format";

/** `YYYY-MM-DD` read as a local calendar day (no time zone shift). */
export function parseDay(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `YYYY-MM-DDTHH:MM[:SS]` read as local time. */
export function parseLocalDateTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return parseDay(value);
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "12 mars 2024" / "12 March 2024"; unreadable input is shown as is. */
export function formatDay(value: string, lang: Lang): string {
  const d = parseDay(value);
  return d ? d.toLocaleDateString(locale(lang), { day: "numeric", month: "long", year: "numeric" }) : value;
}

/** Short day for chart axes: "12/03/2024". */
export function formatShortDay(value: string, lang: Lang): string {
  const d = parseDay(value);
  return d ? d.toLocaleDateString(locale(lang), { day: "2-digit", month: "2-digit", year: "numeric" }) : value;
}

/** A local date-time without time zone: "12 mars 2024, 08:30". */
export function formatLocalDateTime(value: string, lang: Lang): string {
  const d = parseLocalDateTime(value);
  return d
    ? d.toLocaleString(locale(lang), { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" })
    : value;
}

/** A UTC instant (ISO) shown in the computer's time zone. */
export function formatInstant(iso: string, lang: Lang): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(locale(lang), { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

/**
 * Reads a number as typed, with a comma or a dot: "72,5" → 72.5.
 * Blank → `undefined`; anything else unreadable → `NaN`.
 */
export function parseNumber(text: string): number | undefined {
  const t = text.trim().replace(/\s/g, "").replace(",", ".");
  if (t === "") return undefined;
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : NaN;
}

/** Now as a `datetime-local` value: "2024-03-12T08:30". */
export function nowLocalMinutes(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

