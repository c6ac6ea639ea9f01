import { describe, expect, it } from "vitest";

import { createMemoryBackend } from "./memory";
import { fold, localDay, searchItems, validateRecord } from "./memory-records";
import type { RecordBody } from "./types";

async function openProfile() {
  const b = createMemoryBackend();
  const me = await b.createVault("Alice", "une longue phrase");
  const p = await b.createProfile({ name: "Léa", birth_date: "2019-04-02", sex: "female" });
  return { b, me, p };
}

const weight = (value: number, unit = "kg", taken_at = "2024-03-01T08:30:00"): RecordBody => ({
  kind: "measurement",
  data: { kind: "weight", value, unit, taken_at },
});

describe("memory backend: record rules", () => {
  it("reports the field at fault, like the vault", async () => {
    const { b } = await openProfile();
    const cases: [RecordBody, string][] = [
      [{ kind: "allergy", data: { substance: "  ", severity: "mild", status: "active" } }, "substance"],
      [{ kind: "treatment", data: { medication: "" } }, "medication"],
      [{ kind: "vaccination", data: { vaccine: "", date: "2024-01-01" } }, "vaccine"],
      [{ kind: "condition", data: { name: "", status: "active" } }, "name"],
      [{ kind: "vaccination", data: { vaccine: "ROR", date: "2024-01-01", dose_number: 0 } }, "dose_number"],
      [{ kind: "vaccination", data: { vaccine: "ROR", date: localDay(5) } }, "date"],
      [{ kind: "vaccination", data: { vaccine: "ROR", date: "2024-01-10", next_due: "2023-01-10" } }, "next_due"],
      [{ kind: "condition", data: { name: "Asthme", status: "active", onset: "2999-01-01" } }, "onset"],
      [{ kind: "condition", data: { name: "Asthme", status: "active", onset: "2020-01-01", resolved: "2019-01-01" } }, "resolved"],
      [{ kind: "allergy", data: { substance: "x", severity: "fatal" as "mild", status: "active" } }, "severity"],
      [{ kind: "treatment", data: { medication: "X", start: "2024-02-01", end: "2024-01-01" } }, "end"],
      [{ kind: "treatment", data: { medication: "X", prescriber_rpps: "12" } }, "prescriber_rpps"],
      [weight(72.5, "mmol/L"), "unit"],
      [weight(7250), "value"],
      [weight(NaN), "value"],
      [weight(72, "kg", `${localDay(3)}T08:00:00`), "taken_at"],
      [weight(72, "kg", "2024-03-01T08:30"), "taken_at"], // the vault needs the seconds
      [{ kind: "allergy", data: { substance: "x", severity: "mild", status: "active", onset: "" } }, "onset"],
      [{ kind: "measurement", data: { kind: "blood_pressure", value: 125, unit: "mmHg", taken_at: "2024-03-01T08:30:00" } }, "value2"],
      [{ kind: "measurement", data: { kind: "blood_pressure", value: 125, value2: 130, unit: "mmHg", taken_at: "2024-03-01T08:30:00" } }, "value2"],
    ];
    for (const [body, field] of cases) {
      await expect(b.addRecord(body), field).rejects.toMatchObject({ code: "invalid", field });
    }
    expect(await b.listRecords()).toEqual([]);
  });

  it("writes plain messages in the chosen language", async () => {
    const { b } = await openProfile();
    await expect(b.addRecord(weight(72.5, "mmol/L"))).rejects.toThrow("Unités possibles : kg, g.");
    await expect(b.addRecord(weight(7250))).rejects.toThrow("entre 0,2 et 500");
    await b.setLanguage("en");
    await expect(b.addRecord({ kind: "condition", data: { name: "", status: "active" } })).rejects.toThrow("This field is required.");
  });

  it("stores what it checked: trimmed text, the vault's unit spelling", async () => {
    const { b } = await openProfile();
    const a = await b.addRecord({ kind: "allergy", data: { substance: " Arachide ", reaction: " ", severity: "severe", status: "active" } }, "  ");
    expect(a).toMatchObject({ data: { substance: "Arachide" }, notes: undefined });
    expect(a.kind === "allergy" && "reaction" in a.data).toBe(false);
    const w = await b.addRecord(weight(72.5, "KG"));
    expect(w.kind === "measurement" && w.data).toEqual({ kind: "weight", value: 72.5, unit: "kg", taken_at: "2024-03-01T08:30:00" });
    // Blood pressure in range, and the second value dropped for other kinds.
    const bp = validateRecord({ kind: "measurement", data: { kind: "blood_pressure", value: 125, value2: 80, unit: "mmHg", taken_at: "2024-03-01T08:30:00" } }, undefined, "fr");
    expect(bp.body.kind === "measurement" && bp.body.data.value2).toBe(80);
    const t = validateRecord({ kind: "measurement", data: { kind: "temperature", value: 38.5, value2: 3, unit: "°C", taken_at: "2024-03-01T08:30:00" } }, undefined, "fr");
    expect(t.body.kind === "measurement" && t.body.data.value2).toBeUndefined();
  });

  it("validates edits too and keeps the kind", async () => {
    const { b } = await openProfile();
    const r = await b.addRecord({ kind: "condition", data: { name: "Asthme", status: "active" } });
    await expect(b.updateRecord(r.id, { kind: "condition", data: { name: " ", status: "active" } })).rejects.toMatchObject({ field: "name" });
    await expect(b.updateRecord(r.id, weight(70))).rejects.toMatchObject({ code: "invalid", field: "kind" });
    const u = await b.updateRecord(r.id, { kind: "condition", data: { name: "Asthme", status: "resolved" } }, "guéri");
    expect(u).toMatchObject({ id: r.id, created_at: r.created_at, notes: "guéri", data: { status: "resolved" } });
  });
});

describe("memory backend: search", () => {
  it("ignores case and accents and matches word beginnings", async () => {
    const { b } = await openProfile();
    const a = await b.addRecord({ kind: "allergy", data: { substance: "Pénicilline", reaction: "Plaques rouges", severity: "severe", status: "active" } });
    await b.addRecord({ kind: "treatment", data: { medication: "Ventoline", dose: "2 bouffées" } }, "Si crise d'asthme, pas de pénicilline");
    await b.addRecord(weight(12.5));

    const hits = await b.search("PENICIL");
    expect(hits.map((h) => h.kind)).toEqual(["allergy", "treatment"]);
    expect(hits[0]).toMatchObject({ id: a.id, title: "Pénicilline", snippet: "[Pénicilline] Plaques rouges" });
    expect(hits[1]?.snippet).toContain("[pénicilline]");
    expect((await b.search("plaques ROUGE")).map((h) => h.id)).toEqual([a.id]);
    expect(await b.search("rouges asthme")).toEqual([]); // every word must match
    expect(await b.search("icilline")).toEqual([]); // beginnings of words only
    expect(await b.search("  ()*: ")).toEqual([]);
    expect((await b.search("poids"))[0]).toMatchObject({ kind: "measurement", title: "Poids 12.5 kg" });
    expect((await b.search("weight"))).toHaveLength(1);
  });

  it("cuts long texts around the first match", () => {
    const body = "un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize dix-sept";
    const [hit] = searchItems([{ kind: "condition", id: "c", title: "Titre", body }], "quatorze");
    expect(hit?.snippet.startsWith("…")).toBe(true);
    expect(hit?.snippet).toContain("[quatorze]");
    expect(fold("Œdème ÉCZÉMA")).toBe("œdeme eczema");
  });
});

describe("memory backend: history", () => {
  it("records who did what on which record, newest first", async () => {
    const { b, me, p } = await openProfile();
    const r = await b.addRecord({ kind: "condition", data: { name: "Asthme", status: "active" } });
    await b.updateRecord(r.id, { kind: "condition", data: { name: "Asthme", status: "resolved" } });
    await b.deleteRecord(r.id);
    await b.selectProfile(p.id);
    const log = await b.auditLog(200);
    expect(log.map((e) => e.action)).toEqual(["profile_opened", "record_deleted", "record_updated", "record_created", "profile_created"]);
    expect(log.every((e) => e.member === me.id)).toBe(true);
    expect(log[1]).toMatchObject({ target_kind: "record", target_id: r.id });
    expect(log[0]?.target_kind).toBeUndefined();
    expect(await b.auditLog(2)).toHaveLength(2);
    expect((await b.auditLog(2))[0]?.action).toBe("profile_opened");
    expect(await b.auditLog(0)).toEqual([]);
  });

  it("does not log refused changes", async () => {
    const { b } = await openProfile();
    await b.addRecord({ kind: "condition", data: { name: "", status: "active" } }).catch(() => undefined);
    expect((await b.auditLog(10)).map((e) => e.action)).toEqual(["profile_created"]);
  });
});
