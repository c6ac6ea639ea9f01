import { describe, expect, it } from "vitest";

import { toView } from "./fhir";
import { parsePayload, type SharePayload } from "./payload";
import { samplePayload } from "./testdata";

function payload(value: Record<string, unknown> = samplePayload()): SharePayload {
  const p = parsePayload(new TextEncoder().encode(JSON.stringify(value)));
  if (!p) throw new Error("sample payload refused");
  return p;
}

describe("the view of a share", () => {
  it("has the share, the patient and every item the bundle holds", () => {
    const pdf = new TextEncoder().encode("%PDF-1.4 test");
    const view = toView(payload(samplePayload({ pdf, maxOpens: 3 })));
    expect(view.title).toBe("Dossier partagé de Jeanne Martin");
    expect(view.sharedAt).toBe("2026-11-23T09:30:00Z");
    expect(view.expiresAt).toBe("2026-11-30T18:00:00Z");
    expect(view.maxOpens).toBe(3);
    // The relay's expiry (its own clock) wins when it sent one.
    expect(toView(payload(), "2026-11-30T17:59:58Z").expiresAt).toBe("2026-11-30T17:59:58Z");
    expect(view.professional).toEqual({ name: "Dr Paul Durand", specialty: "Cardiologie", rpps: "10001234567", email: null });
    expect(view.patient).toEqual({ name: "Jeanne Martin", birthDate: "1948-03-12", gender: "female", ins: "248037512345678" });

    expect(view.allergies).toEqual([
      {
        name: "Pénicilline",
        status: "active",
        criticality: "high",
        severity: "severe",
        reaction: "Urticaire géante",
        onset: "1990-06-01",
        note: "Œdème de Quincke en 1990",
        severe: true,
      },
      {
        name: "Pollen de bouleau",
        status: "active",
        criticality: "low",
        severity: "mild",
        reaction: "Rhinite",
        onset: null,
        note: null,
        severe: false,
      },
    ]);
    expect(view.treatments).toEqual([
      {
        name: "Ramipril",
        status: "active",
        dosage: "5 mg, 1 fois par jour",
        route: "orale",
        start: "2023-01-15",
        end: null,
        prescriber: "Dr Paul Durand",
        prescriberRpps: "10001234567",
        note: null,
      },
    ]);
    expect(view.vaccinations).toEqual([
      { name: "Tétanos", date: "2021-05-04", lot: "AB1234", performer: "Dr Claire Petit", dose: 3, note: null },
    ]);
    expect(view.conditions).toEqual([
      { name: "Hypertension artérielle", status: "active", onset: "2022-11-02", end: null, note: null },
    ]);
    expect(view.measurements).toEqual([
      { name: "Poids", loinc: "29463-7", value: { kind: "quantity", value: 61.5, unit: "kg" }, date: "2026-04-02", note: null },
      {
        name: "Tension artérielle",
        loinc: "85354-9",
        value: { kind: "pressure", systolic: 132, diastolic: 81, unit: "mmHg" },
        date: "2026-04-02",
        note: null,
      },
    ]);
    expect(view.documents).toEqual([
      {
        title: "Compte rendu de cardiologie",
        type: "Compte rendu de consultation",
        date: "2026-03-20T10:00:00+01:00",
        author: "Dr Paul Durand",
        fileName: "compte-rendu-cardiologie.pdf",
        contentType: "application/pdf",
        size: pdf.length,
        data: Buffer.from(pdf).toString("base64"),
      },
    ]);
  });

  it("puts severe allergies first, keeping the patient's order otherwise", () => {
    const value = samplePayload();
    const entries = (value.bundle as { entry: { resource: Record<string, unknown> }[] }).entry;
    // Swap the two allergies: the mild one comes first in the bundle.
    [entries[2], entries[3]] = [entries[3]!, entries[2]!];
    const view = toView(payload(value));
    expect(view.allergies.map((a) => a.name)).toEqual(["Pénicilline", "Pollen de bouleau"]);
  });

  it("leaves out what is missing or malformed instead of failing", () => {
    const value = samplePayload();
    const bundle = value.bundle as { entry: { resource: Record<string, unknown> }[] };
    const composition = bundle.entry[0]!.resource;
    composition.extension = [{ url: "https://carnet.invalid/fhir/share", valueString: "{not json" }];
    const patient = bundle.entry[1]!.resource;
    delete patient.identifier;
    delete patient.birthDate;
    bundle.entry.push({ resource: { resourceType: "Observation", code: { text: "Glycémie" } } });
    bundle.entry.push({ resource: { resourceType: "AllergyIntolerance" } });
    (bundle.entry as unknown[]).push(null, 42, { resource: "x" });
    const view = toView(payload(value), "2026-12-01T00:00:00Z");
    expect(view.professional).toBeNull();
    expect(view.expiresAt).toBe("2026-12-01T00:00:00Z");
    expect(view.patient.ins).toBeNull();
    expect(view.patient.birthDate).toBeNull();
    expect(view.measurements.at(-1)).toEqual({ name: "Glycémie", loinc: null, value: { kind: "none" }, date: null, note: null });
    expect(view.allergies.at(-1)?.name).toBe("—");
  });

  it("has empty lists for a share of nothing", () => {
    const value = samplePayload();
    const bundle = value.bundle as { entry: unknown[] };
    bundle.entry = bundle.entry.slice(0, 2);
    const view = toView(payload(value));
    expect(view.patient.name).toBe("Jeanne Martin");
    for (const list of [view.allergies, view.treatments, view.vaccinations, view.conditions, view.measurements, view.documents]) {
      expect(list).toEqual([]);
    }
  });
});
