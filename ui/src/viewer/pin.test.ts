import { createHash, createHmac } from "node:crypto";

import { describe, expect, it } from "vitest";

import { PIN_PATTERN, pinProof } from "./pin";

const SECRET = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0";

describe("the PIN proof", () => {
  it("is hex(HMAC-SHA256(secret, 'carnet-share-pin/1:' + PIN)), as node:crypto computes it", async () => {
    for (const pin of ["0000", "1234", "12345678", "00420042"]) {
      const expected = createHmac("sha256", Buffer.from(SECRET, "utf8")).update(`carnet-share-pin/1:${pin}`, "utf8").digest("hex");
      expect(await pinProof(SECRET, pin)).toBe(expected);
    }
  });

  it("depends on both the secret and the PIN, and gives the verifier the relay stores", async () => {
    const p = await pinProof(SECRET, "1234");
    expect(p).toMatch(/^[0-9a-f]{64}$/);
    expect(await pinProof(SECRET, "1235")).not.toBe(p);
    expect(await pinProof(SECRET.replace("EGTZ", "EGTY"), "1234")).not.toBe(p);
    const verifier = createHash("sha256").update(p, "utf8").digest("hex");
    expect(verifier).toMatch(/^[0-9a-f]{64}$/);
    expect(verifier).not.toBe(p);
  });

  it("is asked for 4 to 8 digits", () => {
    for (const ok of ["1234", "00000000", "4821"]) expect(PIN_PATTERN.test(ok)).toBe(true);
    for (const bad of ["123", "123456789", "12a4", "", " 1234", "١٢٣٤"]) expect(PIN_PATTERN.test(bad)).toBe(false);
  });
});
