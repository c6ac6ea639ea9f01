import { describe, expect, it } from "vitest";

import { blobType, downloadName, fromBase64, previewKind } from "./bytes";

describe("attachment bytes", () => {
  it("decode from base64, and nothing else", () => {
    const bytes = new Uint8Array(300).map((_, i) => (i * 13) & 0xff);
    const b64 = Buffer.from(bytes).toString("base64");
    expect(fromBase64(b64)).toEqual(bytes);
    expect(fromBase64(b64.replace(/(.{76})/g, "$1\n"))).toEqual(bytes);
    expect(fromBase64("")).toEqual(new Uint8Array(0));
    for (const bad of ["!!!!", "abc$", "a", "YQ==YQ=="]) expect(fromBase64(bad), bad).toBeNull();
  });

  it("are previewed only as PDF or common images", () => {
    expect(previewKind("application/pdf")).toBe("pdf");
    expect(previewKind("image/JPEG")).toBe("image");
    expect(previewKind("image/svg+xml")).toBe("none");
    expect(previewKind("text/html")).toBe("none");
    expect(blobType("text/html; charset=utf-8")).toBe("application/octet-stream");
    expect(blobType("image/png")).toBe("image/png");
  });

  it("download under a safe file name", () => {
    expect(downloadName("compte-rendu.pdf", "CR", "application/pdf")).toBe("compte-rendu.pdf");
    expect(downloadName("../../etc/passwd", "x", "text/plain")).toBe("passwd");
    expect(downloadName("C:\\dossier\\radio.png", "x", "image/png")).toBe("radio.png");
    expect(downloadName(null, "Radio du genou", "image/png")).toBe("Radio du genou.png");
    expect(downloadName("..", "a/b", "application/pdf")).toBe("a-b.pdf");
    expect(downloadName(null, "", "text/plain")).toBe("document");
  });
});
