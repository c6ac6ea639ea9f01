import { mount } from "svelte";

import App from "./App.svelte";
import "./app.css";
import type { Backend } from "./lib/ipc/backend";
import { createCoreBackend } from "./lib/ipc/core";
import { tauriTransport } from "./lib/ipc/tauri";

// Inside the desktop window Tauri injects its internals; in a plain browser
// the page was opened from the development bridge (browser tests, design
// work), whose token is in the address. The bridge's code is loaded only
// there, so the app never parses it.
const inTauri = "__TAURI_INTERNALS__" in window;
const backend: Backend = createCoreBackend(inTauri ? tauriTransport() : await bridgeTransport());

async function bridgeTransport() {
  const token = new URLSearchParams(location.search).get("token");
  if (!token) throw new Error("open this page from carnet-bridge (its address has the token)");
  const bridge = await (await import("./lib/ipc/bridge")).connectBridge(token);
  // Browser tests play the national space, the other device and the relay through it.
  Object.assign(window, { carnetBridge: { control: bridge.control } });
  return bridge;
}

const target = document.getElementById("app");
if (!target) throw new Error("missing #app");
mount(App, { target, props: { backend } });
