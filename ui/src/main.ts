import { mount } from "svelte";

import App from "./App.svelte";
import "./app.css";
import { createMemoryBackend } from "./lib/ipc/memory";
import { createTauriBackend } from "./lib/ipc/tauri";

// Inside the desktop window Tauri injects its internals; in a plain browser
// (tests, design work) the in-memory backend stands in.
const inTauri = "__TAURI_INTERNALS__" in window;
const backend = inTauri ? createTauriBackend() : createMemoryBackend();

const target = document.getElementById("app");
if (!target) throw new Error("missing #app");
mount(App, { target, props: { backend } });
