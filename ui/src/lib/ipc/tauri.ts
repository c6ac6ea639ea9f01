// Tauri's IPC as the core's transport: a callback argument becomes a
// channel, a raw answer arrives as bytes.
import { Channel, invoke as tauriInvoke } from "@tauri-apps/api/core";

import type { CoreTransport } from "./core";

export type Invoke = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

export function tauriTransport(invoke: Invoke = tauriInvoke): CoreTransport {
  return {
    async invoke<T>(command: string, args: Record<string, unknown>): Promise<T> {
      const wired = Object.fromEntries(
        Object.entries(args).map(([name, value]) => {
          if (typeof value !== "function") return [name, value];
          const channel = new Channel<unknown>();
          channel.onmessage = value as (message: unknown) => void;
          return [name, channel];
        }),
      );
      const answer = await invoke(command, wired);
      if (answer instanceof ArrayBuffer) return new Uint8Array(answer) as T;
      // Raw answers come as an array of bytes where the runtime cannot pass a buffer.
      if (command === "document_content" && Array.isArray(answer)) return Uint8Array.from(answer as number[]) as T;
      return answer as T;
    },
  };
}
