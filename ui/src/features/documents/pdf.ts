// pdf.js, loaded only when a PDF is previewed. Everything comes from the app
// itself (no CDN): the worker is a bundled file, and no code is generated at
// run time (`isEvalSupported: false`), as the strict CSP requires. The legacy
// build carries the polyfills older system web views need.
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import workerUrl from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?url";

GlobalWorkerOptions.workerSrc = workerUrl;

/** Opens a PDF from its bytes (which pdf.js takes over). */
export function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  return getDocument({
    data: bytes,
    isEvalSupported: false,
    enableXfa: false,
    // Nothing is fetched: no font, colour profile or WebAssembly URL is given.
    useWorkerFetch: false,
    stopAtErrors: false,
  }).promise;
}

export type { PDFDocumentProxy };
