// The vault's record rules (carnet-model record.rs, text.rs) and search, for
// the in-memory backend: same fields, same codes, plain messages.
import { CarnetError } from "./backend";
import { localDay, validDate } from "./memory-dates";
import type { Lang, MeasurementKind, RecordBody, SearchHit } from "./types";
import { KIND_NAMES, MEASUREMENT_KINDS, UNITS, findUnit, hasSecondValue } from "./units";

export { localDay };

/** Longest short text (a name, a substance, a dose). */
const SHORT = 200;
/** Longest free note. */
const NOTES = 10_000;

type Problem =
  | { p: "required" }
  | { p: "too_long"; max: number }
  | { p: "in_future" }
  | { p: "before_start" }
  | { p: "invalid_rpps" }
  | { p: "unit_not_allowed"; unit: string; allowed: string[] }
  | { p: "out_of_range"; min: number; max: number }
  | { p: "unknown_choice"; value: string }
  | { p: "invalid_date"; value: string };

const num = (lang: Lang, n: number) => n.toLocaleString(lang === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 3 });

/** The sentence shown right under the field: the field itself is not named. */
export function problemMessage(problem: Problem, lang: Lang): string {
  const fr = lang === "fr";
  switch (problem.p) {
    case "required":
      return fr ? "Ce champ est obligatoire." : "This field is required.";
    case "too_long":
      return fr ? `Ce texte est trop long (${problem.max} caractères au plus).` : `This text is too long (at most ${problem.max} characters).`;
    case "in_future":
      return fr ? "Cette date ne peut pas être dans le futur." : "This date cannot be in the future.";
    case "before_start":
      return fr ? "Cette date doit venir après la date de début." : "This date must come after the start date.";
    case "invalid_rpps":
      return fr ? "Le numéro RPPS doit comporter exactement 11 chiffres." : "The RPPS number must have exactly 11 digits.";
    case "unit_not_allowed":
      return fr
        ? `L'unité « ${problem.unit} » ne convient pas ici. Unités possibles : ${problem.allowed.join(", ")}.`
        : `The unit “${problem.unit}” does not fit here. Possible units: ${problem.allowed.join(", ")}.`;
    case "out_of_range":
      return fr
        ? `La valeur doit être comprise entre ${num(lang, problem.min)} et ${num(lang, problem.max)}.`
        : `The value must be between ${num(lang, problem.min)} and ${num(lang, problem.max)}.`;
    case "unknown_choice":
      return fr ? `« ${problem.value} » n'est pas un choix possible.` : `“${problem.value}” is not a possible choice.`;
    case "invalid_date":
      return fr
        ? `« ${problem.value} » n'est pas une date valide (format attendu : AAAA-MM-JJ).`
        : `“${problem.value}” is not a valid date (expected format: YYYY-MM-DD).`;
  }
}

const CHOICES = {
  severity: ["mild", "moderate", "severe", "unknown"],
  allergy_status: ["active", "inactive", "resolved"],
  route: ["oral", "injection", "skin", "inhaled", "eye", "other"],
  condition_status: ["active", "remission", "resolved"],
} as const;

/**
 * Checks a record like the vault does and returns it trimmed (blank optional
 * text removed, unit spelled as the vault spells it). Throws `invalid` with
 * the field at fault.
 */
export function validateRecord(body: RecordBody, notes: string | undefined, lang: Lang, now = new Date()): { body: RecordBody; notes?: string } {
  const fail = (field: string, problem: Problem): never => {
    throw new CarnetError("invalid", problemMessage(problem, lang), field);
  };
  const required = (field: string, value: unknown): string => {
    const v = typeof value === "string" ? value.trim() : "";
    if (!v) fail(field, { p: "required" });
    if ([...v].length > SHORT) fail(field, { p: "too_long", max: SHORT });
    return v;
  };
  const optional = (field: string, value: unknown, max = SHORT): string | undefined => {
    if (value === undefined || value === null) return undefined;
    const v = String(value).trim();
    if (!v) return undefined;
    if ([...v].length > max) fail(field, { p: "too_long", max });
    return v;
  };
  const choice = <T extends string>(field: string, value: unknown, allowed: readonly T[]): T => {
    if (!allowed.includes(value as T)) fail(field, { p: "unknown_choice", value: String(value) });
    return value as T;
  };
  const latest = localDay(1, now);
  // Like the vault, an empty string is not "no date": it cannot be read at all.
  const date = (field: string, value: unknown): string | undefined => {
    if (value === undefined || value === null) return undefined;
    const v = String(value).trim();
    if (!validDate(v)) fail(field, { p: "invalid_date", value: v });
    if (v > latest) fail(field, { p: "in_future" });
    return v;
  };
  const futureDate = (field: string, value: unknown): string | undefined => {
    if (value === undefined || value === null) return undefined;
    const v = String(value).trim();
    if (!validDate(v)) fail(field, { p: "invalid_date", value: v });
    return v;
  };
  const notBefore = (field: string, start?: string, end?: string) => {
    if (start && end && end < start) fail(field, { p: "before_start" });
  };
  const strip = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

  const cleanNotes = optional("notes", notes, NOTES);
  switch (body.kind) {
    case "allergy": {
      const a = body.data;
      const data = strip({
        substance: required("substance", a.substance),
        reaction: optional("reaction", a.reaction),
        severity: choice("severity", a.severity, CHOICES.severity),
        status: choice("status", a.status, CHOICES.allergy_status),
        onset: date("onset", a.onset),
      });
      return { body: { kind: "allergy", data }, notes: cleanNotes };
    }
    case "treatment": {
      const t = body.data;
      const medication = required("medication", t.medication);
      const dose = optional("dose", t.dose);
      const frequency = optional("frequency", t.frequency);
      const route = t.route ? choice("route", t.route, CHOICES.route) : undefined;
      const prescriber = optional("prescriber", t.prescriber);
      let rpps: string | undefined;
      if (t.prescriber_rpps !== undefined && t.prescriber_rpps !== "") {
        rpps = String(t.prescriber_rpps).replace(/\s/g, "");
        if (!/^\d{11}$/.test(rpps)) fail("prescriber_rpps", { p: "invalid_rpps" });
      }
      const start = futureDate("start", t.start);
      const end = futureDate("end", t.end);
      notBefore("end", start, end);
      const data = strip({ medication, dose, frequency, route, start, end, prescriber, prescriber_rpps: rpps });
      return { body: { kind: "treatment", data }, notes: cleanNotes };
    }
    case "vaccination": {
      const v = body.data;
      const vaccine = required("vaccine", v.vaccine);
      const lot = optional("lot", v.lot, 64);
      const administered_by = optional("administered_by", v.administered_by);
      const n = v.dose_number;
      if (n !== undefined && n !== null && !(Number.isInteger(n) && n >= 1 && n <= 20)) {
        fail("dose_number", { p: "out_of_range", min: 1, max: 20 });
      }
      const when = date("date", v.date) ?? fail("date", { p: "required" });
      const next_due = futureDate("next_due", v.next_due);
      notBefore("next_due", when, next_due);
      const data = strip({ vaccine, dose_number: n ?? undefined, date: when, lot, administered_by, next_due });
      return { body: { kind: "vaccination", data }, notes: cleanNotes };
    }
    case "condition": {
      const c = body.data;
      const name = required("name", c.name);
      const status = choice("status", c.status, CHOICES.condition_status);
      const onset = date("onset", c.onset);
      const resolved = date("resolved", c.resolved);
      notBefore("resolved", onset, resolved);
      return { body: { kind: "condition", data: strip({ name, status, onset, resolved }) }, notes: cleanNotes };
    }
    case "measurement": {
      const m = body.data;
      const kind = choice<MeasurementKind>("kind", m.kind, MEASUREMENT_KINDS);
      const unit = findUnit(kind, m.unit ?? "");
      if (!unit) {
        fail("unit", { p: "unit_not_allowed", unit: (m.unit ?? "").trim(), allowed: UNITS[kind].map((x) => x.symbol) });
        throw new Error("unreachable");
      }
      const range: Problem = { p: "out_of_range", min: unit.min, max: unit.max };
      const inRange = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= unit.min && v <= unit.max;
      if (!inRange(m.value)) fail("value", range);
      let value2: number | undefined;
      if (hasSecondValue(kind)) {
        if (m.value2 === undefined || m.value2 === null) fail("value2", { p: "required" });
        if (!inRange(m.value2) || (m.value2 as number) >= m.value) fail("value2", range);
        value2 = m.value2;
      }
      const at = typeof m.taken_at === "string" ? m.taken_at.trim() : "";
      // The vault reads date-times with seconds only.
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(at) || !validDate(at.slice(0, 10))) {
        fail("taken_at", { p: "invalid_date", value: at });
      }
      if (at.slice(0, 10) > latest) fail("taken_at", { p: "in_future" });
      return { body: { kind: "measurement", data: strip({ kind, value: m.value, value2, unit: unit.symbol, taken_at: at }) }, notes: cleanNotes };
    }
  }
}

/** A short title for lists and search results, as the vault writes it. */
export function vaultTitle(body: RecordBody, lang: Lang): string {
  switch (body.kind) {
    case "allergy":
      return body.data.substance;
    case "treatment":
      return body.data.medication;
    case "vaccination":
      return body.data.vaccine;
    case "condition":
      return body.data.name;
    case "measurement": {
      const m = body.data;
      const value = m.value2 !== undefined ? `${m.value}/${m.value2}` : `${m.value}`;
      return `${KIND_NAMES[m.kind][lang]} ${value} ${m.unit}`;
    }
  }
}

/** The words a patient would type to find this record (as the vault indexes them). */
export function vaultSearchText(body: RecordBody, notes?: string): string {
  let parts: (string | undefined)[];
  switch (body.kind) {
    case "allergy":
      parts = [body.data.substance, body.data.reaction];
      break;
    case "treatment":
      parts = [body.data.medication, body.data.dose, body.data.frequency, body.data.prescriber];
      break;
    case "vaccination":
      parts = [body.data.vaccine, body.data.lot, body.data.administered_by];
      break;
    case "condition":
      parts = [body.data.name];
      break;
    case "measurement":
      parts = [KIND_NAMES[body.data.kind].fr, KIND_NAMES[body.data.kind].en, body.data.unit];
      break;
  }
  return [...parts, notes].filter((p): p is string => !!p && p.length > 0).join(" ");
}

/** Something searchable: a record or a document. */
export interface Searchable {
  kind: SearchHit["kind"];
  id: string;
  title: string;
  body: string;
}

/** Lower case, accents removed: "Pénicilline" → "penicilline". */
export const fold = (s: string): string => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

interface Token {
  start: number;
  end: number;
  folded: string;
}

function tokens(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length, folded: fold(m[0]) }));
}

/** Words of what a person typed, at most 16, like the vault's query builder. */
export function queryWords(query: string): string[] {
  return fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 16);
}

/** About twelve words around the first match, each match between `[` and `]`. */
function snippet(text: string, toks: Token[], words: string[]): string {
  const hit = (t: Token) => words.some((w) => t.folded.startsWith(w));
  const first = Math.max(0, toks.findIndex(hit));
  const from = Math.max(0, Math.min(first - 3, toks.length - 12));
  const to = Math.min(toks.length, from + 12);
  let out = from > 0 ? "…" : "";
  let pos = toks[from]?.start ?? 0;
  for (let i = from; i < to; i++) {
    const t = toks[i] as Token;
    out += text.slice(pos, t.start);
    const word = text.slice(t.start, t.end);
    out += hit(t) ? `[${word}]` : word;
    pos = t.end;
  }
  if (to < toks.length) out += "…";
  return out;
}

/**
 * Finds the items containing every word of `query` (accents and case ignored,
 * words matched by prefix), titles first.
 */
export function searchItems(items: Searchable[], query: string): SearchHit[] {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const hits: { hit: SearchHit; score: number }[] = [];
  for (const item of items) {
    const columns = [item.title, item.body].map((text) => ({ text, toks: tokens(text) }));
    const all = columns.flatMap((c) => c.toks);
    if (!words.every((w) => all.some((t) => t.folded.startsWith(w)))) continue;
    const count = (toks: Token[]) => toks.filter((t) => words.some((w) => t.folded.startsWith(w))).length;
    // The body on a tie: the title is shown next to the snippet anyway.
    const best = columns.reduce((a, b) => (count(b.toks) >= count(a.toks) ? b : a));
    const score = count(columns[0]?.toks ?? []) * 2 + count(all);
    hits.push({ hit: { kind: item.kind, id: item.id, title: item.title, snippet: snippet(best.text, best.toks, words) }, score });
  }
  return hits.sort((a, b) => b.score - a.score).map((h) => h.hit).slice(0, 200);
}
