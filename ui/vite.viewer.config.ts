import { fileURLToPath } from "node:url";

import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vite";

// The share-link viewer page, built into dist-viewer/ for the relay
// (crates/carnet-server embeds every file there). The relay serves
// viewer.html at /s/{id} and the other files under /viewer/, under a CSP that
// allows only same-origin scripts, styles and workers: nothing inline, no
// eval. File names are stable (no content hashes) so the set stays small and
// deterministic: viewer.html, viewer.js, viewer.css, pdf.js (pdf.js, loaded
// only when a PDF is shown) and pdf.worker.min.mjs.
export default defineConfig({
  plugins: [svelte()],
  base: "/viewer/",
  publicDir: false,
  clearScreen: false,
  build: {
    target: "es2022",
    outDir: "dist-viewer",
    emptyOutDir: true,
    sourcemap: false,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { viewer: fileURLToPath(new URL("./viewer.html", import.meta.url)) },
      output: {
        entryFileNames: "[name].js",
        chunkFileNames: "[name].js",
        assetFileNames: "[name][extname]",
      },
    },
  },
});
