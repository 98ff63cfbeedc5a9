import type { Brief } from "@accord/domain";
import type { ExportFormat, ExportWarning } from "@accord/export";
import type { CommandContext } from "../commands/context.js";
import { TooLargeError } from "../errors.js";
import type { StoredDocument } from "../store/Store.js";
import { WorkerFailedError, type WorkerPool } from "../workers/WorkerPool.js";
import type { ExportAnswer, ExportRequest, PreviewSector } from "./exportProtocol.js";
import { loadCited } from "./loadCited.js";
import { selectRecommendations, type ExportSelection } from "./selection.js";

/** The worker threads that run exportWorker.ts. */
export type ExportWorkers = WorkerPool<ExportRequest, ExportAnswer>;

export interface ExportLimits {
  workers: ExportWorkers;
  /** Stored bytes of the selected bodies one export may read; more answers 413. */
  maxBytes: number;
}

/** A file in `format`, or (null) the preview's summary of the same model. */
export type ExportResult<F extends ExportFormat | null> = F extends ExportFormat
  ? Uint8Array
  : { sectors: PreviewSector[]; warnings: ExportWarning[]; style: { id: string; title: string } };

/**
 * The brief as an export: the selected recommendations' stored bodies, their citations
 * resolved against the brief's own evidence (ids of other briefs or deleted reports are left
 * out, as citedEvidenceIds leaves them out), and the contributors — rendered as a file, or
 * summarized for the preview from the same model.
 *
 * Only the store work happens here. Applying the bodies, reading them with the editor's schema,
 * building the model and rendering run on an export worker thread (exportWorker.ts): on a 2 MB
 * body they took 0.8 s to 30 s of the event loop.
 */
export async function exportBrief<F extends ExportFormat | null>(
  ctx: CommandContext,
  limits: ExportLimits,
  brief: Brief,
  selection: ExportSelection,
  format: F,
  now = new Date(),
): Promise<ExportResult<F>> {
  const { store } = ctx;
  const selected = await selectRecommendations(store, brief.id, selection);
  const documents: Array<{ id: string; stored: StoredDocument }> = [];
  let bytes = 0;
  for (const { recommendations } of selected) {
    for (const { id } of recommendations) {
      // An open room stores what it accepted first: the export is what the server holds.
      const stored = await ctx.documents.storedParts(id);
      bytes += (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((sum, update) => sum + update.byteLength, 0);
      if (bytes > limits.maxBytes) {
        throw new TooLargeError(
          `The selected recommendations hold more than ${Math.round(limits.maxBytes / (1024 * 1024))} MB of text: export fewer sectors or statuses at a time.`,
          "sectorIds",
        );
      }
      documents.push({ id, stored });
    }
  }
  const members = await store.listMembers(brief.id);
  return limits.workers.run(async (ask) => {
    const read = await ask({ type: "read", documents });
    if (read.type !== "read") throw new WorkerFailedError(`unexpected answer ${read.type}`);
    const cited = await loadCited(store, brief, read.cited, read.citationIds);
    const built = await ask({
      type: "build",
      input: {
        title: brief.title,
        description: brief.description,
        date: now.toISOString().slice(0, 10),
        // Everyone who worked on the brief; viewers only read it.
        contributors: members.filter((m) => m.role !== "viewer").map((m) => m.name),
        sectors: selected.map(({ sector, recommendations }) => ({
          name: sector.name,
          recommendations: recommendations.map((r) => ({ id: r.id, title: r.title, status: r.status })),
        })),
        style: cited.style,
      },
      evidence: cited.evidence,
      reports: cited.reports,
      citations: cited.citations,
      sources: cited.sources,
      format,
    });
    if (built.type === "file" && format !== null) return built.file as ExportResult<F>;
    if (built.type === "preview" && format === null)
      return { sectors: built.sectors, warnings: built.warnings, style: built.style } as ExportResult<F>;
    throw new WorkerFailedError(`unexpected answer ${built.type}`);
  });
}
