// The in-memory backend's documents, family, passphrase and backup rules:
// same codes and fields as the vault, so the screens can be tested on it.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { Backend } from "./backend";
import { createMemoryBackend } from "./memory";
import { browserFiles, offerFiles } from "./memory-files";
import type { DocumentInput, ImportProgress, Lang } from "./types";

const PASS = "une longue phrase";
const PDF = new TextEncoder().encode("%PDF-1.4\n% test\n");

function input(over: Partial<DocumentInput> = {}): DocumentInput {
  return { title: "Bilan sanguin", type_code: "11502-2", date: "2024-03-12", source: "professional", hidden: false, ...over };
}

function chosen(name: string, content: Uint8Array | string) {
  const [file] = offerFiles([new File([content as BlobPart], name)]);
  if (!file) throw new Error("no file");
  return file;
}

/** Files "saved" (downloaded) by the backend. */
let saved: { blob: Blob; name: string }[];
/** What the next file chooser returns. */
let nextPick: File[] | null;

beforeEach(() => {
  saved = [];
  nextPick = null;
  vi.spyOn(browserFiles, "save").mockImplementation((blob, name) => void saved.push({ blob, name }));
  vi.spyOn(browserFiles, "pick").mockImplementation(async () => nextPick);
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function withProfile(): Promise<Backend & { lang: Lang }> {
  const b = createMemoryBackend();
  await b.createVault("Alice", PASS);
  await b.createProfile({ name: "Léa", birth_date: "2019-04-02", sex: "female" });
  return b;
}

describe("memory backend: documents", () => {
  it("lists the national document types with both labels", async () => {
    const b = await withProfile();
    const types = await b.documentTypes();
    expect(types).toHaveLength(40);
    expect(types[0]).toEqual({ code: "11488-4", label_fr: "Compte rendu de consultation", label_en: "Consultation report" });
    expect(types.map((t) => t.code)).toContain("PRESC-BIO");
  });

  it("imports in chunks with progress, sniffs the type and lists the document", async () => {
    const b = await withProfile();
    const big = new Uint8Array(600 * 1024).fill(0x20);
    big.set(PDF);
    const progress: ImportProgress[] = [];
    const meta = await b.importDocument(chosen("dossier/bilan.pdf", big), input({ type_code: " presc-bio ", author: "  Dr Martin ", author_rpps: "1000 1234 567" }), (p) =>
      progress.push(p),
    );
    expect(progress.map((p) => p.done)).toEqual([256 * 1024, 512 * 1024, 600 * 1024]);
    expect(progress.every((p) => p.total === 600 * 1024)).toBe(true);
    expect(meta).toMatchObject({
      title: "Bilan sanguin",
      type_code: "PRESC-BIO",
      author: "Dr Martin",
      author_rpps: "10001234567",
      file_name: "bilan.pdf",
      media_type: "application/pdf",
      size: 600 * 1024,
    });
    expect(meta.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await b.listDocuments()).toEqual([meta]);
    const overview = await b.overview();
    expect(overview.document_count).toBe(1);
    expect(overview.recent_documents.map((d) => d.id)).toEqual([meta.id]);
  });

  it("lists the most recent date first", async () => {
    const b = await withProfile();
    await b.importDocument(chosen("a.txt", "ancien"), input({ title: "Ancien", date: "2020-01-01" }), () => {});
    await b.importDocument(chosen("b.txt", "récent"), input({ title: "Récent", date: "2024-01-01" }), () => {});
    expect((await b.listDocuments()).map((d) => d.title)).toEqual(["Récent", "Ancien"]);
  });

  it("checks the details like the vault, naming the field", async () => {
    const b = await withProfile();
    const file = chosen("x.txt", "texte");
    const fails = (over: Partial<DocumentInput>) => b.importDocument(file, input(over), () => {});
    await expect(fails({ title: "  " })).rejects.toMatchObject({ code: "invalid", field: "title" });
    await expect(fails({ type_code: "99999-9" })).rejects.toMatchObject({ code: "invalid", field: "type_code" });
    await expect(fails({ date: "2999-01-01" })).rejects.toMatchObject({ code: "invalid", field: "date" });
    await expect(fails({ date: "2024-02-30" })).rejects.toMatchObject({ code: "invalid", field: "date" });
    await expect(fails({ author_rpps: "123" })).rejects.toMatchObject({ code: "invalid", field: "author_rpps" });
    await expect(fails({ title: "x".repeat(201) })).rejects.toMatchObject({ code: "invalid", field: "title" });
    expect(await b.listDocuments()).toEqual([]);
  });

  it("refuses files it does not keep, and unknown tokens", async () => {
    const b = await withProfile();
    const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    await expect(b.importDocument(chosen("prog", elf), input(), () => {})).rejects.toMatchObject({ code: "unsupported_file" });
    await expect(b.importDocument(chosen("vide.txt", ""), input(), () => {})).rejects.toMatchObject({ code: "unsupported_file" });
    await expect(b.importDocument({ token: "nope", name: "x", size: 1 }, input(), () => {})).rejects.toMatchObject({ code: "not_found" });
    const huge = offerFiles([{ name: "huge.pdf", size: 3 * 1024 ** 3 } as File])[0]!;
    await expect(b.importDocument(huge, input(), () => {})).rejects.toMatchObject({ code: "too_large" });
    expect(await b.listDocuments()).toEqual([]);
  });

  it("stops an import when cancelled, keeping nothing, in the current language", async () => {
    const b = await withProfile();
    b.lang = "en";
    const file = chosen("long.txt", "a".repeat(2 * 1024 * 1024));
    let calls = 0;
    const err = await b
      .importDocument(file, input(), () => {
        calls += 1;
        if (calls === 2) void b.cancelImport();
      })
      .catch((e) => e);
    expect(err).toMatchObject({ code: "cancelled", message: "Cancelled: nothing was saved." });
    expect(calls).toBe(2);
    expect(await b.listDocuments()).toEqual([]);
    // The next import is not affected.
    await b.importDocument(chosen("court.txt", "ok"), input(), () => {});
    expect(await b.listDocuments()).toHaveLength(1);
  });

  it("gives the content for the preview, a copy each time", async () => {
    const b = await withProfile();
    const meta = await b.importDocument(chosen("note.txt", "Tension normale."), input(), () => {});
    const content = await b.documentContent(meta.id);
    expect(content.media_type).toBe("text/plain");
    expect(new TextDecoder().decode(content.bytes)).toBe("Tension normale.");
    content.bytes.fill(0);
    expect(new TextDecoder().decode((await b.documentContent(meta.id)).bytes)).toBe("Tension normale.");
    await expect(b.documentContent("nope")).rejects.toMatchObject({ code: "not_found" });
  });

  it("exports by saving the original bytes under the file name", async () => {
    const b = await withProfile();
    const meta = await b.importDocument(chosen("compte-rendu.pdf", PDF), input(), () => {});
    expect(await b.exportDocument(meta.id)).toBe(true);
    expect(saved.map((s) => s.name)).toEqual(["compte-rendu.pdf"]);
    expect(new Uint8Array(await saved[0]!.blob.arrayBuffer())).toEqual(PDF);
  });

  it("hides, edits and deletes, keeping what is known of the file", async () => {
    const b = await withProfile();
    const meta = await b.importDocument(chosen("a.pdf", PDF), input({ author: "Dr Martin" }), () => {});
    const hidden = await b.setDocumentHidden(meta.id, true);
    expect(hidden).toMatchObject({ hidden: true, author: "Dr Martin", sha256: meta.sha256 });
    const edited = await b.updateDocument(meta.id, input({ title: "Ordonnance", type_code: "57833-6", source: "patient" }));
    expect(edited).toMatchObject({ title: "Ordonnance", type_code: "57833-6", source: "patient", hidden: false, file_name: "a.pdf", size: PDF.length });
    expect(edited.author).toBeUndefined();
    expect(edited.created_at).toBe(meta.created_at);
    await expect(b.updateDocument(meta.id, input({ title: "" }))).rejects.toMatchObject({ code: "invalid", field: "title" });
    await b.deleteDocument(meta.id);
    expect(await b.listDocuments()).toEqual([]);
    await expect(b.deleteDocument(meta.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("records what was done in the profile's history", async () => {
    const b = await withProfile();
    const meta = await b.importDocument(chosen("a.pdf", PDF), input(), () => {});
    await b.documentContent(meta.id);
    await b.exportDocument(meta.id);
    await b.setDocumentHidden(meta.id, true);
    await b.deleteDocument(meta.id);
    const actions = (await b.auditLog(10)).map((e) => e.action);
    expect(actions.slice(0, 5)).toEqual(["document_deleted", "document_updated", "document_exported", "document_opened", "document_imported"]);
  });

  it("needs an unlocked vault and an open profile", async () => {
    const b = createMemoryBackend();
    await b.createVault("Alice", PASS);
    await expect(b.listDocuments()).rejects.toMatchObject({ code: "no_profile" });
    await b.lock();
    await expect(b.listDocuments()).rejects.toMatchObject({ code: "locked" });
  });

  it("hands picked files over as tokens, and null when the chooser is cancelled", async () => {
    const b = await withProfile();
    expect(await b.chooseFiles()).toBeNull();
    nextPick = [new File(["a"], "un.txt"), new File(["bb"], "deux.txt")];
    const files = await b.chooseFiles();
    expect(files?.map((f) => [f.name, f.size])).toEqual([
      ["un.txt", 1],
      ["deux.txt", 2],
    ]);
    expect(new Set(files?.map((f) => f.token)).size).toBe(2);
  });
});

describe("memory backend: family", () => {
  it("adds members with their own passphrase", async () => {
    const b = await withProfile();
    await expect(b.addMember(" ", PASS)).rejects.toMatchObject({ code: "invalid", field: "name" });
    await expect(b.addMember("Bruno", "court")).rejects.toMatchObject({ code: "weak_passphrase", field: "passphrase" });
    await expect(b.addMember("alice", PASS)).rejects.toMatchObject({ code: "already_exists" });
    const bruno = await b.addMember("  Bruno ", "la phrase de Bruno");
    expect(bruno.name).toBe("Bruno");
    expect((await b.listMembers()).map((m) => m.name)).toEqual(["Alice", "Bruno"]);
    await b.lock();
    await b.unlock("Bruno", "la phrase de Bruno");
    expect(await b.listProfiles()).toEqual([]);
  });

  it("grants a profile with a role, then revokes it, never from its last holder", async () => {
    const b = await withProfile();
    const [leo] = await b.listProfiles();
    const bruno = await b.addMember("Bruno", "la phrase de Bruno");
    const me = (await b.status()).member!;
    await expect(b.grantAccess(leo!.id, "nobody", "parent")).rejects.toMatchObject({ code: "not_found" });
    await b.grantAccess(leo!.id, bruno.id, "parent");
    await expect(b.grantAccess(leo!.id, bruno.id, "caregiver")).rejects.toMatchObject({ code: "already_exists" });
    expect((await b.listProfiles())[0]!.holders).toEqual([
      { member_id: me.id, member_name: "Alice", role: "owner" },
      { member_id: bruno.id, member_name: "Bruno", role: "parent" },
    ]);

    await b.revokeAccess(leo!.id, bruno.id);
    expect((await b.listProfiles())[0]!.holders.map((h) => h.member_name)).toEqual(["Alice"]);
    await expect(b.revokeAccess(leo!.id, bruno.id)).rejects.toMatchObject({ code: "not_found" });
    const last = await b.revokeAccess(leo!.id, me.id).catch((e) => e);
    expect(last).toMatchObject({ code: "last_key_holder", message: "Impossible : plus personne ne pourrait ouvrir ce profil." });

    const actions = (await b.auditLog(5)).map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(["access_revoked", "access_granted"]);
  });

  it("lets the second member open a granted profile, and only that one", async () => {
    const b = await withProfile();
    const [leo] = await b.listProfiles();
    await b.createProfile({ name: "Alice", birth_date: "1985-01-01", sex: "female" });
    const bruno = await b.addMember("Bruno", "la phrase de Bruno");
    await b.grantAccess(leo!.id, bruno.name, "caregiver");
    await b.lock();
    await b.unlock("Bruno", "la phrase de Bruno");
    const profiles = await b.listProfiles();
    expect(profiles.map((p) => p.info?.name)).toEqual(["Léa"]);
    // Bruno cannot share or take away what he cannot open.
    const other = (await b.listMembers()).find((m) => m.name === "Alice")!;
    await expect(b.grantAccess("id-unknown", other.id, "parent")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("memory backend: passphrase, recovery kit, backups", () => {
  it("changes the passphrase only with the current one", async () => {
    const b = await withProfile();
    await expect(b.changePassphrase("pas la bonne", "une nouvelle phrase")).rejects.toMatchObject({ code: "wrong_passphrase", field: "current" });
    await expect(b.changePassphrase(PASS, "court")).rejects.toMatchObject({ code: "weak_passphrase", field: "passphrase" });
    await b.changePassphrase(PASS, "une nouvelle phrase");
    await b.lock();
    await expect(b.unlock("Alice", PASS)).rejects.toMatchObject({ code: "wrong_passphrase" });
    await b.unlock("Alice", "une nouvelle phrase");
  });

  it("saves a recovery kit as a text file", async () => {
    const b = await withProfile();
    expect(await b.saveRecoveryKit()).toBe(true);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.name).toMatch(/\.txt$/);
    expect(await saved[0]!.blob.text()).toContain("BEGIN AGE ENCRYPTED FILE");
  });

  it("backs up the whole vault and restores it elsewhere with a member's passphrase", async () => {
    const b = await withProfile();
    await b.importDocument(chosen("a.pdf", PDF), input(), () => {});
    await b.createProfile({ name: "Alice", birth_date: "1985-01-01", sex: "female" });
    const progress: number[] = [];
    const summary = await b.backup((p) => progress.push(p.done));
    expect(summary).toMatchObject({ profiles: 2, files: 3 });
    expect(progress.length).toBeGreaterThan(0);
    expect(saved).toHaveLength(1);
    const archive = new File([await saved[0]!.blob.arrayBuffer()], saved[0]!.name);

    // A new computer: nothing yet.
    const other = createMemoryBackend();
    expect(await other.restoreBackup("Alice", PASS, () => {})).toBeNull();
    nextPick = [archive];
    await expect(other.restoreBackup("Alice", "pas la bonne", () => {})).rejects.toMatchObject({ code: "wrong_passphrase" });
    await expect(other.restoreBackup("Zoé", PASS, () => {})).rejects.toMatchObject({ code: "not_found" });
    const restored = await other.restoreBackup("alice", PASS, () => {});
    expect(restored).toMatchObject({ profiles: 2, files: 3 });
    expect(await other.status()).toMatchObject({ vault_exists: true, unlocked: false });
    await other.unlock("Alice", PASS);
    const profiles = await other.listProfiles();
    expect(profiles.map((p) => p.info?.name)).toEqual(["Léa", "Alice"]);
    await other.selectProfile(profiles[0]!.id);
    const [doc] = await other.listDocuments();
    expect(new Uint8Array((await other.documentContent(doc!.id)).bytes)).toEqual(PDF);
    // New things get new ids.
    const created = await other.createProfile({ name: "Noé", birth_date: "2023-05-05", sex: "male" });
    expect(profiles.map((p) => p.id)).not.toContain(created.id);

    // Only into an empty vault.
    await expect(other.restoreBackup("Alice", PASS, () => {})).rejects.toMatchObject({ code: "destination_not_empty" });
  });

  it("says a file that is not a backup is damaged", async () => {
    const b = createMemoryBackend();
    nextPick = [new File(["pas une sauvegarde"], "x.carnet")];
    await expect(b.restoreBackup("Alice", PASS, () => {})).rejects.toMatchObject({ code: "damaged" });
    nextPick = [new File(["carnet-memory-backup/v1\n{tronqué"], "x.carnet")];
    await expect(b.restoreBackup("Alice", PASS, () => {})).rejects.toMatchObject({ code: "damaged" });
    expect((await b.status()).vault_exists).toBe(false);
  });
});

describe("memory backend: profile details", () => {
  it("updates the current profile's details, required fields checked", async () => {
    const b = await withProfile();
    await expect(b.updateProfile({ name: " ", birth_date: "2019-04-02", sex: "female" })).rejects.toMatchObject({ code: "invalid", field: "name" });
    const info = await b.updateProfile({ name: " Léa Martin ", birth_date: "2019-04-03", sex: "female" });
    expect(info.name).toBe("Léa Martin");
    expect((await b.overview()).info).toMatchObject({ name: "Léa Martin", birth_date: "2019-04-03" });
    expect((await b.listProfiles())[0]!.info?.name).toBe("Léa Martin");
    expect((await b.auditLog(1))[0]!.action).toBe("profile_updated");
  });
});
