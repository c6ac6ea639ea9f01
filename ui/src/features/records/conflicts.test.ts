import { describe, expect, it } from "vitest";

import { type MessageKey, translate } from "../../lib/i18n";
import type { HealthRecord } from "../../lib/ipc/types";
import { conflictLabel, conflictValue, undecided, withChoices } from "./conflicts";

const t = (key: MessageKey, params?: Record<string, string>) => translate("fr", key, params);
const base = { id: "r1", created_at: "2025-01-01T00:00:00Z", updated_at: "2025-01-01T00:00:00Z" };
const allergy: HealthRecord = { ...base, kind: "allergy", data: { substance: "Pénicilline", severity: "severe", status: "active", onset: "2024-05-02" }, notes: "Aux urgences" };
const pressure: HealthRecord = {
  ...base,
  kind: "measurement",
  data: { kind: "blood_pressure", value: 125, value2: 80, unit: "mmHg", taken_at: "2025-03-10T08:30:00" },
};

describe("conflicts on a record", () => {
  it("names the field as its form does", () => {
    expect(conflictLabel(allergy, "severity", t)).toBe("Gravité");
    expect(conflictLabel(allergy, "notes", t)).toBe("Remarques");
    expect(conflictLabel(allergy, "mystery", t)).toBe("mystery");
    expect(conflictLabel(pressure, "value", t)).toBe("Tension haute (systolique)");
    expect(conflictLabel(pressure, "value2", t)).toBe("Tension basse (diastolique)");
    expect(conflictLabel(pressure, "taken_at", t)).toBe("Date et heure");
  });

  it("shows each value as the list does", () => {
    expect(conflictValue(allergy, "severity", "mild", t, "fr")).toBe("Légère");
    expect(conflictValue(allergy, "onset", "2024-05-02", t, "fr")).toBe("2 mai 2024");
    expect(conflictValue(allergy, "substance", "Amoxicilline", t, "fr")).toBe("Amoxicilline");
    expect(conflictValue(allergy, "reaction", null, t, "fr")).toBe("(vide)");
    expect(conflictValue(pressure, "value", 72.5, t, "fr")).toBe("72,5");
    expect(conflictValue(pressure, "kind", "weight", t, "fr")).toBe("Poids");
    expect(conflictValue(pressure, "taken_at", "2025-03-10T08:30:00", t, "fr")).toBe("10 mars 2025 à 08:30");
  });

  it("puts the chosen values in the record to save", () => {
    expect(withChoices(allergy, { severity: "mild" })).toEqual({
      body: { kind: "allergy", data: { substance: "Pénicilline", severity: "mild", status: "active", onset: "2024-05-02" } },
      notes: "Aux urgences",
    });
    expect(withChoices(allergy, { notes: "Chez le Dr Martin" }).notes).toBe("Chez le Dr Martin");
    expect(withChoices(pressure, { value: 130 }).body).toMatchObject({ kind: "measurement", data: { value: 130, value2: 80 } });
    const conflicts = [
      { field: "severity", values: ["mild", "severe"] },
      { field: "notes", values: ["a", "b"] },
    ];
    expect(undecided(conflicts, { severity: "mild" }).map((c) => c.field)).toEqual(["notes"]);
    expect(undecided(conflicts, { severity: "mild", notes: "b" })).toEqual([]);
  });
});
