// Keeps the open profile in sync with the national space without anyone
// asking: once when the profile is opened, every 5 minutes, and when the
// connection comes back. Never two syncs at once: asking while one runs
// joins it. The screens read the state (a store) and start syncs through it.
// After each automatic sync of the open profile, every other linked
// profile syncs too (the core checks cheaply whether anything changed);
// how they went is in `linked`.
import { type Readable, get, writable } from "svelte/store";

import { type Backend, CarnetError } from "../../lib/ipc/backend";
import type { LinkedSync, SyncProgress, SyncReport, SyncStatus } from "../../lib/ipc/types";

/** How often a linked profile syncs by itself. */
export const AUTOSYNC_EVERY_MS = 5 * 60_000;

export interface SyncState {
  /** The link of the open profile has been read. */
  known: boolean;
  paired: boolean;
  server: string | null;
  /** RFC 3339, UTC. */
  lastSync: string | null;
  pendingDocuments: number;
  running: boolean;
  progress: SyncProgress | null;
  /** Why the last sync failed (stopping one is not a failure). */
  error: CarnetError | null;
  /** What the browser says of the connection. */
  online: boolean;
}

/** What the small indicator on the profile screens says. */
export type Indicator = "hidden" | "syncing" | "offline" | "failed" | "never" | "synced";

export function indicatorOf(s: SyncState): Indicator {
  if (!s.paired) return "hidden";
  if (s.running) return "syncing";
  if (!s.online || s.error?.code === "offline") return "offline";
  if (s.error) return "failed";
  return s.lastSync ? "synced" : "never";
}

export interface AutoSyncOptions {
  backend: Pick<Backend, "syncStatus" | "syncNow" | "cancelSync" | "syncLinkedProfiles">;
  /** Delay between two automatic syncs. */
  every?: number;
  /** Where the browser's `online` and `offline` events are listened for. */
  target?: Pick<EventTarget, "addEventListener" | "removeEventListener">;
  /** Whether the browser thinks it is connected. */
  online?: () => boolean;
}

export interface AutoSync extends Readable<SyncState> {
  /** How the other linked profiles went at the last background cycle. */
  linked: Readable<LinkedSync[]>;
  /** A profile was opened: reads its link and, if linked, syncs. */
  opened(): Promise<void>;
  /** Reads the link again (after linking or unlinking). */
  refresh(): Promise<void>;
  /** Syncs now, or joins the sync under way; rejects like `Backend.syncNow`. */
  sync(): Promise<SyncReport>;
  /** Asks the sync under way to stop; it then rejects with `cancelled`. */
  cancel(): Promise<void>;
  /** Stops the timer and the listeners; a sync under way finishes on its own. */
  stop(): void;
}

const blank = (online: boolean): SyncState => ({
  known: false,
  paired: false,
  server: null,
  lastSync: null,
  pendingDocuments: 0,
  running: false,
  progress: null,
  error: null,
  online,
});

export function startAutoSync(options: AutoSyncOptions): AutoSync {
  const { backend } = options;
  const online = options.online ?? (() => globalThis.navigator?.onLine !== false);
  const target = options.target ?? globalThis.window;
  const state = writable<SyncState>(blank(online()));
  const update = (patch: Partial<SyncState>) => state.update((s) => ({ ...s, ...patch }));

  let current: Promise<SyncReport> | null = null;
  const linked = writable<LinkedSync[]>([]);
  let linkedRunning: Promise<void> | null = null;
  let stopped = false;
  /** Bumped at each `opened`: an older one that was waiting gives way. */
  let generation = 0;

  const apply = (status: SyncStatus) =>
    update({
      known: true,
      paired: status.paired,
      server: status.server ?? null,
      lastSync: status.last_sync ?? null,
      pendingDocuments: status.pending_documents,
    });

  async function refresh(): Promise<void> {
    try {
      apply(await backend.syncStatus());
    } catch {
      // No profile open, or locked: nothing to sync.
      update({ known: true, paired: false, server: null, lastSync: null, pendingDocuments: 0 });
    }
  }

  function sync(): Promise<SyncReport> {
    if (current) return current;
    update({ running: true, progress: null, error: null });
    const run = (async () => {
      try {
        return await backend.syncNow((progress) => update({ progress }));
      } catch (e) {
        const err = CarnetError.from(e);
        if (err.code !== "cancelled") update({ error: err });
        throw err;
      } finally {
        await refresh();
        current = null;
        update({ running: false, progress: null });
      }
    })();
    current = run;
    return run;
  }

  /** The other linked profiles, once at a time; a failure is only a missed cycle. */
  function others(): Promise<void> {
    if (linkedRunning) return linkedRunning;
    linkedRunning = (async () => {
      try {
        linked.set(await backend.syncLinkedProfiles());
      } catch {
        // Locked meanwhile, or no profile at all: the next cycle tries again.
      } finally {
        linkedRunning = null;
      }
    })();
    return linkedRunning;
  }

  /** A sync nobody waits for: its outcome is in the state. */
  function auto(): void {
    if (stopped || current || !online()) return;
    const s = get(state);
    const mine = s.paired ? sync().catch(() => undefined) : Promise.resolve();
    void mine.then(() => (stopped ? undefined : others()));
  }

  async function opened(): Promise<void> {
    const mine = ++generation;
    if (current) await current.catch(() => undefined);
    if (stopped || mine !== generation) return;
    state.set(blank(online()));
    await refresh();
    if (mine === generation) auto();
  }

  const wentOnline = () => {
    update({ online: true });
    auto();
  };
  const wentOffline = () => update({ online: false });
  target?.addEventListener("online", wentOnline);
  target?.addEventListener("offline", wentOffline);
  const timer = setInterval(auto, options.every ?? AUTOSYNC_EVERY_MS);

  return {
    subscribe: state.subscribe,
    linked: { subscribe: linked.subscribe },
    opened,
    refresh,
    sync,
    cancel: () => backend.cancelSync(),
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      target?.removeEventListener("online", wentOnline);
      target?.removeEventListener("offline", wentOffline);
    },
  };
}
