// The form fields of each kind of record, and the conversion between what
// the form holds (text) and what the vault stores.
import type { MessageKey } from "../../lib/i18n";
import { EXAMS, RECORD_FIELDS } from "../../lib/ipc/bindings";
import type { Exam, Field, HealthRecord, Lang, RecordBody } from "../../lib/ipc/types";
import { parseNumber } from "./format";

export type SimpleKind = "allergy" | "treatment" | "vaccination" | "condition" | "checkup";

export interface Option {
  value: string;
  /** Its words: a message, or the core's own name in each language (an examination). */
  label: MessageKey | { fr: string; en: string };
}

/** An option's words in the user's language. */
export function optionLabel(o: Option, t: (key: MessageKey) => string, lang: Lang): string {
  return typeof o.label === "string" ? t(o.label) : o.label[lang];
}

/** An examination's name, as the core says it. */
export function examName(exam: Exam, lang: Lang): string {
  return EXAMS[exam][lang];
}

export interface FieldSpec {
  /** The field name in the record's JSON (the vault reports errors with it). */
  name: string;
  label: MessageKey;
  type: "text" | "date" | "select" | "integer" | "rpps";
  required?: boolean;
  hint?: MessageKey;
  options?: readonly Option[];
  /** A select that may stay empty ("not specified"). */
  allowEmpty?: boolean;
  /** A date that cannot be in the future. */
  past?: boolean;
  /** Value of a new record. */
  initial?: string;
}

/** The text of every field, as the form holds it. */
export type FormValues = Record<string, string>;

/** How a field is shown: its words and hints. What it holds comes from the core. */
interface Presentation {
  label: MessageKey;
  hint?: MessageKey;
  past?: boolean;
  initial?: string;
}

const SHOWN: Record<SimpleKind, Record<string, Presentation>> = {
  allergy: {
    substance: { label: "allergy.substance", hint: "allergy.substanceHint" },
    reaction: { label: "allergy.reaction", hint: "allergy.reactionHint" },
    severity: { label: "allergy.severity", initial: "unknown" },
    status: { label: "allergy.status", initial: "active" },
    onset: { label: "allergy.onset", past: true },
  },
  treatment: {
    medication: { label: "treatment.medication", hint: "treatment.medicationHint" },
    dose: { label: "treatment.dose", hint: "treatment.doseHint" },
    frequency: { label: "treatment.frequency", hint: "treatment.frequencyHint" },
    route: { label: "treatment.route" },
    start: { label: "treatment.start" },
    end: { label: "treatment.end", hint: "treatment.endHint" },
    prescriber: { label: "treatment.prescriber", hint: "treatment.prescriberHint" },
    prescriber_rpps: { label: "treatment.rpps", hint: "treatment.rppsHint" },
  },
  vaccination: {
    vaccine: { label: "vaccination.vaccine", hint: "vaccination.vaccineHint" },
    date: { label: "vaccination.date", past: true },
    dose_number: { label: "vaccination.doseNumber", hint: "vaccination.doseNumberHint" },
    lot: { label: "vaccination.lot", hint: "vaccination.lotHint" },
    administered_by: { label: "vaccination.administeredBy" },
    next_due: { label: "vaccination.nextDue" },
  },
  condition: {
    name: { label: "condition.name", hint: "condition.nameHint" },
    status: { label: "condition.status", initial: "active" },
    onset: { label: "condition.onset", past: true },
    resolved: { label: "condition.resolved", past: true },
  },
  checkup: {
    exam: { label: "checkup.exam", initial: "other" },
    title: { label: "checkup.title", hint: "checkup.titleHint" },
    date: { label: "checkup.date", past: true },
    performer: { label: "checkup.performer", hint: "checkup.performerHint" },
  },
};

/** The form field for one field the core declares (a field without words is a mistake, found at load). */
function spec(kind: SimpleKind, field: Field): FieldSpec {
  const shown = SHOWN[kind][field.name];
  if (!shown) throw new Error(`no label for the field ${kind}.${field.name}`);
  const base = { name: field.name, required: field.required, ...shown };
  const value = field.value;
  switch (value.type) {
    case "text":
      return { ...base, type: "text" };
    case "date":
    case "date_time":
      return { ...base, type: "date" };
    case "choice":
      return {
        ...base,
        type: "select",
        allowEmpty: !field.required,
        options: value.choices.map((c) => ({
          value: c,
          // The examinations are named by the core; other choices by the messages.
          label: kind === "checkup" && field.name === "exam" ? EXAMS[c as Exam] : (`${kind}.${field.name}.${c}` as MessageKey),
        })),
      };
    case "whole":
      // Its bounds are the core's to say (with the range, under the field).
      return { ...base, type: "integer" };
    case "rpps":
      return { ...base, type: "rpps" };
    default:
      throw new Error(`the field ${kind}.${field.name} holds ${value.type}, which this form does not show`);
  }
}

export const SIMPLE_KINDS: readonly SimpleKind[] = ["allergy", "treatment", "vaccination", "condition", "checkup"];

export const FIELDS: Record<SimpleKind, readonly FieldSpec[]> = {
  allergy: RECORD_FIELDS.allergy.map((f) => spec("allergy", f)),
  treatment: RECORD_FIELDS.treatment.map((f) => spec("treatment", f)),
  vaccination: RECORD_FIELDS.vaccination.map((f) => spec("vaccination", f)),
  condition: RECORD_FIELDS.condition.map((f) => spec("condition", f)),
  checkup: RECORD_FIELDS.checkup.map((f) => spec("checkup", f)),
};

/** The form's text for a new record (with what the screen already knows, `preset`), or for editing `record`. */
export function formValues(kind: SimpleKind, record?: HealthRecord, preset: FormValues = {}): FormValues {
  const data = record && record.kind === kind ? (record.data as unknown as Record<string, unknown>) : {};
  const values: FormValues = { notes: record?.notes ?? "" };
  for (const f of FIELDS[kind]) {
    const v = data[f.name];
    values[f.name] = v === undefined || v === null ? (record ? "" : (preset[f.name] ?? f.initial ?? "")) : String(v);
  }
  return values;
}

/** A form's content as a record body, or the fields to fix first (with the message to show). */
export type FormResult = { body: RecordBody; notes?: string; errors?: undefined } | { errors: Record<string, MessageKey> };

/** What the form holds, turned into a record body; or the fields a person must fix first. */
export function toBody(kind: SimpleKind, values: FormValues): FormResult {
  const errors: Record<string, MessageKey> = {};
  const data: Record<string, string | number> = {};
  for (const f of FIELDS[kind]) {
    const raw = (values[f.name] ?? "").trim();
    if (f.type === "text" && f.required) {
      // The vault checks required text itself and names the field.
      data[f.name] = raw;
      continue;
    }
    if (raw === "") {
      // Blank optional values are left out: the vault cannot read an empty date.
      if (f.required) errors[f.name] = "common.required";
      continue;
    }
    if (f.type === "integer") {
      const n = parseNumber(raw);
      if (n === undefined || !Number.isInteger(n)) errors[f.name] = "records.wholeNumber";
      else data[f.name] = n;
    } else if (f.type === "rpps") {
      // Spaces are how people write it; the core checks the number itself.
      data[f.name] = raw.replace(/\s/g, "");
    } else {
      data[f.name] = raw;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  const notes = (values.notes ?? "").trim();
  return { body: { kind, data } as unknown as RecordBody, notes: notes || undefined };
}

/** The date that places a record in time, for sorting: when it happened, else when it was written down. */
export function recordDate(r: HealthRecord): string {
  switch (r.kind) {
    case "allergy":
      return r.data.onset ?? r.created_at;
    case "treatment":
      return r.data.start ?? r.created_at;
    case "vaccination":
      return r.data.date;
    case "condition":
      return r.data.onset ?? r.created_at;
    case "measurement":
      return r.data.taken_at;
    case "checkup":
      return r.data.date;
  }
}

/** Newest first; ties keep the most recently written first. */
export function newestFirst(records: HealthRecord[]): HealthRecord[] {
  return [...records].sort((a, b) => {
    const da = recordDate(a).slice(0, 19);
    const db = recordDate(b).slice(0, 19);
    if (da !== db) return da < db ? 1 : -1;
    return a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0;
  });
}
