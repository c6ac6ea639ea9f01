// How the in-app preview shows a document, by the media type the core detected.

/** Media types the preview can show, and how (others: download only). */
export function previewKind(mediaType: string): "pdf" | "image" | "text" | null {
  if (mediaType === "application/pdf") return "pdf";
  if (["image/png", "image/jpeg", "image/webp", "image/gif"].includes(mediaType)) return "image";
  if (mediaType === "text/plain") return "text";
  return null;
}
