import { parentPort } from "node:worker_threads";
import { BodyReader } from "@accord/editor";
import { buildBriefExport, citedEvidenceIdsOf, renderExport } from "@accord/export";
import * as Y from "yjs";
import { applyStoredDocument } from "../collab/storedDocument.js";
import type { BuildRequest, ExportAnswer, ExportRequest, PreviewSector, ReadRequest } from "./exportProtocol.js";

/**
 * The export's heavy half, on a worker thread (ExportWorkers.ts starts it): applying each
 * stored body, reading it with the editor's schema, building the model and rendering the file.
 * On a 2 MB body that is ~0.8 s (reading) plus 1.5 s (Markdown) to 30 s (PDF) of CPU, which
 * on the main thread stalled every request and every document socket for as long.
 */

const port = parentPort!;
// Building the editor's schema is not free: once per worker.
const reader = new BodyReader();
type Body = ReturnType<BodyReader["read"]>;
/** The bodies read by the job in progress (one job at a time per worker). */
let bodies = new Map<string, Body>();

function read(request: ReadRequest): ExportAnswer {
  bodies = new Map();
  let badParts = 0;
  for (const { id, stored } of request.documents) {
    const doc = new Y.Doc();
    try {
      // A part that does not apply is skipped, as a room or readDocument skips it (D8).
      applyStoredDocument(doc, stored, () => badParts++);
      bodies.set(id, reader.read(doc));
    } finally {
      doc.destroy();
    }
  }
  const cited = new Set<string>();
  for (const body of bodies.values()) for (const id of citedEvidenceIdsOf(body)) cited.add(id);
  return { type: "read", cited: [...cited], badParts };
}

async function build(request: BuildRequest): Promise<ExportAnswer> {
  const { input } = request;
  const model = buildBriefExport({
    ...input,
    sectors: input.sectors.map((sector) => ({
      name: sector.name,
      recommendations: sector.recommendations.map((r) => ({ ...r, body: bodies.get(r.id)! })),
    })),
    evidence: new Map(request.evidence),
  });
  bodies = new Map();
  if (request.format === null) {
    const sectors: PreviewSector[] = model.sectors.map((sector) => ({
      name: sector.name,
      recommendations: sector.recommendations.map((r) => ({ id: r.id, title: r.title, status: r.status, citations: r.footnotes.length })),
    }));
    return { type: "preview", sectors };
  }
  const file = await renderExport(model, request.format);
  return { type: "file", file: new Uint8Array(file.buffer, file.byteOffset, file.byteLength) };
}

port.on("message", (request: ExportRequest) => {
  void (async () => {
    let answer: ExportAnswer;
    try {
      answer = request.type === "read" ? read(request) : await build(request);
    } catch (error) {
      answer = { type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(answer);
  })();
});
port.postMessage({ type: "ready" } satisfies ExportAnswer);
