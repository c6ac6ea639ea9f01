// Files for the in-memory backend: what the Tauri shell does natively (file
// dialogs, dropped files, saving), done with the browser's own means. The
// screens still only see tokens, as with the real shell.
import type { ChosenFile } from "./types";

const chosen = new Map<string, File>();
let nextToken = 1;

/** Registers files the user picked or dropped and hands back their tokens. */
export function offerFiles(files: Iterable<File>): ChosenFile[] {
  return [...files].map((file) => {
    const token = `file-${nextToken++}`;
    chosen.set(token, file);
    return { token, name: file.name, size: file.size };
  });
}

/** The file behind a token, if it was offered. */
export function fileFor(token: string): File | undefined {
  return chosen.get(token);
}

/**
 * What touches the page: replaced in unit tests, where there is no DOM.
 * `pick` opens the browser's file chooser; `save` starts a download.
 */
export const browserFiles = {
  pick(multiple: boolean): Promise<File[] | null> {
    return new Promise((resolve) => {
      const input = document.createElement("input");
      input.type = "file";
      input.multiple = multiple;
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
  },
  save(blob: Blob, name: string): void {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    // Let the download start before the URL goes away.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

/** Files dropped on the window, the way the shell reports them. */
export function listenForDrops(handler: (files: ChosenFile[]) => void): () => void {
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
    if (files.length > 0) handler(offerFiles(files));
  };
  window.addEventListener("dragover", over);
  window.addEventListener("drop", drop);
  return () => {
    window.removeEventListener("dragover", over);
    window.removeEventListener("drop", drop);
  };
}

/** Reads a file chunk by chunk, with the number of bytes read so far. */
export async function* chunksOf(file: Blob, chunkSize: number): AsyncGenerator<{ chunk: Uint8Array<ArrayBuffer>; done: number }> {
  let done = 0;
  while (done < file.size) {
    const chunk = new Uint8Array(await file.slice(done, done + chunkSize).arrayBuffer());
    if (chunk.length === 0) break;
    done += chunk.length;
    yield { chunk, done };
  }
}

/** Joins chunks into one array. */
export function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Lowercase hex SHA-256, as the vault records it. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const CHUNK_B64 = 0x8000;

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK_B64) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK_B64));
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
