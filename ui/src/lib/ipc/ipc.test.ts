import { Channel } from "@tauri-apps/api/core";
import { afterEach, describe, expect, it, vi } from "vitest";

import { CarnetError } from "./backend";
import { createCoreBackend } from "./core";
import { tauriTransport, type Invoke } from "./tauri";
import type { ChosenFile, SyncProgress } from "./types";

/** The backend over Tauri's IPC, with `invoke` standing in for the shell. */
const createTauriBackend = (invoke: Invoke) => createCoreBackend(tauriTransport(invoke));

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

  it("reads a preview's media type and bytes from one answer", async () => {
    const calls: string[] = [];
    const backend = createTauriBackend(async (cmd) => {
      calls.push(cmd);
      return new Uint8Array([...new TextEncoder().encode("image/png\n"), 0x89, 0x0a, 0x1a]).buffer;
    });
    const content = await backend.documentContent("d1");
    expect(content.media_type).toBe("image/png");
    expect([...content.bytes]).toEqual([0x89, 0x0a, 0x1a]);
    expect(calls).toEqual(["document_content"]);
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

describe("Tauri backend: sync with the national space", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("sends the exact command names and arguments", async () => {
    const calls: [string, Record<string, unknown> | undefined][] = [];
    const backend = createTauriBackend(async (cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    await backend.syncStatus();
    await backend.pairSync("https://passerelle.exemple.fr", "ABCD-123456", "Cet ordinateur");
    await backend.unpairSync();
    await backend.cancelSync();
    await backend.newPairingCode();
    await backend.accessHistory(200);
    await backend.allowedProfessionals();
    await backend.allowProfessional("10003591586");
    await backend.withdrawProfessional("10003591586");
    await backend.listConflicts();
    expect(calls).toEqual([
      ["sync_status", {}],
      ["pair_sync", { server: "https://passerelle.exemple.fr", code: "ABCD-123456", deviceName: "Cet ordinateur" }],
      ["unpair_sync", {}],
      ["cancel_sync", {}],
      ["new_pairing_code", {}],
      ["access_history", { limit: 200 }],
      ["allowed_professionals", {}],
      ["allow_professional", { rpps: "10003591586" }],
      ["withdraw_professional", { rpps: "10003591586" }],
      ["list_conflicts", {}],
    ]);
  });

  it("streams the progress of sync_now through a channel", async () => {
    // What the shell's internals do for a channel: a callback the Rust side calls.
    let deliver: ((raw: unknown) => void) | undefined;
    vi.stubGlobal("window", {
      __TAURI_INTERNALS__: {
        transformCallback: (cb: (raw: unknown) => void) => {
          deliver = cb;
          return 42;
        },
      },
    });
    const report = { rounds: 2, bytes_sent: 10, bytes_received: 20, records_changed: 1, documents_changed: 0, uploaded: 0, downloaded: 0, still_missing: 0 };
    const seen: SyncProgress[] = [];
    const progress: SyncProgress = { phase: "upload", bytes_sent: 5, bytes_received: 0, items_done: 1, items_total: 2 };
    let sent: [string, Record<string, unknown> | undefined] | undefined;
    const backend = createTauriBackend(async (cmd, args) => {
      sent = [cmd, args];
      deliver?.({ index: 0, message: progress });
      return report;
    });
    expect(await backend.syncNow((p) => seen.push(p))).toEqual(report);
    expect(sent?.[0]).toBe("sync_now");
    expect(Object.keys(sent?.[1] ?? {})).toEqual(["onProgress"]);
    expect(sent?.[1]?.onProgress).toBeInstanceOf(Channel);
    expect(seen).toEqual([progress]);
  });

  it("hears dropped files on a channel it opened, and stops hearing them", async () => {
    let deliver: ((raw: unknown) => void) | undefined;
    vi.stubGlobal("window", {
      __TAURI_INTERNALS__: {
        transformCallback: (cb: (raw: unknown) => void) => {
          deliver = cb;
          return 7;
        },
      },
    });
    const calls: string[] = [];
    const backend = createTauriBackend(async (cmd, args) => {
      calls.push(cmd);
      expect(args?.onDrop).toBeInstanceOf(Channel);
      return null;
    });
    const seen: ChosenFile[][] = [];
    const stop = await backend.onFilesDropped((files) => seen.push(files));
    // No event is listened to: the only call is the command that opens the channel.
    expect(calls).toEqual(["watch_dropped_files"]);
    const files = [{ token: "t1", name: "bilan.pdf", size: 12 }];
    deliver?.({ index: 0, message: files });
    stop();
    deliver?.({ index: 1, message: files });
    expect(seen).toEqual([files]);
  });

  it("keeps the code and field of a sync error", async () => {
    const backend = createTauriBackend(async () => {
      throw { code: "invalid_code", message: "Ce code n'est pas valable.", field: "code" };
    });
    await expect(backend.pairSync("https://x.fr", "AAAA-000000", "PC")).rejects.toMatchObject({ code: "invalid_code", field: "code" });
  });
});

describe("Tauri backend: share links", () => {
  it("sends the exact command names and arguments", async () => {
    const calls: [string, Record<string, unknown> | undefined][] = [];
    const backend = createTauriBackend(async (cmd, args) => {
      calls.push([cmd, args]);
      return null;
    });
    const request = {
      record_ids: ["r1"],
      document_ids: ["d1"],
      professional: { name: "Dr Paul Durand", specialty: "Cardiologie", rpps: null, email: null },
      expires_in_hours: 168,
      max_opens: 1,
      pin: "4821",
    };
    await backend.shareRelay();
    await backend.setShareRelay("https://relay.example", "ABCD-123456", "Cet ordinateur");
    await backend.createShare(request);
    await backend.shares();
    await backend.refreshShare("s1");
    await backend.revokeShare("s1");
    expect(calls).toEqual([
      ["share_relay", {}],
      ["set_share_relay", { address: "https://relay.example", code: "ABCD-123456", deviceName: "Cet ordinateur" }],
      ["create_share", { request }],
      ["shares", {}],
      ["refresh_share", { id: "s1" }],
      ["revoke_share", { id: "s1" }],
    ]);
  });

  it("keeps the code and field of a share error", async () => {
    const backend = createTauriBackend(async () => {
      throw { code: "invalid", message: "Le code PIN doit comporter de 4 à 8 chiffres.", field: "pin" };
    });
    await expect(backend.createShare({} as never)).rejects.toMatchObject({ code: "invalid", field: "pin" });
    const relayless = createTauriBackend(async () => {
      throw { code: "no_relay", message: "Aucun serveur de partage." };
    });
    await expect(relayless.createShare({} as never)).rejects.toMatchObject({ code: "no_relay" });
  });
});
