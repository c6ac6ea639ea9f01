import { describe, expect, it } from "vitest";

import { pinProof } from "./pin";
import { openShare } from "./relay";

const SECRET = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0";
const URL = "/v1/shares/3f9c0d1e2a4b5c6d7e8f90a1b2c3d4e5/open";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function relay(answer: () => Response | Promise<Response>) {
  const sent: { url: string; init: RequestInit }[] = [];
  const fetcher = async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return answer();
  };
  return { sent, fetcher };
}

describe("opening a share", () => {
  it("posts {} or the PIN proof, never the secret", async () => {
    const r = relay(() => new Response(new Uint8Array([1, 2, 3]), { status: 200, headers: { "Carnet-Expires-At": "2026-11-30T18:00:00Z" } }));
    expect(await openShare(URL, null, r.fetcher)).toEqual({
      kind: "ok",
      ciphertext: new Uint8Array([1, 2, 3]),
      expiresAt: "2026-11-30T18:00:00Z",
    });
    const proof = await pinProof(SECRET, "4821");
    await openShare(URL, proof, r.fetcher);
    expect(r.sent.map((s) => [s.url, s.init.method, s.init.body])).toEqual([
      [URL, "POST", "{}"],
      [URL, "POST", JSON.stringify({ pin_proof: proof })],
    ]);
    const everything = JSON.stringify(r.sent);
    for (const s of [SECRET, SECRET.toLowerCase(), SECRET.slice(16)]) expect(everything).not.toContain(s);
  });

  it("reads every answer of the relay", async () => {
    const cases: [Response, unknown][] = [
      [json(401, { error: "pin_required" }), { kind: "pin_required" }],
      [json(403, { error: "wrong_pin", attempts_left: 4 }), { kind: "wrong_pin", attemptsLeft: 4 }],
      [json(403, { error: "wrong_pin", attempts_left: 0 }), { kind: "wrong_pin", attemptsLeft: 0 }],
      [json(403, { error: "wrong_pin" }), { kind: "wrong_pin", attemptsLeft: null }],
      [json(404, { error: "not_available", message: "This link is not available." }), { kind: "unavailable" }],
      [json(429, { error: "rate_limited" }), { kind: "rate_limited" }],
      [new Response("oops", { status: 500 }), { kind: "error", status: 500 }],
      [new Response("<html>", { status: 401 }), { kind: "error", status: 401 }],
      [json(403, { error: "forbidden" }), { kind: "error", status: 403 }],
    ];
    for (const [response, expected] of cases) {
      expect(await openShare(URL, null, relay(() => response).fetcher)).toEqual(expected);
    }
  });

  it("is offline when the relay cannot be reached", async () => {
    const r = relay(() => Promise.reject(new TypeError("Failed to fetch")));
    expect(await openShare(URL, null, r.fetcher)).toEqual({ kind: "offline" });
  });
});
