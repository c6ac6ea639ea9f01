// The PIN proof the relay checks (docs/share-links.md, "The PIN"):
// hex(HMAC-SHA256(key = UTF-8 bytes of the secret, message = "carnet-share-pin/1:" + PIN)).
// The relay never sees the PIN, and cannot try PINs without the secret.

export const PIN_PATTERN = /^\d{4,8}$/;

export async function pinProof(secret: string, pin: string): Promise<string> {
  const utf8 = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, utf8.encode(`carnet-share-pin/1:${pin}`));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
}
