// Computes QR codes away from the window: the worker has its own globals,
// which are not frozen, so the `qrcode` package loads there.
import { qrShape } from "./qr";

export interface QrRequest {
  id: number;
  text: string;
}

export type QrAnswer = { id: number; shape: ReturnType<typeof qrShape> } | { id: number; error: string };

self.onmessage = (event: MessageEvent<QrRequest>) => {
  const { id, text } = event.data;
  let answer: QrAnswer;
  try {
    answer = { id, shape: qrShape(text) };
  } catch (e) {
    answer = { id, error: e instanceof Error ? e.message : String(e) };
  }
  self.postMessage(answer);
};
