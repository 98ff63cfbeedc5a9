import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NodeCompiler } from "@myriaddreamin/typst-ts-node-compiler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Block, BriefExport, ExportRecommendation, Footnote, Inline, TextRun } from "./model.js";
import { toPdf } from "./toPdf.js";
import { TEMPLATE_ROOT, TypstPdf } from "./typst/TypstPdf.js";

/**
 * The PDF read back the way a reader meets it: poppler's pdftotext page by page (is each note
 * at the foot of its marker's page?), pdfinfo and pdffonts, and the file's own objects for
 * links, bookmarks and the structure tree. CI installs poppler-utils (.ci/run).
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "accord-pdf-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function poppler(tool: "pdftotext" | "pdfinfo" | "pdffonts", args: string[]): string {
  try {
    // Poppler's complaints about objects it need not understand go to stderr, kept from the log.
    return execFileSync(tool, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(
        `${tool} is missing: install poppler-utils (apt-get install -y poppler-utils) to run the PDF tests`,
      );
    }
    throw error;
  }
}

interface ReadPdf {
  bytes: Buffer;
  /** Each page's text (index 0 is page 1), whitespace collapsed. */
  pages: string[];
  info: string;
}

function readPdf(name: string, pdf: Buffer): ReadPdf {
  const file = path.join(tmp, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const info = poppler("pdfinfo", [file]);
  const count = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
  const pages = Array.from({ length: count }, (_, index) =>
    collapse(poppler("pdftotext", ["-f", String(index + 1), "-l", String(index + 1), file, "-"])),
  );
  return { bytes: pdf, pages, info };
}

const collapse = (text: string) => text.replace(/\s+/g, " ").trim();
/** Without any whitespace: a line may break after "/" where the text had no space. */
const squash = (text: string) => text.replace(/\s+/g, "");

/** 1-based pages whose text holds `needle` as a whole word. */
function pagesWith(pdf: ReadPdf, needle: string): number[] {
  const word = new RegExp(`(?<![\\w-])${needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`);
  return pdf.pages.flatMap((text, index) => (word.test(text) ? [index + 1] : []));
}

// ---- the fixture: a brief built directly as the export model --------------------------------

const text = (value: string, marks: Omit<TextRun, "type" | "text"> = {}): TextRun => ({
  type: "text",
  text: value,
  ...marks,
});
const paragraph = (...content: Inline[]): Block => ({ type: "paragraph", content });

const FILLER =
  "Freight through the northern corridor grew as customs clearance shortened and the rail links reopened, which the ministries now need to sustain with steady funding and a shared timetable. ";

/** Writes the notes of one recommendation: `claim(k)` is the body text right before note k's marker. */
class NoteWriter {
  next = 1;
  footnotes: Footnote[] = [];
  /** "Claim C7" then note 7's marker; the note reads "Ledger N7: …" with a live link. */
  cite(): Inline[] {
    const number = this.next++;
    const url = `https://example.org/ledger/${number}`;
    this.footnotes.push({
      number,
      content: [
        text(`Ledger N${number}: `),
        text("Harbour Freight Review", { italic: true }),
        text(`, table ${number}, `),
        text(url, { link: url }),
        text("."),
      ],
      citationId: `citation-${number}`,
      evidenceId: `evidence-${number}`,
      quote: null,
      sourceUrls: [url],
      sourcesChosen: true,
    });
    return [text(`Claim C${number}`), { type: "footnoteRef", number }, text(". ")];
  }
  take(): Footnote[] {
    const taken = this.footnotes;
    this.footnotes = [];
    return taken;
  }
}

function recommendation(id: string, title: string, blocks: Block[], notes: NoteWriter): ExportRecommendation {
  return { id, title, status: "approved", blocks, footnotes: notes.take() };
}

/** A brief of about seven body pages: long recommendations with notes throughout, then two short ones. */
function longBrief(): BriefExport {
  const notes = new NoteWriter();
  const long = (index: number) =>
    recommendation(
      `rec-${index}`,
      `Corridor measure ${index}`,
      Array.from({ length: 7 }, (_, p) =>
        paragraph(
          text(FILLER.repeat(2 + (p % 2))),
          ...notes.cite(),
          text(FILLER),
          ...(p % 3 === 0 ? notes.cite() : []),
        ),
      ),
      notes,
    );
  return {
    title: "Northern Corridor Brief",
    description: "What the ministries should fund next year, and why.",
    date: "2026-12-05",
    contributors: ["Lena Lead", "Ed Editor"],
    style: { id: "chicago-fullnote-bibliography", title: "Chicago Manual of Style 17th edition (full note)" },
    sectors: [
      { name: "Trade sector", recommendations: [long(1), long(2)] },
      {
        name: "Energy sector",
        recommendations: [
          long(3),
          recommendation(
            "rec-short-a",
            "Short measure alpha",
            [paragraph(text("Publish the clearance times monthly. "), ...notes.cite())],
            notes,
          ),
          recommendation(
            "rec-short-b",
            "Short measure beta",
            [paragraph(text("Name one office to own the timetable."))],
            notes,
          ),
        ],
      },
    ],
    bibliography: [
      {
        id: "report:r1",
        content: [
          text("Harbour Authority. "),
          text("Harbour Freight Review", { italic: true }),
          text(". Port City, 2025."),
        ],
      },
      {
        id: "source:s1",
        content: [
          text("Okafor, Ada. “Rail Links Reopened.” "),
          text("https://example.org/okafor", { link: "https://example.org/okafor" }),
          text("."),
        ],
      },
    ],
    warnings: [],
  };
}

describe("toPdf (Typst)", () => {
  let brief: BriefExport;
  let pdf: ReadPdf;
  let allNotes: Footnote[];

  beforeAll(async () => {
    brief = longBrief();
    allNotes = brief.sectors.flatMap((s) => s.recommendations.flatMap((r) => r.footnotes));
    pdf = readPdf("long", await toPdf(brief));
  });

  it("has a cover with the title, description, contributors and date, then a contents page", () => {
    expect(pdf.pages[0]).toBe(
      "Northern Corridor Brief What the ministries should fund next year, and why. Contributors: Lena Lead, Ed Editor 5 December 2026 Citations: Chicago Manual of Style 17th edition (full note)",
    );
    expect(pdf.pages[1]!.startsWith("Contents ")).toBe(true);
    // Every sector and recommendation is listed with the page its heading is on.
    for (const title of [
      "Trade sector",
      "Corridor measure 1",
      "Corridor measure 2",
      "Energy sector",
      "Corridor measure 3",
      "Short measure alpha",
      "Short measure beta",
      "Bibliography",
    ]) {
      const listed = new RegExp(`${title}[ .]*\\u2060?(\\d+)`).exec(pdf.pages[1]!);
      expect(listed, title).not.toBeNull();
      const bodyPages = pagesWith(pdf, title).filter((page) => page > 2);
      expect(bodyPages, title).toEqual([Number(listed![1])]);
    }
  });

  it("prints every note, as given, at the foot of the page of its marker, on a brief of several pages", () => {
    expect(pdf.pages.length).toBeGreaterThanOrEqual(7);
    expect(allNotes).toHaveLength(31);
    const notePages = new Set<number>();
    for (const note of allNotes) {
      // pdftotext reads the claim's word and the superscript marker after it as one word.
      const markerPage = pagesWith(pdf, `C${note.number}${note.number}`);
      const notePage = pagesWith(pdf, `N${note.number}`);
      expect(markerPage, `marker of note ${note.number}`).toHaveLength(1);
      expect(notePage, `note ${note.number}`).toEqual(markerPage);
      // The whole note, its runs in order, with its number before it.
      const words = note.content.map((run) => run.text).join("");
      expect(pdf.pages[markerPage[0]! - 1]).toContain(`${note.number}${words}`);
      notePages.add(markerPage[0]!);
    }
    // Notes on at least four different pages: the page-foot placement is exercised, not one page's.
    expect(notePages.size).toBeGreaterThanOrEqual(4);
  });

  it("flows recommendations on without page breaks: two short ones share a page", () => {
    const alpha = pagesWith(pdf, "Short measure alpha").filter((page) => page > 2);
    const beta = pagesWith(pdf, "Short measure beta").filter((page) => page > 2);
    expect(alpha).toHaveLength(1);
    expect(beta).toEqual(alpha);
    // No near-empty page: every body page but the last is mostly full (the sectors do not break pages).
    const bodyPages = pdf.pages.slice(2, -1);
    for (const [index, page] of bodyPages.entries()) expect(page.length, `page ${index + 3}`).toBeGreaterThan(1500);
  });

  it("ends with the bibliography, its entries as given", () => {
    const last = pdf.pages.at(-1)!;
    expect(last).toContain(
      "Bibliography Harbour Authority. Harbour Freight Review. Port City, 2025. Okafor, Ada. “Rail Links Reopened.” https://example.org/okafor.",
    );
  });

  it("makes every note's link and the bibliography's links live (URI link annotations)", () => {
    const raw = pdf.bytes.toString("latin1");
    for (const note of allNotes) expect(raw).toContain(`/URI (${note.sourceUrls[0]})`);
    expect(raw).toContain("/URI (https://example.org/okafor)");
  });

  it("has bookmarks for the sectors, the recommendations and the bibliography", () => {
    const raw = pdf.bytes.toString("latin1");
    expect(raw).toMatch(/\/Type \/Outlines/);
    for (const title of ["Trade sector", "Corridor measure 1", "Energy sector", "Short measure beta", "Bibliography"])
      expect(raw).toContain(`/Title (${title})`);
  });

  it("is a tagged PDF with the brief's title and authors as metadata", () => {
    expect(pdf.bytes.toString("latin1")).toContain("/StructTreeRoot");
    expect(pdf.info).toMatch(/^Tagged:\s+yes$/m);
    expect(pdf.info).toMatch(/^Title:\s+Northern Corridor Brief$/m);
    expect(pdf.info).toMatch(/^Author:\s+Lena Lead, Ed Editor$/m);
  });

  it("embeds only the bundled Source Serif 4 faces, whatever the host has installed", () => {
    const file = path.join(tmp, "long.pdf");
    const fonts = poppler("pdffonts", [file])
      .split("\n")
      .slice(2)
      .filter((line) => line.trim() !== "")
      .map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ""));
    expect(new Set(fonts)).toEqual(new Set(["SourceSerif4-Regular", "SourceSerif4-Italic", "SourceSerif4-Bold"]));
  });
});

describe("toPdf on an empty brief", () => {
  it("is a cover and a contents page, with no blank page after them", async () => {
    const brief: BriefExport = {
      title: "Nothing yet",
      description: "",
      date: "2026-12-05",
      contributors: [],
      style: { id: "apa", title: "" },
      sectors: [],
      bibliography: [],
      warnings: [],
    };
    const pdf = readPdf("empty", await toPdf(brief));
    expect(pdf.pages).toEqual(["Nothing yet 5 December 2026", "Contents 2"]);
  });
});

describe("user text reaches Typst only as text", () => {
  const HOSTILE = [
    "#set text(fill: red)",
    '#import "@preview/cetz:0.3.0": *',
    "] #strong[",
    "*not bold* _not italic_",
    "$x^2$ and \\ backslash",
    "// not a comment",
    "<label> @label",
    "`raw` ```block```",
    '#read("/etc/passwd")',
    '#image("/etc/hostname")',
    "#{ panic() }",
  ];

  it("prints hostile titles, names and runs exactly as typed, and reads no file", async () => {
    const notes = new NoteWriter();
    const hostileNote: Footnote = {
      number: 1,
      content: HOSTILE.map((value) => text(`${value} `)),
      citationId: null,
      evidenceId: null,
      quote: null,
      sourceUrls: [],
      sourcesChosen: true,
    };
    const brief: BriefExport = {
      title: '#read("/etc/passwd")',
      description: "] *desc* $y$",
      date: "not a date",
      contributors: ["#set page(width: 1cm)", "Ed <Editor>"],
      style: { id: "apa", title: "APA #7" },
      sectors: [
        {
          name: "#outline()",
          recommendations: [
            {
              id: "rec-hostile",
              title: "`#pagebreak()`",
              status: "draft",
              blocks: HOSTILE.map((value, index) =>
                paragraph(
                  text(value, { bold: index % 2 === 0, italic: index % 3 === 0 }),
                  ...(index === 0 ? [{ type: "footnoteRef", number: 1 } as Inline] : []),
                ),
              ),
              footnotes: [hostileNote, ...notes.take()],
            },
          ],
        },
      ],
      bibliography: [{ id: "source:x", content: [text('#read("/etc/hostname")')] }],
      warnings: [],
    };
    const pdf = readPdf("hostile", await toPdf(brief));
    const cover = squash(pdf.pages[0]!);
    const all = squash(pdf.pages.join(" "));
    for (const value of [
      '#read("/etc/passwd")',
      "] *desc* $y$",
      "Contributors: #set page(width: 1cm), Ed <Editor>",
      "not a date",
      "APA #7",
    ])
      expect(cover).toContain(squash(value));
    for (const value of [
      "#outline()",
      "`#pagebreak()`",
      "Status: Draft (not approved)",
      ...HOSTILE,
      '#read("/etc/hostname")',
    ])
      expect(all).toContain(squash(value));
    // The note, its runs in order after its number.
    expect(all).toContain(squash(`1${HOSTILE.join(" ")}`));
    expect(all).not.toMatch(/root:.*:0:0/);
    expect(all).not.toContain(os.hostname());
    expect(pdf.info).toMatch(/^Title:\s+#read\("\/etc\/passwd"\)$/m);
  });

  it("keeps a link only when it is http(s) or mailto", async () => {
    const brief = longBrief();
    brief.sectors[0]!.recommendations[0]!.blocks.unshift(
      paragraph(
        text("bad", { link: "javascript:alert(1)" }),
        text(" good", { link: "https://example.org/good" }),
        text(" mail", { link: "mailto:desk@example.org" }),
      ),
    );
    const raw = (await toPdf(brief)).toString("latin1");
    expect(raw).toContain("/URI (https://example.org/good)");
    expect(raw).toContain("/URI (mailto:desk@example.org)");
    expect(raw).not.toContain("javascript:");
  });
});

describe("TypstPdf", () => {
  it("gives the compiler a file system of brief.typ alone: host paths resolve inside it, and nothing outside is read", () => {
    expect(fs.readdirSync(TEMPLATE_ROOT)).toEqual(["brief.typ"]);
    // The same root TypstPdf uses, with Typst code that tries (brief.typ never does).
    const compiler = NodeCompiler.create({ workspace: TEMPLATE_ROOT });
    const diagnostics = (source: string) =>
      compiler
        .compile({ mainFileContent: source })
        .takeDiagnostics()
        ?.shortDiagnostics.map((d: { message: string }) => d.message) ?? [];
    expect(diagnostics('#read("/etc/passwd")')).toEqual([
      `file not found (searched at ${path.join(TEMPLATE_ROOT, "etc", "passwd")})`,
    ]);
    expect(diagnostics('#image("/etc/hostname")')).toEqual([
      `file not found (searched at ${path.join(TEMPLATE_ROOT, "etc", "hostname")})`,
    ]);
    for (const escapeAttempt of ['#read("../briefData.ts")', '#read("/../../../../etc/passwd")'])
      expect(diagnostics(escapeAttempt)[0]).toMatch(/^failed to load file \(access denied\)/);
  });

  it("reuses its compiler across briefs and replaces it after rendersPerCompiler, each PDF its own brief's", async () => {
    const typesetter = new TypstPdf({ rendersPerCompiler: 2 });
    const compilers: number[] = [];
    for (const title of ["First brief", "Second brief", "Third brief"]) {
      const brief = longBrief();
      brief.title = title;
      brief.sectors = [{ name: "Energy sector", recommendations: brief.sectors[1]!.recommendations.slice(1) }];
      const pdf = readPdf(title.replace(" ", "-"), await toPdf(brief, typesetter));
      expect(pdf.pages[0]!.startsWith(`${title} `)).toBe(true);
      expect(pdf.info).toMatch(new RegExp(`^Title:\\s+${title}$`, "m"));
      compilers.push(typesetter.compilersCreated);
    }
    expect(compilers).toEqual([1, 1, 2]);
  });
});
