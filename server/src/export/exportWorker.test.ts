import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createLogger } from "../logger.js";
import { WorkerPool } from "../workers/WorkerPool.js";
import type { BuildRequest, ExportAnswer, ExportRequest } from "./exportProtocol.js";

/** A stored body, as a snapshot: paragraphs of `text`, each ending with a citation of ev-1. */
function storedBody(text: string, paragraphs = 1) {
  const doc = new Y.Doc();
  const blocks = Array.from({ length: paragraphs }, () => {
    const paragraph = new Y.XmlElement("paragraph");
    const citation = new Y.XmlElement("citation");
    citation.setAttribute("evidenceId", "ev-1");
    paragraph.insert(0, [new Y.XmlText(text), citation]);
    return paragraph;
  });
  doc.getXmlFragment("default").insert(0, blocks);
  const snapshot = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return { snapshot, updates: [] };
}

const input = {
  title: "Brief",
  description: "",
  date: "2026-12-04",
  contributors: ["Lena Lead"],
  sectors: [{ name: "Energy", recommendations: [{ id: "r1", title: "Grid links", status: "approved" as const }] }],
  style: { id: "chicago-fullnote-bibliography", xml: null },
};
const data: Pick<BuildRequest, "evidence" | "reports" | "citations" | "sources"> = {
  evidence: [
    [
      "ev-1",
      {
        reportId: "rep-1",
        text: "Grid links cut prices.",
        section: null,
        page: 3,
        footnotes: [],
        sourcesFrom: "markers",
      },
    ],
  ],
  reports: [
    [
      "rep-1",
      {
        metadata: { title: "Grid Review", authors: [], publisher: null, date: "2025", reportNumber: null },
        footnotes: [],
      },
    ],
  ],
  citations: [],
  sources: [],
};

/** Real worker threads running exportWorker.ts; each starts in seconds (tsx, the editor schema). */
describe("exportWorker.ts on a WorkerPool", () => {
  const pools: Array<WorkerPool<ExportRequest, ExportAnswer>> = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  function pool(options: { size: number; timeoutMs?: number }) {
    const workers = new WorkerPool<ExportRequest, ExportAnswer>({
      ...options,
      entry: new URL("./exportWorker.ts", import.meta.url),
      what: "export",
      logger: createLogger("silent"),
    });
    pools.push(workers);
    return workers;
  }

  it("reads, builds and renders on a worker: the cited ids, the preview's counts and a Markdown file", async () => {
    const workers = pool({ size: 1 });
    const result = await workers.run(async (ask) => {
      const read = await ask({ type: "read", documents: [{ id: "r1", stored: storedBody("Grid links help.") }] });
      const preview = await ask({ type: "build", input, ...data, format: null });
      await ask({ type: "read", documents: [{ id: "r1", stored: storedBody("Grid links help.") }] });
      const file = await ask({ type: "build", input, ...data, format: "md" });
      return { read, preview, file: file.type === "file" ? Buffer.from(file.file).toString("utf8") : file };
    });
    expect(result.read).toEqual({ type: "read", cited: ["ev-1"], citationIds: [], badParts: 0 });
    expect(result.preview).toEqual({
      type: "preview",
      sectors: [
        { name: "Energy", recommendations: [{ id: "r1", title: "Grid links", status: "approved", citations: 1 }] },
      ],
      warnings: [],
      style: { id: "chicago-fullnote-bibliography", title: "Chicago Manual of Style 17th edition (full note)" },
    });
    expect(result.file).toContain("Grid links help.[^1]");
  }, 60_000);

  it("an export past its time has its worker stopped; the next export gets a fresh one", async () => {
    const workers = pool({ size: 1, timeoutMs: 200 });
    expect(await workers.run((ask) => ask({ type: "read", documents: [] }))).toEqual({
      type: "read",
      cited: [],
      citationIds: [],
      badParts: 0,
    });
    // ~2 MB of body in 8,000 paragraphs: applying and reading it takes well over 200 ms.
    const long = storedBody("Freight through the northern corridor rose as customs clearance fell. ".repeat(4), 8_000);
    await expect(workers.run((ask) => ask({ type: "read", documents: [{ id: "r1", stored: long }] }))).rejects.toThrow(
      /longer than 200 ms/,
    );
    expect(await workers.run((ask) => ask({ type: "read", documents: [] }))).toEqual({
      type: "read",
      cited: [],
      citationIds: [],
      badParts: 0,
    });
  }, 60_000);

  it("an error inside the worker fails that export only; the worker serves the next", async () => {
    const workers = pool({ size: 1 });
    // A build with no bodies read: the model cannot be built.
    await expect(workers.run((ask) => ask({ type: "build", input, ...data, format: "md" }))).rejects.toThrow(
      /failed in its worker/,
    );
    expect(
      await workers.run((ask) => ask({ type: "read", documents: [{ id: "r1", stored: storedBody("x") }] })),
    ).toEqual({
      type: "read",
      cited: ["ev-1"],
      citationIds: [],
      badParts: 0,
    });
  }, 60_000);
});
