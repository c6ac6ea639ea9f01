import { describe, expect, it } from "vitest";

import { passphraseStrength } from "./strength";

describe("passphrase strength", () => {
  it("rates short passphrases weak and long phrases strong", () => {
    expect(passphraseStrength("abc")).toBe("weak");
    expect(passphraseStrength("abcdefgh")).toBe("fair");
    expect(passphraseStrength("le chat dort au soleil")).toBe("strong");
    expect(passphraseStrength("Abcdef12!xyz")).toBe("strong");
  });
});
