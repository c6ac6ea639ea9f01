import { Encrypter, generateX25519Identity, identityToRecipient } from "age-encryption";
import { beforeAll, describe, expect, it } from "vitest";

import { decryptAge, openPayload, parsePayload } from "./payload";
import { samplePayload } from "./testdata";

const utf8 = (s: string) => new TextEncoder().encode(s);

async function seal(plaintext: Uint8Array | string, identity: string): Promise<Uint8Array> {
  const e = new Encrypter();
  e.addRecipient(await identityToRecipient(identity));
  return e.encrypt(typeof plaintext === "string" ? utf8(plaintext) : plaintext);
}

/** Where the STREAM payload starts: after the header (ending with the MAC line) and the 16-byte nonce. */
function payloadStart(file: Uint8Array): number {
  const text = new TextDecoder("latin1").decode(file);
  const mac = text.indexOf("\n--- ");
  return text.indexOf("\n", mac + 1) + 1 + 16;
}

const CHUNK = 64 * 1024 + 16;

let secret: string;
let good: Uint8Array;
// A PDF large enough for the payload to span several 64 KiB chunks.
const bigPdf = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff);

beforeAll(async () => {
  secret = await generateX25519Identity();
  good = await seal(JSON.stringify(samplePayload({ pdf: bigPdf })), secret);
});

describe("a payload", () => {
  it("is accepted when it decrypts completely and is a carnet-share/1 document", async () => {
    expect(good.length).toBeGreaterThan(3 * CHUNK);
    const payload = await openPayload(good, secret);
    expect(payload?.format).toBe("carnet-share/1");
    expect(payload?.summary).toContain("Jeanne Martin");
    expect((payload?.bundle.entry as unknown[]).length).toBe((samplePayload().bundle as { entry: unknown[] }).entry.length);
  });

  it("is refused with any other key", async () => {
    expect(await openPayload(good, await generateX25519Identity())).toBeNull();
  });

  it.each([
    ["a flipped byte in the header", (f: Uint8Array) => flip(f, 40)],
    ["a flipped byte in the MAC", (f: Uint8Array) => flip(f, payloadStart(f) - 20)],
    ["a flipped byte in the nonce", (f: Uint8Array) => flip(f, payloadStart(f) - 5)],
    ["a flipped byte in the middle", (f: Uint8Array) => flip(f, Math.floor(f.length / 2))],
    ["a flipped byte in the last chunk", (f: Uint8Array) => flip(f, f.length - 3)],
    ["the last byte cut", (f: Uint8Array) => f.slice(0, -1)],
    ["half of it cut", (f: Uint8Array) => f.slice(0, Math.floor(f.length / 2))],
    ["the final chunk missing (cut on a chunk boundary)", (f: Uint8Array) => f.slice(0, payloadStart(f) + 2 * CHUNK)],
    ["only the header left", (f: Uint8Array) => f.slice(0, payloadStart(f))],
    ["one byte appended", (f: Uint8Array) => concat(f, new Uint8Array([0]))],
    ["a chunk's worth appended", (f: Uint8Array) => concat(f, new Uint8Array(CHUNK).fill(0x41))],
    ["nothing at all", () => new Uint8Array(0)],
  ])("is damaged with %s: nothing comes out", async (_, tamper) => {
    const bad = tamper(good.slice());
    expect(bad).not.toEqual(good);
    expect(await decryptAge(bad, secret)).toBeNull();
    expect(await openPayload(bad, secret)).toBeNull();
  });

  it("is refused unless it is a carnet-share/1 FHIR document with the Composition first", async () => {
    const base = samplePayload();
    const bundle = base.bundle as { entry: unknown[] } & Record<string, unknown>;
    const cases: unknown[] = [
      { ...base, format: "carnet-share/2" },
      { ...base, format: undefined },
      { ...base, bundle: { ...bundle, type: "collection" } },
      { ...base, bundle: { ...bundle, resourceType: "Composition" } },
      { ...base, bundle: { ...bundle, entry: bundle.entry.slice(1) } },
      { ...base, bundle: { ...bundle, entry: [] } },
      { ...base, bundle: { ...bundle, entry: [bundle.entry[1], bundle.entry[0]] } },
      { ...base, bundle: null },
      [base],
      "carnet-share/1",
    ];
    for (const value of cases) {
      const file = await seal(JSON.stringify(value), secret);
      expect(await decryptAge(file, secret)).not.toBeNull();
      expect(await openPayload(file, secret)).toBeNull();
    }
  });

  it("is refused when it is not UTF-8 JSON", () => {
    expect(parsePayload(utf8("{\"format\": \"carnet-share/1\""))).toBeNull();
    expect(parsePayload(new Uint8Array([0x7b, 0xff, 0x7d]))).toBeNull();
    expect(parsePayload(new Uint8Array(0))).toBeNull();
    expect(parsePayload(utf8(JSON.stringify(samplePayload())))).not.toBeNull();
  });

  it("is refused when the key is not an X25519 identity", async () => {
    expect(await decryptAge(good, "AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG")).toBeNull();
    expect(await decryptAge(good, "")).toBeNull();
    expect(await decryptAge(good, secret.slice(0, -1) + (secret.endsWith("Q") ? "P" : "Q"))).toBeNull();
  });
});

function flip(file: Uint8Array, at: number): Uint8Array {
  file[at] = (file[at] ?? 0) ^ 0x01;
  return file;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
