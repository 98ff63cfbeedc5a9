import { CITATION_NODE, isSafeHref } from "@accord/editor";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { blocksFromProseMirror } from "./fromProseMirror.js";
import type { BriefExport, ExportSector, Footnote, RecommendationStatus, TextRun } from "./model.js";
import { shortenPassage } from "./shortenPassage.js";

/** What a note needs to know of one cited passage. */
export interface CitedPassage {
  text: string;
  reportTitle: string;
  section: string | null;
  page: number;
  sources: readonly string[];
}

export interface BriefExportInput {
  title: string;
  description: string;
  /** `YYYY-MM-DD`. */
  date: string;
  contributors: string[];
  /** In reading order: sectors by position, recommendations by position within each. */
  sectors: Array<{
    name: string;
    recommendations: Array<{ id: string; title: string; status: RecommendationStatus; body: ProseMirrorNode }>;
  }>;
  /** The brief's passages by evidence id; a citation of anything else is left out. */
  evidence: ReadonlyMap<string, CitedPassage>;
}

/**
 * The format-independent brief. Footnote numbers run through the whole brief (1..N across
 * recommendations, in reading order) and every citation occurrence is its own note: Word
 * ties a footnote to exactly one reference, and the other formats follow so that "note 7"
 * means the same thing in all four files.
 */
export function buildBriefExport(input: BriefExportInput): BriefExport {
  let next = 1;
  const sectors: ExportSector[] = input.sectors.map((sector) => ({
    name: sector.name,
    recommendations: sector.recommendations.map((recommendation) => {
      const footnotes: Footnote[] = [];
      const blocks = blocksFromProseMirror(recommendation.body, (evidenceId) => {
        const passage = input.evidence.get(evidenceId);
        if (!passage) return null;
        const number = next++;
        const sourceUrls = passage.sources.filter((url) => isSafeHref(url));
        const quote = shortenPassage(passage.text);
        const location = [passage.reportTitle, passage.section, `p. ${passage.page}`].filter((part): part is string => !!part).join(", ");
        // Until the CSL engine renders notes: the quote and where it stands, then the links.
        const content: TextRun[] = [{ type: "text", text: `“${quote}” — ${location}.` }];
        for (const url of sourceUrls) content.push({ type: "text", text: " " }, { type: "text", text: url, link: url });
        footnotes.push({ number, content, citationId: null, evidenceId, quote, sourceUrls, sourcesChosen: true });
        return number;
      });
      return { id: recommendation.id, title: recommendation.title, status: recommendation.status, blocks, footnotes };
    }),
  }));
  return {
    title: input.title,
    description: input.description,
    date: input.date,
    contributors: input.contributors,
    style: { id: "chicago-fullnote-bibliography", title: "Chicago Manual of Style 18th edition (full note)" },
    sectors,
    bibliography: [],
    warnings: [],
  };
}

/** Every evidence id a body cites, for loading the passages before building. */
export function citedEvidenceIdsOf(body: ProseMirrorNode): string[] {
  const ids = new Set<string>();
  body.descendants((node) => {
    const evidenceId: unknown = node.attrs.evidenceId;
    if (node.type.name === CITATION_NODE && typeof evidenceId === "string" && evidenceId !== "") ids.add(evidenceId);
    return true;
  });
  return [...ids];
}
