/**
 * A minimal PDF writer for the import attacks: one catalog, one Pages tree holding every page
 * directly, and a correct cross-reference table, so that a parser has nothing to repair and
 * has to walk every page. A page is empty, or shows one line of Helvetica.
 */
export function pdfOfPages(pageCount: number, { lineOnEachPage = false } = {}): Buffer {
  const objects: string[] = [];
  // Object numbers: 1 catalog, 2 pages tree, 3 font, then per page its page object (and its content stream).
  const perPage = lineOnEachPage ? 2 : 1;
  const pageNumber = (i: number) => 4 + i * perPage;
  objects.push("<< /Type /Catalog /Pages 2 0 R >>");
  const kids = Array.from({ length: pageCount }, (_unused, i) => `${pageNumber(i)} 0 R`).join(" ");
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pageCount} >>`);
  objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (let i = 0; i < pageCount; i++) {
    if (!lineOnEachPage) {
      objects.push("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>");
      continue;
    }
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageNumber(i) + 1} 0 R >>`,
    );
    const stream = `BT /F1 12 Tf 72 720 Td (${lineOf(i)}) Tj ET`;
    objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  }
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, "latin1");
  // Each entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, n/f, CR LF.
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n\r\n`).join("");
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

const WORDS = [
  "grid",
  "tariff",
  "border",
  "energy",
  "supply",
  "chain",
  "policy",
  "trade",
  "labour",
  "market",
  "rules",
  "origin",
  "steel",
  "power",
  "link",
];

/** A different sentence on every page, so that nothing reads as a running header to strip. */
function lineOf(i: number): string {
  const words = [0, 1, 2, 3, 4, 5].map((k) => WORDS[Math.floor(i / 15 ** k) % 15]!);
  return `Finding ${i + 1}: ${words.join(" ")} matter here.`;
}
