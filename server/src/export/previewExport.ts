import type { Brief, Status } from "@accord/domain";
import type { CommandContext } from "../commands/context.js";
import { exportBrief, type ExportLimits } from "./exportBrief.js";
import type { ExportSelection } from "./selection.js";

export type ExportWarningKind = "no_citations" | "open_threads" | "not_approved" | "sources_not_chosen";

export interface ExportPreview {
  /** The style the notes are rendered in (the lead's own file: its title). */
  style: { id: string; title: string };
  included: Array<{ recommendationId: string; title: string; sector: string; status: Status; citations: number }>;
  /** `number` and `citationId` only for "sources_not_chosen": the note and its citation. */
  warnings: Array<{
    recommendationId: string;
    title: string;
    kind: ExportWarningKind;
    message: string;
    number?: number;
    citationId?: string | null;
  }>;
  /** Open figure findings of the included recommendations (issue 19), summed: the client warns while any remain. */
  claimWarnings: { mismatch: number; inconsistent: number };
}

/**
 * What an export with this selection would hold, and what a lead should look at first.
 * Built from the same model as the files, so `citations` is the number of footnotes the
 * recommendation gets (every resolved citation occurrence).
 */
export async function previewExport(
  ctx: CommandContext,
  limits: ExportLimits,
  brief: Brief,
  selection: ExportSelection,
): Promise<ExportPreview> {
  const [model, openThreads, claimChecks] = await Promise.all([
    exportBrief(ctx, limits, brief, selection, null),
    ctx.store.listThreads(brief.id, { status: "open" }),
    ctx.store.listClaimChecks(brief.id),
  ]);
  const claimCounts = new Map(claimChecks.map((check) => [check.recommendationId, check.counts]));
  const unchosen = new Map<string, typeof model.warnings>();
  for (const warning of model.warnings)
    unchosen.set(warning.recommendationId, [...(unchosen.get(warning.recommendationId) ?? []), warning]);
  const openCounts = new Map<string, number>();
  for (const thread of openThreads)
    openCounts.set(thread.recommendationId, (openCounts.get(thread.recommendationId) ?? 0) + 1);

  const preview: ExportPreview = {
    style: model.style,
    included: [],
    warnings: [],
    claimWarnings: { mismatch: 0, inconsistent: 0 },
  };
  for (const sector of model.sectors) {
    for (const r of sector.recommendations) {
      const citations = r.citations;
      const claims = claimCounts.get(r.id);
      if (claims) {
        preview.claimWarnings.mismatch += claims.mismatch;
        preview.claimWarnings.inconsistent += claims.inconsistent;
      }
      preview.included.push({
        recommendationId: r.id,
        title: r.title,
        sector: sector.name,
        status: r.status,
        citations,
      });
      const warn = (kind: ExportWarningKind, message: string) =>
        preview.warnings.push({ recommendationId: r.id, title: r.title, kind, message });
      if (citations === 0) warn("no_citations", "Cites no evidence: it will have no footnotes.");
      const open = openCounts.get(r.id) ?? 0;
      if (open > 0) warn("open_threads", `Has ${open} open comment ${open === 1 ? "thread" : "threads"}.`);
      if (r.status !== "approved") warn("not_approved", `Included while ${r.status.replace("_", " ")}, not approved.`);
      for (const note of unchosen.get(r.id) ?? []) {
        preview.warnings.push({
          recommendationId: r.id,
          title: r.title,
          kind: "sources_not_chosen",
          message: note.message,
          number: note.number,
          citationId: note.citationId,
        });
      }
    }
  }
  return preview;
}
