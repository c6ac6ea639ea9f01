// The C2SP CCTV age test vectors (https://github.com/C2SP/CCTV/tree/main/age)
// that apply to the viewer: X25519 identities, binary files. Each one goes
// through `decryptAge`, the function the page uses, which must succeed exactly
// when the vector says `expect: success`, with the plaintext's SHA-256 as given.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";

import * as npmVectors from "cctv-age";
import { describe, expect, it } from "vitest";

import { decryptAge } from "./payload";

const here = fileURLToPath(new URL(".", import.meta.url));
// The vectors live next to the repository (shared/testdata/age-cctv); the
// checkout may sit one level deeper (…/main/ui), so both places are tried.
const candidates = [
  process.env.CARNET_AGE_CCTV,
  resolve(here, "../../../shared/testdata/age-cctv"),
  resolve(here, "../../../../shared/testdata/age-cctv"),
].filter((p): p is string => !!p);
const dir = candidates.find((p) => existsSync(resolve(p, "README.md")));

interface Vector {
  name: string;
  expect: string;
  payload: string | null;
  identities: string[];
  passphrase: boolean;
  armored: boolean;
  file: Uint8Array;
}

function read(name: string, bytes: Buffer): Vector {
  const end = bytes.indexOf("\n\n");
  if (end < 0) throw new Error(`${name}: no blank line after the header`);
  const fields: [string, string][] = bytes
    .subarray(0, end)
    .toString("utf8")
    .split("\n")
    .map((line) => {
      const i = line.indexOf(": ");
      return [line.slice(0, i), line.slice(i + 2)];
    });
  const get = (key: string) => fields.filter(([k]) => k === key).map(([, v]) => v);
  let file: Uint8Array = bytes.subarray(end + 2);
  const compressed = get("compressed")[0];
  if (compressed === "zlib") file = inflateSync(file);
  else if (compressed) throw new Error(`${name}: unknown compression ${compressed}`);
  return {
    name,
    expect: get("expect")[0] ?? "",
    payload: get("payload")[0] ?? null,
    identities: get("identity"),
    passphrase: get("passphrase").length > 0,
    armored: get("armored")[0] === "yes",
    file: new Uint8Array(file),
  };
}

// Beside the repository when it is there; otherwise the same vectors as
// published on npm (`cctv-age`), so a checkout anywhere runs them.
const vectors = dir
  ? readdirSync(dir)
      .filter((n) => n !== "README.md")
      .sort()
      .map((n) => read(n, readFileSync(resolve(dir, n))))
  : Object.entries(npmVectors as Record<string, Uint8Array>)
      .filter(([, bytes]) => bytes instanceof Uint8Array)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([n, bytes]) => read(n, Buffer.from(bytes)));
// X25519 only: no passphrase, no post-quantum identity. A vector with no
// identity at all (an empty file) must fail with any key.
const x25519 = vectors.filter((v) => !v.passphrase && v.identities.every((i) => i.startsWith("AGE-SECRET-KEY-1")));
const binary = x25519.filter((v) => !v.armored);
const armored = x25519.filter((v) => v.armored);
const OTHER_KEY = "AGE-SECRET-KEY-143WN7DCXU4G8R5AXQSSYD9AEPYDNT3HXSLWSPK36CDU6E8M59SSSAGZ3KG";

describe("the age test vectors (C2SP CCTV)", () => {
  it("are there", () => {
    expect(binary.length).toBeGreaterThan(60);
    expect(binary.some((v) => v.expect === "success")).toBe(true);
    expect(binary.some((v) => v.expect === "payload failure")).toBe(true);
  });

  it.each(binary.map((v) => [v.name, v] as const))("%s", async (_, v) => {
    const plaintext = await decryptAge(v.file, v.identities[0] ?? OTHER_KEY);
    if (v.expect === "success") {
      expect(plaintext, `${v.name} should decrypt`).not.toBeNull();
      expect(createHash("sha256").update(plaintext!).digest("hex")).toBe(v.payload);
    } else {
      // Even "payload failure" files, whose first chunks are valid, give nothing.
      expect(plaintext, `${v.name} (${v.expect}) should fail`).toBeNull();
    }
  });

  // The relay only ever hands out binary age files, and the page never reads
  // armor: every armored file is refused, valid or not.
  it.each(armored.map((v) => [v.name, v] as const))("%s (armored) is refused", async (_, v) => {
    expect(await decryptAge(v.file, v.identities[0] ?? OTHER_KEY)).toBeNull();
  });
});
