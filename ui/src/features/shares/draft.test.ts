import { describe, expect, it } from "vitest";

import { CarnetError } from "../../lib/ipc/backend";
import { type ShareDraft, draftField, expiryHours, keepDraft, maxOpens, newDraft, stepErrors, stepOf, takeDraft, toCheck, toRequest } from "./draft";

const draft = (over: Partial<ShareDraft> = {}): ShareDraft => ({ ...newDraft(), ...over });
const issue = (field: string, message = `core: ${field}`) => new CarnetError("invalid", message, field);

describe("share wizard answers", () => {
  it("starts with 7 days, unlimited opens, no PIN", () => {
    const d = newDraft();
    expect(expiryHours(d)).toBe(168);
    expect(maxOpens(d)).toBeNull();
    expect(d.pin).toBe("");
  });

  // Which answers are wrong is the core's word (carnet-share's
  // choice_issues, tested there and through the wizard in e2e/shares.test.ts).
  it("asks the core about the answers as typed, an unreadable number as 0", () => {
    const d = draft({ name: " Dr A ", rpps: " ", email: "p@cabinet.fr", expiry: "custom", customAmount: "1,5", opens: "number", opensCount: "x", pin: " 4821 " });
    expect(toCheck(d, 2)).toEqual({
      items: 2,
      professional: { name: " Dr A ", specialty: "", rpps: null, email: "p@cabinet.fr" },
      expiresInHours: 0,
      maxOpens: 0,
      pin: "4821",
    });
    expect(toCheck(draft({ expiry: "custom", customAmount: "9".repeat(30) }), 1).expiresInHours).toBe(Number.MAX_SAFE_INTEGER);
    expect(toCheck(draft(), 0).maxOpens).toBeNull();
  });

  it("shows each step the core's issues of its own fields, in the wizard's words where it has some", () => {
    const issues = [issue("items"), issue("professional.name", "Ce champ est obligatoire."), issue("professional.name", "second"), issue("professional.rpps"), issue("pin")];
    const words = (key: string) => `words: ${key}`;
    expect(stepErrors(issues, 1, words)).toEqual({ items: "words: shares.error.noItems" });
    expect(stepErrors(issues, 2, words)).toEqual({ name: "Ce champ est obligatoire.", rpps: "words: shares.error.rpps" });
    expect(stepErrors(issues, 3, words)).toEqual({ pin: "words: shares.error.pin" });
    expect(stepErrors([], 2, words)).toEqual({});
  });

  it("reads the duration and the opens as typed", () => {
    expect(expiryHours(draft({ expiry: "custom", customAmount: "3", customUnit: "days" }))).toBe(72);
    expect(expiryHours(draft({ expiry: "custom", customAmount: " 12 ", customUnit: "hours" }))).toBe(12);
    expect(expiryHours(draft({ expiry: "custom", customAmount: "1,5" }))).toBeNaN();
    expect(maxOpens(draft({ opens: "once" }))).toBe(1);
    expect(maxOpens(draft({ opens: "number", opensCount: "3" }))).toBe(3);
  });

  it("maps the vault's fields to the wizard's steps", () => {
    expect(draftField("professional.rpps")).toBe("rpps");
    expect(draftField("expires_in_hours")).toBe("expiry");
    expect(draftField("items")).toBe("items");
    expect(draftField("other")).toBeUndefined();
    expect(stepOf("items")).toBe(1);
    expect(stepOf("email")).toBe(2);
    expect(stepOf("pin")).toBe(3);
  });

  it("makes the request, trimmed, blanks as null", () => {
    const d = draft({ name: " Dr Paul Durand ", specialty: "Cardiologie ", rpps: " 100 035 915 86", email: " ", opens: "once", pin: " 4821 " });
    expect(toRequest(d, { record_ids: ["r1"], document_ids: ["d1"] })).toEqual({
      record_ids: ["r1"],
      document_ids: ["d1"],
      professional: { name: "Dr Paul Durand", specialty: "Cardiologie", rpps: "10003591586", email: null },
      expires_in_hours: 168,
      max_opens: 1,
      pin: "4821",
    });
  });
});

describe("answers kept while the relay is set", () => {
  it("are given back once, to the same profile, if recent", () => {
    const d = draft({ name: "Dr A", selected: ["record:r1"] });
    keepDraft("p1", d, 4, 1000);
    d.selected.push("record:r2");
    expect(takeDraft("p1", 2000)).toEqual({ draft: { ...d, selected: ["record:r1"] }, step: 4 });
    expect(takeDraft("p1", 2000)).toBeNull();
    keepDraft("p1", d, 4, 1000);
    expect(takeDraft("p2", 2000)).toBeNull();
    keepDraft("p1", d, 4, 1000);
    expect(takeDraft("p1", 1000 + 31 * 60_000)).toBeNull();
  });
});
