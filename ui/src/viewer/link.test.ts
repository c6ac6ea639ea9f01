import { generateX25519Identity } from "age-encryption";
import { describe, expect, it } from "vitest";

import { openUrl, parseLink, readSecret } from "./link";

const SECRET = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0";
const ID = "3f9c0d1e2a4b5c6d7e8f90a1b2c3d4e5";

describe("the link", () => {
  it("gives the share id, the secret and where the API is", async () => {
    expect(parseLink(`/s/${ID}`, `#${SECRET}`)).toEqual({ id: ID, secret: SECRET, apiPrefix: "" });
    const link = parseLink(`/carnet/s/${ID}/`, `#${SECRET}`);
    expect(link).toEqual({ id: ID, secret: SECRET, apiPrefix: "/carnet" });
    expect(openUrl(link!)).toBe(`/carnet/v1/shares/${ID}/open`);
    const fresh = await generateX25519Identity();
    expect(parseLink(`/s/${ID}`, `#${fresh}`)?.secret).toBe(fresh);
  });

  it("accepts a secret written all in lower case", () => {
    expect(readSecret(`#${SECRET.toLowerCase()}`)).toBe(SECRET);
  });

  it("is incomplete without a well-formed secret or share id", () => {
    for (const hash of [
      "",
      "#",
      `#${SECRET.slice(0, -1)}`,
      `#${SECRET}Q`,
      `#${SECRET.slice(0, -1)}${SECRET.endsWith("0") ? "2" : "0"}`, // wrong checksum
      `#${SECRET.slice(0, 20)}${SECRET.slice(20).toLowerCase()}`, // mixed case
      "#AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG",
      "#age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq",
    ]) {
      expect(parseLink(`/s/${ID}`, hash), hash).toBeNull();
    }
    for (const path of ["/", `/s/${ID.slice(1)}`, `/s/${ID.toUpperCase()}`, `/x/${ID}`, `/s/${ID}/extra`, `/s/${ID}0`]) {
      expect(parseLink(path, `#${SECRET}`), path).toBeNull();
    }
  });
});
