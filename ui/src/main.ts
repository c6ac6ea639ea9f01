import { mount } from "svelte";

import App from "./App.svelte";
import "./app.css";
import type { Backend } from "./lib/ipc/backend";
import { createTauriBackend } from "./lib/ipc/tauri";

// Inside the desktop window Tauri injects its internals; in a plain browser
// (tests, design work) the in-memory backend stands in. It is loaded only
// there, so the app never parses it.
const inTauri = "__TAURI_INTERNALS__" in window;
const backend: Backend = inTauri ? createTauriBackend() : await memoryBackend();

async function memoryBackend(): Promise<Backend> {
  const memory = (await import("./lib/ipc/memory")).createMemoryBackend();
  // Browser tests play the national space's part (server reachable or not,
  // edits from another device) and the share relay's (a professional opening
  // a link, time passing) through these handles.
  Object.assign(window, { carnetNationalSpace: memory.national, carnetShareRelay: memory.relay });
  return memory;
}

const target = document.getElementById("app");
if (!target) throw new Error("missing #app");
mount(App, { target, props: { backend } });
