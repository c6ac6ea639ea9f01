// A field of a record written on two devices at once: its label, each value
// as people read it, and the record to save once a value is chosen.
import type { MessageKey } from "../../lib/i18n";
import type { Conflict, HealthRecord, Lang, MeasurementKind, RecordBody } from "../../lib/ipc/types";
import { MEASUREMENT_KINDS } from "../../lib/ipc/bindings";
import { FIELDS, type FieldSpec, type SimpleKind, optionLabel } from "./fields";
import { formatDay, formatLocalDateTime, formatNumber } from "./format";

type T = (key: MessageKey, params?: Record<string, string>) => string;

/** The fields of a measurement, as its form names them. */
const MEASUREMENT_LABELS: Record<string, MessageKey> = {
  kind: "measurement.kind",
  value: "measurement.value",
  value2: "measurement.diastolic",
  unit: "measurement.unit",
  taken_at: "measurement.takenAt",
};

function spec(record: HealthRecord, field: string): FieldSpec | undefined {
  return record.kind === "measurement" ? undefined : FIELDS[record.kind as SimpleKind].find((f) => f.name === field);
}

/** "Gravité", "Remarques", "Tension haute (systolique)"…; the raw name for a field this version does not know. */
export function conflictLabel(record: HealthRecord, field: string, t: T): string {
  if (field === "notes") return t("records.notes");
  if (record.kind === "measurement") {
    if (field === "value" && record.data.kind === "blood_pressure") return t("measurement.systolic");
    const key = MEASUREMENT_LABELS[field];
    return key ? t(key) : field;
  }
  const f = spec(record, field);
  return f ? t(f.label) : field;
}

/** One of the values, as the list shows it: "Sévère", "12 mars 2024", "72,5"… */
export function conflictValue(record: HealthRecord, field: string, value: unknown, t: T, lang: Lang): string {
  if (value === undefined || value === null || value === "") return t("conflict.empty");
  if (typeof value === "number") return formatNumber(value, lang);
  if (typeof value !== "string") return JSON.stringify(value);
  if (record.kind === "measurement") {
    if (field === "kind") {
      return MEASUREMENT_KINDS.includes(value as MeasurementKind) ? t(`measurement.kind.${value as MeasurementKind}`) : value;
    }
    return field === "taken_at" ? formatLocalDateTime(value, lang) : value;
  }
  const f = spec(record, field);
  if (f?.type === "date") return formatDay(value, lang);
  const option = f?.options?.find((o) => o.value === value);
  return option ? optionLabel(option, t, lang) : value;
}

/** The record with the chosen values (by field), ready for `updateRecord`. */
export function withChoices(record: HealthRecord, choices: Record<string, unknown>): { body: RecordBody; notes?: string } {
  const data: Record<string, unknown> = { ...(record.data as unknown as Record<string, unknown>) };
  let notes = record.notes;
  for (const [field, value] of Object.entries(choices)) {
    if (field === "notes") notes = value === undefined || value === null ? undefined : String(value);
    else data[field] = value;
  }
  return { body: { kind: record.kind, data } as unknown as RecordBody, notes };
}

/** The fields still to decide, once `chosen` holds the choices made so far. */
export function undecided(conflicts: Conflict[], chosen: Record<string, unknown>): Conflict[] {
  return conflicts.filter((c) => !Object.hasOwn(chosen, c.field));
}
