// From the FHIR document bundle (docs/share-links.md, "The payload") to what
// the page shows. Only the fields the app writes are read; anything missing or
// of an unexpected shape is left out rather than guessed.
import { isObject, type Json, type SharePayload } from "./payload";

export const INS_SYSTEM = "urn:oid:1.2.250.1.213.1.4.8";
export const SHARE_EXTENSION = "https://carnet.invalid/fhir/share";

export interface Professional {
  name: string;
  specialty: string | null;
  rpps: string | null;
  email: string | null;
}

export interface Patient {
  name: string | null;
  birthDate: string | null;
  gender: string | null;
  ins: string | null;
}

export interface Allergy {
  name: string;
  status: string | null;
  criticality: string | null;
  severity: string | null;
  reaction: string | null;
  onset: string | null;
  note: string | null;
  severe: boolean;
}

export interface Treatment {
  name: string;
  status: string | null;
  dosage: string | null;
  route: string | null;
  start: string | null;
  end: string | null;
  prescriber: string | null;
  prescriberRpps: string | null;
  note: string | null;
}

export interface Vaccination {
  name: string;
  date: string | null;
  lot: string | null;
  performer: string | null;
  dose: number | null;
  /** When the next dose is due (an ImmunizationRecommendation naming this one). */
  nextDue: string | null;
  note: string | null;
}

export interface Condition {
  name: string;
  status: string | null;
  onset: string | null;
  end: string | null;
  note: string | null;
}

/** A check-up or screening (a FHIR Procedure). */
export interface CheckUp {
  name: string;
  /** A precision given with one of the calendars' examinations ("À la PMI"). */
  detail: string | null;
  date: string | null;
  performer: string | null;
  note: string | null;
}

export type MeasurementValue =
  | { kind: "quantity"; value: number; unit: string }
  | { kind: "pressure"; systolic: number; diastolic: number; unit: string }
  | { kind: "none" };

export interface Measurement {
  name: string;
  loinc: string | null;
  value: MeasurementValue;
  date: string | null;
  note: string | null;
}

export interface SharedDocument {
  title: string;
  type: string | null;
  date: string | null;
  author: string | null;
  fileName: string | null;
  contentType: string;
  size: number | null;
  /** The file, base64 (decoded only when shown). */
  data: string | null;
}

export interface ShareView {
  title: string | null;
  sharedAt: string | null;
  expiresAt: string | null;
  maxOpens: number | null;
  professional: Professional | null;
  patient: Patient;
  allergies: Allergy[];
  treatments: Treatment[];
  vaccinations: Vaccination[];
  conditions: Condition[];
  measurements: Measurement[];
  checkUps: CheckUp[];
  documents: SharedDocument[];
}

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
const obj = (v: unknown): Json | null => (isObject(v) ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const first = (v: unknown): Json | null => obj(arr(v)[0]);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** `code.text`, or the first coding's display. */
function conceptText(v: unknown): string | null {
  const c = obj(v);
  if (!c) return null;
  return str(c.text) ?? str(first(c.coding)?.display) ?? str(first(c.coding)?.code);
}

function conceptCode(v: unknown): string | null {
  return str(first(obj(v)?.coding)?.code);
}

/** The notes (FHIR Annotations), joined. */
function notes(v: unknown): string | null {
  const texts = arr(v)
    .map((n) => str(obj(n)?.text))
    .filter((t): t is string => t !== null);
  return texts.length > 0 ? texts.join("\n") : null;
}

function professional(v: unknown): Professional | null {
  const p = obj(v);
  const name = str(p?.name);
  if (!p || !name) return null;
  return { name, specialty: str(p.specialty), rpps: str(p.rpps), email: str(p.email) };
}

function patient(r: Json | null): Patient {
  if (!r) return { name: null, birthDate: null, gender: null, ins: null };
  const name = first(r.name);
  const given = arr(name?.given).filter((g): g is string => typeof g === "string");
  const fallback = [...given, str(name?.family) ?? ""].join(" ").trim();
  const ins = arr(r.identifier)
    .map(obj)
    .find((i) => i?.system === INS_SYSTEM);
  return {
    name: str(name?.text) ?? (fallback || null),
    birthDate: str(r.birthDate),
    gender: str(r.gender),
    ins: str(ins?.value),
  };
}

function allergy(r: Json): Allergy {
  const reaction = first(r.reaction);
  const severity = str(reaction?.severity);
  const criticality = str(r.criticality);
  return {
    name: conceptText(r.code) ?? "—",
    status: conceptCode(r.clinicalStatus),
    criticality,
    severity,
    reaction: conceptText(first(reaction?.manifestation)),
    onset: str(r.onsetDateTime),
    note: notes(r.note),
    severe: severity === "severe" || criticality === "high",
  };
}

function treatment(r: Json): Treatment {
  const dosage = first(r.dosage);
  const period = obj(r.effectivePeriod);
  const source = obj(r.informationSource);
  return {
    name: conceptText(r.medicationCodeableConcept) ?? "—",
    status: str(r.status),
    dosage: str(dosage?.text),
    route: conceptText(dosage?.route),
    start: str(period?.start),
    end: str(period?.end),
    prescriber: str(source?.display),
    prescriberRpps: str(obj(source?.identifier)?.value),
    note: notes(r.note),
  };
}

function vaccination(r: Json, nextDue: string | null): Vaccination {
  return {
    name: conceptText(r.vaccineCode) ?? "—",
    date: str(r.occurrenceDateTime),
    lot: str(r.lotNumber),
    performer: str(obj(first(r.performer)?.actor)?.display),
    dose: num(first(r.protocolApplied)?.doseNumberPositiveInt),
    nextDue,
    note: notes(r.note),
  };
}

/** Due dates by the Immunization each recommendation follows (its fullUrl), as days. */
function dueDates(resources: Json[]): Map<string, string> {
  const due = new Map<string, string>();
  for (const r of resources.filter((r) => r.resourceType === "ImmunizationRecommendation")) {
    const rec = first(r.recommendation);
    const follows = str(first(rec?.supportingImmunization)?.reference);
    const when = str(first(rec?.dateCriterion)?.value);
    if (follows && when) due.set(follows, when.slice(0, 10));
  }
  return due;
}

function condition(r: Json): Condition {
  return {
    name: conceptText(r.code) ?? "—",
    status: conceptCode(r.clinicalStatus),
    onset: str(r.onsetDateTime),
    end: str(r.abatementDateTime),
    note: notes(r.note),
  };
}

// Carnet's code for "another visit": its name is the text.
const OTHER_EXAM = "other";

function checkUp(r: Json): CheckUp {
  const coding = first(obj(r.code)?.coding);
  const text = str(obj(r.code)?.text);
  const named = str(coding?.code) !== OTHER_EXAM ? str(coding?.display) : null;
  return {
    name: named ?? text ?? "—",
    detail: named ? text : null,
    date: str(r.performedDateTime),
    performer: str(obj(first(r.performer)?.actor)?.display),
    note: notes(r.note),
  };
}

function quantity(v: unknown): { value: number; unit: string } | null {
  const q = obj(v);
  const value = num(q?.value);
  if (!q || value === null) return null;
  return { value, unit: str(q.unit) ?? str(q.code) ?? "" };
}

function measurement(r: Json): Measurement {
  const loinc = conceptCode(r.code);
  let value: MeasurementValue = { kind: "none" };
  const q = quantity(r.valueQuantity);
  if (q) {
    value = { kind: "quantity", ...q };
  } else {
    const parts = arr(r.component).map(obj);
    const part = (code: string) => quantity(parts.find((c) => conceptCode(c?.code) === code)?.valueQuantity);
    const sys = part("8480-6");
    const dia = part("8462-4");
    if (sys && dia) value = { kind: "pressure", systolic: sys.value, diastolic: dia.value, unit: sys.unit || "mmHg" };
  }
  return {
    name: conceptText(r.code) ?? "—",
    loinc,
    value,
    date: str(r.effectiveDateTime),
    note: notes(r.note),
  };
}

function sharedDocument(r: Json): SharedDocument {
  const attachment = obj(first(r.content)?.attachment);
  return {
    title: str(r.description) ?? str(attachment?.title) ?? "—",
    type: conceptText(r.type),
    date: str(r.date),
    author: str(obj(first(r.author))?.display),
    fileName: str(attachment?.title),
    contentType: str(attachment?.contentType) ?? "application/octet-stream",
    size: num(attachment?.size),
    data: str(attachment?.data),
  };
}

/** The share extension of the Composition: `valueString` holds JSON. */
function shareInfo(composition: Json): Json | null {
  const ext = arr(composition.extension)
    .map(obj)
    .find((e) => e?.url === SHARE_EXTENSION);
  const raw = str(ext?.valueString);
  if (!raw) return null;
  try {
    return obj(JSON.parse(raw));
  } catch {
    return null;
  }
}

/**
 * The page's content. The expiry the relay sent (`Carnet-Expires-At`, from its
 * own clock, so the one that counts) wins over the app's in the bundle.
 */
export function toView(payload: SharePayload, relayExpiresAt: string | null = null): ShareView {
  const entries = arr(payload.bundle.entry).map(obj);
  const resources = entries.map((e) => obj(e?.resource)).filter((r): r is Json => r !== null);
  const composition = resources[0] ?? {};
  const share = shareInfo(composition);
  const byUrl = new Map<string, Json>();
  entries.forEach((e) => {
    const url = str(e?.fullUrl);
    const r = obj(e?.resource);
    if (url && r) byUrl.set(url, r);
  });
  const subject = str(obj(composition.subject)?.reference);
  const patientResource =
    (subject ? byUrl.get(subject) : undefined) ?? resources.find((r) => r.resourceType === "Patient") ?? null;
  const ofType = (type: string) => resources.filter((r) => r.resourceType === type);
  const due = dueDates(resources);
  const vaccinations = entries.flatMap((e) => {
    const r = obj(e?.resource);
    if (r?.resourceType !== "Immunization") return [];
    const url = str(e?.fullUrl);
    return [vaccination(r, (url && due.get(url)) || null)];
  });
  const allergies = ofType("AllergyIntolerance").map(allergy);
  // Severe allergies first; otherwise the patient's order.
  allergies.sort((a, b) => Number(b.severe) - Number(a.severe));
  const maxOpens = num(share?.max_opens);
  return {
    title: str(composition.title),
    sharedAt: str(composition.date) ?? str(payload.bundle.timestamp),
    expiresAt: str(relayExpiresAt) ?? str(share?.expires_at),
    maxOpens: maxOpens !== null && maxOpens > 0 ? maxOpens : null,
    professional: professional(share?.professional),
    patient: patient(patientResource),
    allergies,
    treatments: ofType("MedicationStatement").map(treatment),
    vaccinations,
    conditions: ofType("Condition").map(condition),
    measurements: ofType("Observation").map(measurement),
    checkUps: ofType("Procedure").map(checkUp),
    documents: ofType("DocumentReference").map(sharedDocument),
  };
}
