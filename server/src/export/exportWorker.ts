import { parentPort } from "node:worker_threads";
import { BodyReader } from "@accord/editor";
import {
  buildBriefExport,
  checkCslStyle,
  CslEngines,
  citedIdsOf,
  parseBibliography,
  renderExport,
} from "@accord/export";
import * as Y from "yjs";
import { applyStoredDocument } from "../collab/storedDocument.js";
import { isInputError } from "./citationTools.js";
import type {
  BuildRequest,
  CheckStyleRequest,
  ExportAnswer,
  ExportRequest,
  ParseSourcesRequest,
  PreviewSector,
  ReadRequest,
} from "./exportProtocol.js";

/**
 * The export's heavy half, on a worker thread (ExportWorkers.ts starts it): applying each
 * stored body, reading it with the editor's schema, building the model and rendering the file.
 * On a 2 MB body that is ~0.8 s (reading) plus 1.5 s (Markdown) to 30 s (PDF) of CPU, which
 * on the main thread stalled every request and every document socket for as long.
 */

const port = parentPort!;
// Building the editor's schema is not free: once per worker.
const reader = new BodyReader();
// Built citeproc engines by style (APA's takes ~0.3 s of CPU to build), reused export after export.
const engines = new CslEngines();
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
  const citationIds = new Set<string>();
  for (const body of bodies.values()) {
    const ids = citedIdsOf(body);
    for (const id of ids.evidenceIds) cited.add(id);
    for (const id of ids.citationIds) citationIds.add(id);
  }
  return { type: "read", cited: [...cited], citationIds: [...citationIds], badParts };
}

async function build(request: BuildRequest): Promise<ExportAnswer> {
  const { input } = request;
  const model = buildBriefExport(
    {
      ...input,
      sectors: input.sectors.map((sector) => ({
        name: sector.name,
        recommendations: sector.recommendations.map((r) => ({ ...r, body: bodies.get(r.id)! })),
      })),
      evidence: new Map(request.evidence),
      reports: new Map(
        request.reports.map(([id, report]) => [
          id,
          { metadata: report.metadata, footnotes: new Map(report.footnotes) },
        ]),
      ),
      citations: new Map(request.citations),
      sources: new Map(request.sources),
    },
    { engines },
  );
  bodies = new Map();
  if (request.format === null) {
    const sectors: PreviewSector[] = model.sectors.map((sector) => ({
      name: sector.name,
      recommendations: sector.recommendations.map((r) => ({
        id: r.id,
        title: r.title,
        status: r.status,
        citations: r.footnotes.length,
      })),
    }));
    return { type: "preview", sectors, warnings: model.warnings, style: model.style };
  }
  const file = await renderExport(model, request.format);
  return { type: "file", file: new Uint8Array(file.buffer, file.byteOffset, file.byteLength) };
}

/**
 * A pasted bibliography to CSL items. citation-js's parsers are synchronous and their time
 * grows with the paste (≤ 1 MiB): here they stall no request and no document socket.
 */
function parseSources(request: ParseSourcesRequest): ExportAnswer {
  try {
    return { type: "sources", items: parseBibliography(request.text, request.format) };
  } catch (error) {
    if (isInputError(error)) return { type: "invalid", message: error.message };
    throw error;
  }
}

/** A CSL style file parsed and checked (its title and class), off the event loop too. */
function checkStyle(request: CheckStyleRequest): ExportAnswer {
  try {
    const style = checkCslStyle(request.xml);
    return { type: "style", title: style.title, class: style.class };
  } catch (error) {
    if (isInputError(error)) return { type: "invalid", message: error.message };
    throw error;
  }
}

async function answer(request: ExportRequest): Promise<ExportAnswer> {
  switch (request.type) {
    case "read":
      return read(request);
    case "build":
      return build(request);
    case "parseSources":
      return parseSources(request);
    case "checkStyle":
      return checkStyle(request);
    default:
      return assertNever(request);
  }
}

function assertNever(request: never): never {
  throw new Error(`unknown export request ${JSON.stringify(request)}`);
}

port.on("message", (request: ExportRequest) => {
  void (async () => {
    let result: ExportAnswer;
    try {
      result = await answer(request);
    } catch (error) {
      result = { type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(result);
  })();
});
port.postMessage({ type: "ready" } satisfies ExportAnswer);
