import type { Brief } from "@accord/domain";
import type { BodyReader } from "@accord/editor";
import { buildBriefExport, citedEvidenceIdsOf, type BriefExport, type CitedPassage } from "@accord/export";
import type { CommandContext } from "../commands/context.js";
import { readBodies } from "./readBodies.js";
import { selectRecommendations, type ExportSelection } from "./selection.js";

/**
 * The brief as the export model: the selected recommendations' stored bodies, their
 * citations resolved against the brief's own evidence (ids of other briefs or deleted
 * reports are left out, as citedEvidenceIds leaves them out), and the contributors.
 */
export async function exportBrief(ctx: CommandContext, reader: BodyReader, brief: Brief, selection: ExportSelection, now = new Date()): Promise<BriefExport> {
  const { store } = ctx;
  const selected = await selectRecommendations(store, brief.id, selection);
  const bodies = await readBodies(
    ctx.documents,
    reader,
    selected.flatMap((entry) => entry.recommendations.map((r) => r.id)),
  );
  const evidenceIds = [...new Set([...bodies.values()].flatMap(citedEvidenceIdsOf))];
  const [evidence, members] = await Promise.all([store.getEvidence(brief.id, evidenceIds), store.listMembers(brief.id)]);
  const passages = new Map<string, CitedPassage>(
    evidence.map((e) => [e.id, { text: e.text, reportTitle: e.reportTitle, section: e.sectionTitle, page: e.page, sources: e.sources }]),
  );
  return buildBriefExport({
    title: brief.title,
    description: brief.description,
    date: now.toISOString().slice(0, 10),
    // Everyone who worked on the brief; viewers only read it.
    contributors: members.filter((m) => m.role !== "viewer").map((m) => m.name),
    sectors: selected.map(({ sector, recommendations }) => ({
      name: sector.name,
      recommendations: recommendations.map((r) => ({ id: r.id, title: r.title, status: r.status, body: bodies.get(r.id)! })),
    })),
    evidence: passages,
  });
}
