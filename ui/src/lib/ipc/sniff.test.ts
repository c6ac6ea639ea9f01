import { describe, expect, it } from "vitest";

import { previewKind, sniffMediaType } from "./sniff";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

describe("media type sniffing", () => {
  it("recognizes the formats the vault keeps, from their first bytes", () => {
    expect(sniffMediaType(bytes("%PDF-1.7\n..."))).toBe("application/pdf");
    expect(sniffMediaType(bytes([0x89], "PNG\r\n\x1a\n", [0, 0]))).toBe("image/png");
    expect(sniffMediaType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffMediaType(bytes("GIF89a..."))).toBe("image/gif");
    expect(sniffMediaType(bytes("GIF87a..."))).toBe("image/gif");
    expect(sniffMediaType(bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 "))).toBe("image/webp");
    expect(sniffMediaType(bytes("II*\0"))).toBe("image/tiff");
    expect(sniffMediaType(bytes([0, 0, 0, 0x18], "ftypheic"))).toBe("image/heic");
    expect(sniffMediaType(bytes([0, 0, 0, 0x18], "ftypavif"))).toBe("image/avif");
    expect(sniffMediaType(bytes(new Array(128).fill(0), "DICM"))).toBe("application/dicom");
    expect(sniffMediaType(bytes("{\\rtf1 ..."))).toBe("application/rtf");
  });

  it("takes UTF-8 text without control characters as plain text", () => {
    expect(sniffMediaType(bytes("Compte rendu : tension normale.\n"))).toBe("text/plain");
    expect(sniffMediaType(bytes("\ufeffAvec BOM\r\n\tet tabulation"))).toBe("text/plain");
    // A multi-byte character cut at the end of the sample is still text…
    expect(sniffMediaType(bytes("ab", [0xc3]))).toBe("text/plain");
    // …but a lone cut character is not.
    expect(sniffMediaType(bytes([0xc3]))).toBeNull();
    expect(sniffMediaType(bytes("texte", [0xff, 0xfe], "suite"))).toBeNull();
    expect(sniffMediaType(bytes("bip\u0007"))).toBeNull();
  });

  it("refuses executables, archives and empty files", () => {
    expect(sniffMediaType(bytes([0x7f], "ELF", [2, 1, 1, 0]))).toBeNull();
    expect(sniffMediaType(bytes("MZ", [0x90, 0, 3, 0]))).toBeNull();
    expect(sniffMediaType(bytes("PK", [3, 4]))).toBeNull();
    expect(sniffMediaType(new Uint8Array())).toBeNull();
  });

  it("knows which types the preview shows", () => {
    expect(previewKind("application/pdf")).toBe("pdf");
    expect(previewKind("image/webp")).toBe("image");
    expect(previewKind("text/plain")).toBe("text");
    expect(previewKind("image/tiff")).toBeNull();
    expect(previewKind("application/dicom")).toBeNull();
  });
});
