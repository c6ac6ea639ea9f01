import { describe, expect, it } from "vitest";

import { checkDraft, draftField, inputOf, newDraft, titleFromFileName } from "./draft";

describe("document form", () => {
  it("takes the title from the file name, without extension or folder", () => {
    expect(titleFromFileName("Compte rendu.final.pdf")).toBe("Compte rendu.final");
    expect(titleFromFileName("C:\\Docs\\ordonnance.PDF")).toBe("ordonnance");
    expect(titleFromFileName(".bashrc")).toBe(".bashrc");
    expect(newDraft("radio.png", "2025-01-31")).toMatchObject({ title: "radio", date: "2025-01-31", type_code: "", source: "patient", hidden: false });
  });

  it("flags what can be fixed at once", () => {
    const draft = { ...newDraft("a.pdf", "2025-01-31"), title: " ", author_rpps: "12 34" };
    expect(checkDraft(draft, "2025-01-31")).toEqual({ title: "common.required", type_code: "common.required", author_rpps: "documents.error.rpps" });
    expect(checkDraft({ ...draft, title: "A", type_code: "11488-4", author_rpps: "1000 1234 567", date: "2025-02-01" }, "2025-01-31")).toEqual({
      date: "documents.error.future",
    });
    expect(checkDraft({ ...draft, title: "A", type_code: "11488-4", author_rpps: "", date: "" }, "2025-01-31")).toEqual({ date: "common.required" });
  });

  it("sends no blank optional field", () => {
    const draft = { ...newDraft("a.pdf", "2025-01-31"), title: " Bilan ", type_code: "11502-2", author: "  ", author_rpps: "1000 1234 567", notes: "" };
    expect(inputOf(draft)).toEqual({ title: "Bilan", type_code: "11502-2", date: "2025-01-31", source: "patient", hidden: false, author_rpps: "10001234567" });
  });

  it("maps the vault's field names to the form's", () => {
    expect(draftField("rpps")).toBe("author_rpps");
    expect(draftField("type_code")).toBe("type_code");
    expect(draftField("role")).toBeUndefined();
    expect(draftField(undefined)).toBeUndefined();
  });
});
