// Decrypting and checking a share. Nothing is returned unless the whole age
// file decrypted (every 64 KiB chunk authenticated, the final chunk present),
// the plaintext is UTF-8 JSON, `format` is `carnet-share/1`, and the bundle is
// a FHIR `document` Bundle whose first entry is a Composition.
import { Decrypter } from "age-encryption";

export const FORMAT = "carnet-share/1";

export type Json = Record<string, unknown>;

export interface SharePayload {
  format: typeof FORMAT;
  summary: string | null;
  bundle: Json;
}

/**
 * The plaintext of a binary (not armored) age file encrypted to this X25519
 * identity, or null if anything about it is wrong: header, MAC, any chunk,
 * missing or extra data.
 */
export async function decryptAge(ciphertext: Uint8Array, secret: string): Promise<Uint8Array | null> {
  if (!secret.startsWith("AGE-SECRET-KEY-1")) return null;
  try {
    const decrypter = new Decrypter();
    decrypter.addIdentity(secret);
    // Buffers the whole plaintext: it resolves only once the last chunk verified.
    return await decrypter.decrypt(ciphertext);
  } catch {
    return null;
  }
}

/** The payload, if the plaintext is a valid `carnet-share/1` document. */
export function parsePayload(plaintext: Uint8Array): SharePayload | null {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(plaintext));
  } catch {
    return null;
  }
  if (!isObject(value) || value.format !== FORMAT) return null;
  const bundle = value.bundle;
  if (!isObject(bundle) || bundle.resourceType !== "Bundle" || bundle.type !== "document") return null;
  const entries = bundle.entry;
  if (!Array.isArray(entries) || entries.length === 0) return null;
  const first: unknown = entries[0];
  if (!isObject(first) || !isObject(first.resource) || first.resource.resourceType !== "Composition") return null;
  return { format: FORMAT, summary: typeof value.summary === "string" ? value.summary : null, bundle };
}

/** Decrypts and checks: the payload, or null ("this link is damaged"). */
export async function openPayload(ciphertext: Uint8Array, secret: string): Promise<SharePayload | null> {
  const plaintext = await decryptAge(ciphertext, secret);
  return plaintext === null ? null : parsePayload(plaintext);
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
