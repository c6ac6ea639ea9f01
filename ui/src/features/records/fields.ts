// The form fields of each kind of record, and the conversion between what
// the form holds (text) and what the vault stores.
import type { MessageKey } from "../../lib/i18n";
import type { HealthRecord, RecordBody } from "../../lib/ipc/types";
import { parseNumber } from "./format";

export type SimpleKind = "allergy" | "treatment" | "vaccination" | "condition";

export interface Option {
  value: string;
  label: MessageKey;
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

export const FIELDS: Record<SimpleKind, readonly FieldSpec[]> = {
  allergy: [
    { name: "substance", label: "allergy.substance", type: "text", required: true, hint: "allergy.substanceHint" },
    { name: "reaction", label: "allergy.reaction", type: "text", hint: "allergy.reactionHint" },
    {
      name: "severity",
      label: "allergy.severity",
      type: "select",
      initial: "unknown",
      options: [
        { value: "mild", label: "allergy.severity.mild" },
        { value: "moderate", label: "allergy.severity.moderate" },
        { value: "severe", label: "allergy.severity.severe" },
        { value: "unknown", label: "allergy.severity.unknown" },
      ],
    },
    {
      name: "status",
      label: "allergy.status",
      type: "select",
      initial: "active",
      options: [
        { value: "active", label: "allergy.status.active" },
        { value: "inactive", label: "allergy.status.inactive" },
        { value: "resolved", label: "allergy.status.resolved" },
      ],
    },
    { name: "onset", label: "allergy.onset", type: "date", past: true },
  ],
  treatment: [
    { name: "medication", label: "treatment.medication", type: "text", required: true, hint: "treatment.medicationHint" },
    { name: "dose", label: "treatment.dose", type: "text", hint: "treatment.doseHint" },
    { name: "frequency", label: "treatment.frequency", type: "text", hint: "treatment.frequencyHint" },
    {
      name: "route",
      label: "treatment.route",
      type: "select",
      allowEmpty: true,
      options: [
        { value: "oral", label: "treatment.route.oral" },
        { value: "injection", label: "treatment.route.injection" },
        { value: "skin", label: "treatment.route.skin" },
        { value: "inhaled", label: "treatment.route.inhaled" },
        { value: "eye", label: "treatment.route.eye" },
        { value: "other", label: "treatment.route.other" },
      ],
    },
    { name: "start", label: "treatment.start", type: "date" },
    { name: "end", label: "treatment.end", type: "date", hint: "treatment.endHint" },
    { name: "prescriber", label: "treatment.prescriber", type: "text", hint: "treatment.prescriberHint" },
    { name: "prescriber_rpps", label: "treatment.rpps", type: "rpps", hint: "treatment.rppsHint" },
  ],
  vaccination: [
    { name: "vaccine", label: "vaccination.vaccine", type: "text", required: true, hint: "vaccination.vaccineHint" },
    { name: "date", label: "vaccination.date", type: "date", required: true, past: true },
    { name: "dose_number", label: "vaccination.doseNumber", type: "integer", hint: "vaccination.doseNumberHint" },
    { name: "lot", label: "vaccination.lot", type: "text", hint: "vaccination.lotHint" },
    { name: "administered_by", label: "vaccination.administeredBy", type: "text" },
    { name: "next_due", label: "vaccination.nextDue", type: "date" },
  ],
  condition: [
    { name: "name", label: "condition.name", type: "text", required: true, hint: "condition.nameHint" },
    {
      name: "status",
      label: "condition.status",
      type: "select",
      initial: "active",
      options: [
        { value: "active", label: "condition.status.active" },
        { value: "remission", label: "condition.status.remission" },
        { value: "resolved", label: "condition.status.resolved" },
      ],
    },
    { name: "onset", label: "condition.onset", type: "date", past: true },
    { name: "resolved", label: "condition.resolved", type: "date", past: true },
  ],
};

/** The form's text for a new record, or for editing `record`. */
export function formValues(kind: SimpleKind, record?: HealthRecord): FormValues {
  const data = record && record.kind === kind ? (record.data as unknown as Record<string, unknown>) : {};
  const values: FormValues = { notes: record?.notes ?? "" };
  for (const f of FIELDS[kind]) {
    const v = data[f.name];
    values[f.name] = v === undefined || v === null ? (record ? "" : (f.initial ?? "")) : String(v);
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
      if (n === undefined || !Number.isInteger(n) || n < 0 || n > 255) errors[f.name] = "records.wholeNumber";
      else data[f.name] = n;
    } else if (f.type === "rpps") {
      const digits = raw.replace(/\s/g, "");
      if (!/^\d{11}$/.test(digits)) errors[f.name] = "treatment.rppsInvalid";
      else data[f.name] = digits;
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
