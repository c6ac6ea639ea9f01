import { describe, expect, it } from "vitest";

import { type ShareDraft, draftField, expiryHours, keepDraft, maxOpens, newDraft, stepErrors, stepOf, takeDraft, toRequest } from "./draft";

const draft = (over: Partial<ShareDraft> = {}): ShareDraft => ({ ...newDraft(), ...over });
const keys = (d: ShareDraft, step: 1 | 2 | 3) => Object.fromEntries(Object.entries(stepErrors(d, step)).map(([f, e]) => [f, e?.key]));

describe("share wizard answers", () => {
  it("starts with 7 days, unlimited opens, no PIN", () => {
    const d = newDraft();
    expect(expiryHours(d)).toBe(168);
    expect(maxOpens(d)).toBeNull();
    expect(d.pin).toBe("");
  });

  it("needs at least one item", () => {
    expect(keys(draft(), 1)).toEqual({ items: "shares.error.noItems" });
    expect(keys(draft({ selected: ["record:a"] }), 1)).toEqual({});
  });

  it("checks the professional like the vault", () => {
    expect(keys(draft(), 2)).toEqual({ name: "common.required", specialty: "common.required" });
    expect(keys(draft({ name: "Dr Paul Durand", specialty: "Cardiologie", rpps: "1234567890", email: "paul@" }), 2)).toEqual({
      rpps: "shares.error.rpps",
      email: "shares.error.email",
    });
    expect(stepErrors(draft({ name: "x".repeat(201), specialty: "ORL" }), 2).name).toEqual({ key: "shares.error.tooLong", params: { max: "200" } });
    expect(stepErrors(draft({ name: "Dr A", specialty: "y".repeat(101) }), 2).specialty).toEqual({ key: "shares.error.tooLong", params: { max: "100" } });
    expect(keys(draft({ name: "Dr Paul Durand", specialty: "Cardiologie", rpps: "100 035 915 86", email: "p@cabinet.fr" }), 2)).toEqual({});
  });

  it("reads the duration, the opens and the PIN within the limits", () => {
    expect(expiryHours(draft({ expiry: "custom", customAmount: "3", customUnit: "days" }))).toBe(72);
    expect(expiryHours(draft({ expiry: "custom", customAmount: " 12 ", customUnit: "hours" }))).toBe(12);
    expect(expiryHours(draft({ expiry: "custom", customAmount: "1,5" }))).toBeNaN();
    expect(maxOpens(draft({ opens: "once" }))).toBe(1);
    expect(maxOpens(draft({ opens: "number", opensCount: "3" }))).toBe(3);
    expect(keys(draft({ expiry: "custom", customAmount: "31", customUnit: "days" }), 3)).toEqual({ expiry: "shares.error.expiry" });
    expect(keys(draft({ expiry: "custom", customAmount: "720", customUnit: "hours" }), 3)).toEqual({});
    expect(keys(draft({ expiry: "custom", customAmount: "0", customUnit: "hours" }), 3)).toEqual({ expiry: "shares.error.expiry" });
    expect(keys(draft({ expiry: "custom", customAmount: "" }), 3)).toEqual({ expiry: "shares.error.expiry" });
    expect(keys(draft({ opens: "number", opensCount: "1001" }), 3)).toEqual({ opens: "shares.error.opens" });
    expect(keys(draft({ opens: "number", opensCount: "" }), 3)).toEqual({ opens: "shares.error.opens" });
    expect(keys(draft({ pin: "12" }), 3)).toEqual({ pin: "shares.error.pin" });
    expect(keys(draft({ pin: "12ab" }), 3)).toEqual({ pin: "shares.error.pin" });
    expect(keys(draft({ pin: "123456789" }), 3)).toEqual({ pin: "shares.error.pin" });
    expect(keys(draft({ pin: " 4821 " }), 3)).toEqual({});
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
