import { describe, expect, it } from "vitest";

import { FIELDS, SIMPLE_KINDS, formValues, newestFirst, toBody } from "./fields";
import { LIMITS, RECORD_FIELDS } from "../../lib/ipc/bindings";
import { en } from "../../lib/i18n/en";
import { fr } from "../../lib/i18n/fr";
import { formatNumber, parseNumber } from "./format";
import { measurementBody, measurementValues } from "./measurementForm";
import type { HealthRecord } from "../../lib/ipc/types";

describe("record forms", () => {
  it("starts new records with sensible choices", () => {
    expect(formValues("allergy")).toEqual({ notes: "", substance: "", reaction: "", severity: "unknown", status: "active", onset: "" });
  });

  it("leaves blank optional values out and keeps required text for the vault to check", () => {
    const r = toBody("treatment", { medication: " ", dose: "", route: "", start: "", prescriber_rpps: "", notes: "  " });
    expect(r).toEqual({ body: { kind: "treatment", data: { medication: "" } }, notes: undefined });
  });

  it("checks locally what the vault could not even read", () => {
    expect(toBody("vaccination", { vaccine: "ROR", date: "", dose_number: "deux" }).errors).toEqual({
      date: "common.required",
      dose_number: "records.wholeNumber",
    });
    // The RPPS number's rule (11 digits, Luhn key) is the core's: it answers with the field.
    expect(toBody("treatment", { medication: "X", prescriber_rpps: "123" })).toMatchObject({ body: { data: { prescriber_rpps: "123" } } });
    expect(toBody("treatment", { medication: "X", prescriber_rpps: "101 0000 0000 " })).toMatchObject({
      body: { data: { prescriber_rpps: "10100000000" } },
    });
    expect(toBody("vaccination", { vaccine: "ROR", date: "2024-01-02", dose_number: "2" })).toMatchObject({
      body: { kind: "vaccination", data: { vaccine: "ROR", date: "2024-01-02", dose_number: 2 } },
    });
  });

  it("round-trips a record through the form", () => {
    const record: HealthRecord = {
      kind: "condition",
      id: "c1",
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:00:00Z",
      notes: "suivi",
      data: { name: "Asthme", status: "remission", onset: "2020-05-01" },
    };
    const values = formValues("condition", record);
    expect(values).toMatchObject({ name: "Asthme", status: "remission", onset: "2020-05-01", resolved: "", notes: "suivi" });
    expect(toBody("condition", values)).toEqual({ body: { kind: "condition", data: { name: "Asthme", status: "remission", onset: "2020-05-01" } }, notes: "suivi" });
  });

  it("names every field with a label and gives selects their choices", () => {
    for (const specs of Object.values(FIELDS)) {
      for (const f of specs) {
        for (const key of [f.label, f.hint, ...(f.options ?? []).map((o) => o.label)]) {
          if (typeof key === "object") expect(key.fr !== "" && key.en !== "").toBe(true);
          else if (key) expect([key, fr[key], en[key]].every((text) => typeof text === "string" && text !== "")).toBe(true);
        }
        if (f.type === "select") expect(f.options?.length).toBeGreaterThan(1);
      }
    }
  });

  it("has the fields and bounds the core declares", () => {
    for (const kind of SIMPLE_KINDS) expect(FIELDS[kind].map((f) => f.name)).toEqual(RECORD_FIELDS[kind].map((f) => f.name));
    // The dose number's bounds (1 to 20; the form once took 0 to 255) are the
    // core's: what is a whole number goes to it, which answers with the range
    // (e2e/records.test.ts and carnet-bridge's test hold that answer).
    const dose = (n: string) => toBody("vaccination", { vaccine: "ROR", date: "2024-01-02", dose_number: n });
    expect(dose("0")).toMatchObject({ body: { data: { dose_number: 0 } } });
    expect(dose("2,5").errors).toEqual({ dose_number: "records.wholeNumber" });
    expect(LIMITS.dose_number).toEqual({ min: 1, max: 20 });
  });

  it("sorts by the date things happened, newest first", () => {
    const rec = (id: string, date: string, created: string): HealthRecord => ({
      kind: "vaccination",
      id,
      created_at: created,
      updated_at: created,
      data: { vaccine: id, date },
    });
    const sorted = newestFirst([rec("a", "2020-01-01", "2024-05-01T00:00:00Z"), rec("b", "2023-01-01", "2024-01-01T00:00:00Z")]);
    expect(sorted.map((r) => r.id)).toEqual(["b", "a"]);
  });
});

describe("measurement form", () => {
  it("reads numbers with a comma and sends date-times with seconds", () => {
    const v = { ...measurementValues(undefined, "weight", new Date(2024, 2, 1, 8, 30)), value: "72,5" };
    expect(v.taken_at).toBe("2024-03-01T08:30");
    expect(v.unit).toBe("kg");
    expect(measurementBody(v)).toEqual({
      body: { kind: "measurement", data: { kind: "weight", value: 72.5, unit: "kg", taken_at: "2024-03-01T08:30:00" } },
      notes: undefined,
    });
  });

  it("asks for both blood pressure values and refuses words", () => {
    const v = { ...measurementValues(undefined, "blood_pressure"), value: "douze" };
    expect(measurementBody(v).errors).toEqual({ value: "records.number", value2: "common.required" });
  });

  it("parses and formats numbers the French way", () => {
    expect(parseNumber(" 72,5 ")).toBe(72.5);
    expect(parseNumber("1 000")).toBe(1000);
    expect(parseNumber("")).toBeUndefined();
    expect(parseNumber("7,2,1")).toBeNaN();
    expect(formatNumber(72.5, "fr")).toBe("72,5");
    expect(formatNumber(72.5, "en")).toBe("72.5");
  });
});
