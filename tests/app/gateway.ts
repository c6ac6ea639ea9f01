// The national-space gateway for the real-app tests: the release
// `carnet-server` binary on 127.0.0.1 (port 0), its administration commands,
// and a professional calling its deposit and read APIs.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { repo } from "./driver";

export const serverBinary = process.env.CARNET_SERVER ?? join(repo, "target", "release", "carnet-server");

export interface Gateway {
  url: string;
  data: string;
  process: ChildProcess;
}

/** Starts the gateway on a fresh data folder; resolves once it listens. */
export async function startGateway(): Promise<Gateway> {
  const data = mkdtempSync(join(tmpdir(), "carnet-gateway-"));
  const child = spawn(serverBinary, ["--data", data, "--listen", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error("carnet-server did not start within 30 s")), 30_000);
    child.once("exit", (code) => fail(new Error(`carnet-server exited with ${code}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (found?.[1]) {
        clearTimeout(timer);
        ok(found[1]);
      }
    });
  });
  return { url, data, process: child };
}

export async function stopGateway(g: Gateway): Promise<void> {
  if (g.process.exitCode === null) {
    g.process.kill();
    await new Promise((r) => g.process.once("exit", r));
  }
  rmSync(g.data, { recursive: true, force: true });
}

function admin(g: Gateway, ...args: string[]): string {
  return execFileSync(serverBinary, ["--data", g.data, ...args], { timeout: 30_000 }).toString().trim();
}

/** A patient account on the national space and its first one-time pairing code. */
export function newAccount(g: Gateway): { profile_id: string; pairing_code: string } {
  return JSON.parse(admin(g, "new-account")) as { profile_id: string; pairing_code: string };
}

/** A professional known to the national space; returns their bearer token. */
export function addProfessional(g: Gateway, rpps: string, name: string): string {
  return admin(g, "add-professional", "--rpps", rpps, "--name", name);
}

export async function deposit(g: Gateway, token: string, profile: string, resource: unknown): Promise<unknown> {
  const r = await fetch(`${g.url}/v1/pro/profiles/${profile}/fhir`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/fhir+json" },
    body: JSON.stringify(resource),
  });
  if (r.status !== 201) throw new Error(`deposit refused: ${r.status} ${await r.text()}`);
  return r.json();
}

export async function readRecord(g: Gateway, token: string, profile: string): Promise<{ records: unknown[]; documents: { id: string; title: string }[] }> {
  const r = await fetch(`${g.url}/v1/pro/profiles/${profile}/record`, { headers: { authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`read refused: ${r.status}`);
  return (await r.json()) as { records: unknown[]; documents: { id: string; title: string }[] };
}

/** A small real PDF, base64, as a lab would attach it. */
export function labReport(title: string): unknown {
  const pdf = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return {
    resourceType: "DocumentReference",
    status: "current",
    type: { coding: [{ system: "http://loinc.org", code: "11502-2" }] },
    description: title,
    date: "2026-11-20T08:00:00+01:00",
    content: [{ attachment: { contentType: "application/pdf", title: "bilan.pdf", data: Buffer.from(pdf).toString("base64") } }],
  };
}
