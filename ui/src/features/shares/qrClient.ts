// Asks the QR worker (qr.worker.ts) for a code's shape. One worker, started
// on first use and kept; if it fails, the next request starts a new one.
import type { QrShape } from "./qr";
import type { QrAnswer } from "./qr.worker";
import QrWorker from "./qr.worker?worker";

let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (shape: QrShape) => void; reject: (error: Error) => void }>();

function failAll(error: Error): void {
  for (const w of waiting.values()) w.reject(error);
  waiting.clear();
  worker?.terminate();
  worker = null;
}

function started(): Worker {
  if (worker) return worker;
  const w = new QrWorker();
  w.onmessage = (event: MessageEvent<QrAnswer>) => {
    const answer = event.data;
    const pending = waiting.get(answer.id);
    if (!pending) return;
    waiting.delete(answer.id);
    if ("shape" in answer) pending.resolve(answer.shape);
    else pending.reject(new Error(answer.error));
  };
  w.onerror = (event) => {
    event.preventDefault();
    failAll(new Error(event.message || "QR worker failed"));
  };
  worker = w;
  return w;
}

/** The QR code of `text`, computed in the worker. */
export function qrShapeOf(text: string): Promise<QrShape> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    waiting.set(id, { resolve, reject });
    try {
      started().postMessage({ id, text });
    } catch (e) {
      waiting.delete(id);
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
