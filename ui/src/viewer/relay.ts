// The one call the viewer makes: `POST /v1/shares/{id}/open` (see docs/share-links.md).
// Its body is `{}` or `{"pin_proof": …}`: never the secret.

export type OpenResult =
  | { kind: "ok"; ciphertext: Uint8Array; expiresAt: string | null }
  | { kind: "pin_required" }
  | { kind: "wrong_pin"; attemptsLeft: number | null }
  | { kind: "unavailable" }
  | { kind: "rate_limited" }
  | { kind: "offline" }
  | { kind: "error"; status: number };

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export async function openShare(url: string, pinProof: string | null, fetcher: Fetch = fetch): Promise<OpenResult> {
  let response: Response;
  try {
    response = await fetcher(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(pinProof === null ? {} : { pin_proof: pinProof }),
      cache: "no-store",
      credentials: "omit",
      redirect: "error",
      referrerPolicy: "no-referrer",
    });
  } catch {
    return { kind: "offline" };
  }
  switch (response.status) {
    case 200: {
      try {
        const ciphertext = new Uint8Array(await response.arrayBuffer());
        return { kind: "ok", ciphertext, expiresAt: response.headers.get("Carnet-Expires-At") };
      } catch {
        // The connection dropped while the ciphertext was coming.
        return { kind: "offline" };
      }
    }
    case 401: {
      const body = await jsonBody(response);
      return body?.error === "pin_required" ? { kind: "pin_required" } : { kind: "error", status: 401 };
    }
    case 403: {
      const body = await jsonBody(response);
      if (body?.error !== "wrong_pin") return { kind: "error", status: 403 };
      const n = body.attempts_left;
      return { kind: "wrong_pin", attemptsLeft: typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : null };
    }
    case 404:
      return { kind: "unavailable" };
    case 429:
      return { kind: "rate_limited" };
    default:
      return { kind: "error", status: response.status };
  }
}

async function jsonBody(response: Response): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = await response.json();
    return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
