// The measurement form's text ↔ the stored measurement.
import type { MessageKey } from "../../lib/i18n";
import type { HealthRecord, MeasurementKind } from "../../lib/ipc/types";
import { MEASUREMENT_SECOND_VALUE, MEASUREMENT_UNITS as UNITS } from "../../lib/ipc/bindings";

const hasSecondValue = (kind: MeasurementKind): boolean => MEASUREMENT_SECOND_VALUE.includes(kind);
import type { FormResult } from "./fields";
import { nowLocalMinutes, parseNumber } from "./format";

export interface MeasurementValues {
  kind: MeasurementKind;
  value: string;
  value2: string;
  unit: string;
  /** As a `datetime-local` input holds it: `YYYY-MM-DDTHH:MM`. */
  taken_at: string;
  notes: string;
}

/** The form's text for a new measurement (of `kind`), or for editing `record`. */
export function measurementValues(record?: HealthRecord, kind: MeasurementKind = "weight", now = new Date()): MeasurementValues {
  if (record?.kind === "measurement") {
    const m = record.data;
    return {
      kind: m.kind,
      value: String(m.value).replace(".", ","),
      value2: m.value2 === undefined ? "" : String(m.value2).replace(".", ","),
      unit: m.unit,
      taken_at: m.taken_at.slice(0, 16),
      notes: record.notes ?? "",
    };
  }
  return { kind, value: "", value2: "", unit: UNITS[kind][0]?.symbol ?? "", taken_at: nowLocalMinutes(now), notes: "" };
}

/** What the form holds, as a record body; or the fields to fix first. */
export function measurementBody(v: MeasurementValues): FormResult {
  const errors: Record<string, MessageKey> = {};
  const number = (field: "value" | "value2"): number | undefined => {
    const n = parseNumber(v[field]);
    if (n === undefined) errors[field] = "common.required";
    else if (Number.isNaN(n)) errors[field] = "records.number";
    return n;
  };
  const value = number("value");
  const value2 = hasSecondValue(v.kind) ? number("value2") : undefined;
  const at = v.taken_at.trim();
  if (!at) errors.taken_at = "common.required";
  if (Object.keys(errors).length > 0 || value === undefined) return { errors };
  // The vault reads date-times with seconds.
  const taken_at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(at) ? `${at}:00` : at;
  const data = value2 === undefined ? { kind: v.kind, value, unit: v.unit, taken_at } : { kind: v.kind, value, value2, unit: v.unit, taken_at };
  const notes = v.notes.trim();
  return { body: { kind: "measurement", data }, notes: notes || undefined };
}
