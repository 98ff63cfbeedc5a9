import fs from "node:fs";
import path from "node:path";
import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { importMarkdown, importReport } from "@accord/evidence";
import { ClientEvent, ServerEvent } from "@accord/protocol";
import { addMember, buildBrief, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { connectEvents, emitWithAck } from "../helpers/events.js";
import { useServer } from "../helpers/startServer.js";
import {
  evidenceCount,
  FIXTURES,
  getReport,
  passagesOf,
  readRealReport,
  REAL_REPORT_MISSING,
  realReportSuite,
  reportCount,
  upload,
  type PresentedEvidence,
  type PresentedReport,
} from "./evidenceSupport.js";

/** What the importer pins for the real report (packages/evidence); the server must store exactly that. */
const REAL = { sections: 11, pages: 8, passages: 39, footnotes: 93 };
const SECTORS = ["Energy", "Manufacturing", "Pharmaceuticals", "Agriculture", "Tourism", "Rare Earth Elements"];

const EVIDENCE_KEYS = [
  "figures",
  "footnotes",
  "highlights",
  "id",
  "kind",
  "markers",
  "notes",
  "page",
  "reportId",
  "reportTitle",
  "section",
  "sources",
  "sourcesFrom",
  "text",
];

async function importRealReport(lead: ApiClient, briefId: string) {
  const res = await upload(lead, briefId, { name: "usmca-brief.txt", bytes: readRealReport(), type: "text/plain" });
  if (res.status !== 201) throw new Error(`import: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { report: { id: string; title: string }; suggestedSectors: unknown[] };
}

/**
 * Five consecutive plain words of one passage that no other passage holds (compared word by
 * word, as the index does), and whose neighbours are not among them: chosen from the stored
 * data at test time, so no sentence of the report is written into the project.
 */
function choosePhrase(report: PresentedReport): { passage: PresentedEvidence; phrase: string; at: number } {
  const words = (text: string) => (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");
  const all = passagesOf(report);
  for (const passage of all) {
    for (const match of passage.text.matchAll(
      /(?<![\p{L}\p{N}’'])[A-Za-z]{4,}(?: [A-Za-z]{4,}){4}(?![\p{L}\p{N}’'])/gu,
    )) {
      const phrase = match[0];
      const phraseWords = phrase.toLowerCase().split(" ");
      if (new Set(phraseWords.map((w) => w.slice(0, 4))).size !== 5) continue;
      const holders = all.filter((p) => ` ${words(p.text)} `.includes(` ${phraseWords.join(" ")} `));
      if (holders.length !== 1) continue;
      const before = /([\p{L}\p{N}]+)[ \t]*$/u.exec(passage.text.slice(0, match.index))?.[1]?.toLowerCase();
      const after = /^[ \t]*([\p{L}\p{N}]+)/u.exec(passage.text.slice(match.index + phrase.length))?.[1]?.toLowerCase();
      const nearQuery = (word: string | undefined) =>
        word !== undefined && phraseWords.some((w) => w.slice(0, 4) === word.slice(0, 4));
      if (nearQuery(before) || nearQuery(after)) continue;
      return { passage, phrase, at: match.index };
    }
  }
  throw new Error("no passage of the imported report has a phrase of five plain words of its own");
}

describe.skipIf(REAL_REPORT_MISSING !== null)(
  realReportSuite("evidence: importing the real report and searching it"),
  () => {
    const server = useServer();
    const sockets: Socket[] = [];
    afterEach(() => {
      for (const socket of sockets.splice(0)) socket.disconnect();
    });

    /** A brief with the real report imported once, shared by the read-only tests below. */
    let shared: Promise<{
      lead: ApiClient;
      viewer: ApiClient;
      briefId: string;
      reportId: string;
      report: PresentedReport;
    }> | null = null;
    function sharedBrief() {
      shared ??= (async () => {
        const lead = await buildUser(server().url, "Lena Lead");
        const viewer = await buildUser(server().url, "Vic Viewer");
        const brief = await buildBrief(lead);
        await addMember(lead, viewer, brief.id, "viewer");
        const { report } = await importRealReport(lead, brief.id);
        return {
          lead,
          viewer,
          briefId: brief.id,
          reportId: report.id,
          report: await getReport(viewer, brief.id, report.id),
        };
      })();
      return shared;
    }

    it("imports the real report through a multipart upload: counts, suggested sectors, the report.imported event", async () => {
      const lead = await buildUser(server().url, "Lena Lead");
      const editor = await buildUser(server().url, "Ed Editor");
      const brief = await buildBrief(lead);
      await addMember(lead, editor, brief.id, "editor");
      await buildSector(lead, brief.id, "energy");
      const socket = await connectEvents(editor);
      sockets.push(socket);
      expect(await emitWithAck(socket, ClientEvent.BriefJoin, { briefId: brief.id })).toEqual({ ok: true });
      const heard: unknown[] = [];
      socket.on(ServerEvent.ReportImported, (event) => heard.push(event));

      const res = await upload(lead, brief.id, {
        name: "usmca-brief.txt",
        bytes: readRealReport(),
        type: "text/plain",
      });
      expect(res.status).toBe(201);
      const report = {
        id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        briefId: brief.id,
        title: "usmca-brief",
        metadata: { title: "usmca-brief", authors: [], publisher: null, date: null, reportNumber: null },
        format: "text",
        createdAt: expect.any(String),
        ...REAL,
      };
      expect(res.body.report).toEqual(report);
      expect(res.body.suggestedSectors).toEqual([
        { section: "ENERGY", name: "Energy", exists: true },
        { section: "MANUFACTURING", name: "Manufacturing", exists: false },
        { section: "PHARMACEUTICALS", name: "Pharmaceuticals", exists: false },
        { section: "AGRICULTURE", name: "Agriculture", exists: false },
        { section: "TOURISM", name: "Tourism", exists: false },
        { section: "RARE EARTH ELEMENTS", name: "Rare Earth Elements", exists: false },
      ]);
      await eventually(() =>
        expect(heard).toEqual([
          { type: "report.imported", briefId: brief.id, reportId: res.body.report.id, title: "usmca-brief" },
        ]),
      );

      const listed = await editor.get(`/api/briefs/${brief.id}/reports`);
      expect(listed.body).toEqual({ reports: [res.body.report] });
    });

    it("answers the report page by page: sections, every passage once, every footnote on its page", async () => {
      const { report, reportId } = await sharedBrief();
      expect(report.id).toBe(reportId);
      expect(report.sections.map((s) => s.title)).toEqual([
        "Introduction",
        "NAFTA and the USMCA",
        "Changes to USMCA That Allow Regionalization",
        "Sectors for Potential Collaboration",
        "ENERGY",
        "MANUFACTURING",
        "PHARMACEUTICALS",
        "AGRICULTURE",
        "TOURISM",
        "RARE EARTH ELEMENTS",
        "Looking Ahead",
      ]);
      expect(report.sections.filter((s) => s.sectorLike).map((s) => s.sectorName)).toEqual(SECTORS);
      expect(report.pages.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const passages = passagesOf(report);
      expect(passages).toHaveLength(REAL.passages);
      expect(new Set(passages.map((p) => p.id)).size).toBe(REAL.passages);
      expect(report.pages.flatMap((p) => p.footnotes.map((n) => n.number))).toEqual(
        Array.from({ length: REAL.footnotes }, (_, i) => i + 1),
      );
      for (const page of report.pages) for (const passage of page.passages) expect(passage.page).toBe(page.number);
      const notes = new Map(report.pages.flatMap((p) => p.footnotes).map((n) => [n.number, n]));
      for (const passage of passages) {
        expect(Object.keys(passage).sort()).toEqual([...EVIDENCE_KEYS, "citedBy"].sort());
        expect(passage.citedBy).toEqual([]);
        expect(passage.highlights).toEqual([]);
        // Every URL of each of its notes, once; and the notes themselves, in its order.
        const expected = [...new Set(passage.footnotes.flatMap((n) => notes.get(n)?.urls ?? []))];
        expect(passage.sources).toEqual(expected);
        expect(passage.notes).toEqual(
          passage.footnotes.map((n) => ({ number: n, text: notes.get(n)!.text, urls: notes.get(n)!.urls })),
        );
      }
      expect(passages.some((p) => p.sources.length > 0)).toBe(true);
    });

    it("ranks the passage holding a phrase first and highlights the phrase in it", async () => {
      const { viewer, briefId, report } = await sharedBrief();
      const { passage, phrase, at } = choosePhrase(report);
      const res = await viewer.get(`/api/briefs/${briefId}/evidence?q=${encodeURIComponent(phrase)}`);
      expect(res.status).toBe(200);
      const [first] = res.body.evidence as PresentedEvidence[];
      expect(first!.id).toBe(passage.id);
      expect(Object.keys(first!).sort()).toEqual(EVIDENCE_KEYS);
      expect(first).toMatchObject({
        reportId: report.id,
        reportTitle: "usmca-brief",
        text: passage.text,
        page: passage.page,
        section: passage.section,
      });
      expect(first!.highlights).toContainEqual([at, at + phrase.length]);
      const queryStems = phrase
        .toLowerCase()
        .split(" ")
        .map((w) => w.slice(0, 4));
      for (const [start, end] of first!.highlights) {
        for (const word of first!.text
          .slice(start, end)
          .toLowerCase()
          .match(/[\p{L}\p{N}]+/gu) ?? []) {
          expect(queryStems).toContain(word.slice(0, 4));
        }
      }
      // The same query in quotes must hold the phrase: only that passage.
      const quoted = await viewer.get(`/api/briefs/${briefId}/evidence?q=${encodeURIComponent(`"${phrase}"`)}`);
      expect(quoted.body.evidence.map((e: PresentedEvidence) => e.id)).toEqual([passage.id]);
    });

    it("lists evidence in reading order without a query, and filters by section, report, limit and ids", async () => {
      const { lead, viewer, briefId, reportId, report } = await sharedBrief();
      const passages = passagesOf(report);
      const browse = await viewer.get(`/api/briefs/${briefId}/evidence`);
      expect(browse.body.evidence.map((e: PresentedEvidence) => e.id)).toEqual(passages.slice(0, 20).map((p) => p.id));
      const limited = await viewer.get(`/api/briefs/${briefId}/evidence?limit=3`);
      expect(limited.body.evidence.map((e: PresentedEvidence) => e.id)).toEqual(passages.slice(0, 3).map((p) => p.id));

      const energy = await viewer.get(`/api/briefs/${briefId}/evidence?section=energy&limit=100`);
      expect(energy.body.evidence.map((e: PresentedEvidence) => e.id)).toEqual(
        passages.filter((p) => p.section === "ENERGY").map((p) => p.id),
      );
      expect(energy.body.evidence.length).toBeGreaterThan(0);

      // A second report, from the project's own Markdown fixture, uploaded as a file.
      const fixture = new Uint8Array(fs.readFileSync(path.join(FIXTURES, "coral-strait-notes.md")));
      const expected = await importReport({ filename: "coral-strait-notes.md", bytes: fixture });
      const second = await upload(lead, briefId, {
        name: "coral-strait-notes.md",
        bytes: fixture,
        type: "text/markdown",
      });
      expect(second.status).toBe(201);
      expect(second.body.report).toMatchObject({
        format: "markdown",
        title: expected.title,
        sections: expected.sections.length,
        pages: expected.pageCount,
        passages: expected.passages.length,
        footnotes: expected.footnotes.length,
      });
      const onlySecond = await viewer.get(
        `/api/briefs/${briefId}/evidence?reportId=${second.body.report.id}&limit=100`,
      );
      expect(onlySecond.body.evidence).toHaveLength(expected.passages.length);
      expect(new Set(onlySecond.body.evidence.map((e: PresentedEvidence) => e.reportId))).toEqual(
        new Set([second.body.report.id]),
      );
      const onlyFirst = await viewer.get(`/api/briefs/${briefId}/evidence?reportId=${reportId}&limit=100`);
      expect(onlyFirst.body.evidence.map((e: PresentedEvidence) => e.id)).toEqual(passages.map((p) => p.id));

      const ids = [passages[7]!.id, passages[2]!.id];
      const byIds = await viewer.get(`/api/briefs/${briefId}/evidence?ids=${ids.join(",")}`);
      expect(byIds.body.evidence.map((e: PresentedEvidence) => e.id)).toEqual([passages[2]!.id, passages[7]!.id]);
      const one = await viewer.get(`/api/briefs/${briefId}/evidence/${passages[7]!.id}`);
      const { citedBy: _citedBy, ...asEvidence } = passages[7]!;
      expect(one.body).toEqual({ evidence: asEvidence });
      expect((await viewer.get(`/api/briefs/${briefId}/evidence/no-such-evidence`)).status).toBe(404);
      expect((await viewer.get(`/api/briefs/${briefId}/reports/no-such-report`)).status).toBe(404);
    });

    it("imports a report sent as JSON (Markdown or text) and answers what the importer made of it", async () => {
      const lead = await buildUser(server().url, "Lena Lead");
      const brief = await buildBrief(lead);
      const content = fs.readFileSync(path.join(FIXTURES, "coral-strait-notes.md"), "utf8");
      const expected = await importMarkdown(content, "Field notes");
      const res = await lead.post(`/api/briefs/${brief.id}/reports`, {
        title: "Field notes",
        format: "markdown",
        content,
      });
      expect(res.status).toBe(201);
      expect(res.body.report).toMatchObject({
        title: "Field notes",
        format: "markdown",
        sections: expected.sections.length,
        pages: expected.pageCount,
        passages: expected.passages.length,
        footnotes: expected.footnotes.length,
      });
      expect(res.body.suggestedSectors).toEqual(
        expected.sections
          .filter((s) => s.sectorLike)
          .map((s) => ({ section: s.title, name: s.sectorName, exists: false })),
      );
      expect(await evidenceCount(lead, brief.id)).toBe(Math.min(100, expected.passages.length));
    });

    it("refuses bad imports with the right status and field, and stores nothing", async () => {
      const lead = await buildUser(server().url, "Lena Lead");
      const editor = await buildUser(server().url, "Ed Editor");
      const brief = await buildBrief(lead);
      await addMember(lead, editor, brief.id, "editor");
      const bytes = new TextEncoder().encode("Introduction\n\nA short paragraph of our own.\n");
      const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string, string | undefined]> = [
        ["an .exe", () => upload(lead, brief.id, { name: "setup.exe", bytes }), 415, "unsupported_type", "file"],
        [
          "a .pdf that is not a PDF",
          () => upload(lead, brief.id, { name: "report.pdf", bytes }),
          400,
          "invalid",
          "file",
        ],
        [
          "an empty .txt",
          () => upload(lead, brief.id, { name: "empty.txt", bytes: new Uint8Array() }),
          400,
          "invalid",
          "file",
        ],
        ["no file", () => upload(lead, brief.id, null, { title: "x" }), 400, "invalid", "file"],
        [
          "a file under another field",
          async () => {
            const form = new FormData();
            form.append("attachment", new Blob([bytes]), "notes.txt");
            const response = await fetch(`${lead.baseUrl}/api/briefs/${brief.id}/reports`, {
              method: "POST",
              headers: { cookie: lead.cookie! },
              body: form,
            });
            return { status: response.status, body: await response.json() };
          },
          400,
          "invalid",
          "file",
        ],
        [
          "JSON without content",
          () => lead.post(`/api/briefs/${brief.id}/reports`, { title: "t", format: "text" }),
          400,
          "invalid",
          "content",
        ],
        [
          "JSON with a bad format",
          () => lead.post(`/api/briefs/${brief.id}/reports`, { title: "t", format: "pdf", content: "x" }),
          400,
          "invalid",
          "format",
        ],
        [
          "plain text",
          () => lead.request("POST", `/api/briefs/${brief.id}/reports`, "just text", { "content-type": "text/plain" }),
          415,
          "unsupported_type",
          undefined,
        ],
        ["an editor", () => upload(editor, brief.id, { name: "notes.txt", bytes }), 403, "forbidden", undefined],
      ];
      for (const [what, send, status, code, field] of cases) {
        const res = await send();
        expect({ what, status: res.status, code: res.body?.error?.code, field: res.body?.error?.field }).toEqual({
          what,
          status,
          code,
          field,
        });
      }
      expect(await reportCount(lead, brief.id)).toBe(0);
      expect(await evidenceCount(lead, brief.id)).toBe(0);
      // The same bytes under a proper name import fine: the refusals above were about the requests.
      expect((await upload(lead, brief.id, { name: "notes.txt", bytes })).status).toBe(201);
      expect(await reportCount(lead, brief.id)).toBe(1);
    });

    it("answers 400 naming the field for a bad evidence query", async () => {
      const { viewer, briefId } = await sharedBrief();
      const cases: Array<[string, string]> = [
        ["limit=0", "limit"],
        ["limit=101", "limit"],
        ["limit=ten", "limit"],
        ["reportId=../../etc", "reportId"],
        ["ids=a,b%20c", "ids"],
        ["ids=,", "ids"],
        [`ids=${Array.from({ length: 101 }, (_, i) => `id${i}`).join(",")}`, "ids"],
        ["q=a&q=b", "q"],
        [`q=${"x".repeat(501)}`, "q"],
      ];
      for (const [query, field] of cases) {
        const res = await viewer.get(`/api/briefs/${briefId}/evidence?${query}`);
        expect({ query, status: res.status, code: res.body.error?.code, field: res.body.error?.field }).toEqual({
          query,
          status: 400,
          code: "invalid",
          field,
        });
      }
      // Query syntax in the words is searched as words, never run.
      for (const q of ["NEAR(trade energy)", 'trade" OR "energy', "energy*", "-trade", "^col:x"]) {
        expect((await viewer.get(`/api/briefs/${briefId}/evidence?q=${encodeURIComponent(q)}`)).status).toBe(200);
      }
    });
  },
);

describe("evidence: upload size limit", () => {
  const server = useServer({ maxUploadBytes: 4096 });

  it("answers 413 for a file or a JSON body over MAX_UPLOAD_BYTES, and stores nothing", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead);
    const big = new TextEncoder().encode(`Introduction\n\n${"Words of our own. ".repeat(400)}\n`);
    const file = await upload(lead, brief.id, { name: "big.txt", bytes: big });
    expect({ status: file.status, error: file.body.error }).toEqual({
      status: 413,
      error: { code: "too_large", message: expect.stringContaining("larger than"), field: "file" },
    });
    const json = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Big",
      format: "text",
      content: new TextDecoder().decode(big),
    });
    expect({ status: json.status, code: json.body.error.code }).toEqual({ status: 413, code: "too_large" });
    expect(await reportCount(lead, brief.id)).toBe(0);
    // Other JSON routes keep their own (1 MB) limit: the import's limit is the import's alone.
    expect((await lead.post("/api/briefs", { title: "Small", description: "d".repeat(4000) })).status).toBe(201);
    const small = await upload(lead, brief.id, {
      name: "small.txt",
      bytes: new TextEncoder().encode("Introduction\n\nA short paragraph.\n"),
    });
    expect(small.status).toBe(201);
  });
});
