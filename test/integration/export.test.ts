import JSZip from "jszip";
import MarkdownIt from "markdown-it";
import markdownItFootnote from "markdown-it-footnote";
import { BodyReader } from "@accord/editor";
import { prosemirrorJSONToYDoc } from "@tiptap/y-tiptap";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { readDocx, readHtml, readMarkdown, type ReadExport } from "../../packages/export/src/testing/readExports.js";
import { useServer } from "../helpers/startServer.js";
import { openSyncedDocument } from "../helpers/syncedDocument.js";

/**
 * Export through the real server: bodies written by a Node Yjs client over the document
 * socket, read back from the stored documents, rendered, and each file read back with a
 * real parser (jszip, pdfjs-dist, markdown-it).
 */

const XSS = `<script>alert(1)</script><img src=x onerror=alert(1)>`;
const BRIEF_TITLE = `Tidewater brief ${XSS}`;
const XSS_REC_TITLE = `Rail corridors ${XSS}`;

// Our own small report: nothing here comes from the real source report.
const LONG_STORAGE =
  "Battery storage on the Tidewater grid doubled between 2020 and 2023, reaching 480 megawatts of capacity across eleven sites, " +
  "most of them beside retired coal plants whose grid connections could be reused without new transmission corridors, " +
  "which the operator credits for keeping evening peak prices flat through two unusually dry summers in a row.";
// Front matter gives the report its CSL metadata (the note's author, publisher and date).
const REPORT = `---
title: Tidewater Grid Review
author: [Mara Quill, Tomas Reyes]
publisher: Tidewater Grid Authority
date: 2024-05-14
---

# Tidewater Grid Review

## Storage

${LONG_STORAGE}[^storage]

## Rail

Freight rail carried 31 percent of inland cargo in 2023.[^rail]

Night trains between the two ports returned in 2024 after a decade.[^night]

[^storage]: Tidewater Grid Operator, “Storage Yearbook 2023,” May 2023, https://example.org/storage-yearbook.
[^rail]: Inland Freight Council, “Rail Freight Shares,” 2023, https://example.org/rail-freight.
[^night]: Port Authority, “Night Trains Return,” March 2024, https://example.org/night-trains.
`;

// Text with form feeds and bare URL lines, no footnote markers: its passages are sourced from their page.
const HARBOUR_LOG =
  "Ships waited four days at the outer anchorage in 2024.\n\nhttps://example.org/anchorage\n\fQueues eased by the autumn.\n\f";

// A bibliography source of the brief, pasted as BibTeX.
const LEE_BIBTEX = `@article{lee2023,
  author = {Lee, Min},
  title = {Storage Costs Fall},
  journal = {Energy Policy},
  volume = {181},
  pages = {113--120},
  year = {2023},
  month = jun,
  doi = {10.1016/j.enpol.2023.113700}
}`;

const STORAGE_QUOTE = "480 megawatts of capacity across eleven sites";
const RAIL_QUOTE = "31 percent of inland cargo";
const NIGHT_QUOTE = "returned in 2024 after a decade";
const HARBOUR_QUOTE = "four days at the outer anchorage";
/** The older evidence-only node quotes the whole passage, cut at the last word boundary within 300 characters. */
const STORAGE_SHORTENED =
  "Battery storage on the Tidewater grid doubled between 2020 and 2023, reaching 480 megawatts of capacity across eleven sites, " +
  "most of them beside retired coal plants whose grid connections could be reused without new transmission corridors, " +
  "which the operator credits for keeping evening peak prices…";

/**
 * Chicago notes-bibliography, 17th edition, full note (the brief's default): the report in full
 * on first use (authors, quoted title, publisher and date in parentheses, page), its short form
 * (family names, title) afterwards; each chosen source in full the first time it is cited.
 */
const CHICAGO_NOTES = [
  "“480 megawatts of capacity across eleven sites” Mara Quill and Tomas Reyes, “Tidewater Grid Review” (Tidewater Grid Authority, May 14, 2024), 1; " +
    "Min Lee, “Storage Costs Fall,” Energy Policy 181 (June 2023): 113–20, https://doi.org/10.1016/j.enpol.2023.113700.",
  "“31 percent of inland cargo” Quill and Reyes, “Tidewater Grid Review,” 1; Inland Freight Council, “Rail Freight Shares,” 2023, https://example.org/rail-freight.",
  `“${STORAGE_SHORTENED}” Quill and Reyes, “Tidewater Grid Review,” 1; Tidewater Grid Operator, “Storage Yearbook 2023,” May 2023, https://example.org/storage-yearbook.`,
  "“returned in 2024 after a decade” Quill and Reyes, “Tidewater Grid Review,” 1; Port Authority, “Night Trains Return,” March 2024, https://example.org/night-trains.",
  "“four days at the outer anchorage” “Harbour Log,” n.d., 1.",
];
const CHICAGO_BIBLIOGRAPHY = [
  // The official Chicago CSL joins a report's title and its missing date with a comma, as it does a web page's title and date.
  "“Harbour Log,” n.d.",
  "Inland Freight Council. “Rail Freight Shares,” 2023. https://example.org/rail-freight.",
  "Lee, Min. “Storage Costs Fall.” Energy Policy 181 (June 2023): 113–20. https://doi.org/10.1016/j.enpol.2023.113700.",
  "Port Authority. “Night Trains Return,” March 2024. https://example.org/night-trains.",
  "Quill, Mara, and Tomas Reyes. “Tidewater Grid Review.” Tidewater Grid Authority, May 14, 2024.",
  "Tidewater Grid Operator. “Storage Yearbook 2023,” May 2023. https://example.org/storage-yearbook.",
];
/** APA 7: a note holds the in-text citation (author, year, page), the same form every time. */
const APA_NOTES = [
  "“480 megawatts of capacity across eleven sites” (Quill & Reyes, 2024, p. 1; Lee, 2023)",
  "“31 percent of inland cargo” (Quill & Reyes, 2024, p. 1; Inland Freight Council, 2023)",
  `“${STORAGE_SHORTENED}” (Quill & Reyes, 2024, p. 1; Tidewater Grid Operator, 2023)`,
  "“returned in 2024 after a decade” (Quill & Reyes, 2024, p. 1; Port Authority, 2024)",
  "“four days at the outer anchorage” (Harbour Log, n.d., p. 1)",
];
const APA_BIBLIOGRAPHY = [
  "Harbour Log. (n.d.).",
  "Inland Freight Council. (2023). Rail Freight Shares. https://example.org/rail-freight",
  "Lee, M. (2023). Storage Costs Fall. Energy Policy, 181, 113–120. https://doi.org/10.1016/j.enpol.2023.113700",
  "Port Authority. (2024, March). Night Trains Return. https://example.org/night-trains",
  "Quill, M., & Reyes, T. (2024). Tidewater Grid Review. Tidewater Grid Authority.",
  "Tidewater Grid Operator. (2023, May). Storage Yearbook 2023. https://example.org/storage-yearbook",
];

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const reader = new BodyReader();
const text = (value: string, marks?: object[]) => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
/** A citation node as the editor writes it: the stored citation and its passage. */
const cite = (citation: { id: string; evidenceId: string | null }) => ({
  type: "citation",
  attrs: { citationId: citation.id, evidenceId: citation.evidenceId },
});
/** An older body's node: a whole passage by its evidence id alone. */
const citeEvidence = (evidenceId: string) => ({ type: "citation", attrs: { evidenceId } });
const paragraph = (...content: object[]) => ({ type: "paragraph", content });
const item = (...content: object[]) => ({ type: "listItem", content });

/** Writes `json` as the body through the document socket, as the browser's editor would, and waits until it is stored. */
async function writeBody(
  baseUrl: string,
  client: ApiClient,
  s: ReturnType<ReturnType<typeof useServer>>,
  recommendationId: string,
  json: object,
) {
  const { doc } = await openSyncedDocument(
    baseUrl,
    client.cookie,
    recommendationId,
    (cleanup) => cleanups.push(cleanup),
    { maxBackoffTime: 200 },
  );
  const built = prosemirrorJSONToYDoc(reader.schema, json, "default");
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(built));
  built.destroy();
  const expected = reader.read(doc).toJSON();
  await eventually(
    async () => {
      const stored = await s.server.collab.readDocument(recommendationId);
      try {
        expect(reader.read(stored).toJSON()).toEqual(expected);
      } finally {
        stored.destroy();
      }
    },
    { timeoutMs: 10_000 },
  );
  return doc;
}

async function approve(editor: ApiClient, lead: ApiClient, briefId: string, recId: string) {
  expect(
    (await editor.post(`/api/briefs/${briefId}/recommendations/${recId}/transitions`, { to: "in_review" })).status,
  ).toBe(200);
  expect(
    (await lead.post(`/api/briefs/${briefId}/recommendations/${recId}/transitions`, { to: "approved" })).status,
  ).toBe(200);
}

async function download(client: ApiClient, path: string) {
  const response = await fetch(client.baseUrl + path, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

function xmlText(xml: string): string {
  return xml
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/**
 * The PDF through pdf.js: its text page by page, its link annotations. (pdftotext would drop the
 * hyphen of a URL wrapped at one, "storage-⏎yearbook", as if it were a soft hyphen.)
 */
async function readPdf(bytes: Uint8Array) {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  }).promise;
  cleanups.push(() => void pdf.destroy());
  let all = "";
  const links: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    all += `${content.items.map((i) => ("str" in i ? i.str + (i.hasEOL ? "\n" : "") : "")).join("")}\n`;
    for (const a of await page.getAnnotations()) if (a.subtype === "Link" && a.url) links.push(a.url as string);
  }
  return { pdf, all, links };
}

/** Paragraphs of a WordprocessingML part: style, list level and text. */
function wordParagraphs(xml: string) {
  return [...xml.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)].map(([, inner = ""]) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(inner)?.[1] ?? null,
    level: /<w:ilvl w:val="(\d+)"/.exec(inner) ? Number(/<w:ilvl w:val="(\d+)"/.exec(inner)![1]) : null,
    text: xmlText(inner),
    footnotes: [...inner.matchAll(/<w:footnoteReference w:id="(\d+)"/g)].map((m) => Number(m[1])),
  }));
}

describe("export: the finished brief as DOCX, PDF, Markdown and HTML", () => {
  const server = useServer();
  let world: Awaited<ReturnType<typeof buildWorld>>;

  async function buildWorld() {
    const s = server();
    const lead = await buildUser(s.url, "Lena Lead");
    const editor = await buildUser(s.url, "Ed Editor");
    const reviewer = await buildUser(s.url, "Rita Reviewer");
    const viewer = await buildUser(s.url, "Vic Viewer");
    const brief = await buildBrief(lead, BRIEF_TITLE);
    await addMember(lead, editor, brief.id, "editor");
    await addMember(lead, reviewer, brief.id, "reviewer");
    await addMember(lead, viewer, brief.id, "viewer");
    const imported = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Tidewater Grid Review",
      format: "markdown",
      content: REPORT,
    });
    expect(imported.status).toBe(201);
    expect(imported.body.report.metadata).toMatchObject({
      title: "Tidewater Grid Review",
      authors: ["Mara Quill", "Tomas Reyes"],
      publisher: "Tidewater Grid Authority",
      date: "2024-05-14",
    });
    type Passage = { id: string; text: string; sources: string[]; section: string; page: number; sourcesFrom: string };
    const evidence = (await lead.get(`/api/briefs/${brief.id}/evidence?reportId=${imported.body.report.id}&limit=50`))
      .body.evidence as Passage[];
    const find = (start: string) => evidence.find((e) => e.text.startsWith(start))!;
    const storage = find("Battery storage");
    const rail = find("Freight rail");
    const night = find("Night trains");
    expect([storage.sources, rail.sources, night.sources]).toEqual([
      ["https://example.org/storage-yearbook"],
      ["https://example.org/rail-freight"],
      ["https://example.org/night-trains"],
    ]);
    const harbourImport = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Harbour Log",
      format: "text",
      content: HARBOUR_LOG,
    });
    expect(harbourImport.status).toBe(201);
    const harbourEvidence = (
      await lead.get(`/api/briefs/${brief.id}/evidence?reportId=${harbourImport.body.report.id}&limit=50`)
    ).body.evidence as Passage[];
    const anchorage = harbourEvidence.find((e) => e.text.startsWith("Ships waited"))!;
    expect([anchorage.sourcesFrom, anchorage.page, anchorage.sources]).toEqual([
      "page",
      1,
      ["https://example.org/anchorage"],
    ]);

    // Citations made as the client makes them: the selected words as a range of the passage.
    const citeWords = async (passage: Passage, words: string) => {
      const start = passage.text.indexOf(words);
      expect(start).toBeGreaterThanOrEqual(0);
      const res = await editor.post(`/api/briefs/${brief.id}/citations`, {
        evidenceId: passage.id,
        quote: { text: words, start, end: start + words.length },
      });
      expect(res.status).toBe(201);
      return res.body.citation as {
        id: string;
        evidenceId: string;
        notes: number[];
        sourceIds: string[];
        sourcesChosen: boolean;
      };
    };
    const storageCitation = await citeWords(storage, STORAGE_QUOTE);
    const railCitation = await citeWords(rail, RAIL_QUOTE);
    const nightCitation = await citeWords(night, NIGHT_QUOTE);
    const harbourCitation = await citeWords(anchorage, HARBOUR_QUOTE);
    // Defaults: the passage's notes (the night quote ends before its marker's full stop), none chosen for a page-sourced one.
    expect(
      [storageCitation, railCitation, nightCitation, harbourCitation].map((c) => [c.notes.length, c.sourcesChosen]),
    ).toEqual([
      [1, true],
      [1, true],
      [1, true],
      [0, false],
    ]);

    const pasted = await editor.post(`/api/briefs/${brief.id}/sources`, { bibtex: LEE_BIBTEX });
    expect(pasted.status).toBe(201);
    const lee = (pasted.body.sources as Array<{ id: string; csl: { title: string } }>)[0]!;
    expect(lee.csl.title).toBe("Storage Costs Fall");
    // The storage quote cites the article instead of the report's own note.
    const chosen = await editor.patch(`/api/briefs/${brief.id}/citations/${storageCitation.id}`, {
      notes: [],
      sourceIds: [lee.id],
    });
    expect([chosen.status, chosen.body.citation.notes, chosen.body.citation.sourceIds]).toEqual([200, [], [lee.id]]);

    const energy = await buildSector(lead, brief.id, "Energy");
    const transport = await buildSector(lead, brief.id, "Transport");
    const grid = await buildRecommendation(editor, brief.id, energy.id, "Expand grid storage");
    const corridors = await buildRecommendation(editor, brief.id, transport.id, XSS_REC_TITLE);
    const draft = await buildRecommendation(editor, brief.id, transport.id, "Draft only");

    // Nested lists, a quote, and the storage passage cited again by an older evidence-only node (in the quote).
    const gridDoc = await writeBody(s.url, editor, s, grid.id, {
      type: "doc",
      content: [
        paragraph(
          text("Storage must "),
          text("double", [{ type: "bold" }]),
          text(" again, see "),
          text("the plan", [{ type: "link", attrs: { href: "https://example.org/plan" } }]),
          text("."),
          cite(storageCitation),
        ),
        { type: "heading", attrs: { level: 2 }, content: [text("Steps")] },
        {
          type: "bulletList",
          content: [
            item(paragraph(text("Tier one")), {
              type: "orderedList",
              attrs: { start: 1 },
              content: [item(paragraph(text("Alpha"), cite(railCitation))), item(paragraph(text("Beta")))],
            }),
            item(paragraph(text("Tier two"))),
          ],
        },
        { type: "blockquote", content: [paragraph(text("Quoted line"), citeEvidence(storage.id))] },
      ],
    });
    await writeBody(s.url, editor, s, corridors.id, {
      type: "doc",
      content: [
        paragraph(
          text(`Run night trains ${XSS} now`),
          cite(nightCitation),
          text(" and clear the anchorage"),
          cite(harbourCitation),
        ),
      ],
    });
    await writeBody(s.url, editor, s, draft.id, { type: "doc", content: [paragraph(text("Not ready yet."))] });
    await approve(editor, lead, brief.id, grid.id);
    await approve(editor, lead, brief.id, corridors.id);

    // A comment thread on "Storage", the first word of the body: comments are never exported.
    const firstText = (gridDoc.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const thread = await reviewer.post(`/api/briefs/${brief.id}/recommendations/${grid.id}/threads`, {
      anchor: {
        from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(firstText, 0, 0)),
        to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(firstText, 7, -1)),
      },
      quote: "Storage",
      body: `Check this ${XSS}`,
    });
    expect(thread.status).toBe(201);
    return {
      lead,
      editor,
      reviewer,
      viewer,
      brief,
      energy,
      transport,
      grid,
      corridors,
      draft,
      storage,
      rail,
      night,
      anchorage,
      harbourCitation,
    };
  }

  beforeAll(async () => {
    world = await buildWorld();
  });

  const exportPath = (format: string, query = "") => `/api/briefs/${world.brief.id}/export?format=${format}${query}`;

  it("DOCX: real footnotes, one per citation, headings for sectors and recommendations, safe text", async () => {
    const res = await download(world.lead, exportPath("docx"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="tidewater-brief-script-alert-1-script-img-src-x-onerror-alert-1.docx"; ` +
        `filename*=UTF-8''Tidewater%20brief%20script%20alert%281%29%20script%20img%20src%3Dx%20onerror%3Dalert%281%29.docx`,
    );
    const zip = await JSZip.loadAsync(res.bytes);
    const footnotesXml = await zip.file("word/footnotes.xml")!.async("string");
    const documentXml = await zip.file("word/document.xml")!.async("string");
    const footnoteRels = await zip.file("word/_rels/footnotes.xml.rels")!.async("string");

    const notes = [...footnotesXml.matchAll(/<w:footnote w:id="(\d+)">([\s\S]*?)<\/w:footnote>/g)].map(
      ([, id, inner]) => ({ id: Number(id), text: xmlText(inner!) }),
    );
    expect(notes.map((n) => n.id)).toEqual([1, 2, 3, 4, 5]);
    expect((await readDocx(res.bytes)).notes).toEqual(CHICAGO_NOTES);
    // The quote is the selected words; the chosen article replaced the report's own note.
    expect(notes[0]!.text.startsWith(`“${STORAGE_QUOTE}” `)).toBe(true);
    expect(notes[0]!.text).toContain("https://doi.org/10.1016/j.enpol.2023.113700");
    expect(notes[0]!.text).not.toContain("storage-yearbook");
    // Never chosen: the page's URL is not a source of the note.
    expect(notes[4]!.text).not.toContain("example.org/anchorage");
    for (const url of [
      "https://doi.org/10.1016/j.enpol.2023.113700",
      "https://example.org/storage-yearbook",
      "https://example.org/rail-freight",
      "https://example.org/night-trains",
    ]) {
      expect(footnoteRels).toContain(`Target="${url}" TargetMode="External"`);
    }
    expect(footnoteRels).not.toContain("anchorage");

    const paragraphs = wordParagraphs(documentXml);
    expect(paragraphs.filter((p) => p.style === "Title").map((p) => p.text)).toEqual([BRIEF_TITLE]);
    expect(paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text)).toEqual([
      "Energy",
      "Transport",
      "Bibliography",
    ]);
    expect(paragraphs.filter((p) => p.style === "Heading2").map((p) => p.text)).toEqual([
      "Expand grid storage",
      XSS_REC_TITLE,
    ]);
    expect(paragraphs.filter((p) => p.style === "Heading3").map((p) => p.text)).toEqual(["Steps"]);
    expect(paragraphs.flatMap((p) => p.footnotes)).toEqual([1, 2, 3, 4, 5]);
    expect((await readDocx(res.bytes)).bibliography).toEqual(CHICAGO_BIBLIOGRAPHY);
    const listed = paragraphs.filter(
      (p) => p.level !== null && ["Tier one", "Alpha", "Beta", "Tier two"].includes(p.text),
    );
    expect(listed.map((p) => [p.text, p.level])).toEqual([
      ["Tier one", 0],
      ["Alpha", 1],
      ["Beta", 1],
      ["Tier two", 0],
    ]);
    expect(paragraphs.filter((p) => p.style === "BlockQuote").map((p) => p.text)).toEqual(["Quoted line"]);
    expect(documentXml).toContain("<w:instrText");
    expect(documentXml).not.toMatch(/<script|<img/);
    expect(documentXml).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(documentXml).not.toContain("Draft only");
    expect(documentXml).not.toContain("Check this");
  });

  it("PDF: titles, body and numbered notes in order, links as Link annotations, bookmarks", async () => {
    const res = await download(world.lead, exportPath("pdf"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const { pdf, all, links } = await readPdf(res.bytes);
    // Lines wrap anywhere (even inside "</script>"), so compare without whitespace.
    const squash = (value: string) => value.replace(/\s+/g, "");
    const flat = squash(all);
    const order = [
      BRIEF_TITLE,
      "Contents",
      "Energy",
      "Expand grid storage",
      "Storage must double again, see the plan.",
      "Steps",
      "Tier one",
      "Alpha",
      "Quoted line",
      "Transport",
      XSS_REC_TITLE,
      `Run night trains ${XSS} now4 and clear the anchorage5`,
      "Bibliography",
      ...CHICAGO_BIBLIOGRAPHY,
      // The page's notes at its foot, after its text, each after its number.
      ...CHICAGO_NOTES.map((note, index) => `${index + 1}${note}`),
    ];
    expect(flat.startsWith(squash(BRIEF_TITLE))).toBe(true); // the title page comes first
    let from = 0;
    for (const piece of order.map(squash)) {
      const at = flat.indexOf(piece, from);
      expect({ piece, found: at >= 0 }).toEqual({ piece, found: true });
      from = at + piece.length;
    }
    expect(flat).not.toContain("Draft only");
    expect([...new Set(links)].sort()).toEqual(
      [
        "https://doi.org/10.1016/j.enpol.2023.113700",
        "https://example.org/night-trains",
        "https://example.org/plan",
        "https://example.org/rail-freight",
        "https://example.org/storage-yearbook",
      ].sort(),
    );
    // Notes sit at the foot of their page: no "1. " list numbering in front of them.
    expect(flat).not.toContain(squash(`1. “${STORAGE_QUOTE}”`));
    const outline = (await pdf.getOutline()) ?? [];
    expect(outline.map((o) => [o.title, o.items.map((i) => i.title)])).toEqual([
      ["Energy", ["Expand grid storage"]],
      ["Transport", [XSS_REC_TITLE]],
      ["Bibliography", []],
    ]);
  });

  it("Markdown: every [^n] resolves, one per citation, user text stays text even with html on", async () => {
    const res = await download(world.lead, exportPath("md"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    const source = res.bytes.toString("utf8");
    const md = new MarkdownIt({ html: true }).use(markdownItFootnote);
    const env: { footnotes?: { list?: Array<{ label?: string; count: number }> } } = {};
    const tokens = md.parse(source, env);
    const inline = tokens.flatMap((t) => t.children ?? []);
    const refs = inline.filter((t) => t.type === "footnote_ref");
    expect(refs.map((t) => (t.meta as { label: string }).label)).toEqual(["1", "2", "3", "4", "5"]);
    expect(env.footnotes?.list?.map((f) => f.label)).toEqual(["1", "2", "3", "4", "5"]);
    expect(tokens.filter((t) => t.type === "footnote_open")).toHaveLength(5);
    expect(readMarkdown(source)).toEqual({ notes: CHICAGO_NOTES, bibliography: CHICAGO_BIBLIOGRAPHY });

    const html = md.render(source);
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain(
      `<h1>${"Tidewater brief &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"}</h1>`,
    );
    expect(html).toMatch(/<h3>Expand grid storage<\/h3>/);
    expect(html).toMatch(
      /<ul>\s*<li>Tier one\s*<ol>\s*<li>Alpha<sup class="footnote-ref"><a href="#fn2" id="fnref2">\[2\]<\/a><\/sup><\/li>\s*<li>Beta<\/li>\s*<\/ol>\s*<\/li>\s*<li>Tier two<\/li>\s*<\/ul>/,
    );
    expect(html).toMatch(
      /<blockquote>\s*<p>Quoted line<sup class="footnote-ref"><a href="#fn3" id="fnref3">\[3\]<\/a><\/sup><\/p>\s*<\/blockquote>/,
    );
    expect(html).toContain('<strong>double</strong> again, see <a href="https://example.org/plan">the plan</a>.');
    expect(html).toContain('<a href="https://example.org/night-trains">https://example.org/night-trains</a>');
    expect(html).toContain("<h2>Bibliography</h2>");
    expect(source).not.toContain("Draft only");
  });

  it("HTML: standalone, every note links back to an existing reference, nothing a member typed is markup", async () => {
    const res = await download(world.lead, exportPath("html"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = res.bytes.toString("utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("@media print");
    expect(html).not.toMatch(/<script|<img|<[^>]*\sonerror=/i);
    expect(html).toContain(
      "<title>Tidewater brief &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</title>",
    );

    const refIds = [...html.matchAll(/<sup class="fnref"><a href="#fn-(\d+)" id="fnref-(\d+)">(\d+)<\/a><\/sup>/g)].map(
      (m) => [m[1], m[2], m[3]],
    );
    expect(refIds).toEqual([
      ["1", "1", "1"],
      ["2", "2", "2"],
      ["3", "3", "3"],
      ["4", "4", "4"],
      ["5", "5", "5"],
    ]);
    const notes = [...html.matchAll(/<li id="fn-(\d+)" value="\d+">([\s\S]*?)<\/li>/g)];
    expect(notes.map((m) => m[1])).toEqual(["1", "2", "3", "4", "5"]);
    expect(readHtml(html)).toEqual({ notes: CHICAGO_NOTES, bibliography: CHICAGO_BIBLIOGRAPHY });
    for (const [, n, inner] of notes) {
      expect(inner).toContain(`<a href="#fnref-${n}" class="backref"`);
      expect(html).toContain(`id="fnref-${n}"`);
    }
    // Every in-page link points at an id that exists; ids are unique.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, target] of html.matchAll(/href="#([^"]+)"/g)) expect(ids).toContain(target);
    expect(html).toMatch(
      /<ul>\s*<li><p>Tier one<\/p>\s*<ol>\s*<li><p>Alpha<sup class="fnref">[\s\S]*?<\/li>\s*<li><p>Beta<\/p><\/li>\s*<\/ol><\/li>\s*<li><p>Tier two<\/p><\/li>\s*<\/ul>/,
    );
    expect(html).toMatch(
      /<blockquote>\s*<p>Quoted line<sup class="fnref"><a href="#fn-3" id="fnref-3">3<\/a><\/sup><\/p>\s*<\/blockquote>/,
    );
    expect(html).toContain('<a href="https://example.org/plan" rel="noopener noreferrer">the plan</a>');
    expect(html).not.toContain("Draft only");
  });

  /** Every format's notes and bibliography, read back from the files the server answers. */
  async function readAllFormats(): Promise<{ docx: ReadExport; md: ReadExport; html: ReadExport; pdf: string }> {
    // One at a time: the server answers 503 past its exports in flight.
    const files: Array<Awaited<ReturnType<typeof download>>> = [];
    for (const format of ["docx", "md", "html", "pdf"]) {
      const res = await download(world.lead, exportPath(format));
      expect({ format, status: res.status }).toEqual({ format, status: 200 });
      files.push(res);
    }
    const [docx, md, html, pdf] = files;
    const { notes, bibliography } = await readDocx(docx!.bytes);
    return {
      docx: { notes, bibliography },
      md: readMarkdown(md!.bytes.toString("utf8")),
      html: readHtml(html!.bytes.toString("utf8")),
      pdf: (await readPdf(pdf!.bytes)).all.replace(/\s+/g, ""),
    };
  }

  function expectEveryFormat(read: Awaited<ReturnType<typeof readAllFormats>>, expected: ReadExport) {
    expect(read.docx).toEqual(expected);
    expect(read.md).toEqual(expected);
    expect(read.html).toEqual(expected);
    // The PDF: the bibliography in order, and the notes at the foot of the (one) page, each after its number, in order.
    for (const pieces of [
      ["Bibliography", ...expected.bibliography],
      expected.notes.map((note, index) => `${index + 1}${note}`),
    ]) {
      let from = 0;
      for (const piece of pieces.map((value) => value.replace(/\s+/g, ""))) {
        const at = read.pdf.indexOf(piece, from);
        expect({ piece, found: at >= 0 }).toEqual({ piece, found: true });
        from = at + piece.length;
      }
    }
  }

  it("every format gives the same notes in the same numbering, and all change together with the brief's citation style", {
    timeout: 60_000,
  }, async () => {
    expectEveryFormat(await readAllFormats(), { notes: CHICAGO_NOTES, bibliography: CHICAGO_BIBLIOGRAPHY });

    const toApa = await world.lead.patch(`/api/briefs/${world.brief.id}`, { citationStyle: "apa" });
    expect([toApa.status, toApa.body.brief.citationStyle]).toEqual([200, "apa"]);
    try {
      expectEveryFormat(await readAllFormats(), { notes: APA_NOTES, bibliography: APA_BIBLIOGRAPHY });
      const preview = await world.lead.get(`/api/briefs/${world.brief.id}/export/preview`);
      expect(preview.body.style).toEqual({ id: "apa", title: "American Psychological Association 7th edition" });
    } finally {
      const back = await world.lead.patch(`/api/briefs/${world.brief.id}`, {
        citationStyle: "chicago-fullnote-bibliography",
      });
      expect(back.status).toBe(200);
    }
    expect((await readAllFormats()).md.notes).toEqual(CHICAGO_NOTES);
  });

  it("includes approved recommendations by default; other statuses and sectors when asked", async () => {
    const md = async (query: string) => (await download(world.lead, exportPath("md", query))).bytes.toString("utf8");
    const titles = (source: string) => [...source.matchAll(/^### (.*)$/gm)].map((m) => m[1]);
    expect(titles(await md(""))).toEqual([
      "Expand grid storage",
      "Rail corridors \\<script\\>alert(1)\\</script\\>\\<img src=x onerror=alert(1)\\>",
    ]);
    expect(titles(await md("&statuses=approved,draft")).at(-1)).toBe("Draft only");
    expect(titles(await md(`&statuses=draft&sectorIds=${world.transport.id}`))).toEqual(["Draft only"]);
    expect(titles(await md(`&sectorIds=${world.energy.id}`))).toEqual(["Expand grid storage"]);
  });

  it("previews what is included and warns about uncited, discussed and unapproved recommendations", async () => {
    const preview = await world.lead.get(`/api/briefs/${world.brief.id}/export/preview?statuses=approved,draft`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      style: { id: "chicago-fullnote-bibliography", title: "Chicago Manual of Style 17th edition (full note)" },
      // Pinned by test/integration/claims.test.ts; here the checks may still be under way.
      claimWarnings: { mismatch: expect.any(Number), inconsistent: expect.any(Number) },
      included: [
        {
          recommendationId: world.grid.id,
          title: "Expand grid storage",
          sector: "Energy",
          status: "approved",
          citations: 3,
        },
        {
          recommendationId: world.corridors.id,
          title: XSS_REC_TITLE,
          sector: "Transport",
          status: "approved",
          citations: 2,
        },
        { recommendationId: world.draft.id, title: "Draft only", sector: "Transport", status: "draft", citations: 0 },
      ],
      warnings: [
        {
          recommendationId: world.grid.id,
          title: "Expand grid storage",
          kind: "open_threads",
          message: "Has 1 open comment thread.",
        },
        {
          recommendationId: world.corridors.id,
          title: XSS_REC_TITLE,
          kind: "sources_not_chosen",
          message:
            "Note 5 cites a passage (page 1) whose sources were never chosen: choose them from the report's notes before publishing.",
          number: 5,
          citationId: world.harbourCitation.id,
        },
        {
          recommendationId: world.draft.id,
          title: "Draft only",
          kind: "no_citations",
          message: "Cites no evidence: it will have no footnotes.",
        },
        {
          recommendationId: world.draft.id,
          title: "Draft only",
          kind: "not_approved",
          message: "Included while draft, not approved.",
        },
      ],
    });
    const byDefault = await world.lead.get(`/api/briefs/${world.brief.id}/export/preview`);
    expect(byDefault.body.included.map((r: { title: string }) => r.title)).toEqual([
      "Expand grid storage",
      XSS_REC_TITLE,
    ]);

    // Choosing the anchorage passage's source (the URL at its page's foot) clears the warning
    // (the last test to read notes: the ones after it check access and input only).
    const anchorageNote = (
      await world.lead.get(`/api/briefs/${world.brief.id}/citations?ids=${world.harbourCitation.id}`)
    ).body.citations[0];
    expect([
      anchorageNote.sourcesChosen,
      anchorageNote.passage.footnotes.map((f: { urls: string[] }) => f.urls),
    ]).toEqual([false, [["https://example.org/anchorage"]]]);
    const chosen = await world.editor.patch(`/api/briefs/${world.brief.id}/citations/${world.harbourCitation.id}`, {
      notes: [anchorageNote.passage.footnotes[0].number],
    });
    expect([chosen.status, chosen.body.citation.sourcesChosen]).toEqual([200, true]);
    const after = await world.lead.get(`/api/briefs/${world.brief.id}/export/preview`);
    expect(after.body.warnings.filter((w: { kind: string }) => w.kind === "sources_not_chosen")).toEqual([]);
  });

  it("answers 403 to editors, reviewers and viewers, on the file and on the preview", async () => {
    for (const client of [world.editor, world.reviewer, world.viewer]) {
      for (const path of [exportPath("docx"), exportPath("html"), `/api/briefs/${world.brief.id}/export/preview`]) {
        const res = await client.get(path);
        expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({
          path,
          status: 403,
          code: "forbidden",
        });
      }
    }
  });

  it("answers 400 naming the field for a bad format, status or sector", async () => {
    const cases: Array<[string, string]> = [
      [`/api/briefs/${world.brief.id}/export?format=rtf`, "format"],
      [`/api/briefs/${world.brief.id}/export`, "format"],
      [exportPath("pdf", "&statuses=approved,final"), "statuses"],
      [exportPath("pdf", "&statuses="), "statuses"],
      [exportPath("md", "&sectorIds=no-such-sector"), "sectorIds"],
      [exportPath("md", "&sectorIds=bad%20id"), "sectorIds"],
      [`/api/briefs/${world.brief.id}/export/preview?statuses=done`, "statuses"],
    ];
    for (const [path, field] of cases) {
      const res = await world.lead.get(path);
      expect({ path, status: res.status, field: res.body?.error?.field }).toEqual({ path, status: 400, field });
    }
  });
});
