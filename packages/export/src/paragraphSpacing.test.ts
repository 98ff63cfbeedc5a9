import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import type { BriefExport } from "./model.js";
import { DOCX_BODY_SIZE_PT, DOCX_PARAGRAPH_SPACING_TWIPS, PARAGRAPH_SPACING_EM } from "./paragraphSpacing.js";
import { toDocx } from "./toDocx.js";
import { toHtml } from "./toHtml.js";
import { briefData } from "./typst/briefData.js";

const paragraph = (text: string) => ({ type: "paragraph" as const, content: [{ type: "text" as const, text }] });

const brief: BriefExport = {
  title: "Spacing",
  description: "",
  date: "2026-12-05",
  contributors: ["Pat Writer"],
  style: { id: "apa", title: "APA" },
  sectors: [
    {
      name: "Sector",
      recommendations: [
        {
          id: "r1",
          title: "One",
          status: "draft",
          blocks: [paragraph("First paragraph."), paragraph("Second paragraph.")],
          footnotes: [],
        },
      ],
    },
  ],
  bibliography: [],
  warnings: [],
};

describe("paragraph spacing is PARAGRAPH_SPACING_EM in every export", () => {
  it("is a named value in em of the body font", () => {
    expect(PARAGRAPH_SPACING_EM).toBe(0.5);
    expect(DOCX_PARAGRAPH_SPACING_TWIPS).toBe(110);
  });

  it("HTML: a body paragraph's top margin is the constant, and nothing else sets it", () => {
    const html = toHtml(brief);
    expect(html).toContain(`.recommendation p:not([class]) { margin: ${PARAGRAPH_SPACING_EM}em 0 0; }`);
    // The body's paragraphs are the ones that rule selects: no class of their own.
    expect(html).toContain("<p>First paragraph.</p>\n<p>Second paragraph.</p>");
  });

  it("DOCX: each body paragraph has w:spacing w:after of the constant times the body size, in twentieths of a point", async () => {
    const zip = await JSZip.loadAsync(await toDocx(brief));
    const documentXml = await zip.file("word/document.xml")!.async("string");
    const paragraphs = [...documentXml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)]
      .map((m) => m[1]!)
      .filter((inner) => /Second paragraph\.|First paragraph\./.test(inner));
    expect(paragraphs).toHaveLength(2);
    for (const inner of paragraphs)
      expect(inner).toMatch(new RegExp(`<w:spacing w:after="${DOCX_PARAGRAPH_SPACING_TWIPS}"/>`));
    // The body size the spacing is measured in (w:sz in half-points).
    const stylesXml = await zip.file("word/styles.xml")!.async("string");
    expect(stylesXml).toMatch(new RegExp(`<w:rPrDefault><w:rPr>[\\s\\S]*?<w:sz w:val="${DOCX_BODY_SIZE_PT * 2}"/>`));
  });

  it("PDF: the Typst template receives the constant", () => {
    expect(briefData(brief).paragraphSpacingEm).toBe(PARAGRAPH_SPACING_EM);
  });
});
