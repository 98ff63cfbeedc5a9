import fs from "node:fs";
import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { BODY_FRAGMENT, ClientEvent, ServerEvent } from "@accord/protocol";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { citation, paragraph } from "../helpers/bodyNodes.js";
import { eventually } from "../helpers/eventually.js";
import { connectEvents, emitWithAck } from "../helpers/events.js";
import { startServer, useServer, type TestServer } from "../helpers/startServer.js";
import { openSyncedDocument } from "../helpers/syncedDocument.js";
import {
  getReport,
  passagesOf,
  readRealReport,
  REAL_REPORT_MISSING,
  realReportSuite,
  upload,
} from "./evidenceSupport.js";

/**
 * recommendation.citedEvidenceIds is derived by the server from the stored body
 * (server/src/citations/CitationTracker.ts, rules C1–C4), never sent by a client.
 */

interface Editor {
  doc: Y.Doc;
  provider: WebsocketProvider;
  body: Y.XmlFragment;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** The browser's WebsocketProvider with the user's session cookie on the upgrade, synced. */
async function openEditor(baseUrl: string, client: ApiClient, recommendationId: string): Promise<Editor> {
  return openSyncedDocument(baseUrl, client.cookie, recommendationId, (cleanup) => cleanups.push(cleanup), {
    maxBackoffTime: 200,
  });
}

/** A brief with the real report imported, a lead and an editor, and one recommendation. */
async function team(url: string) {
  const lead = await buildUser(url, "Lena Lead");
  const editor = await buildUser(url, "Ed Editor");
  const brief = await buildBrief(lead);
  await addMember(lead, editor, brief.id, "editor");
  const imported = await upload(lead, brief.id, { name: "usmca-brief.txt", bytes: readRealReport() });
  if (imported.status !== 201) throw new Error(`import: ${imported.status} ${JSON.stringify(imported.body)}`);
  const evidence = passagesOf(await getReport(lead, brief.id, imported.body.report.id)).map((p) => p.id);
  const sector = await buildSector(lead, brief.id);
  const rec = await buildRecommendation(editor, brief.id, sector.id, "Joint grid planning");
  return { lead, editor, brief, rec, evidence, reportId: imported.body.report.id as string };
}

async function citedIds(client: ApiClient, briefId: string, recId: string): Promise<string[]> {
  const res = await client.get(`/api/briefs/${briefId}/recommendations/${recId}`);
  return res.body.recommendation.citedEvidenceIds as string[];
}

describe.skipIf(REAL_REPORT_MISSING !== null)(
  realReportSuite("citations: the server keeps citedEvidenceIds equal to the body"),
  () => {
    const server = useServer();
    const sockets: Socket[] = [];
    afterEach(() => {
      for (const socket of sockets.splice(0)) socket.disconnect();
    });

    it("[C2][C3] two editors cite: first-appearance order, no duplicates, forged and foreign ids dropped, removal follows", async () => {
      const { lead, editor, brief, rec, evidence, reportId } = await team(server().url);
      const [e1, e2, e3] = evidence as [string, string, string];
      // Evidence of another brief is real evidence, but not this brief's.
      const elsewhere = await buildBrief(lead, "Elsewhere");
      const foreign = await lead.post(`/api/briefs/${elsewhere.id}/reports`, {
        title: "Other",
        format: "text",
        content: "Introduction\n\nA paragraph of another brief.",
      });
      const foreignId = (await lead.get(`/api/briefs/${elsewhere.id}/evidence`)).body.evidence[0].id as string;
      expect(foreign.status).toBe(201);

      const socket = await connectEvents(lead);
      sockets.push(socket);
      await emitWithAck(socket, ClientEvent.BriefJoin, { briefId: brief.id });
      const updates: unknown[] = [];
      socket.on(ServerEvent.RecommendationUpdated, (event) => updates.push(event));

      const a = await openEditor(server().url, editor, rec.id);
      const b = await openEditor(server().url, lead, rec.id);
      a.body.insert(0, [paragraph("Trade grew ", citation(e2), " and ", citation(e1), ".")]);
      await eventually(() => expect(b.body.length).toBe(1));
      b.body.insert(1, [
        paragraph("Again ", citation(e1), citation("forged-evidence-id"), citation(foreignId), citation(e3)),
      ]);

      await eventually(async () => expect(await citedIds(editor, brief.id, rec.id)).toEqual([e2, e1, e3]), {
        timeoutMs: 10_000,
      });
      await eventually(() =>
        expect(updates).toContainEqual(
          expect.objectContaining({ type: "recommendation.updated", id: rec.id, briefId: brief.id }),
        ),
      );

      const report = await getReport(editor, brief.id, reportId);
      const citedBy = new Map(passagesOf(report).map((p) => [p.id, p.citedBy]));
      for (const id of [e1, e2, e3])
        expect(citedBy.get(id)).toEqual([{ recommendationId: rec.id, title: "Joint grid planning" }]);
      expect(passagesOf(report).filter((p) => p.citedBy.length > 0)).toHaveLength(3);

      // Removing the first citation of e2 removes e2; e1 and e3 stay, in body order.
      const first = a.body.get(0) as Y.XmlElement;
      first.delete(1, 1);
      await eventually(async () => expect(await citedIds(editor, brief.id, rec.id)).toEqual([e1, e3]), {
        timeoutMs: 10_000,
      });
      expect(passagesOf(await getReport(editor, brief.id, reportId)).find((p) => p.id === e2)!.citedBy).toEqual([]);
    });

    it("[C3] a recommendation deleted while its recomputation is pending is skipped quietly", async () => {
      const { lead, editor, brief, rec, evidence } = await team(server().url);
      const a = await openEditor(server().url, editor, rec.id);
      a.body.insert(0, [paragraph(citation(evidence[0]!))]);
      await server().server.collab.flush();
      expect((await lead.delete(`/api/briefs/${brief.id}/recommendations/${rec.id}`)).status).toBe(204);
      await server().server.citations.flush();
      expect(await server().store.getRecommendation(rec.id)).toBeNull();
      expect((await lead.get(`/api/briefs/${brief.id}/recommendations`)).body.recommendations).toEqual([]);
    });
  },
);

describe.skipIf(REAL_REPORT_MISSING !== null)(realReportSuite("citations across a shutdown"), () => {
  it("[C4] close() runs a pending recomputation before it resolves", async () => {
    // A debounce longer than the test: only close() can have run it.
    const s: TestServer = await startServer({ citationDebounceMs: 60_000 });
    try {
      const { editor, rec, evidence } = await team(s.url);
      const a = await openEditor(s.url, editor, rec.id);
      a.body.insert(0, [paragraph("See ", citation(evidence[1]!))]);
      await eventually(async () => {
        await s.server.collab.flush();
        const doc = await s.server.collab.readDocument(rec.id);
        try {
          expect(doc.getXmlFragment(BODY_FRAGMENT).length).toBe(1);
        } finally {
          doc.destroy();
        }
      });
      expect((await s.store.getRecommendation(rec.id))!.citedEvidenceIds).toEqual([]);
      await s.server.close();
      expect((await s.store.getRecommendation(rec.id))!.citedEvidenceIds).toEqual([evidence[1]]);
    } finally {
      for (const cleanup of cleanups.splice(0).reverse()) cleanup();
      await s.store.close();
      fs.rmSync(s.dataDir, { recursive: true, force: true });
    }
  });
});
