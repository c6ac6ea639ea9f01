// pdf.js, loaded only when a PDF is shown. Everything comes from the page's own
// origin (no CDN): the worker is a bundled file (/viewer/pdf.worker.min.mjs),
// and no code is generated at run time (`isEvalSupported: false`), as the
// page's CSP requires. The legacy build carries polyfills for older browsers.
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
