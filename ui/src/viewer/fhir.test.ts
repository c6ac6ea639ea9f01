import { describe, expect, it } from "vitest";

import type { HealthRecord } from "../lib/ipc/bindings";
import { toView } from "./fhir";
import { parsePayload, type SharePayload } from "./payload";
import { appShare, samplePayload } from "./testdata";

function payload(value: Record<string, unknown> = samplePayload()): SharePayload {
  const p = parsePayload(new TextEncoder().encode(JSON.stringify(value)));
  if (!p) throw new Error("sample payload refused");
  return p;
}

type Of<K extends HealthRecord["kind"]> = Extract<HealthRecord, { kind: K }>;
const ofKind = <K extends HealthRecord["kind"]>(kind: K) => appShare.records.filter((r): r is Of<K> => r.kind === kind);
const { labels } = appShare;
const SHARED_AT = "2026-11-23T09:30:00Z";

// The bundle is the app's own (testdata/app-share.json, written by the Rust
// round-trip test that also deposits it back through the gateway): what the
// viewer reads from it must be the records the patient shared.
describe("the view of a share", () => {
  it("reads back every record and document the app shared", () => {
    const view = toView(payload());
    expect(view.sharedAt).toBe(SHARED_AT);
    expect(view.expiresAt).toBe("2026-11-30T18:00:00Z");
    // The relay's expiry (its own clock) wins when it sent one.
    expect(toView(payload(), "2026-11-30T17:59:58Z").expiresAt).toBe("2026-11-30T17:59:58Z");
    expect(toView(payload(samplePayload({ maxOpens: 3 }))).maxOpens).toBe(3);
    expect(view.professional).toEqual({ name: "Dr Paul Durand", specialty: "Cardiologie", rpps: "10001045367", email: null });
    const p = appShare.patient;
    expect(view.title).toBe(`Dossier partagé — ${p.name}`);
    expect(view.patient).toEqual({ name: p.name, birthDate: p.birth_date, gender: p.sex, ins: p.nir });

    const allergies = ofKind("allergy").map(({ data: a, notes }) => ({
      name: a.substance,
      status: a.status,
      severity: a.severity === "unknown" ? null : a.severity,
      reaction: a.reaction ?? null,
      onset: a.onset ?? null,
      note: notes ?? null,
      severe: a.severity === "severe",
    }));
    expect(view.allergies.map((a) => ({ ...a, criticality: undefined }))).toEqual(
      [...allergies].sort((a, b) => Number(b.severe) - Number(a.severe)),
    );
    expect(view.treatments).toEqual(
      ofKind("treatment").map(({ data: t, notes }) => ({
        name: t.medication,
        status: t.end && t.end < SHARED_AT.slice(0, 10) ? "completed" : "active",
        dosage: [t.dose, t.frequency].filter(Boolean).join(", ") || null,
        route: t.route ? labels.route[t.route] : null,
        start: t.start ?? null,
        end: t.end ?? null,
        prescriber: t.prescriber ?? null,
        prescriberRpps: t.prescriber_rpps ?? null,
        note: notes ?? null,
      })),
    );
    expect(view.vaccinations).toEqual(
      ofKind("vaccination").map(({ data: v, notes }) => ({
        name: v.vaccine,
        date: v.date,
        lot: v.lot ?? null,
        performer: v.administered_by ?? null,
        dose: v.dose_number ?? null,
        nextDue: v.next_due ?? null,
        note: notes ?? null,
      })),
    );
    expect(view.conditions).toEqual(
      ofKind("condition").map(({ data: c, notes }) => ({
        name: c.name,
        status: c.status,
        onset: c.onset ?? null,
        end: c.resolved ?? null,
        note: notes ?? null,
      })),
    );
    expect(view.measurements.map((m) => ({ ...m, loinc: undefined }))).toEqual(
      ofKind("measurement").map(({ data: m, notes }) => ({
        name: labels.measurement[m.kind],
        value:
          m.value2 !== undefined
            ? { kind: "pressure", systolic: m.value, diastolic: m.value2, unit: m.unit }
            : { kind: "quantity", value: m.value, unit: m.unit },
        date: m.taken_at,
        note: notes ?? null,
      })),
    );
    expect(view.checkUps).toEqual(
      ofKind("checkup").map(({ data: c, notes }) => ({
        name: c.exam === "other" ? c.title : labels.exam[c.exam],
        detail: c.exam === "other" ? null : (c.title ?? null),
        date: c.date,
        performer: c.performer ?? null,
        note: notes ?? null,
      })),
    );
    expect(view.documents.map((d) => ({ ...d, data: undefined }))).toEqual(
      appShare.documents.map((d) => ({
        title: d.title,
        type: labels.document_type[d.type_code],
        date: `${d.date}T00:00:00Z`,
        author: d.author ?? null,
        fileName: d.file_name,
        contentType: d.media_type,
        size: d.size,
      })),
    );
    const pdf = new TextEncoder().encode("%PDF-1.4 test");
    const withPdf = toView(payload(samplePayload({ pdf })));
    expect(withPdf.documents[0]?.data).toBe(Buffer.from(pdf).toString("base64"));
    expect(withPdf.documents[0]?.size).toBe(pdf.length);
  });

  it("puts severe allergies first, keeping the patient's order otherwise", () => {
    const value = samplePayload();
    const entries = (value.bundle as { entry: { resource: Record<string, unknown> }[] }).entry;
    // Swap the two allergies: the mild one comes first in the bundle.
    [entries[2], entries[3]] = [entries[3]!, entries[2]!];
    const view = toView(payload(value));
    expect(view.allergies.map((a) => a.name)).toEqual(["Pénicilline", "Pollen de bouleau", "Latex", "Aspirine"]);
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
