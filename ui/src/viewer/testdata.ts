// A `carnet-share/1` payload shaped like the app's (docs/share-links.md), for
// the viewer's unit tests and the real-relay browser tests. Not part of the page.

export interface SampleOptions {
  /** The PDF attached as the one document (base64 of these bytes). */
  pdf?: Uint8Array;
  expiresAt?: string;
  maxOpens?: number | null;
}

const uuid = (n: number) => `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

const base64 = (bytes: Uint8Array) => {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
};

/** Jeanne Martin's share with Dr Paul Durand: one item of every kind. */
export function samplePayload(options: SampleOptions = {}): Record<string, unknown> {
  const pdf = options.pdf ?? new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
  const expiresAt = options.expiresAt ?? "2026-11-30T18:00:00Z";
  const share: Record<string, unknown> = {
    professional: { name: "Dr Paul Durand", specialty: "Cardiologie", rpps: "10001234567" },
    expires_at: expiresAt,
    lang: "fr",
  };
  if (options.maxOpens != null) share.max_opens = options.maxOpens;
  const hl7 = (cs: string, code: string) => ({
    coding: [{ system: `http://terminology.hl7.org/CodeSystem/${cs}`, code }],
  });
  const patient = uuid(1);
  const resources: [string, Record<string, unknown>][] = [
    [
      patient,
      {
        resourceType: "Patient",
        name: [{ text: "Jeanne Martin", family: "Martin", given: ["Jeanne"] }],
        birthDate: "1948-03-12",
        gender: "female",
        identifier: [{ system: "urn:oid:1.2.250.1.213.1.4.8", value: "248037512345678" }],
      },
    ],
    [
      uuid(2),
      {
        resourceType: "AllergyIntolerance",
        clinicalStatus: hl7("allergyintolerance-clinical", "active"),
        criticality: "high",
        code: { text: "Pénicilline" },
        patient: { reference: patient },
        onsetDateTime: "1990-06-01",
        reaction: [{ severity: "severe", manifestation: [{ text: "Urticaire géante" }] }],
        note: [{ text: "Œdème de Quincke en 1990" }],
      },
    ],
    [
      uuid(3),
      {
        resourceType: "AllergyIntolerance",
        clinicalStatus: hl7("allergyintolerance-clinical", "active"),
        criticality: "low",
        code: { text: "Pollen de bouleau" },
        patient: { reference: patient },
        reaction: [{ severity: "mild", manifestation: [{ text: "Rhinite" }] }],
      },
    ],
    [
      uuid(4),
      {
        resourceType: "MedicationStatement",
        status: "active",
        medicationCodeableConcept: { text: "Ramipril" },
        subject: { reference: patient },
        dosage: [{ text: "5 mg, 1 fois par jour", route: { text: "orale" } }],
        effectivePeriod: { start: "2023-01-15" },
        informationSource: {
          display: "Dr Paul Durand",
          identifier: { system: "urn:oid:1.2.250.1.71.4.2.1", value: "10001234567" },
        },
      },
    ],
    [
      uuid(5),
      {
        resourceType: "Immunization",
        status: "completed",
        vaccineCode: { text: "Tétanos" },
        patient: { reference: patient },
        occurrenceDateTime: "2021-05-04",
        lotNumber: "AB1234",
        performer: [{ actor: { display: "Dr Claire Petit" } }],
        protocolApplied: [{ doseNumberPositiveInt: 3 }],
      },
    ],
    [
      uuid(6),
      {
        resourceType: "Condition",
        clinicalStatus: hl7("condition-clinical", "active"),
        code: { text: "Hypertension artérielle" },
        subject: { reference: patient },
        onsetDateTime: "2022-11-02",
      },
    ],
    [
      uuid(7),
      {
        resourceType: "Observation",
        status: "final",
        category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "vital-signs" }] }],
        code: { coding: [{ system: "http://loinc.org", code: "29463-7" }], text: "Poids" },
        subject: { reference: patient },
        effectiveDateTime: "2026-04-02",
        valueQuantity: { value: 61.5, unit: "kg", system: "http://unitsofmeasure.org", code: "kg" },
      },
    ],
    [
      uuid(8),
      {
        resourceType: "Observation",
        status: "final",
        category: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "vital-signs" }] }],
        code: { coding: [{ system: "http://loinc.org", code: "85354-9" }], text: "Tension artérielle" },
        subject: { reference: patient },
        effectiveDateTime: "2026-04-02",
        component: [
          {
            code: { coding: [{ system: "http://loinc.org", code: "8480-6" }] },
            valueQuantity: { value: 132, unit: "mmHg", system: "http://unitsofmeasure.org", code: "mm[Hg]" },
          },
          {
            code: { coding: [{ system: "http://loinc.org", code: "8462-4" }] },
            valueQuantity: { value: 81, unit: "mmHg", system: "http://unitsofmeasure.org", code: "mm[Hg]" },
          },
        ],
      },
    ],
    [
      uuid(9),
      {
        resourceType: "DocumentReference",
        status: "current",
        type: { coding: [{ system: "http://loinc.org", code: "11488-4", display: "Compte rendu de consultation" }] },
        subject: { reference: patient },
        date: "2026-03-20T10:00:00+01:00",
        author: [{ display: "Dr Paul Durand" }],
        description: "Compte rendu de cardiologie",
        content: [
          {
            attachment: {
              contentType: "application/pdf",
              data: base64(pdf),
              title: "compte-rendu-cardiologie.pdf",
              size: pdf.length,
              creation: "2026-03-20",
            },
          },
        ],
      },
    ],
  ];
  const section = (title: string, code: string, from: number, to: number) => ({
    title,
    code: { coding: [{ system: "http://loinc.org", code }] },
    entry: resources.slice(from, to).map(([url]) => ({ reference: url })),
  });
  const composition = {
    resourceType: "Composition",
    status: "final",
    type: { coding: [{ system: "http://loinc.org", code: "60591-5", display: "Patient summary Document" }] },
    subject: { reference: patient },
    date: "2026-11-23T09:30:00Z",
    author: [{ reference: patient }],
    title: "Dossier partagé de Jeanne Martin",
    confidentiality: "R",
    extension: [{ url: "https://carnet.invalid/fhir/share", valueString: JSON.stringify(share) }],
    section: [
      section("Allergies", "48765-2", 1, 3),
      section("Traitements", "10160-0", 3, 4),
      section("Vaccinations", "11369-6", 4, 5),
      section("Problèmes de santé", "11450-4", 5, 6),
      section("Mesures", "8716-3", 6, 8),
      section("Documents", "55107-7", 8, 9),
    ],
  };
  return {
    format: "carnet-share/1",
    summary: "Dossier de Jeanne Martin partagé avec Dr Paul Durand (cardiologie) : 2 allergies, 1 document.",
    bundle: {
      resourceType: "Bundle",
      type: "document",
      identifier: { system: "urn:ietf:rfc:3986", value: uuid(99) },
      timestamp: "2026-11-23T09:30:00Z",
      entry: [
        { fullUrl: uuid(0), resource: composition },
        ...resources.map(([fullUrl, resource]) => ({ fullUrl, resource })),
      ],
    },
  };
}
