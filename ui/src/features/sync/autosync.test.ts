import { get } from "svelte/store";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { translate } from "../../lib/i18n";
import { CarnetError } from "../../lib/ipc/backend";
import type { LinkedSync, SyncProgress, SyncReport, SyncStatus } from "../../lib/ipc/types";
import { AUTOSYNC_EVERY_MS, type AutoSync, indicatorOf, startAutoSync } from "./autosync";
import { indicatorText } from "./words";

const REPORT: SyncReport = { rounds: 2, bytes_sent: 1, bytes_received: 2, records_changed: 0, documents_changed: 0, uploaded: 0, downloaded: 0, still_missing: 0, deferred: 0 };

/** A backend whose syncs end when the test says so. */
function fakeBackend() {
  const runs: { resolve: (r: SyncReport) => void; reject: (e: unknown) => void }[] = [];
  const progress: SyncProgress = { phase: "records", bytes_sent: 1, bytes_received: 0, items_done: 0, items_total: 0 };
  const fake = {
    paired: true,
    lastSync: undefined as string | undefined,
    statusReads: 0,
    syncs: 0,
    linkedCycles: 0,
    linked: [] as LinkedSync[],
    backend: {
      async syncLinkedProfiles(): Promise<LinkedSync[]> {
        fake.linkedCycles += 1;
        return fake.linked;
      },
      async syncStatus(): Promise<SyncStatus> {
        fake.statusReads += 1;
        return fake.paired
          ? { paired: true, server: "https://passerelle.exemple.fr", last_sync: fake.lastSync, pending_documents: 0 }
          : { paired: false, pending_documents: 0 };
      },
      syncNow(onProgress: (p: SyncProgress) => void): Promise<SyncReport> {
        fake.syncs += 1;
        onProgress(progress);
        return new Promise((resolve, reject) => runs.push({ resolve, reject }));
      },
      async cancelSync() {
        runs.shift()?.reject({ code: "cancelled", message: "Opération annulée." });
      },
    },
    /** The sync under way ends well. */
    async finish() {
      fake.lastSync = new Date().toISOString();
      runs.shift()?.resolve(REPORT);
      await vi.advanceTimersByTimeAsync(0);
    },
    /** The sync under way fails with `code`. */
    async fail(code: string) {
      runs.shift()?.reject({ code, message: `failed: ${code}` });
      await vi.advanceTimersByTimeAsync(0);
    },
  };
  return fake;
}

describe("auto-sync", () => {
  let fake: ReturnType<typeof fakeBackend>;
  let page: EventTarget;
  let online: boolean;
  let auto: AutoSync;

  function start() {
    auto = startAutoSync({ backend: fake.backend, target: page, online: () => online });
    return auto;
  }

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2025, 2, 1, 14, 2));
    fake = fakeBackend();
    page = new EventTarget();
    online = true;
  });

  afterEach(() => {
    auto?.stop();
    vi.useRealTimers();
  });

  it("syncs once when a linked profile is opened, and not an unlinked one", async () => {
    start();
    expect(get(auto)).toMatchObject({ known: false, paired: false });
    await auto.opened();
    expect(fake.syncs).toBe(1);
    expect(get(auto)).toMatchObject({ known: true, paired: true, running: true, progress: { phase: "records" } });
    expect(indicatorOf(get(auto))).toBe("syncing");
    await fake.finish();
    expect(get(auto)).toMatchObject({ running: false, progress: null, lastSync: fake.lastSync, error: null });
    expect(indicatorOf(get(auto))).toBe("synced");

    fake.paired = false;
    await auto.opened();
    expect(fake.syncs).toBe(1);
    expect(indicatorOf(get(auto))).toBe("hidden");
  });

  it("syncs the other linked profiles after the open one, and when the open one is not linked", async () => {
    fake.linked = [{ profile_id: "p2", name: "Léo", outcome: "synced", unseen_activity: 1 }];
    start();
    await auto.opened();
    // Not before the open profile's own sync ends.
    expect(fake.linkedCycles).toBe(0);
    await fake.finish();
    expect(fake.linkedCycles).toBe(1);
    expect(get(auto.linked)).toEqual(fake.linked);

    fake.paired = false;
    await auto.opened();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.syncs).toBe(1);
    expect(fake.linkedCycles).toBe(2);
    await vi.advanceTimersByTimeAsync(AUTOSYNC_EVERY_MS);
    expect(fake.linkedCycles).toBe(3);

    // Offline: nothing is tried.
    online = false;
    page.dispatchEvent(new Event("offline"));
    await vi.advanceTimersByTimeAsync(AUTOSYNC_EVERY_MS);
    expect(fake.linkedCycles).toBe(3);
    online = true;
    page.dispatchEvent(new Event("online"));
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.linkedCycles).toBe(4);
  });

  it("syncs every 5 minutes, never two at once", async () => {
    start();
    await auto.opened();
    expect(fake.syncs).toBe(1);
    // Still running: the timer does not start another one, asking joins it.
    await vi.advanceTimersByTimeAsync(2 * AUTOSYNC_EVERY_MS);
    expect(fake.syncs).toBe(1);
    const joined = auto.sync();
    expect(auto.sync()).toBe(joined);
    expect(fake.syncs).toBe(1);
    await fake.finish();
    await expect(joined).resolves.toEqual(REPORT);

    await vi.advanceTimersByTimeAsync(AUTOSYNC_EVERY_MS - 1000);
    expect(fake.syncs).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fake.syncs).toBe(2);
    await fake.finish();
    await vi.advanceTimersByTimeAsync(AUTOSYNC_EVERY_MS);
    expect(fake.syncs).toBe(3);
    await fake.finish();
  });

  it("shows offline while the browser is, and syncs when the connection comes back", async () => {
    start();
    await auto.opened();
    await fake.finish();
    online = false;
    page.dispatchEvent(new Event("offline"));
    expect(indicatorOf(get(auto))).toBe("offline");
    // No point trying while offline.
    await vi.advanceTimersByTimeAsync(AUTOSYNC_EVERY_MS);
    expect(fake.syncs).toBe(1);
    online = true;
    page.dispatchEvent(new Event("online"));
    expect(fake.syncs).toBe(2);
    expect(indicatorOf(get(auto))).toBe("syncing");
    await fake.finish();
    expect(indicatorOf(get(auto))).toBe("synced");
  });

  it("shows offline after the server did not answer, until a sync works", async () => {
    start();
    await auto.opened();
    await fake.fail("offline");
    expect(get(auto).error).toBeInstanceOf(CarnetError);
    expect(get(auto).error?.code).toBe("offline");
    expect(indicatorOf(get(auto))).toBe("offline");
    await vi.advanceTimersByTimeAsync(AUTOSYNC_EVERY_MS);
    expect(fake.syncs).toBe(2);
    await fake.fail("server_error");
    expect(indicatorOf(get(auto))).toBe("failed");
    const manual = auto.sync();
    await fake.finish();
    await manual;
    expect(get(auto).error).toBeNull();
    expect(indicatorOf(get(auto))).toBe("synced");
  });

  it("rejects a sync asked for by someone, and a cancel is no failure", async () => {
    start();
    await auto.opened();
    await fake.finish();
    const failing = expect(auto.sync()).rejects.toMatchObject({ code: "not_paired" });
    await fake.fail("not_paired");
    await failing;
    const stopping = expect(auto.sync()).rejects.toMatchObject({ code: "cancelled" });
    await auto.cancel();
    await stopping;
    expect(get(auto)).toMatchObject({ running: false, error: null });
    expect(indicatorOf(get(auto))).toBe("synced");
  });

  it("waits for the sync under way before opening another profile", async () => {
    start();
    await auto.opened();
    const second = auto.opened();
    const third = auto.opened();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.syncs).toBe(1);
    await fake.finish();
    await Promise.all([second, third]);
    // Only the last one opened syncs.
    expect(fake.syncs).toBe(2);
    await fake.finish();
  });

  it("stops listening and syncing once stopped", async () => {
    start();
    await auto.opened();
    await fake.finish();
    auto.stop();
    await vi.advanceTimersByTimeAsync(3 * AUTOSYNC_EVERY_MS);
    page.dispatchEvent(new Event("online"));
    await auto.opened();
    expect(fake.syncs).toBe(1);
  });

  it("is hidden when the status cannot be read (no profile open)", async () => {
    fake.backend.syncStatus = async () => {
      throw { code: "no_profile", message: "Choisissez d'abord un profil." };
    };
    start();
    await auto.opened();
    expect(get(auto)).toMatchObject({ known: true, paired: false });
    expect(fake.syncs).toBe(0);
  });
});

describe("sync indicator words", () => {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate("fr", key, params);
  const now = new Date(2025, 2, 12, 18, 30);

  it("says the time of today's sync, and the day of an older one", () => {
    expect(indicatorText("synced", new Date(2025, 2, 12, 14, 2).toISOString(), "fr", t, now)).toBe("Synchronisé à 14:02");
    expect(indicatorText("synced", new Date(2025, 2, 10, 9, 5).toISOString(), "fr", t, now)).toBe("Synchronisé le 10 mars à 09:05");
    expect(indicatorText("syncing", null, "fr", t, now)).toBe("Synchronisation…");
    expect(indicatorText("offline", null, "fr", t, now)).toBe("Hors ligne : vos modifications sont gardées ici");
    expect(indicatorText("hidden", null, "fr", t, now)).toBe("");
    const en = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate("en", key, params);
    expect(indicatorText("synced", new Date(2025, 2, 12, 14, 2).toISOString(), "en", en, now)).toBe("Synced at 14:02");
  });
});
