import { describe, expect, it } from "vitest";

import { CarnetError } from "./backend";
import { createMemoryBackend } from "./memory";
import { createTauriBackend, type Invoke } from "./tauri";

describe("Tauri backend", () => {
  it("calls the command with camelCase arguments", async () => {
    const calls: [string, Record<string, unknown> | undefined][] = [];
    const invoke: Invoke = async (cmd, args) => {
      calls.push([cmd, args]);
      return { id: "m1", name: "Alice" };
    };
    const backend = createTauriBackend(invoke);
    expect(await backend.createVault("Alice", "une longue phrase")).toEqual({ id: "m1", name: "Alice" });
    await backend.listRecords();
    expect(calls).toEqual([
      ["create_vault", { memberName: "Alice", passphrase: "une longue phrase" }],
      ["list_records", { kind: null }],
    ]);
  });

  it("turns a rejected command into a CarnetError with code and field", async () => {
    const backend = createTauriBackend(async () => {
      throw { code: "invalid", message: "Le champ « substance » est obligatoire.", field: "substance" };
    });
    const err = await backend.addRecord({ kind: "allergy", data: { substance: "", severity: "mild", status: "active" } }).catch((e) => e);
    expect(err).toBeInstanceOf(CarnetError);
    expect(err.code).toBe("invalid");
    expect(err.field).toBe("substance");
    expect(err.message).toContain("substance");
  });

  it("reports anything unexpected as internal", async () => {
    const backend = createTauriBackend(async () => {
      throw "window closed";
    });
    const err = await backend.status().catch((e) => e);
    expect(err.code).toBe("internal");
    expect(err.message).toContain("erreur inattendue");
    expect(err.message).not.toContain("window closed");
  });
});

describe("memory backend", () => {
  it("follows the vault's rules the screens rely on", async () => {
    const b = createMemoryBackend();
    expect((await b.status()).vault_exists).toBe(false);
    await expect(b.createVault("Alice", "court")).rejects.toMatchObject({ code: "weak_passphrase", field: "passphrase" });
    await b.createVault("Alice", "une longue phrase");
    await b.lock();
    await expect(b.unlock("Alice", "mauvaise phrase")).rejects.toMatchObject({ code: "wrong_passphrase" });
    await expect(b.listProfiles()).rejects.toMatchObject({ code: "locked" });
    await b.unlock("alice", "une longue phrase");
    const p = await b.createProfile({ name: "Léa", birth_date: "2019-04-02", sex: "female" });
    await b.addRecord({ kind: "allergy", data: { substance: "Arachide", severity: "severe", status: "active" } });
    const o = await b.overview();
    expect(o.profile.id).toBe(p.id);
    expect(o.allergies.map((r) => r.kind === "allergy" && r.data.substance)).toEqual(["Arachide"]);
  });
});
