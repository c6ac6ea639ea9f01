import { describe, expect, it } from "vitest";

import { snippetParts } from "./snippet";

describe("snippetParts", () => {
  it("marks the text between brackets", () => {
    expect(snippetParts("…allergie à la [pénicilline] depuis…")).toEqual([
      { text: "…allergie à la ", mark: false },
      { text: "pénicilline", mark: true },
      { text: " depuis…", mark: false },
    ]);
    expect(snippetParts("[a] et [b]")).toEqual([
      { text: "a", mark: true },
      { text: " et ", mark: false },
      { text: "b", mark: true },
    ]);
  });

  it("keeps markup as plain text and stray brackets as they are", () => {
    expect(snippetParts("<img src=x onerror=alert(1)> [x")).toEqual([{ text: "<img src=x onerror=alert(1)> [x", mark: false }]);
    expect(snippetParts("a ] b")).toEqual([{ text: "a ] b", mark: false }]);
    expect(snippetParts("[]")).toEqual([]);
  });
});
