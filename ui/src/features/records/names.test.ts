import { describe, expect, it } from "vitest";

import { recordSummary } from "./names";
import { translate } from "../../lib/i18n";
import type { HealthRecord, Lang, RecordBody } from "../../lib/ipc/types";

const base = { id: "r1", created_at: "2025-01-01T00:00:00Z", updated_at: "2025-01-01T00:00:00Z" };
const record = (body: RecordBody): HealthRecord => ({ ...base, ...body });
const line = (r: HealthRecord, lang: Lang, due = false) => recordSummary(r, (k, p) => translate(lang, k, p), lang, { due });

describe("overview lines", () => {
  it("says every kind of record in plain words, dates and numbers as people read them", () => {
    const weight = record({ kind: "measurement", data: { kind: "weight", value: 13.5, unit: "kg", taken_at: "2025-03-10T10:00:00" } });
    expect(line(weight, "fr")).toBe("Poids : 13,5 kg, le 10 mars 2025");
    expect(line(weight, "en")).toBe("Weight: 13.5 kg, on 10 March 2025");
    const pressure = record({
      kind: "measurement",
      data: { kind: "blood_pressure", value: 125, value2: 80, unit: "mmHg", taken_at: "2025-03-10T10:00:00" },
    });
    expect(line(pressure, "fr")).toBe("Tension artérielle : 125/80 mmHg, le 10 mars 2025");

    const allergy = record({ kind: "allergy", data: { substance: "Pénicilline", reaction: "Plaques rouges", severity: "severe", status: "active" } });
    expect(line(allergy, "fr")).toBe("Pénicilline, réaction : Plaques rouges");
    expect(line(record({ kind: "allergy", data: { substance: "Arachide", severity: "unknown", status: "active" } }), "fr")).toBe("Arachide");

    const treatment = record({
      kind: "treatment",
      data: { medication: "Ventoline", dose: "2 bouffées", frequency: "matin et soir", start: "2024-06-01" },
    });
    expect(line(treatment, "fr")).toBe("Ventoline, 2 bouffées, matin et soir, depuis le 1 juin 2024");
    expect(line(treatment, "en")).toBe("Ventoline, 2 bouffées, matin et soir, since 1 June 2024");

    const vaccination = record({ kind: "vaccination", data: { vaccine: "ROR", date: "2025-02-20", next_due: "2026-02-20" } });
    expect(line(vaccination, "fr")).toBe("ROR, le 20 février 2025");
    expect(line(vaccination, "fr", true)).toBe("ROR, rappel prévu le 20 février 2026");
    expect(line(vaccination, "en", true)).toBe("ROR, booster due on 20 February 2026");

    expect(line(record({ kind: "condition", data: { name: "Asthme", status: "active", onset: "2024-09-01" } }), "fr")).toBe(
      "Asthme, depuis le 1 septembre 2024",
    );
    expect(line(record({ kind: "condition", data: { name: "Asthme", status: "remission", onset: "2024-09-01" } }), "fr")).toBe(
      "Asthme, situation : en rémission",
    );
    expect(line(record({ kind: "condition", data: { name: "Varicelle", status: "resolved" } }), "en")).toBe("Varicelle, status: cured");
  });
});
