import type { Citation } from "@accord/domain";
import { CITATION_NODE } from "@accord/editor";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { createHash } from "node:crypto";
import { CslEngine, type CiteItem, type CslEngines } from "./csl/CslEngine.js";
import type { CslItem } from "./csl/cslItem.js";
import { parseCslXml } from "./csl/cslXml.js";
import { styleTitle } from "./csl/checkCslStyle.js";
import { footnoteItem, parseLocator, reportItem, type ReportMetadata } from "./csl/reportItems.js";
import { BUNDLED_STYLES, DEFAULT_STYLE_ID, isBundledStyle, loadBundledStyle, type CslNode } from "./csl/styles.js";
import { blocksFromProseMirror, citationReference, type CitationReference } from "./fromProseMirror.js";
import type { BriefExport, ExportSector, ExportWarning, Footnote, RecommendationStatus, TextRun } from "./model.js";
import { shortenPassage } from "./shortenPassage.js";

/** What a note needs to know of one cited passage (CITATIONS.md §6). */
export interface CitedPassage {
  reportId: string;
  text: string;
  section: string | null;
  page: number;
  /** The passage's default sources: numbers of its report's footnotes. */
  footnotes: number[];
  sourcesFrom: "markers" | "page";
}

/** A stored citation as the export reads it (CITATIONS.md §2): the server's `Citation` fits. */
export type ExportCitation = Pick<
  Citation,
  "id" | "evidenceId" | "reportId" | "quote" | "notes" | "sourceIds" | "sourcesChosen" | "sourceId" | "locator"
>;

/** A cited report: its metadata (the CSL `report` item) and its own footnotes (items of their own). */
export interface ExportReport {
  metadata: ReportMetadata;
  footnotes: ReadonlyMap<number, { text: string; urls: string[] }>;
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
  /** The brief's style: a bundled id, or "custom" with the lead's CSL file. */
  style: { id: string; xml: string | null };
  reports: ReadonlyMap<string, ExportReport>;
  /** The brief's citations by id; a node naming any other id is left out. */
  citations: ReadonlyMap<string, ExportCitation>;
  /** The brief's bibliography sources by id. */
  sources: ReadonlyMap<string, CslItem>;
}

/** One note before the style renders it. */
interface PlannedNote {
  footnote: Omit<Footnote, "content">;
  recommendationId: string;
  cites: CiteItem[];
  /** For the warning: where the passage is. */
  page: number | null;
}

/**
 * The format-independent brief. Footnote numbers run through the whole brief (1..N across
 * recommendations, in reading order) and every citation occurrence is its own note: Word
 * ties a footnote to exactly one reference, and the other formats follow so that "note 7"
 * means the same thing in all four files.
 *
 * Each note is one citeproc citation cluster — the report (locator: the page) and then each
 * chosen source — rendered together in reading order (CslEngine.renderNotes) so the style
 * decides full, short or "Ibid." forms; the quote stands before it in typographic quotes.
 * The bibliography has one entry per cited item, in the style's order.
 */
export interface BuildOptions {
  /** A worker's engines by style, reused across builds (building APA's costs ~0.3 s); fresh ones when absent. */
  engines?: CslEngines;
}

export function buildBriefExport(input: BriefExportInput, options: BuildOptions = {}): BriefExport {
  const items = new Map<string, CslItem>();
  const planned: PlannedNote[] = [];
  const sectors: ExportSector[] = input.sectors.map((sector) => ({
    name: sector.name,
    recommendations: sector.recommendations.map((recommendation) => {
      const blocks = blocksFromProseMirror(recommendation.body, (reference) => {
        const note = planNote(input, reference, items, planned.length + 1);
        if (!note) return null;
        planned.push({ ...note, recommendationId: recommendation.id });
        return note.footnote.number;
      });
      return {
        id: recommendation.id,
        title: recommendation.title,
        status: recommendation.status,
        blocks,
        footnotes: [] as Footnote[],
      };
    }),
  }));

  const style = resolveStyle(input.style);
  // A bundled style may render its notes in one pass (CslEngine.renderNotes); a lead's own never does.
  const engineOptions = { bundled: style.id !== "custom" };
  const engine =
    planned.length === 0
      ? null
      : options.engines
        ? options.engines.engineFor(style.key, () => style.node, items, engineOptions)
        : CslEngine.create(style.node, items, engineOptions);
  const rendered = engine ? engine.renderNotes(planned.map((note) => note.cites)) : [];
  const byRecommendation = new Map<string, Footnote[]>();
  const warnings: ExportWarning[] = [];
  planned.forEach((note, index) => {
    const content: TextRun[] = [...quoteRuns(note.footnote.quote), ...(rendered[index] ?? [])];
    const footnote: Footnote = { ...note.footnote, content };
    const list = byRecommendation.get(note.recommendationId) ?? [];
    list.push(footnote);
    byRecommendation.set(note.recommendationId, list);
    if (!footnote.sourcesChosen) warnings.push(sourcesNotChosen(note, footnote));
  });
  for (const sector of sectors) {
    for (const recommendation of sector.recommendations)
      recommendation.footnotes = byRecommendation.get(recommendation.id) ?? [];
  }

  return {
    title: input.title,
    description: input.description,
    date: input.date,
    contributors: input.contributors,
    style: { id: style.id, title: style.title },
    sectors,
    bibliography: engine ? engine.bibliography() : [],
    warnings,
  };
}

/**
 * What a citation node cites (CITATIONS.md §3): a `citationId` naming one of the brief's
 * citations is that citation (its `evidenceId`, when the node has one, must agree); a node
 * with only an `evidenceId` is the older whole-passage citation with the default sources.
 * Anything else is left out and takes no number.
 */
function planNote(
  input: BriefExportInput,
  reference: CitationReference,
  items: Map<string, CslItem>,
  number: number,
): Omit<PlannedNote, "recommendationId"> | null {
  if (reference.citationId !== null) {
    const citation = input.citations.get(reference.citationId);
    if (!citation) return null;
    if (reference.evidenceId !== null && citation.evidenceId !== reference.evidenceId) return null;
    if (citation.evidenceId !== null) {
      return passageNote(input, items, number, citation.evidenceId, {
        citationId: citation.id,
        quote: citation.quote ? citation.quote.text : null,
        notes: citation.notes,
        sourceIds: citation.sourceIds,
        sourcesChosen: citation.sourcesChosen,
      });
    }
    const source = citation.sourceId !== null ? input.sources.get(citation.sourceId) : undefined;
    if (!source || citation.sourceId === null) return null;
    const id = sourceItemId(citation.sourceId);
    items.set(id, source);
    const cite: CiteItem = { id, ...(citation.locator ? parseLocator(citation.locator) : {}) };
    return {
      footnote: {
        number,
        citationId: citation.id,
        evidenceId: null,
        quote: null,
        sourceUrls: httpUrls([source.URL]),
        sourcesChosen: true,
      },
      cites: [cite],
      page: null,
    };
  }
  if (reference.evidenceId === null) return null;
  const passage = input.evidence.get(reference.evidenceId);
  if (!passage) return null;
  // The older node: the whole passage, with the sources its markers point to; a page-sourced
  // passage's sources were never chosen.
  const byMarkers = passage.sourcesFrom === "markers";
  return passageNote(input, items, number, reference.evidenceId, {
    citationId: null,
    quote: null,
    notes: byMarkers ? passage.footnotes : [],
    sourceIds: [],
    sourcesChosen: byMarkers,
  });
}

function passageNote(
  input: BriefExportInput,
  items: Map<string, CslItem>,
  number: number,
  evidenceId: string,
  cited: {
    citationId: string | null;
    quote: string | null;
    notes: readonly number[];
    sourceIds: readonly string[];
    sourcesChosen: boolean;
  },
): Omit<PlannedNote, "recommendationId"> | null {
  const passage = input.evidence.get(evidenceId);
  const report = passage ? input.reports.get(passage.reportId) : undefined;
  if (!passage || !report) return null;

  const reportId = `report:${passage.reportId}`;
  if (!items.has(reportId)) items.set(reportId, reportItem(report.metadata));
  const cites: CiteItem[] = [{ id: reportId, locator: String(passage.page), label: "page" }];
  const urls: Array<string | undefined> = [];
  for (const noteNumber of new Set(cited.notes)) {
    const reportNote = report.footnotes.get(noteNumber);
    if (!reportNote) continue;
    const id = `note:${passage.reportId}:${noteNumber}`;
    let item = items.get(id);
    if (!item) {
      item = footnoteItem(reportNote.text, reportNote.urls);
      items.set(id, item);
    }
    cites.push({ id });
    urls.push(item.URL, ...reportNote.urls);
  }
  for (const sourceId of new Set(cited.sourceIds)) {
    const source = input.sources.get(sourceId);
    if (!source) continue;
    const id = sourceItemId(sourceId);
    items.set(id, source);
    cites.push({ id });
    urls.push(source.URL);
  }
  const quote = (cited.quote ?? shortenPassage(passage.text)).replace(/\s+/g, " ").trim();
  return {
    footnote: {
      number,
      citationId: cited.citationId,
      evidenceId,
      quote,
      sourceUrls: httpUrls(urls),
      sourcesChosen: cited.sourcesChosen,
    },
    cites,
    page: passage.page,
  };
}

function sourceItemId(sourceId: string): string {
  return `source:${sourceId}`;
}

function quoteRuns(quote: string | null): TextRun[] {
  return quote ? [{ type: "text", text: `“${quote}” ` }] : [];
}

/** http(s) addresses, each once, in order. */
function httpUrls(urls: ReadonlyArray<string | undefined>): string[] {
  const out = new Set<string>();
  for (const url of urls) if (url && /^https?:\/\//i.test(url.trim())) out.add(url.trim());
  return [...out];
}

function sourcesNotChosen(note: PlannedNote, footnote: Footnote): ExportWarning {
  const where = note.page !== null ? ` (page ${note.page})` : "";
  return {
    kind: "sources_not_chosen",
    recommendationId: note.recommendationId,
    number: footnote.number,
    citationId: footnote.citationId,
    message: `Note ${footnote.number} cites a passage${where} whose sources were never chosen: choose them from the report's notes before publishing.`,
  };
}

/** The style to render with; `key` names it exactly, for reusing its engine. */
function resolveStyle(style: { id: string; xml: string | null }): {
  id: string;
  title: string;
  key: string;
  node: CslNode;
} {
  if (style.id === "custom" && style.xml !== null) {
    // Checked by checkCslStyle when uploaded; a file that fails here fails the export loudly.
    const node = parseCslXml(style.xml);
    const key = `custom:${createHash("sha256").update(style.xml).digest("hex")}`;
    return { id: "custom", title: styleTitle(node), key, node };
  }
  // An unknown id (a style since withdrawn) falls back to the default rather than failing the export.
  const id = isBundledStyle(style.id) ? style.id : DEFAULT_STYLE_ID;
  const title = BUNDLED_STYLES.find((bundled) => bundled.id === id)!.title;
  return { id, title, key: id, node: loadBundledStyle(id) };
}

/** Every citation id and evidence id a body cites, in order, for loading them before building. */
export function citedIdsOf(body: ProseMirrorNode): { evidenceIds: string[]; citationIds: string[] } {
  const evidenceIds = new Set<string>();
  const citationIds = new Set<string>();
  body.descendants((node) => {
    if (node.type.name !== CITATION_NODE) return true;
    const reference = citationReference(node);
    if (reference?.evidenceId) evidenceIds.add(reference.evidenceId);
    if (reference?.citationId) citationIds.add(reference.citationId);
    return true;
  });
  return { evidenceIds: [...evidenceIds], citationIds: [...citationIds] };
}
