// The viewer loads pdf.js exactly as the app does (same module: bundled
// worker, no eval, nothing fetched); the viewer's build names the worker
// /viewer/pdf.worker.min.mjs. Imported dynamically, only when a PDF is shown.
export { openPdf, type PDFDocumentProxy } from "../features/documents/pdf";
