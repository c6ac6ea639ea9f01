// Recognizing the kind of file a person imports from its first bytes, the
// same way the vault does (carnet-vault/src/media.rs).

/** How many bytes the vault looks at (its first read chunk). */
export const SNIFF_BYTES = 256 * 1024;

const startsWith = (head: Uint8Array, magic: number[], at = 0): boolean =>
  head.length >= at + magic.length && magic.every((b, i) => head[at + i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** The media type Carnet keeps for this content, or `null` when it refuses it. */
export function sniffMediaType(head: Uint8Array): string | null {
  if (head.length === 0) return null;
  if (startsWith(head, ascii("%PDF-"))) return "application/pdf";
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return "image/gif";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "image/webp";
  if (startsWith(head, ascii("II*\0")) || startsWith(head, ascii("MM\0*"))) return "image/tiff";
  if (startsWith(head, ascii("ftyp"), 4)) {
    for (const brand of ["heic", "heix", "mif1", "avif"]) {
      if (startsWith(head, ascii(brand), 8)) return brand === "avif" ? "image/avif" : "image/heic";
    }
  }
  if (startsWith(head, ascii("DICM"), 128)) return "application/dicom";
  if (startsWith(head, ascii("{\\rtf"))) return "application/rtf";
  if (looksLikeText(head)) return "text/plain";
  return null;
}

/**
 * UTF-8 without control characters other than whitespace; a multi-byte
 * character cut at the end of the sample is tolerated.
 */
function looksLikeText(head: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(head, { stream: true });
  } catch {
    return false;
  }
  if (text.startsWith("\u{feff}")) text = text.slice(1);
  if (text === "") return false;
  for (const c of text) {
    const code = c.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (control && !["\n", "\r", "\t", "\f"].includes(c)) return false;
  }
  return true;
}

/** Media types the in-app preview can show, and how. */
export function previewKind(mediaType: string): "pdf" | "image" | "text" | null {
  if (mediaType === "application/pdf") return "pdf";
  if (["image/png", "image/jpeg", "image/webp", "image/gif"].includes(mediaType)) return "image";
  if (mediaType === "text/plain") return "text";
  return null;
}
