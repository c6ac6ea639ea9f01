// The in-memory national space: linking, syncing with progress, the access
// history, a deposited document, conflicts and how they are settled.
import { describe, expect, it } from "vitest";

import { createMemoryBackend, type MemoryBackend } from "./memory";
import { DEPOSIT, serverAddress } from "./memory-sync";
import type { SyncProgress } from "./types";

const SERVER = "https://passerelle.exemple.fr";

async function withProfile(): Promise<MemoryBackend> {
  const b = createMemoryBackend();
  await b.createVault("Alice", "une longue phrase");
  await b.createProfile({ name: "Léa", birth_date: "2019-04-02", sex: "female" });
  return b;
}

async function linked(): Promise<MemoryBackend> {
  const b = await withProfile();
  await b.pairSync(SERVER, "ABCD-123456", "Cet ordinateur");
  return b;
}

const quietly = () => undefined;

describe("memory backend: linking to the national space", () => {
  it("refuses a bad address or code, with the field at fault and the vault's sentence", async () => {
    const b = await withProfile();
    for (const address of ["", "passerelle.exemple.fr", "ftp://passerelle.exemple.fr", "https://", "mailto:a@b.fr"]) {
      await expect(b.pairSync(address, "ABCD-123456", "PC"), address).rejects.toMatchObject({ code: "invalid_address", field: "server" });
    }
    await expect(b.pairSync("https://x", "ABCD-123456", "PC")).resolves.toMatchObject({ paired: true });
    await b.unpairSync();
    for (const code of ["", "ABCD", "ABCD-12345", "ABCD_123456", "ABCDE-123456"]) {
      await expect(b.pairSync(SERVER, code, "PC"), code).rejects.toMatchObject({ code: "invalid_code", field: "code" });
    }
    await expect(b.pairSync(SERVER, "1", "PC")).rejects.toThrow(
      "Ce code n'est pas valable : il a peut-être expiré ou déjà servi. Demandez un nouveau code.",
    );
    await expect(b.pairSync("ici", "1", "PC")).rejects.toThrow("Cette adresse de serveur n'est pas valable. Exemple : https://passerelle.exemple.fr");
    await b.setLanguage("en");
    await expect(b.pairSync("ici", "1", "PC")).rejects.toThrow("This server address is not valid. Example: https://gateway.example.org");
    expect((await b.syncStatus()).paired).toBe(false);
  });

  it("links with a well-formed code, with or without its dash, and unlinks", async () => {
    const b = await withProfile();
    expect(await b.syncStatus()).toEqual({ paired: false, pending_documents: 0 });
    expect(await b.pairSync(` ${SERVER}/ `, "abcd123456", "Cet ordinateur")).toEqual({ paired: true, server: SERVER, pending_documents: 0 });
    await b.unpairSync();
    expect((await b.syncStatus()).paired).toBe(false);
    await expect(b.syncNow(quietly)).rejects.toMatchObject({ code: "not_paired" });
    await expect(b.newPairingCode()).rejects.toMatchObject({ code: "not_paired" });
    expect(serverAddress("http://localhost:8080/")).toBe("http://localhost:8080");
  });

  it("needs an open profile, like the vault", async () => {
    const b = createMemoryBackend();
    await b.createVault("Alice", "une longue phrase");
    await expect(b.syncStatus()).rejects.toMatchObject({ code: "no_profile" });
    await b.lock();
    await expect(b.pairSync(SERVER, "ABCD-123456", "PC")).rejects.toMatchObject({ code: "locked" });
  });

  it("gives one-time codes for another device", async () => {
    const b = await linked();
    const first = await b.newPairingCode();
    const second = await b.newPairingCode();
    expect(first).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{6}$/);
    expect(second).not.toBe(first);
  });
});

describe("memory backend: syncing", () => {
  it("streams every phase, brings the deposit and its history, and reports", async () => {
    const b = await linked();
    await b.addRecord({ kind: "allergy", data: { substance: "Arachide", severity: "severe", status: "active" } });
    const progress: SyncProgress[] = [];
    const report = await b.syncNow((p) => progress.push(p));
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(["records", "upload", "download"]));
    expect(progress.at(-1)).toMatchObject({ phase: "download", items_done: 1, items_total: 1 });
    expect(report).toMatchObject({ rounds: 2, records_changed: 0, documents_changed: 1, uploaded: 0, downloaded: 1, still_missing: 0 });
    expect(report.bytes_sent).toBeGreaterThan(0);

    const status = await b.syncStatus();
    expect(status.pending_documents).toBe(0);
    expect(Date.now() - Date.parse(status.last_sync ?? "")).toBeLessThan(60_000);

    const [doc] = await b.listDocuments();
    expect(doc).toMatchObject({ title: DEPOSIT.title, source: "professional", author: "Dr Claire Martin", author_rpps: "10003591586", type_code: "11502-2" });
    const content = await b.documentContent(doc?.id ?? "");
    expect(content.media_type).toBe("application/pdf");
    expect(new TextDecoder().decode(content.bytes.slice(0, 5))).toBe("%PDF-");

    const history = await b.accessHistory(50);
    expect(history.map((e) => e.action)).toEqual(["read_document", "read_record", "deposit"]);
    expect(history.every((e) => e.name === "Dr Claire Martin" && e.rpps === "10003591586")).toBe(true);
    expect(history[0]?.document_id).toBe(doc?.id);
    expect(await b.accessHistory(1)).toHaveLength(1);

    // Nothing new the second time; the deposit is not made twice.
    const again = await b.syncNow(quietly);
    expect(again).toMatchObject({ records_changed: 0, documents_changed: 0, uploaded: 0, downloaded: 0 });
    expect(await b.listDocuments()).toHaveLength(1);
    expect(await b.accessHistory(50)).toHaveLength(3);
  });

  it("sends the documents added here once", async () => {
    const b = await linked();
    await b.syncNow(quietly);
    const { offerFiles } = await import("./memory-files");
    const [file] = offerFiles([new File(["%PDF-1.4\n% ici\n"], "ordonnance.pdf")]);
    if (!file) throw new Error("no file");
    await b.importDocument(file, { title: "Ordonnance", type_code: "57833-6", date: "2024-03-12", source: "patient", hidden: false }, quietly);
    const progress: SyncProgress[] = [];
    expect(await b.syncNow((p) => progress.push(p))).toMatchObject({ uploaded: 1 });
    expect(progress.filter((p) => p.phase === "upload").map((p) => `${p.items_done}/${p.items_total}`)).toEqual(["0/1", "1/1"]);
    expect(await b.syncNow(quietly)).toMatchObject({ uploaded: 0 });
  });

  it("keeps what arrived when cancelled; the content follows at the next sync", async () => {
    const b = await linked();
    b.national.hold("download");
    const progress: SyncProgress[] = [];
    const running = b.syncNow((p) => progress.push(p));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(progress.map((p) => p.phase)).toContain("upload");
    expect(progress.map((p) => p.phase)).not.toContain("download");
    await b.cancelSync();
    await expect(running).rejects.toMatchObject({ code: "cancelled" });

    // The listing is here, not the content.
    expect(await b.syncStatus()).toMatchObject({ pending_documents: 1 });
    expect((await b.syncStatus()).last_sync).toBeUndefined();
    const [doc] = await b.listDocuments();
    await expect(b.documentContent(doc?.id ?? "")).rejects.toMatchObject({
      code: "content_pending",
      message: "Ce document n'est pas encore arrivé sur cet appareil. Synchronisez pour le recevoir.",
    });
    await expect(b.exportDocument(doc?.id ?? "")).rejects.toMatchObject({ code: "content_pending" });

    b.national.hold(null);
    expect(await b.syncNow(quietly)).toMatchObject({ documents_changed: 0, downloaded: 1 });
    expect(await b.syncStatus()).toMatchObject({ pending_documents: 0 });
    expect((await b.documentContent(doc?.id ?? "")).bytes.length).toBe(doc?.size);
  });

  it("says the server cannot be reached, and loses nothing", async () => {
    const b = await linked();
    const r = await b.addRecord({ kind: "condition", data: { name: "Asthme", status: "active" } });
    b.national.reachable = false;
    await expect(b.syncNow(quietly)).rejects.toMatchObject({
      code: "offline",
      message: "Le serveur ne répond pas (pas de connexion ?). Vos modifications sont gardées ici et partiront à la prochaine synchronisation.",
    });
    await expect(b.pairSync(SERVER, "ABCD-123456", "PC")).rejects.toMatchObject({ code: "offline" });
    await expect(b.newPairingCode()).rejects.toMatchObject({ code: "offline" });
    expect((await b.listRecords()).map((x) => x.id)).toEqual([r.id]);
    expect((await b.syncStatus()).last_sync).toBeUndefined();
    // Unlinking works without the server: it is forgotten here.
    b.national.reachable = true;
    await b.syncNow(quietly);
    b.national.reachable = false;
    await b.unpairSync();
    expect((await b.syncStatus()).paired).toBe(false);
  });
});

describe("memory backend: fields edited on two devices at once", () => {
  it("reports both values, the one shown first, and saving the record settles it", async () => {
    const b = await linked();
    const r = await b.addRecord({ kind: "allergy", data: { substance: "Pénicilline", severity: "severe", status: "active" } }, "Vue aux urgences");
    await b.syncNow(quietly);
    expect(await b.listConflicts()).toEqual({});

    b.national.editElsewhere("Pénicilline", "severity", "mild");
    b.national.editElsewhere("Pénicilline", "notes", "Vue par le Dr Martin");
    expect(await b.syncNow(quietly)).toMatchObject({ records_changed: 2 });
    expect(await b.listConflicts()).toEqual({
      [r.id]: [
        { field: "severity", values: ["mild", "severe"] },
        { field: "notes", values: ["Vue par le Dr Martin", "Vue aux urgences"] },
      ],
    });
    // The value shown is values[0].
    const [shown] = await b.listRecords();
    expect(shown).toMatchObject({ data: { severity: "mild" }, notes: "Vue par le Dr Martin" });

    await b.updateRecord(r.id, { kind: "allergy", data: { substance: "Pénicilline", severity: "severe", status: "active" } }, "Vue aux urgences");
    expect(await b.listConflicts()).toEqual({});
    expect((await b.listRecords())[0]).toMatchObject({ data: { severity: "severe" }, notes: "Vue aux urgences" });
  });

  it("is no conflict when only the other device wrote the field", async () => {
    const b = await linked();
    await b.addRecord({ kind: "allergy", data: { substance: "Arachide", severity: "severe", status: "active" } });
    b.national.editElsewhere("Arachide", "reaction", "Gonflement");
    await b.syncNow(quietly);
    expect(await b.listConflicts()).toEqual({});
    expect((await b.listRecords())[0]).toMatchObject({ data: { reaction: "Gonflement" } });
  });

  it("forgets the conflicts of a deleted record", async () => {
    const b = await linked();
    const r = await b.addRecord({ kind: "condition", data: { name: "Asthme", status: "active" } });
    b.national.editElsewhere("Asthme", "status", "resolved");
    await b.syncNow(quietly);
    expect(Object.keys(await b.listConflicts())).toEqual([r.id]);
    await b.deleteRecord(r.id);
    expect(await b.listConflicts()).toEqual({});
  });
});

describe("memory backend: who may read the record", () => {
  it("lists the depositor, adds whom the patient authorises, and a withdrawal outlasts new deposits", async () => {
    const b = await withProfile();
    await expect(b.allowedProfessionals()).rejects.toMatchObject({ code: "not_paired" });
    await b.pairSync(SERVER, "ABCD-123456", "Cet ordinateur");
    expect(await b.allowedProfessionals()).toEqual([]);
    await b.syncNow(quietly);
    expect((await b.allowedProfessionals()).map((p) => [p.name, p.because])).toEqual([["Dr Claire Martin", "deposit"]]);

    const after = await b.allowProfessional("100 0104 5367");
    expect(after.map((p) => [p.rpps, p.name, p.because])).toEqual([
      ["10003591586", "Dr Claire Martin", "deposit"],
      ["10001045367", "Dr Paul Durand", "patient"],
    ]);
    expect((await b.allowProfessional("10001234567")).at(-1)).toMatchObject({ name: null, because: "patient" });
    await expect(b.allowProfessional("1234")).rejects.toMatchObject({ code: "invalid", field: "rpps" });

    const left = await b.withdrawProfessional("10003591586");
    expect(left.map((p) => p.rpps)).toEqual(["10001045367", "10001234567"]);
    await b.syncNow(quietly);
    expect((await b.allowedProfessionals()).map((p) => p.rpps)).not.toContain("10003591586");
  });
});
