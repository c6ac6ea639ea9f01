// Measurement kinds and the units each accepts, with plausible ranges:
// a mirror of carnet-model's measurement.rs (keep both in step).
import type { MeasurementKind } from "./types";

export interface Unit {
  /** Symbol as stored and shown (`kg`, `mmol/L`…). */
  symbol: string;
  /** Smallest plausible value. */
  min: number;
  /** Largest plausible value. */
  max: number;
}

/** Every kind, in display order. */
export const MEASUREMENT_KINDS: readonly MeasurementKind[] = [
  "weight",
  "height",
  "head_circumference",
  "glycemia",
  "blood_pressure",
  "heart_rate",
  "temperature",
  "oxygen_saturation",
];

const u = (symbol: string, min: number, max: number): Unit => ({ symbol, min, max });

/** Units accepted for each kind; the first is the default. */
export const UNITS: Record<MeasurementKind, readonly Unit[]> = {
  weight: [u("kg", 0.2, 500), u("g", 200, 500_000)],
  height: [u("cm", 20, 260), u("m", 0.2, 2.6)],
  head_circumference: [u("cm", 20, 70)],
  glycemia: [u("g/L", 0.1, 10), u("mmol/L", 0.5, 55), u("mg/dL", 10, 1000)],
  // Systolic in `value`, diastolic in `value2`.
  blood_pressure: [u("mmHg", 30, 300)],
  heart_rate: [u("bpm", 20, 300)],
  temperature: [u("°C", 30, 45)],
  oxygen_saturation: [u("%", 50, 100)],
};

/** Whether this kind needs a second value (diastolic pressure). */
export const hasSecondValue = (kind: MeasurementKind): boolean => kind === "blood_pressure";

/** The unit of `kind` matching `symbol` (case ignored, like the vault), if any. */
export function findUnit(kind: MeasurementKind, symbol: string): Unit | undefined {
  const s = symbol.trim().toLowerCase();
  return UNITS[kind]?.find((x) => x.symbol.toLowerCase() === s);
}

/** Names in French and English, as the vault writes them in titles. */
export const KIND_NAMES: Record<MeasurementKind, { fr: string; en: string }> = {
  weight: { fr: "Poids", en: "Weight" },
  height: { fr: "Taille", en: "Height" },
  head_circumference: { fr: "Périmètre crânien", en: "Head circumference" },
  glycemia: { fr: "Glycémie", en: "Blood sugar" },
  blood_pressure: { fr: "Tension artérielle", en: "Blood pressure" },
  heart_rate: { fr: "Pouls", en: "Heart rate" },
  temperature: { fr: "Température", en: "Temperature" },
  oxygen_saturation: { fr: "Saturation en oxygène", en: "Oxygen saturation" },
};
