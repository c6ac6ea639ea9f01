// A small one-page PDF for the in-memory national space: the document a
// professional deposits, so the preview has a real PDF to draw.

/** Text as a PDF string literal: parentheses and backslashes escaped. */
const literal = (text: string) => `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** One page (A4), one line of text after the other, in Helvetica (Latin-1). */
export function onePagePdf(lines: string[]): Uint8Array<ArrayBuffer> {
  const text = lines.map((line, i) => `BT /F1 ${i === 0 ? 20 : 13} Tf 60 ${770 - i * 28} Td ${literal(line)} Tj ET`).join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    `<< /Length ${text.length + 1} >>\nstream\n${text}\nendstream`,
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Latin-1: one byte per character, as the offsets above count them.
  return Uint8Array.from(pdf, (c) => Math.min(c.charCodeAt(0), 0xff));
}
