import { makePdf } from "./makePdf.js";

/**
 * A think-tank brief with the furniture real reports carry, rendered by pdfmake: a two-column
 * cover (title on the left; report number, date and author on the right), optionally a contents
 * page with dot leaders and separate Figures/Tables/Contacts lists, a running header and a
 * running footer with the page number, headings at 18 pt, 14 pt bold and 11 pt bold over 11 pt
 * body text, a figure (title, chart labels, Source line), a table (title, cells, Notes line),
 * and back matter (the author, a disclaimer) after the body. `outline` adds PDF bookmarks for
 * the body's headings.
 */
export interface BriefOptions {
  contents: boolean;
  outline: boolean;
}

export const BRIEF_TITLE = "Grid Storage and the Regional Market";
export const BRIEF_PUBLISHER = "Harbor Policy Institute";

const body = (text: string) => ({ text, fontSize: 11, lineHeight: 1.15, margin: [0, 0, 0, 9] });
const leader = (title: string, page: number, indent = 0) => ({
  text: `${title} ${".".repeat(Math.max(8, 70 - title.length))} ${page}`,
  fontSize: 11,
  margin: [indent, 0, 0, 3],
});

export async function makeBrief(options: BriefOptions): Promise<Uint8Array> {
  // A bookmark for a heading, when asked: pdfmake files it under its parent's id.
  const mark = (id: string, parent?: string) =>
    options.outline ? { outline: true, id, ...(parent ? { outlineParentId: parent } : {}) } : {};
  const h1 = (text: string, id: string) => ({ text, fontSize: 18, bold: true, margin: [0, 14, 0, 8], ...mark(id) });
  const h2 = (text: string, id: string, parent: string) => ({
    text,
    fontSize: 14,
    bold: true,
    margin: [0, 12, 0, 6],
    ...mark(id, parent),
  });
  const h3 = (text: string) => ({ text, fontSize: 11, bold: true, margin: [0, 10, 0, 5] });
  const front = options.contents ? 2 : 1;

  const contents = options.contents
    ? [
        { text: "Contents", fontSize: 18, bold: true, margin: [0, 0, 0, 10] },
        leader("Introduction", 1),
        leader("Storage Today", 1),
        { text: "Battery Fleets and Their Owners in the Eastern", fontSize: 11, margin: [18, 0, 0, 3] },
        { text: `Interconnection Region ${".".repeat(50)} 2`, fontSize: 11, margin: [26, 0, 0, 3] },
        leader("Market Rules", 3),
        { text: "Figures", fontSize: 14, bold: true, margin: [0, 16, 0, 8] },
        leader("Figure 1. Installed Capacity by Year", 2),
        { text: "Tables", fontSize: 14, bold: true, margin: [0, 16, 0, 8] },
        leader("Table 1. Queue Length by Region", 3),
        { text: "Contacts", fontSize: 14, bold: true, margin: [0, 16, 0, 8] },
        leader("About the Author", 4),
        { text: "", pageBreak: "after" },
      ]
    : [];

  return makePdf({
    pageMargins: [72, 72, 72, 72],
    header: (page: number) =>
      page <= front ? null : { text: BRIEF_TITLE, fontSize: 8, alignment: "center", margin: [72, 36, 72, 0] },
    footer: (page: number) =>
      page <= front
        ? null
        : {
            columns: [
              { text: BRIEF_PUBLISHER, fontSize: 8 },
              { text: String(page - front), fontSize: 8, alignment: "right" },
            ],
            margin: [72, 30, 72, 0],
          },
    content: [
      {
        columns: [
          {
            width: 300,
            stack: [
              { text: BRIEF_TITLE, fontSize: 26, bold: true },
              { text: "Why batteries clear the evening peak", fontSize: 14, margin: [0, 12, 0, 0] },
            ],
          },
          {
            width: "*",
            margin: [40, 0, 0, 0],
            stack: [
              { text: "Report HPI-2026-04", fontSize: 10 },
              { text: "March 3, 2026", fontSize: 10 },
              { text: "Ana Ruiz", fontSize: 10, bold: true, margin: [0, 12, 0, 0] },
              { text: "Senior Fellow", fontSize: 10 },
            ],
          },
        ],
        pageBreak: "after",
      },
      ...contents,
      h1("Introduction", "intro"),
      body(
        "Utilities in the eastern market added more battery storage last year than in the five years before it, " +
          "and the new fleets now shift a measurable share of solar output into the evening hours when demand peaks.",
      ),
      body(
        "This brief describes the fleets that exist today, the market rules that decide how they are paid, and the " +
          "queue of projects that wait for a connection to the grid, region by region.",
      ),
      h1("Storage Today", "today"),
      body(
        "Most of the installed capacity sits in a few large projects next to retired power plants, where the " +
          "transmission lines already exist and the permits were easier to obtain than on open land.",
      ),
      h2("Battery Fleets and Their Owners in the Eastern Interconnection Region", "fleets", "today"),
      body(
        "Independent developers own about two thirds of the fleet, and the rest belongs to utilities that recover " +
          "the cost through regulated rates approved by the state commissions.",
      ),
      { text: "Figure 1. Installed Capacity by Year", fontSize: 11, bold: true, margin: [0, 8, 0, 6] },
      {
        layout: "noBorders",
        table: {
          widths: [100, 100, 100],
          body: [
            [
              { text: "2022", fontSize: 9 },
              { text: "2023", fontSize: 9 },
              { text: "2024", fontSize: 9 },
            ],
            [
              { text: "1.2 GW", fontSize: 9 },
              { text: "2.5 GW", fontSize: 9 },
              { text: "4.1 GW", fontSize: 9 },
            ],
          ],
        },
      },
      { text: "Source: Institute analysis of grid operator data.", fontSize: 9, margin: [0, 6, 0, 12] },
      body(
        "The growth continued into the first quarter of this year, when another large project entered service " +
          "on the coast and raised the evening output of the fleet by a fifth.",
      ),
      { text: "", pageBreak: "after" },
      h1("Market Rules", "rules"),
      body(
        "The market pays storage for energy and for reserves, but the rules that set those payments were written " +
          "for power plants that run for hours, not for batteries that discharge for a short time each evening.",
      ),
      h3("Interconnection Queues"),
      body(
        "Projects wait for years before the grid operator studies them, and most of those that wait are later " +
          "withdrawn because the cost of the upgrades they are assigned is too high to carry.",
      ),
      { text: "Table 1. Queue Length by Region", fontSize: 11, bold: true, margin: [0, 8, 0, 6] },
      {
        layout: "noBorders",
        table: {
          widths: [120, 120, 120],
          body: [
            [
              { text: "Region", fontSize: 9 },
              { text: "Projects", fontSize: 9 },
              { text: "Gigawatts", fontSize: 9 },
            ],
            [
              { text: "North", fontSize: 9 },
              { text: "41", fontSize: 9 },
              { text: "12.5", fontSize: 9 },
            ],
            [
              { text: "South", fontSize: 9 },
              { text: "63", fontSize: 9 },
              { text: "20.1", fontSize: 9 },
            ],
          ],
        },
      },
      { text: "Notes: Counts at the end of the year.", fontSize: 9, margin: [0, 6, 0, 12] },
      body(
        "A faster study process would let the operator decide on more projects each year, and it would tell " +
          "developers early which sites are too expensive to connect.",
      ),
      { text: "", pageBreak: "after" },
      { text: "About the Author", fontSize: 14, bold: true, margin: [0, 12, 0, 6] },
      { text: "Ana Ruiz is a senior fellow who studies electricity markets.", fontSize: 10, margin: [0, 0, 0, 9] },
      { text: "Disclaimer", fontSize: 14, bold: true, margin: [0, 12, 0, 6] },
      { text: "The views in this brief are the author's own and not those of any funder.", fontSize: 10 },
    ],
  });
}
