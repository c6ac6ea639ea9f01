// The development bridge as the core's transport (browser tests, design
// work): the same command table as the window, over HTTP on loopback, on a
// real vault. What the window does natively with files is done here with
// the browser's own means: picked and dropped files are uploaded first, and
// a file a command saved is downloaded. Never loaded inside the window.
import type { CoreTransport } from "./core";

interface Saved {
  id: string;
  name: string;
}

interface Answer {
  ok?: unknown;
  err?: unknown;
  saved: Saved[];
}

/** Commands that open a file dialog in the window: here the browser's chooser, first. */
const PICKS: Record<string, { multiple: boolean; accept?: string }> = {
  choose_files: { multiple: true },
  restore_backup: { multiple: false, accept: ".carnet" },
};

/** The browser's file chooser; `null` when cancelled. */
function pick(multiple: boolean, accept?: string): Promise<File[] | null> {
  return new Promise((resolve) => {
    const input = document.createElement("input");
    input.type = "file";
    input.multiple = multiple;
    if (accept) input.accept = accept;
    input.hidden = true;
    const done = (files: File[] | null) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener("change", () => done(input.files && input.files.length > 0 ? [...input.files] : null), { once: true });
    input.addEventListener("cancel", () => done(null), { once: true });
    document.body.append(input);
    input.click();
  });
}

/** Starts a download of `url` under `name`. */
function download(url: string, name: string): void {
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
}

export interface BridgeTransport extends CoreTransport {
  /** What a test plays besides the user (docs of `carnet-bridge`'s control module). */
  control(path: string, body?: unknown): Promise<unknown>;
}

/** Opens a session (a fresh vault) with the token the page was loaded with. */
export async function connectBridge(token: string): Promise<BridgeTransport> {
  const auth = { Authorization: `Bearer ${token}` };
  const opened = await fetch("/api/session", { method: "POST", headers: auth });
  if (!opened.ok) throw new Error(`the bridge refused the session (${opened.status})`);
  const { session } = (await opened.json()) as { session: string };
  const headers = { ...auth, "X-Carnet-Session": session };
  const query = `token=${encodeURIComponent(token)}&session=${encodeURIComponent(session)}`;

  // Channel messages arrive on one event stream; wait until it is open.
  const handlers = new Map<number, (message: unknown) => void>();
  let nextChannel = 1;
  const events = new EventSource(`/api/events?${query}`);
  events.onmessage = (e: MessageEvent<string>) => {
    const { channel, message } = JSON.parse(e.data) as { channel: number; message: unknown };
    handlers.get(channel)?.(message);
  };
  await new Promise<void>((resolve, reject) => {
    events.addEventListener("ready", () => resolve(), { once: true });
    events.addEventListener("error", () => reject(new Error("the bridge's event stream did not open")), { once: true });
  });

  async function upload(files: File[]): Promise<string[]> {
    const ids: string[] = [];
    for (const file of files) {
      const r = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, { method: "POST", headers, body: file });
      if (!r.ok) throw new Error(`upload refused (${r.status})`);
      ids.push(((await r.json()) as { id: string }).id);
    }
    return ids;
  }

  return {
    async invoke<T>(command: string, args: Record<string, unknown>): Promise<T> {
      const extra: Record<string, string> = {};
      const chooser = PICKS[command];
      if (chooser) {
        const files = await pick(chooser.multiple, chooser.accept);
        if (files) extra["X-Carnet-Picked"] = (await upload(files)).join(",");
      }
      const wired = Object.fromEntries(
        Object.entries(args).map(([name, value]) => {
          if (typeof value !== "function") return [name, value];
          const id = nextChannel++;
          handlers.set(id, value as (message: unknown) => void);
          return [name, `__CHANNEL__:${id}`];
        }),
      );
      const r = await fetch(`/api/invoke/${command}`, {
        method: "POST",
        headers: { ...headers, ...extra, "Content-Type": "application/json" },
        body: JSON.stringify(wired),
      });
      if (!r.ok) throw new Error(`the bridge answered ${r.status}: ${await r.text()}`);
      if (r.headers.get("Content-Type") === "application/octet-stream") return new Uint8Array(await r.arrayBuffer()) as T;
      const answer = (await r.json()) as Answer;
      for (const s of answer.saved) download(`/api/saved/${s.id}?${query}`, s.name);
      if ("err" in answer) throw answer.err;
      return answer.ok as T;
    },

    watchDrops() {
      const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes("Files") ?? false;
      const over = (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
      };
      const drop = (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        const files = [...(e.dataTransfer?.files ?? [])];
        if (files.length === 0) return;
        void upload(files).then((ids) =>
          fetch("/api/drop", { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify({ ids }) }),
        );
      };
      window.addEventListener("dragover", over);
      window.addEventListener("drop", drop);
      return () => {
        window.removeEventListener("dragover", over);
        window.removeEventListener("drop", drop);
      };
    },

    async control(path: string, body?: unknown): Promise<unknown> {
      const r = await fetch(`/api/control/${path}`, {
        method: "POST",
        headers: { ...headers, "Content-Type": "application/json" },
        body: JSON.stringify(body ?? null),
      });
      if (!r.ok) throw new Error(`control ${path}: ${r.status} ${await r.text()}`);
      return r.json();
    },
  };
}
