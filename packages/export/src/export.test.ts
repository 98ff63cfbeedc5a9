import { BodyReader } from "@accord/editor";
import { describe, expect, it } from "vitest";
import { buildBriefExport, type CitedPassage } from "./buildBriefExport.js";
import { contentDisposition, slugify } from "./exportFilename.js";
import { shortenPassage } from "./shortenPassage.js";
import { escapeMarkdown, toMarkdown } from "./toMarkdown.js";
import { escapeHtml, toHtml } from "./toHtml.js";

const schema = new BodyReader().schema;
const text = (value: string, marks?: object[]) => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
const cite = (evidenceId: string) => ({ type: "citation", attrs: { evidenceId } });
const body = (...content: object[]) => schema.nodeFromJSON({ type: "doc", content });
const passage = (text: string, footnotes: number[] = []): CitedPassage => ({
  reportId: "rep",
  text,
  section: "Storage",
  page: 2,
  footnotes,
  sourcesFrom: "markers",
});
const REPORT_NOTES = new Map([
  [
    1,
    {
      text: "Grid Office, “Storage Yearbook,” 2024, https://example.org/a.",
      urls: ["https://example.org/a", "javascript:alert(1)"],
    },
  ],
  [2, { text: "Rail Board, “Freight Tables,” May 2023, https://example.org/b.", urls: ["https://example.org/b"] }],
]);

function build(bodies: ReturnType<typeof body>[], evidence: Record<string, CitedPassage>) {
  return buildBriefExport({
    title: "Brief",
    description: "",
    date: "2025-03-07",
    contributors: [],
    sectors: [
      {
        name: "Energy",
        recommendations: bodies.map((b, i) => ({
          id: `r${i}`,
          title: `Rec ${i}`,
          status: "approved" as const,
          body: b,
        })),
      },
    ],
    evidence: new Map(Object.entries(evidence)),
    style: { id: "chicago-fullnote-bibliography", xml: null },
    reports: new Map([
      [
        "rep",
        {
          metadata: { title: "Review", authors: [], publisher: "Grid Institute", date: "2024", reportNumber: null },
          footnotes: REPORT_NOTES,
        },
      ],
    ]),
    citations: new Map(),
    sources: new Map(),
  });
}

describe("buildBriefExport", () => {
  it("numbers every citation occurrence through the brief; a note's source URLs are its sources' http(s) ones", () => {
    const model = build(
      [
        body({ type: "paragraph", content: [text("A"), cite("b"), cite("a"), cite("b")] }),
        body({ type: "paragraph", content: [cite("a"), cite("forged")] }),
      ],
      { a: passage("Alpha.", [1]), b: passage("Beta.", [2, 1]) },
    );
    const [first, second] = model.sectors[0]!.recommendations;
    expect(first!.footnotes.map((n) => [n.number, n.evidenceId])).toEqual([
      [1, "b"],
      [2, "a"],
      [3, "b"],
    ]);
    expect(second!.footnotes.map((n) => [n.number, n.evidenceId])).toEqual([[4, "a"]]);
    expect(second!.blocks).toEqual([{ type: "paragraph", content: [{ type: "footnoteRef", number: 4 }] }]);
    expect(first!.footnotes[1]!.sourceUrls).toEqual(["https://example.org/a"]);
    expect(first!.footnotes[0]!.sourceUrls).toEqual(["https://example.org/b", "https://example.org/a"]);
  });

  it("maps marks, headings, nested lists and quotes; unsafe links keep their words only", () => {
    const model = build(
      [
        body(
          {
            type: "paragraph",
            content: [
              text("bold", [{ type: "bold" }]),
              text(" js", [{ type: "link", attrs: { href: "javascript:alert(1)" } }]),
            ],
          },
          { type: "heading", attrs: { level: 3 }, content: [text("Deep")] },
          {
            type: "orderedList",
            attrs: { start: 3 },
            content: [
              {
                type: "listItem",
                content: [
                  { type: "paragraph", content: [text("x")] },
                  {
                    type: "bulletList",
                    content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("y")] }] }],
                  },
                ],
              },
            ],
          },
          { type: "blockquote", content: [{ type: "paragraph", content: [text("q")] }] },
        ),
      ],
      {},
    );
    expect(model.sectors[0]!.recommendations[0]!.blocks).toEqual([
      {
        type: "paragraph",
        content: [
          { type: "text", text: "bold", bold: true },
          { type: "text", text: " js" },
        ],
      },
      { type: "heading", level: 4, content: [{ type: "text", text: "Deep" }] },
      {
        type: "orderedList",
        start: 3,
        items: [
          {
            type: "listItem",
            blocks: [
              { type: "paragraph", content: [{ type: "text", text: "x" }] },
              {
                type: "bulletList",
                items: [{ type: "listItem", blocks: [{ type: "paragraph", content: [{ type: "text", text: "y" }] }] }],
              },
            ],
          },
        ],
      },
      { type: "blockquote", blocks: [{ type: "paragraph", content: [{ type: "text", text: "q" }] }] },
    ]);
  });

  it("exports the text as it stands: open suggested insertions are left out, suggested deletions kept", () => {
    const by = (id: string) => ({ id, authorId: "u-reviewer", createdAt: 1 });
    const model = build(
      [
        body({
          type: "paragraph",
          content: [
            text("Tariffs "),
            text("never ", [{ type: "suggestionInsert", attrs: by("s0000000001") }]),
            text("fell ", [{ type: "suggestionDelete", attrs: by("s0000000002") }]),
            text("in 2024", [{ type: "bold" }]),
          ],
        }),
      ],
      {},
    );
    expect(model.sectors[0]!.recommendations[0]!.blocks).toEqual([
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Tariffs fell " },
          { type: "text", text: "in 2024", bold: true },
        ],
      },
    ]);
  });
});

describe("shortenPassage", () => {
  it("keeps short passages and cuts long ones at a word boundary with an ellipsis", () => {
    expect(shortenPassage("  A short   passage. ")).toBe("A short passage.");
    const long = `${"word ".repeat(80)}end`;
    const short = shortenPassage(long);
    expect(short).toBe(`${"word ".repeat(59)}word…`);
    expect(short.length).toBeLessThanOrEqual(301);
    expect(shortenPassage("x".repeat(400))).toBe(`${"x".repeat(300)}…`);
  });
});

describe("file names", () => {
  it("slugifies titles to ASCII and keeps the title in filename*", () => {
    expect(slugify("US–Mexico trade (2025): Énergie")).toBe("us-mexico-trade-2025-energie");
    expect(slugify("«»")).toBe("brief");
    expect(contentDisposition('Énergie "brief"', "pdf")).toBe(
      `attachment; filename="energie-brief.pdf"; filename*=UTF-8''%C3%89nergie%20brief.pdf`,
    );
  });
});

describe("escaping", () => {
  it("escapes HTML and Markdown specials in user text", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    expect(escapeMarkdown("# *a* _b_ [c](d) <e> & 1. `f`")).toBe(
      "\\# \\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\& 1. \\`f\\`",
    );
    expect(escapeMarkdown("- item")).toBe("\\- item");
    expect(escapeMarkdown("12. item")).toBe("12\\. item");
  });

  it("renders the same note numbers in Markdown and HTML", () => {
    const model = build([body({ type: "paragraph", content: [text("See"), cite("a"), cite("a")] })], {
      a: passage("Alpha <b>.", [1]),
    });
    const md = toMarkdown(model);
    expect(md).toContain("See[^1][^2]");
    expect(md).toContain(
      "[^1]: “Alpha \\<b\\>.” “Review” (Grid Institute, 2024), 2; Grid Office, “Storage Yearbook,” 2024, [https://example.org/a](https://example.org/a).",
    );
    const html = toHtml(model);
    expect(html).toContain(
      'See<sup class="fnref"><a href="#fn-1" id="fnref-1">1</a></sup><sup class="fnref"><a href="#fn-2" id="fnref-2">2</a></sup>',
    );
    expect(html).toContain(
      '<li id="fn-2" value="2">“Alpha &lt;b&gt;.” “Review,” 2; Grid Office, “Storage Yearbook.” <a href="#fnref-2"',
    );
  });
});
