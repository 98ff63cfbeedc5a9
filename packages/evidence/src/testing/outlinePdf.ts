/**
 * A PDF written by hand, for what pdfmake cannot write: outline entries whose destinations are
 * names (looked up in the catalog's /Dests), explicit page references, and one with a broken
 * destination. Three pages of one line each in Helvetica; the outline is
 *   Overview → page 1 (by name), Findings → page 2 (by reference)
 *     Exports → page 3 (by name), Missing → a name that is not defined.
 */
export function makeOutlinePdf(): Uint8Array {
  const objects: string[] = [];
  // Object numbers: 1 catalog, 2 pages, 3-5 page, 6-8 content, 9 font, 10 outlines, 11-14 items, 15 dests.
  const pageIds = [3, 4, 5];
  objects[1] = "<< /Type /Catalog /Pages 2 0 R /Outlines 10 0 R /Dests 15 0 R >>";
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count 3 >>`;
  ["Overview", "Findings", "Exports"].forEach((word, index) => {
    objects[3 + index] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${6 + index} 0 R /Resources << /Font << /F1 9 0 R >> >> >>`;
    const stream = `BT /F1 18 Tf 72 700 Td (${word}) Tj ET`;
    objects[6 + index] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  objects[9] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
  objects[10] = "<< /Type /Outlines /First 11 0 R /Last 12 0 R /Count 2 >>";
  objects[11] = "<< /Title (Overview) /Parent 10 0 R /Next 12 0 R /Dest /overview >>";
  objects[12] =
    "<< /Title (Findings) /Parent 10 0 R /Prev 11 0 R /First 13 0 R /Last 14 0 R /Count 2 /Dest [4 0 R /XYZ 0 792 0] >>";
  objects[13] = "<< /Title (Exports) /Parent 12 0 R /Next 14 0 R /Dest /exports >>";
  objects[14] = "<< /Title (Missing) /Parent 12 0 R /Prev 13 0 R /Dest /nowhere >>";
  objects[15] = "<< /overview [3 0 R /Fit] /exports [5 0 R /XYZ 0 792 0] >>";

  let text = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = text.length;
    text += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = text.length;
  text += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) text += `${String(offsets[id]).padStart(10, "0")} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(text);
}
