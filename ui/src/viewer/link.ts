// Reads the link the page was opened with: `<relay>/s/<id>#<secret>`.
// The secret (the fragment) is never sent anywhere: browsers do not send
// fragments, and this page only ever uses it locally.
import { Decrypter } from "age-encryption";

export interface Link {
  /** 32 lowercase hex digits. */
  id: string;
  /** The age X25519 identity, `AGE-SECRET-KEY-1…` (upper case). */
  secret: string;
  /** Where the relay's API lives: the path before `/s/<id>` (empty at the root). */
  apiPrefix: string;
}

const PATH = /^(.*)\/s\/([0-9a-f]{32})\/?$/;
// Bech32: "AGE-SECRET-KEY-1" then 52 data and 6 checksum characters.
const SECRET = /^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/;

/** The share id and the secret, or null when the link is incomplete or malformed. */
export function parseLink(pathname: string, hash: string): Link | null {
  const path = PATH.exec(pathname);
  if (!path) return null;
  const secret = readSecret(hash);
  if (!secret) return null;
  return { id: path[2] ?? "", secret, apiPrefix: path[1] ?? "" };
}

/** The secret in the fragment, checked down to its Bech32 checksum. */
export function readSecret(hash: string): string | null {
  let s = hash.startsWith("#") ? hash.slice(1) : hash;
  s = s.trim();
  // Bech32 is case-insensitive as long as the case is not mixed.
  if (s === s.toLowerCase()) s = s.toUpperCase();
  if (!SECRET.test(s)) return null;
  try {
    // Decodes the key (checksum included) without using it.
    new Decrypter().addIdentity(s);
  } catch {
    return null;
  }
  return s;
}

/** The relay endpoint that hands out the ciphertext. */
export function openUrl(link: Link): string {
  return `${link.apiPrefix}/v1/shares/${link.id}/open`;
}
