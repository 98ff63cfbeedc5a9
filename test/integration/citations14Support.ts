import { afterEach } from "vitest";
import type * as Y from "yjs";
import type { ImportedReport } from "@accord/evidence";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import type { TestServer } from "../helpers/startServer.js";
import { openSyncedDocument } from "../helpers/syncedDocument.js";

/** Written for these tests. Note 1 follows "7 gigawatts." and note 2 the passage's last full stop. */
export const MARKED_TEXT = "Cross-border links carried 7 gigawatts. Demand rose by a third in two years.";
export const GIGAWATTS = {
  text: "7 gigawatts",
  start: MARKED_TEXT.indexOf("7 gigawatts"),
  end: MARKED_TEXT.indexOf("7 gigawatts") + 11,
};
export const DEMAND = {
  text: "Demand rose",
  start: MARKED_TEXT.indexOf("Demand rose"),
  end: MARKED_TEXT.indexOf("Demand rose") + 11,
};
/** A passage of a report without markers: its page's notes are candidates, none chosen. */
export const PAGE_TEXT = "Storage projects doubled across the region after the new tariff.";

export const NOTES = [
  {
    number: 1,
    page: 1,
    url: "https://example.org/grid/flows",
    urls: ["https://example.org/grid/flows"],
    text: "Grid Office, “Annual flows,” 2023, https://example.org/grid/flows.",
  },
  { number: 2, page: 1, url: null, urls: [], text: "Interview with a regional planner, May 2024." },
  {
    number: 3,
    page: 2,
    url: "https://example.org/storage",
    urls: ["https://example.org/storage"],
    text: "Storage survey, https://example.org/storage.",
  },
  { number: 4, page: 2, url: null, urls: [], text: "Tariff notice 12." },
];

/** A report as an importer would hand it over: one passage with markers, one sourced from its page. */
export function citationsReport(): ImportedReport {
  return {
    title: "Regional grid outlook",
    metadata: {
      title: "Regional grid outlook",
      authors: ["Mara Quist"],
      publisher: "Example Grid Institute",
      date: "2024-05",
      reportNumber: null,
    },
    format: "markdown",
    pageCount: 2,
    sections: [{ title: "Trade", position: 0, level: 1, sectorLike: false, sectorName: null }],
    passages: [
      {
        position: 0,
        kind: "paragraph",
        section: 0,
        page: 1,
        text: MARKED_TEXT,
        figures: [],
        footnotes: [1, 2],
        sourcesFrom: "markers",
        markers: [
          { number: 1, at: GIGAWATTS.end + 1 },
          { number: 2, at: MARKED_TEXT.length },
        ],
      },
      {
        position: 1,
        kind: "paragraph",
        section: 0,
        page: 2,
        text: PAGE_TEXT,
        figures: [],
        footnotes: [3, 4],
        sourcesFrom: "page",
        markers: [],
      },
    ],
    footnotes: NOTES,
  };
}

/**
 * A brief with the report stored (through the server's own store, so the passages' markers are
 * exactly these), a lead, an editor, a reviewer and a viewer, a sector and a recommendation.
 */
export async function citationTeam(server: TestServer) {
  const lead = await buildUser(server.url, "Lena Lead");
  const editor = await buildUser(server.url, "Ed Editor");
  const reviewer = await buildUser(server.url, "Rita Reviewer");
  const viewer = await buildUser(server.url, "Vic Viewer");
  const brief = await buildBrief(lead, "Grid trade");
  await addMember(lead, editor, brief.id, "editor");
  await addMember(lead, reviewer, brief.id, "reviewer");
  await addMember(lead, viewer, brief.id, "viewer");
  const report = await server.store.createReport(brief.id, citationsReport(), lead.user!.id);
  const passages = (await server.store.getReport(report.id))!.passages;
  const sector = await buildSector(lead, brief.id, "Energy");
  const rec = await buildRecommendation(editor, brief.id, sector.id, "Plan the grid together");
  return { lead, editor, reviewer, viewer, brief, report, sector, rec, marked: passages[0]!, paged: passages[1]! };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The browser's WebsocketProvider with the user's session cookie on the upgrade, synced. */
export async function openBody(baseUrl: string, client: ApiClient, recommendationId: string): Promise<Y.XmlFragment> {
  return (
    await openSyncedDocument(baseUrl, client.cookie, recommendationId, (cleanup) => cleanups.push(cleanup), {
      maxBackoffTime: 200,
    })
  ).body;
}
