// Attachment bytes: base64 decoding and safe file names for downloads.

/** Standard base64 (whitespace ignored) to bytes, or null if it is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  const clean = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return null;
  const native = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  try {
    if (native) return native(clean.padEnd(Math.ceil(clean.length / 4) * 4, "="));
    const binary = atob(clean);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

const PREVIEWABLE_IMAGES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

/** How a file is previewed: drawn by pdf.js, shown as an image, or not at all. */
export function previewKind(contentType: string): "pdf" | "image" | "none" {
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/pdf") return "pdf";
  if (PREVIEWABLE_IMAGES.has(type)) return "image";
  return "none";
}

/** The type given to the blob: the real one for previewable files, a neutral one otherwise. */
export function blobType(contentType: string): string {
  const kind = previewKind(contentType);
  return kind === "none" ? "application/octet-stream" : (contentType.split(";")[0]?.trim().toLowerCase() ?? "");
}

const EXTENSIONS: Record<string, string> = {
  "application/pdf": ".pdf",
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "image/gif": ".gif",
  "image/webp": ".webp",
};

/** A file name for the download: the attachment's own, without path or control characters. */
export function downloadName(fileName: string | null, title: string, contentType: string): string {
  const base = (fileName ?? "").split(/[/\\]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "").trim().slice(0, 150);
  const name = clean(base);
  if (name && name !== "." && name !== "..") return name;
  const fallback = clean(title.replace(/[/\\]/g, "-")) || "document";
  return fallback + (EXTENSIONS[blobType(contentType)] ?? "");
}
