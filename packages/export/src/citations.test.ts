import { BodyReader } from "@accord/editor";
import { describe, expect, it } from "vitest";
import { buildBriefExport, citedIdsOf, type BriefExportInput, type ExportCitation } from "./buildBriefExport.js";
import { CslEngines } from "./csl/CslEngine.js";
import { loadBundledStyle } from "./csl/styles.js";
import type { CslItem } from "./csl/cslItem.js";
import type { BriefExport, Footnote } from "./model.js";
import { toDocx } from "./toDocx.js";
import { toHtml } from "./toHtml.js";
import { toMarkdown } from "./toMarkdown.js";
import { toPdf } from "./toPdf.js";
import { readDocx, readHtml, readMarkdown, readPdfText } from "./testing/readExports.js";

/**
 * Notes and bibliography through the citation style, read back from every format: the same
 * words and numbers in DOCX (word/footnotes.xml), Markdown (as markdown-it reads it), HTML
 * and PDF (pdftotext), under Chicago and under APA.
 */

const schema = new BodyReader().schema;
const text = (value: string) => ({ type: "text", text: value });
const cite = (attrs: { citationId?: string; evidenceId?: string }) => ({ type: "citation", attrs });
const paragraph = (...content: object[]) => ({ type: "paragraph", content });
const doc = (...content: object[]) => schema.nodeFromJSON({ type: "doc", content });

const citation = (id: string, fields: Partial<ExportCitation>): ExportCitation => ({
  id,
  evidenceId: null,
  reportId: null,
  quote: null,
  notes: [],
  sourceIds: [],
  sourcesChosen: true,
  sourceId: null,
  locator: null,
  ...fields,
});

const SOURCES = new Map<string, CslItem>([
  [
    "lee",
    {
      type: "article-journal",
      title: "Storage Costs Fall",
      author: [{ family: "Lee", given: "Min" }],
      "container-title": "Energy Policy",
      volume: "181",
      page: "113-120",
      issued: { "date-parts": [[2023, 6]] },
      DOI: "10.1016/j.enpol.2023.113700",
    },
  ],
  [
    "bakke",
    {
      type: "book",
      title: "The Grid",
      author: [{ family: "Bakke", given: "Gretchen" }],
      publisher: "Bloomsbury & Sons <script>alert(1)</script>",
      "publisher-place": "New York",
      issued: { "date-parts": [[2016]] },
    },
  ],
  ["unused", { type: "book", title: "Never Cited", author: [{ family: "Nobody", given: "A." }] }],
]);

const QUOTE = "reached 7 gigawatts in 2023";
const PASSAGE_1 = "Installed battery capacity reached 7 gigawatts in 2023, more than double the year before.";
const PASSAGE_2 = "Interconnection queues hold more storage than any other resource.";

function input(styleId: string): BriefExportInput {
  return {
    title: "Grid storage brief",
    description: "",
    date: "2025-03-07",
    contributors: ["Ada Lovelace"],
    sectors: [
      {
        name: "Energy",
        recommendations: [
          {
            id: "rec-storage",
            title: "Expand grid storage",
            status: "approved",
            body: doc(
              paragraph(text("Storage grew fast"), cite({ citationId: "c-quote", evidenceId: "e-storage" }), text(".")),
              paragraph(
                text("The grid is old"),
                cite({ citationId: "c-book" }),
                text(" and tired"),
                cite({ citationId: "c-book" }),
                text("."),
              ),
              // Not the brief's, or not what they claim: no number, no note.
              paragraph(
                text("Forged"),
                cite({ citationId: "c-missing" }),
                cite({ citationId: "c-quote", evidenceId: "e-queues" }),
                cite({ evidenceId: "e-foreign" }),
              ),
            ),
          },
          {
            id: "rec-queues",
            title: "Clear the queues",
            status: "approved",
            body: doc(
              paragraph(
                text("Queues are long"),
                cite({ evidenceId: "e-queues" }),
                text(" and full of storage"),
                cite({ citationId: "c-unsourced" }),
                text("."),
              ),
              paragraph(text("Again"), cite({ citationId: "c-quote" }), text(".")),
            ),
          },
        ],
      },
    ],
    evidence: new Map([
      [
        "e-storage",
        {
          reportId: "crs",
          text: PASSAGE_1,
          section: "Storage",
          page: 4,
          footnotes: [3],
          sourcesFrom: "markers" as const,
        },
      ],
      [
        "e-queues",
        {
          reportId: "crs",
          text: PASSAGE_2,
          section: "Queues",
          page: 9,
          footnotes: [5, 6],
          sourcesFrom: "page" as const,
        },
      ],
    ]),
    style: { id: styleId, xml: null },
    reports: new Map([
      [
        "crs",
        {
          metadata: {
            title: "Electricity Storage: Federal Policy Options",
            authors: ["Jane Smith", "Omar Haddad"],
            publisher: "Congressional Research Service",
            date: "2024-03-05",
            reportNumber: "R48001",
          },
          footnotes: new Map([
            [
              3,
              {
                text: "U.S. Energy Information Administration, “Battery Storage in the United States,” August 2021, https://www.eia.gov/analysis/storage/.",
                urls: ["https://www.eia.gov/analysis/storage/"],
              },
            ],
            [
              5,
              {
                text: "Lawrence Berkeley National Laboratory, “Queued Up,” April 2024, https://emp.lbl.gov/queues.",
                urls: ["https://emp.lbl.gov/queues"],
              },
            ],
          ]),
        },
      ],
    ]),
    citations: new Map([
      [
        "c-quote",
        citation("c-quote", {
          evidenceId: "e-storage",
          reportId: "crs",
          quote: { text: QUOTE, start: 27, end: 54 },
          notes: [3],
          sourceIds: ["lee"],
        }),
      ],
      ["c-book", citation("c-book", { sourceId: "bakke", locator: "p. 17" })],
      [
        "c-unsourced",
        citation("c-unsourced", {
          evidenceId: "e-queues",
          reportId: "crs",
          quote: { text: "more storage than any other resource", start: 28, end: 64 },
          sourcesChosen: false,
        }),
      ],
    ]),
    sources: SOURCES,
  };
}

const plain = (runs: ReadonlyArray<{ text: string }>) => runs.map((run) => run.text).join("");
const notesOf = (model: BriefExport): Footnote[] =>
  model.sectors.flatMap((sector) => sector.recommendations.flatMap((r) => r.footnotes));
const noteTexts = (model: BriefExport) => notesOf(model).map((note) => plain(note.content));

const CHICAGO_IBID_NOTES = [
  "“reached 7 gigawatts in 2023” Jane Smith and Omar Haddad, “Electricity Storage: Federal Policy Options” (Congressional Research Service, March 5, 2024), 4; U.S. Energy Information Administration, “Battery Storage in the United States,” August 2021, https://www.eia.gov/analysis/storage/; Min Lee, “Storage Costs Fall,” Energy Policy 181 (June 2023): 113–20, https://doi.org/10.1016/j.enpol.2023.113700.",
  "Gretchen Bakke, The Grid (New York: Bloomsbury & Sons <script>alert(1)</script>, 2016), 17.",
  "Ibid.",
  "“Interconnection queues hold more storage than any other resource.” Smith and Haddad, “Electricity Storage: Federal Policy Options,” 9.",
  "“more storage than any other resource” Ibid.",
  "“reached 7 gigawatts in 2023” Ibid., 4; U.S. Energy Information Administration, “Battery Storage in the United States”; Lee, “Storage Costs Fall.”",
];

const APA_NOTES = [
  "“reached 7 gigawatts in 2023” (Smith & Haddad, 2024, p. 4; U.S. Energy Information Administration, 2021; Lee, 2023)",
  "(Bakke, 2016, p. 17)",
  "(Bakke, 2016, p. 17)",
  "“Interconnection queues hold more storage than any other resource.” (Smith & Haddad, 2024, p. 9)",
  "“more storage than any other resource” (Smith & Haddad, 2024, p. 9)",
  "“reached 7 gigawatts in 2023” (Smith & Haddad, 2024, p. 4; U.S. Energy Information Administration, 2021; Lee, 2023)",
];

describe("notes through the citation style", () => {
  it("quotes the selected words, cites exactly the chosen sources, and shortens or says Ibid. as Chicago (with Ibid.) wants", () => {
    const model = buildBriefExport(input("chicago-fullnote-bibliography-with-ibid"));
    expect(model.style).toEqual({
      id: "chicago-fullnote-bibliography-with-ibid",
      title: "Chicago Manual of Style 17th edition (full note, with Ibid.)",
    });
    expect(noteTexts(model)).toEqual(CHICAGO_IBID_NOTES);
    const notes = notesOf(model);
    expect(notes.map((n) => [n.number, n.citationId, n.evidenceId, n.quote, n.sourceUrls, n.sourcesChosen])).toEqual([
      [1, "c-quote", "e-storage", QUOTE, ["https://www.eia.gov/analysis/storage/"], true],
      [2, "c-book", null, null, [], true],
      [3, "c-book", null, null, [], true],
      [4, null, "e-queues", PASSAGE_2, [], false],
      [5, "c-unsourced", "e-queues", "more storage than any other resource", [], false],
      [6, "c-quote", "e-storage", QUOTE, ["https://www.eia.gov/analysis/storage/"], true],
    ]);
    // Styling and links survive as runs: the journal in italics, the DOI as a live link.
    expect(notes[0]!.content.filter((run) => run.italic).map((run) => run.text)).toEqual(["Energy Policy"]);
    expect(notes[0]!.content.filter((run) => run.link).map((run) => run.link)).toEqual([
      "https://www.eia.gov/analysis/storage/",
      "https://doi.org/10.1016/j.enpol.2023.113700",
    ]);
    // Forged and mismatched nodes took no number: the bodies reference 1–3 and 4–6.
    const [storage, queues] = model.sectors[0]!.recommendations;
    expect(storage!.footnotes.map((n) => n.number)).toEqual([1, 2, 3]);
    expect(queues!.footnotes.map((n) => n.number)).toEqual([4, 5, 6]);
    expect(storage!.blocks[2]).toEqual({ type: "paragraph", content: [{ type: "text", text: "Forged" }] });
  });

  it("under Chicago's default (17th edition, no Ibid.), a second citation is the short note", () => {
    const notes = noteTexts(buildBriefExport(input("chicago-fullnote-bibliography")));
    expect(notes[2]).toBe("Bakke, 17.");
    expect(notes[4]).toBe("“more storage than any other resource” Smith and Haddad, 9.");
    expect(notes[5]).toBe(
      "“reached 7 gigawatts in 2023” Smith and Haddad, 4; U.S. Energy Information Administration, “Battery Storage in the United States”; Lee, “Storage Costs Fall.”",
    );
  });

  it("lists one bibliography entry per cited item, in the style's order, and warns of sources never chosen", () => {
    const model = buildBriefExport(input("chicago-fullnote-bibliography-with-ibid"));
    expect(model.bibliography.map((entry) => [entry.id, plain(entry.content)])).toEqual([
      ["source:bakke", "Bakke, Gretchen. The Grid. New York: Bloomsbury & Sons <script>alert(1)</script>, 2016."],
      [
        "source:lee",
        "Lee, Min. “Storage Costs Fall.” Energy Policy 181 (June 2023): 113–20. https://doi.org/10.1016/j.enpol.2023.113700.",
      ],
      [
        "report:crs",
        "Smith, Jane, and Omar Haddad. “Electricity Storage: Federal Policy Options.” Congressional Research Service, March 5, 2024.",
      ],
      [
        "note:crs:3",
        "U.S. Energy Information Administration. “Battery Storage in the United States,” August 2021. https://www.eia.gov/analysis/storage/.",
      ],
    ]);
    expect(model.warnings).toEqual([
      {
        kind: "sources_not_chosen",
        recommendationId: "rec-queues",
        number: 4,
        citationId: null,
        message:
          "Note 4 cites a passage (page 9) whose sources were never chosen: choose them from the report's notes before publishing.",
      },
      {
        kind: "sources_not_chosen",
        recommendationId: "rec-queues",
        number: 5,
        citationId: "c-unsourced",
        message:
          "Note 5 cites a passage (page 9) whose sources were never chosen: choose them from the report's notes before publishing.",
      },
    ]);
  });

  it("under APA a note holds the in-text form, and the bibliography follows APA", () => {
    const model = buildBriefExport(input("apa"));
    expect(noteTexts(model)).toEqual(APA_NOTES);
    expect(model.bibliography.map((entry) => plain(entry.content))).toEqual([
      "Bakke, G. (2016). The Grid. Bloomsbury & Sons <script>alert(1)</script>.",
      "Lee, M. (2023). Storage Costs Fall. Energy Policy, 181, 113–120. https://doi.org/10.1016/j.enpol.2023.113700",
      "Smith, J., & Haddad, O. (2024). Electricity Storage: Federal Policy Options (No. R48001). Congressional Research Service.",
      "U.S. Energy Information Administration. (2021, August). Battery Storage in the United States. https://www.eia.gov/analysis/storage/",
    ]);
  });

  it("renders with the lead's own CSL file when the style is custom", () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>House Notes</title><id>house</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout suffix="." delimiter="; "><text variable="title" font-style="italic"/><text variable="locator" prefix=" at "/></layout></citation>
  <bibliography><layout><text variable="title"/></layout></bibliography>
</style>`;
    const model = buildBriefExport({ ...input("custom"), style: { id: "custom", xml } });
    expect(model.style).toEqual({ id: "custom", title: "House Notes" });
    expect(noteTexts(model).slice(0, 3)).toEqual([
      "“reached 7 gigawatts in 2023” Electricity Storage: Federal Policy Options at 4; Battery Storage in the United States; Storage Costs Fall.",
      "The Grid at 17.",
      "The Grid at 17.",
    ]);
    // An unknown bundled id (a style since withdrawn) falls back to the default.
    expect(buildBriefExport(input("no-such-style")).style.id).toBe("chicago-fullnote-bibliography");
  });

  it("a worker's reused engines give exactly what fresh ones give, build after build", { timeout: 120_000 }, () => {
    const engines = new CslEngines();
    const changed = input("apa");
    // The same report id with edited metadata, and the notes in another order.
    const report = changed.reports.get("crs")!;
    changed.reports = new Map([
      [
        "crs",
        {
          ...report,
          metadata: { ...report.metadata, title: "Electricity Storage Revisited", authors: ["Omar Haddad"] },
        },
      ],
    ]);
    changed.sectors = [{ ...changed.sectors[0]!, recommendations: [...changed.sectors[0]!.recommendations].reverse() }];
    const builds = [input("apa"), changed, input("chicago-fullnote-bibliography-with-ibid"), input("apa")];
    for (const build of builds) expect(buildBriefExport(build, { engines })).toEqual(buildBriefExport(build));
    expect(noteTexts(buildBriefExport(changed, { engines }))[0]).toBe(
      "“Interconnection queues hold more storage than any other resource.” (Haddad, 2024, p. 9)",
    );

    let built = 0;
    const style = () => {
      built++;
      return loadBundledStyle("apa");
    };
    const first = engines.engineFor("apa-probe", style, new Map());
    expect(engines.engineFor("apa-probe", style, new Map())).toBe(first);
    expect(built).toBe(1);
  });

  it("citedIdsOf lists a body's citation and evidence ids, each once, in order", () => {
    const body = doc(
      paragraph(
        cite({ citationId: "c2", evidenceId: "e1" }),
        cite({ evidenceId: "e0" }),
        cite({ citationId: "c1" }),
        cite({ citationId: "c2", evidenceId: "e1" }),
      ),
    );
    expect(citedIdsOf(body)).toEqual({ evidenceIds: ["e1", "e0"], citationIds: ["c2", "c1"] });
  });

  // Not a timing test (the bench measures it): a generous timeout for a busy machine.
  it("builds 600 notes in one batch", { timeout: 120_000 }, () => {
    const base = input("chicago-fullnote-bibliography");
    const cites = Array.from({ length: 300 }, () => [
      cite({ citationId: "c-quote" }),
      cite({ citationId: "c-book" }),
    ]).flat();
    const model = buildBriefExport({
      ...base,
      sectors: [
        {
          name: "Energy",
          recommendations: [
            { id: "big", title: "Big", status: "approved", body: doc(paragraph(text("Many"), ...cites)) },
          ],
        },
      ],
    });
    const notes = notesOf(model);
    expect(notes).toHaveLength(600);
    expect(notes[599]!.number).toBe(600);
    expect(plain(notes[599]!.content)).toBe("Bakke, The Grid, 17.");
    expect(model.bibliography).toHaveLength(4);
  });
});

describe("every format prints the notes and bibliography as the model has them", () => {
  for (const [styleId, expected] of [
    ["chicago-fullnote-bibliography-with-ibid", CHICAGO_IBID_NOTES],
    ["apa", APA_NOTES],
  ] as const) {
    it(`${styleId}: DOCX, Markdown, HTML and PDF say the same notes, numbered the same`, {
      timeout: 120_000,
    }, async () => {
      const model = buildBriefExport(input(styleId));
      const bibliography = model.bibliography.map((entry) => plain(entry.content));
      expect(noteTexts(model)).toEqual(expected);

      const docx = await readDocx(await toDocx(model));
      expect(docx.notes).toEqual(expected);
      expect(docx.bibliography).toEqual(bibliography);
      // Chicago's notes carry live links (APA's in-text notes have none).
      if (styleId !== "apa")
        expect(docx.links).toContain('Target="https://www.eia.gov/analysis/storage/" TargetMode="External"');

      expect(readMarkdown(toMarkdown(model))).toEqual({ notes: expected, bibliography });
      expect(readHtml(toHtml(model))).toEqual({ notes: expected, bibliography });

      const pdf = readPdfText(await toPdf(model));
      for (const note of expected) expect(pdf).toContain(note.replace(/\s+/g, ""));
      for (const entry of bibliography) expect(pdf).toContain(entry.replace(/\s+/g, ""));
    });
  }

  it("keeps user text as text: a <script> in a source's publisher is escaped in HTML and Markdown", () => {
    const model = buildBriefExport(input("chicago-fullnote-bibliography"));
    const html = toHtml(model);
    expect(html).not.toContain("<script>");
    expect(html).toContain(
      "<em>The Grid</em> (New York: Bloomsbury &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt;, 2016), 17.",
    );
    expect(toMarkdown(model)).toContain(
      "[^2]: Gretchen Bakke, *The Grid* (New York: Bloomsbury \\& Sons \\<script\\>alert(1)\\</script\\>, 2016), 17.",
    );
  });
});
