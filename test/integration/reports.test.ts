import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { importReport as readReport } from "@accord/evidence";
import { BODY_FRAGMENT, ClientEvent, ServerEvent } from "@accord/protocol";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { connectEvents, emitWithAck } from "../helpers/events.js";
import { useServer } from "../helpers/startServer.js";
import { openSyncedDocument } from "../helpers/syncedDocument.js";
import { readMarkdown } from "../../packages/export/src/testing/readExports.js";
import { evidenceCount, getReport, passagesOf, upload } from "./evidenceSupport.js";

/**
 * Managing a brief's reports (issue 13): their metadata, renaming and editing it, deleting a
 * report (refused while cited), and importing the same content twice. Written for these
 * tests: never text from a real report.
 */

const FILE = "grid-outlook.txt";
const TEXT =
  "Introduction\n\nCross-border power trade grew steadily over the decade.\n\nENERGY\n\nNew transmission lines now link both national grids.\n";
const BYTES = new TextEncoder().encode(TEXT);
const ID = /^[A-Za-z0-9_-]{22}$/;

/** What the importer makes of FILE: the server must store and answer exactly that. */
const expectedImport = () => readReport({ filename: FILE, bytes: BYTES });

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The browser's WebsocketProvider with the user's session cookie on the upgrade, synced. */
async function openEditor(baseUrl: string, client: ApiClient, recommendationId: string): Promise<Y.XmlFragment> {
  return (
    await openSyncedDocument(baseUrl, client.cookie, recommendationId, (cleanup) => cleanups.push(cleanup), {
      maxBackoffTime: 200,
    })
  ).body;
}

function citingParagraph(text: string, evidenceId: string): Y.XmlElement {
  const citation = new Y.XmlElement("citation");
  citation.setAttribute("evidenceId", evidenceId);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text), citation]);
  return paragraph;
}

describe("reports: metadata, editing, deleting and importing the same content twice", () => {
  const server = useServer();
  const sockets: Socket[] = [];
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  /** A brief with a lead, an editor and a viewer, the editor listening to the brief's events. */
  async function team() {
    const lead = await buildUser(server().url, "Lena Lead");
    const editor = await buildUser(server().url, "Ed Editor");
    const viewer = await buildUser(server().url, "Vic Viewer");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    await addMember(lead, viewer, brief.id, "viewer");
    const socket = await connectEvents(editor);
    sockets.push(socket);
    expect(await emitWithAck(socket, ClientEvent.BriefJoin, { briefId: brief.id })).toEqual({ ok: true });
    const heard: unknown[] = [];
    for (const name of [ServerEvent.ReportImported, ServerEvent.ReportUpdated, ServerEvent.ReportDeleted]) {
      socket.on(name, (event: unknown) => heard.push(event));
    }
    return { lead, editor, viewer, brief, heard };
  }

  async function importFile(lead: ApiClient, briefId: string) {
    const res = await upload(lead, briefId, { name: FILE, bytes: BYTES, type: "text/plain" });
    if (res.status !== 201) throw new Error(`import: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.report as { id: string; title: string; metadata: Record<string, unknown> } & Record<
      string,
      unknown
    >;
  }

  it("answers a report with its own metadata, its title equal to the metadata's, in the import, the list and the detail", async () => {
    const { lead, viewer, brief, heard } = await team();
    const expected = await expectedImport();
    const res = await upload(lead, brief.id, { name: FILE, bytes: BYTES, type: "text/plain" });
    expect(res.status).toBe(201);
    const summary = {
      id: expect.stringMatching(ID),
      briefId: brief.id,
      title: expected.metadata.title,
      metadata: expected.metadata,
      format: "text",
      createdAt: expect.any(String),
      sections: expected.sections.length,
      pages: expected.pageCount,
      passages: expected.passages.length,
      footnotes: expected.footnotes.length,
    };
    expect(res.body.report).toEqual(summary);
    expect((await viewer.get(`/api/briefs/${brief.id}/reports`)).body).toEqual({ reports: [res.body.report] });
    const detail = await getReport(viewer, brief.id, res.body.report.id);
    expect(detail.title).toBe(expected.metadata.title);
    expect(detail.metadata).toEqual(expected.metadata);
    expect(detail.sections).toEqual(
      expected.sections.map((s, index) => ({
        index,
        title: s.title,
        level: s.level,
        sectorLike: s.sectorLike,
        sectorName: s.sectorName,
      })),
    );
    expect(passagesOf(detail).map((p) => [p.kind, p.sourcesFrom, p.text, p.notes])).toEqual(
      expected.passages.map((p) => [p.kind, p.sourcesFrom, p.text, []]),
    );
    await eventually(() =>
      expect(heard).toEqual([
        { type: "report.imported", briefId: brief.id, reportId: res.body.report.id, title: expected.metadata.title },
      ]),
    );
  });

  it("lets the lead rename a report and edit its metadata: 200 {report}, report.updated, and the new title everywhere", async () => {
    const { lead, viewer, brief, heard } = await team();
    const report = await importFile(lead, brief.id);
    const path = `/api/briefs/${brief.id}/reports/${report.id}`;

    const res = await lead.patch(path, {
      title: "  Grid Review 2024 ",
      authors: [" Ana Ruiz", "Tom Berg"],
      publisher: "Example Institute",
      date: "2024-02-29",
      reportNumber: "EX-12",
    });
    expect(res.status).toBe(200);
    const metadata = {
      title: "Grid Review 2024",
      authors: ["Ana Ruiz", "Tom Berg"],
      publisher: "Example Institute",
      date: "2024-02-29",
      reportNumber: "EX-12",
    };
    const renamed = { ...report, title: "Grid Review 2024", metadata };
    expect(res.body).toEqual({ report: renamed });

    // Only the fields given change; a blank text or null clears one.
    const partial = await lead.patch(path, { publisher: "  ", date: null });
    expect(partial.status).toBe(200);
    const edited = { ...renamed, metadata: { ...metadata, publisher: null, date: null } };
    expect(partial.body).toEqual({ report: edited });
    expect((await lead.patch(path, { date: "2024" })).body.report.metadata.date).toBe("2024");
    expect((await lead.patch(path, { date: "2024-05" })).body.report.metadata.date).toBe("2024-05");

    const final = { ...edited, metadata: { ...edited.metadata, date: "2024-05" } };
    expect((await viewer.get(`/api/briefs/${brief.id}/reports`)).body).toEqual({ reports: [final] });
    expect((await getReport(viewer, brief.id, report.id)).metadata).toEqual(final.metadata);
    const evidence = (await viewer.get(`/api/briefs/${brief.id}/evidence`)).body.evidence as Array<{
      reportTitle: string;
    }>;
    expect(evidence.map((e) => e.reportTitle)).toEqual(evidence.map(() => "Grid Review 2024"));
    await eventually(() =>
      expect(heard.slice(1)).toEqual(
        Array(4).fill({ type: "report.updated", briefId: brief.id, reportId: report.id, title: "Grid Review 2024" }),
      ),
    );
  });

  it("refuses a bad metadata edit with 400 naming the field, a non-lead with 403, an unknown report with 404, and changes nothing", async () => {
    const { lead, editor, viewer, brief, heard } = await team();
    const report = await importFile(lead, brief.id);
    const other = await buildBrief(lead, "Another brief");
    const elsewhere = await importFile(lead, other.id);
    const path = `/api/briefs/${brief.id}/reports/${report.id}`;
    const cases: Array<[string, unknown, string | undefined]> = [
      ["an empty title", { title: "  " }, "title"],
      ["a title of 301 characters", { title: "t".repeat(301) }, "title"],
      ["a null title", { title: null }, "title"],
      ["51 authors", { authors: Array.from({ length: 51 }, (_, i) => `Author ${i}`) }, "authors"],
      ["a blank author", { authors: ["Ana Ruiz", " "] }, "authors"],
      ["an author of 201 characters", { authors: ["a".repeat(201)] }, "authors"],
      ["authors not a list", { authors: "Ana Ruiz" }, "authors"],
      ["a month 13", { date: "2024-13" }, "date"],
      ["30 February", { date: "2023-02-29" }, "date"],
      ["a date in words", { date: "May 2024" }, "date"],
      ["a date with a time", { date: "2024-05-01T10:00" }, "date"],
      ["a publisher of 201 characters", { publisher: "p".repeat(201) }, "publisher"],
      ["a report number of 201 characters", { reportNumber: "n".repeat(201) }, "reportNumber"],
      ["a number as report number", { reportNumber: 12 }, "reportNumber"],
      ["nothing to change", {}, undefined],
    ];
    for (const [what, body, field] of cases) {
      const res = await lead.patch(path, body);
      expect({ what, status: res.status, code: res.body.error?.code, field: res.body.error?.field }).toEqual({
        what,
        status: 400,
        code: "invalid",
        field,
      });
    }
    for (const member of [editor, viewer]) {
      const res = await member.patch(path, { title: "Mine" });
      expect([res.status, res.body.error.code]).toEqual([403, "forbidden"]);
    }
    expect((await lead.patch(`/api/briefs/${brief.id}/reports/no-such-report`, { title: "x" })).status).toBe(404);
    // Another brief's report is not this brief's.
    expect((await lead.patch(`/api/briefs/${brief.id}/reports/${elsewhere.id}`, { title: "x" })).status).toBe(404);
    expect((await lead.get(`/api/briefs/${other.id}/reports`)).body.reports).toEqual([elsewhere]);
    expect((await lead.get(`/api/briefs/${brief.id}/reports`)).body.reports).toEqual([report]);

    // No event for any refusal: the one after them is the first report.updated heard.
    expect((await lead.patch(path, { reportNumber: "EX-1" })).status).toBe(200);
    await eventually(() =>
      expect(heard).toEqual([
        { type: "report.imported", briefId: brief.id, reportId: report.id, title: report.title },
        { type: "report.updated", briefId: brief.id, reportId: report.id, title: report.title },
      ]),
    );
  });

  it("answers the same bytes imported again with 409 naming the existing report, and imports a copy when asked", async () => {
    const { lead, viewer, brief } = await team();
    const original = await importFile(lead, brief.id);
    const passages = await evidenceCount(viewer, brief.id);
    const duplicate = (title: string, field = "file") => ({
      error: {
        code: "conflict",
        message: `This ${field === "file" ? "file" : "text"} is already imported as “${title}”.`,
        field,
        existing: { id: original.id, title },
      },
    });

    // Same bytes, any file name.
    for (const name of [FILE, "renamed-copy.txt"]) {
      const again = await upload(lead, brief.id, { name, bytes: BYTES, type: "text/plain" });
      expect([again.status, again.body]).toEqual([409, duplicate(original.title)]);
    }
    expect(await upload(lead, brief.id, { name: FILE, bytes: BYTES }, { copy: "false" })).toMatchObject({
      status: 409,
    });
    // After a rename the refusal names the report as it is now called.
    expect((await lead.patch(`/api/briefs/${brief.id}/reports/${original.id}`, { title: "Grid Review" })).status).toBe(
      200,
    );
    const renamed = await upload(lead, brief.id, { name: FILE, bytes: BYTES });
    expect([renamed.status, renamed.body]).toEqual([409, duplicate("Grid Review")]);
    const bad = await upload(lead, brief.id, { name: FILE, bytes: BYTES }, { copy: "yes" });
    expect([bad.status, bad.body.error.field]).toEqual([400, "copy"]);
    expect((await lead.get(`/api/briefs/${brief.id}/reports`)).body.reports.map((r: { id: string }) => r.id)).toEqual([
      original.id,
    ]);
    expect(await evidenceCount(viewer, brief.id)).toBe(passages);

    // A copy, asked for by a multipart field or by the query: the title says it is one.
    const byField = await upload(lead, brief.id, { name: FILE, bytes: BYTES }, { copy: "true" });
    expect(byField.status).toBe(201);
    // Titled after what the import reads (the original was renamed since), marked as a copy.
    const copyTitle = `${original.title} (copy)`;
    expect(byField.body.report).toMatchObject({ title: copyTitle, metadata: { title: copyTitle } });
    const form = new FormData();
    form.append("file", new Blob([BYTES.slice()], { type: "text/plain" }), FILE);
    const byQuery = await fetch(`${server().url}/api/briefs/${brief.id}/reports?copy=true`, {
      method: "POST",
      headers: { cookie: lead.cookie! },
      body: form,
    });
    expect(byQuery.status).toBe(201);
    expect(((await byQuery.json()) as { report: { title: string } }).report.title).toBe(copyTitle);
    expect(
      (await lead.get(`/api/briefs/${brief.id}/reports`)).body.reports.map((r: { title: string }) => r.title),
    ).toEqual(["Grid Review", copyTitle, copyTitle]);
    expect(await evidenceCount(viewer, brief.id)).toBe(passages * 3);

    // Another brief has no such report: no conflict there, and asking for a copy of what the
    // brief does not have yet imports it under its own title.
    const other = await buildBrief(lead, "Another brief");
    const fresh = await upload(lead, other.id, { name: FILE, bytes: BYTES }, { copy: "true" });
    expect([fresh.status, fresh.body.report.title]).toEqual([201, original.title]);
    expect((await upload(lead, other.id, { name: FILE, bytes: BYTES })).status).toBe(409);
  });

  it("answers the same JSON content imported again with 409 naming it (field content), and imports a copy with copy: true", async () => {
    const { lead, brief } = await team();
    const body = { title: "Field notes", format: "text", content: TEXT };
    const first = await lead.post(`/api/briefs/${brief.id}/reports`, body);
    expect([first.status, first.body.report.title, first.body.report.metadata.title]).toEqual([
      201,
      "Field notes",
      "Field notes",
    ]);
    const again = await lead.post(`/api/briefs/${brief.id}/reports`, { ...body, title: "Other title" });
    expect([again.status, again.body]).toEqual([
      409,
      {
        error: {
          code: "conflict",
          message: "This text is already imported as “Field notes”.",
          field: "content",
          existing: { id: first.body.report.id, title: "Field notes" },
        },
      },
    ]);
    const copy = await lead.post(`/api/briefs/${brief.id}/reports`, { ...body, copy: true });
    expect([copy.status, copy.body.report.title]).toEqual([201, "Field notes (copy)"]);
    // Other content under the same title is no duplicate.
    const different = await lead.post(`/api/briefs/${brief.id}/reports`, {
      ...body,
      content: `${TEXT}\nOne more line of our own.`,
    });
    expect([different.status, different.body.report.title]).toEqual([201, "Field notes"]);
  });

  it("stores nothing from a refused import: the report list and the passage count stay as they were", async () => {
    const { lead, viewer, brief } = await team();
    const report = await importFile(lead, brief.id);
    const passages = await evidenceCount(viewer, brief.id);
    const refused = [
      await upload(lead, brief.id, {
        name: "broken.pdf",
        bytes: new TextEncoder().encode("%PDF-1.7\nnot really a PDF"),
      }),
      await upload(lead, brief.id, { name: "setup.exe", bytes: BYTES }),
      await upload(lead, brief.id, { name: FILE, bytes: BYTES }),
      await lead.post(`/api/briefs/${brief.id}/reports`, { title: "", format: "text", content: "Words." }),
    ];
    expect(refused.map((res) => [res.status, res.body.error.field])).toEqual([
      [400, "file"],
      [415, "file"],
      [409, "file"],
      [400, "title"],
    ]);
    // The server names the same list of file types as the client's file picker (REPORT_EXTENSIONS).
    expect(refused[1]!.body.error.message).toBe("Import a .txt, .md, .markdown, .pdf or .docx file.");
    expect((await viewer.get(`/api/briefs/${brief.id}/reports`)).body.reports).toEqual([report]);
    expect(await evidenceCount(viewer, brief.id)).toBe(passages);
  });

  it("lets the lead delete a report with everything imported from it: 204, report.deleted; others get 403, unknown ids 404", async () => {
    const { lead, editor, viewer, brief, heard } = await team();
    const report = await importFile(lead, brief.id);
    const kept = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Kept notes",
      format: "text",
      content: "Summary\n\nA note we keep.",
    });
    expect(kept.status).toBe(201);
    const passageIds = passagesOf(await getReport(viewer, brief.id, report.id)).map((p) => p.id);
    const path = `/api/briefs/${brief.id}/reports/${report.id}`;

    for (const member of [editor, viewer]) expect((await member.delete(path)).status).toBe(403);
    expect((await lead.delete(`/api/briefs/${brief.id}/reports/no-such-report`)).status).toBe(404);
    const other = await buildBrief(lead, "Another brief");
    expect((await lead.delete(`/api/briefs/${other.id}/reports/${report.id}`)).status).toBe(404);
    expect((await viewer.get(`/api/briefs/${brief.id}/reports`)).body.reports).toHaveLength(2);

    const res = await lead.delete(path);
    expect([res.status, res.body]).toEqual([204, null]);
    expect((await viewer.get(`/api/briefs/${brief.id}/reports`)).body.reports).toEqual([kept.body.report]);
    expect((await viewer.get(path)).status).toBe(404);
    for (const id of passageIds) expect((await viewer.get(`/api/briefs/${brief.id}/evidence/${id}`)).status).toBe(404);
    expect(await evidenceCount(viewer, brief.id)).toBe(kept.body.report.passages);
    expect((await lead.delete(path)).status).toBe(404);
    await eventually(() =>
      expect(heard).toEqual([
        { type: "report.imported", briefId: brief.id, reportId: report.id, title: report.title },
        { type: "report.imported", briefId: brief.id, reportId: kept.body.report.id, title: "Kept notes" },
        { type: "report.deleted", briefId: brief.id, reportId: report.id },
      ]),
    );
    // Its content is no longer in the brief: importing it again is no duplicate.
    expect((await upload(lead, brief.id, { name: FILE, bytes: BYTES })).status).toBe(201);
  });

  it("refuses to delete a cited report with 409 listing the citing recommendations, and deletes it once the citations are gone", async () => {
    const { lead, editor, viewer, brief, heard } = await team();
    const report = await importFile(lead, brief.id);
    const [first, second] = passagesOf(await getReport(viewer, brief.id, report.id)).map((p) => p.id) as [
      string,
      string,
    ];
    const energy = await buildSector(lead, brief.id, "Energy");
    const trade = await buildSector(lead, brief.id, "Trade");
    const grid = await buildRecommendation(editor, brief.id, energy.id, "Link the grids");
    const tariffs = await buildRecommendation(editor, brief.id, trade.id, "Lower power tariffs");
    await buildRecommendation(editor, brief.id, trade.id, "Cites nothing");
    const gridBody = await openEditor(server().url, editor, grid.id);
    const tariffsBody = await openEditor(server().url, editor, tariffs.id);
    gridBody.insert(0, [citingParagraph("Grids grew ", first)]);
    tariffsBody.insert(0, [citingParagraph("Lines link ", second), citingParagraph("and again ", first)]);
    const cited = async (recId: string) =>
      (await lead.get(`/api/briefs/${brief.id}/recommendations/${recId}`)).body.recommendation.citedEvidenceIds;
    await eventually(
      async () => expect([await cited(grid.id), await cited(tariffs.id)]).toEqual([[first], [second, first]]),
      { timeoutMs: 10_000 },
    );

    const path = `/api/briefs/${brief.id}/reports/${report.id}`;
    const passages = await evidenceCount(viewer, brief.id);
    const refused = await lead.delete(path);
    expect([refused.status, refused.body]).toEqual([
      409,
      {
        error: {
          code: "conflict",
          message: "This report is cited by 2 recommendations: remove those citations before deleting it.",
          field: "reportId",
          citedBy: [
            { recommendationId: grid.id, title: "Link the grids", sectorId: energy.id },
            { recommendationId: tariffs.id, title: "Lower power tariffs", sectorId: trade.id },
          ],
        },
      },
    ]);
    expect((await viewer.get(`/api/briefs/${brief.id}/reports`)).body.reports).toEqual([report]);
    expect(await evidenceCount(viewer, brief.id)).toBe(passages);

    // One citing recommendation left: named alone.
    gridBody.delete(0, 1);
    await eventually(async () => expect(await cited(grid.id)).toEqual([]), { timeoutMs: 10_000 });
    const stillCited = await lead.delete(path);
    expect([stillCited.status, stillCited.body.error.message, stillCited.body.error.citedBy]).toEqual([
      409,
      "This report is cited by 1 recommendation: remove that citation before deleting it.",
      [{ recommendationId: tariffs.id, title: "Lower power tariffs", sectorId: trade.id }],
    ]);

    tariffsBody.delete(0, 2);
    await eventually(async () => expect(await cited(tariffs.id)).toEqual([]), { timeoutMs: 10_000 });
    expect((await lead.delete(path)).status).toBe(204);
    expect((await viewer.get(`/api/briefs/${brief.id}/reports`)).body.reports).toEqual([]);
    await eventually(() =>
      expect(heard.at(-1)).toEqual({ type: "report.deleted", briefId: brief.id, reportId: report.id }),
    );
    expect(heard.filter((e) => (e as { type: string }).type === "report.deleted")).toHaveLength(1);
  });

  it("cites the report by its title, never its file name, in an export's notes, after a rename too", async () => {
    const { lead, editor, viewer, brief } = await team();
    const report = await importFile(lead, brief.id);
    const detail = await getReport(viewer, brief.id, report.id);
    const passage = passagesOf(detail)[0]!;
    const sector = await buildSector(lead, brief.id, "Energy");
    const rec = await buildRecommendation(editor, brief.id, sector.id, "Link the grids");
    const body = await openEditor(server().url, editor, rec.id);
    body.insert(0, [citingParagraph("Trade grew ", passage.id)]);
    const cited = async () =>
      (await lead.get(`/api/briefs/${brief.id}/recommendations/${rec.id}`)).body.recommendation.citedEvidenceIds;
    await eventually(async () => expect(await cited()).toEqual([passage.id]), { timeoutMs: 10_000 });
    await server().server.collab.flush();

    expect([passage.text, passage.page]).toEqual(["Cross-border power trade grew steadily over the decade.", 1]);
    expect(
      (await lead.patch(`/api/briefs/${brief.id}/reports/${report.id}`, { title: "Grid Review 2024" })).status,
    ).toBe(200);
    const res = await lead.get(`/api/briefs/${brief.id}/export?format=md&statuses=draft`);
    expect(res.status).toBe(200);
    const after = res.body as string;
    // An older evidence-only node: the whole passage, then the report as Chicago's full note has
    // it (a text import knows only its title: no author or publisher, and no date, so "n.d."), at
    // its page. The page-sourced passage's notes were never chosen: no source follows the report.
    expect(readMarkdown(after)).toEqual({
      notes: ["“Cross-border power trade grew steadily over the decade.” “Grid Review 2024,” n.d., 1."],
      bibliography: ["“Grid Review 2024,” n.d."],
    });
    expect(after).not.toContain("grid-outlook");
  });
});

describe("reports: a delete sees the citations of the bodies as accepted, not as last recomputed", () => {
  // Citations are recomputed a minute after an edit here: only the delete's own settling can see them.
  const server = useServer({ citationDebounceMs: 60_000 });

  it("refuses the delete right after a citation is typed, and allows it right after the citation is removed", async () => {
    const lead = await buildUser(server().url, "Lena Lead");
    const brief = await buildBrief(lead);
    const res = await upload(lead, brief.id, { name: FILE, bytes: BYTES });
    expect(res.status).toBe(201);
    const reportId = res.body.report.id as string;
    const [passage] = passagesOf(await getReport(lead, brief.id, reportId));
    const sector = await buildSector(lead, brief.id, "Energy");
    const rec = await buildRecommendation(lead, brief.id, sector.id, "Link the grids");
    const body = await openEditor(server().url, lead, rec.id);
    const accepted = () =>
      server().server.collab.readAccepted(rec.id, (doc) => doc.getXmlFragment(BODY_FRAGMENT).length);
    const cited = async () =>
      (await lead.get(`/api/briefs/${brief.id}/recommendations/${rec.id}`)).body.recommendation.citedEvidenceIds;

    body.insert(0, [citingParagraph("Grids grew ", passage!.id)]);
    await eventually(async () => expect(await accepted()).toBe(1));
    expect(await cited()).toEqual([]);
    const refused = await lead.delete(`/api/briefs/${brief.id}/reports/${reportId}`);
    expect([refused.status, refused.body.error.citedBy]).toEqual([
      409,
      [{ recommendationId: rec.id, title: "Link the grids", sectorId: sector.id }],
    ]);
    expect(await cited()).toEqual([passage!.id]);

    body.delete(0, 1);
    await eventually(async () => expect(await accepted()).toBe(0));
    expect((await lead.delete(`/api/briefs/${brief.id}/reports/${reportId}`)).status).toBe(204);
    expect(await cited()).toEqual([]);
  });
});
