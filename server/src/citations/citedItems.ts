import type { BriefSource, Citation, Recommendation } from "@accord/domain";
import type { EvidenceNote, EvidenceRecord } from "../store/reports.js";
import type { Store } from "../store/Store.js";
import { defaultNotes } from "./citationCommands.js";
import type { CitationNodeRef } from "./citedEvidenceIds.js";

/** The cited passage as the list beside the editor shows it. */
export interface CitedPassageView {
  text: string;
  page: number;
  section: string | null;
  reportTitle: string;
  sourcesFrom: "markers" | "page";
  /** The passage's own notes, then any other note of its report the citation chose. */
  footnotes: EvidenceNote[];
}

/** A body's older node (an `evidenceId` without a `citationId`): the whole passage, its default notes. */
export type LegacyCitation = Omit<Citation, "id" | "createdBy" | "createdAt" | "updatedAt"> & {
  id: null;
  createdBy: null;
  createdAt: null;
  updatedAt: null;
};

/** CITATIONS.md §2's `CitedItem`. */
export type CitedItem = (Citation | LegacyCitation) & {
  /** The recommendation whose body cites it; null when no stored body does (a `?ids=` lookup). */
  recommendationId: string | null;
  passage: CitedPassageView | null;
  source: BriefSource | null;
};

type Entry = { recommendationId: string | null; citation: Citation | LegacyCitation };

/**
 * What these recommendations' stored bodies cite, in body order, recommendation after
 * recommendation: the stored citations their `citationIds` name (CitationTracker) and their
 * legacy evidence-only nodes (evidence of `citedEvidenceIds` no stored citation of the body
 * covers). A body with only one kind is in order from its lists alone; a body holding both
 * (an older body cited again since) is read (`readNodes`) for the order of the two kinds. A
 * passage cited both ways in one body shows once, as the stored citation.
 */
export async function listCitedItems(
  store: Store,
  briefId: string,
  recommendations: readonly Recommendation[],
  readNodes: (recommendationId: string) => Promise<readonly CitationNodeRef[]>,
): Promise<CitedItem[]> {
  const allIds = [...new Set(recommendations.flatMap((r) => r.citationIds))];
  const citations = new Map((await store.getCitations(briefId, allIds)).map((c) => [c.id, c]));
  const entries: Entry[] = [];
  for (const recommendation of recommendations) {
    const stored = recommendation.citationIds.flatMap((id) => citations.get(id) ?? []);
    const covered = new Set(stored.flatMap((c) => (c.evidenceId === null ? [] : [c.evidenceId])));
    const legacy = recommendation.citedEvidenceIds.filter((id) => !covered.has(id));
    const ordered =
      stored.length > 0 && legacy.length > 0
        ? inBodyOrder(stored, legacy, await readNodes(recommendation.id))
        : [...stored, ...legacy];
    for (const item of ordered) {
      entries.push({
        recommendationId: recommendation.id,
        citation: typeof item === "string" ? legacyCitation(briefId, item) : item,
      });
    }
  }
  return present(store, briefId, entries);
}

/** The stored citations and legacy evidence ids of one body, in the order its nodes hold them. */
function inBodyOrder(
  stored: readonly Citation[],
  legacy: readonly string[],
  nodes: readonly CitationNodeRef[],
): Array<Citation | string> {
  const citations = new Map(stored.map((citation) => [citation.id, citation]));
  const legacySet = new Set(legacy);
  const seen = new Set<string>();
  const ordered: Array<Citation | string> = [];
  for (const node of nodes) {
    if (node.citationId !== null) {
      const citation = citations.get(node.citationId);
      if (citation && !seen.has(citation.id) && (node.evidenceId === null || node.evidenceId === citation.evidenceId)) {
        seen.add(citation.id);
        ordered.push(citation);
      }
    } else if (node.evidenceId !== null && legacySet.has(node.evidenceId) && !seen.has(node.evidenceId)) {
      seen.add(node.evidenceId);
      ordered.push(node.evidenceId);
    }
  }
  // The body changed since the lists were derived: what the lists hold and the body no longer
  // does goes last, until the tracker catches up.
  for (const citation of stored) if (!seen.has(citation.id)) ordered.push(citation);
  for (const id of legacy) if (!seen.has(id)) ordered.push(id);
  return ordered;
}

/** These citations of the brief (others' and unknown ids left out), in the order asked, each with the recommendation citing it. */
export async function lookUpCitedItems(store: Store, briefId: string, ids: readonly string[]): Promise<CitedItem[]> {
  const found = await store.getCitations(briefId, ids);
  if (found.length === 0) return [];
  const citingRecommendation = new Map<string, string>();
  for (const recommendation of await store.listRecommendations(briefId)) {
    for (const id of recommendation.citationIds)
      if (!citingRecommendation.has(id)) citingRecommendation.set(id, recommendation.id);
  }
  return present(
    store,
    briefId,
    found.map((citation) => ({ recommendationId: citingRecommendation.get(citation.id) ?? null, citation })),
  );
}

function legacyCitation(briefId: string, evidenceId: string): LegacyCitation {
  // reportId, notes and sourcesChosen are filled from the passage in `present`.
  return {
    id: null,
    briefId,
    evidenceId,
    reportId: null,
    quote: null,
    notes: [],
    sourceIds: [],
    sourcesChosen: true,
    sourceId: null,
    locator: null,
    createdBy: null,
    createdAt: null,
    updatedAt: null,
  };
}

async function present(store: Store, briefId: string, entries: readonly Entry[]): Promise<CitedItem[]> {
  const evidenceIds = [
    ...new Set(entries.flatMap(({ citation }) => (citation.evidenceId === null ? [] : [citation.evidenceId]))),
  ];
  const evidence = new Map((await store.getEvidence(briefId, evidenceIds)).map((e) => [e.id, e]));
  const sourceIds = [
    ...new Set(entries.flatMap(({ citation }) => (citation.sourceId === null ? [] : [citation.sourceId]))),
  ];
  const sources = new Map((await store.getSources(briefId, sourceIds)).map((s) => [s.id, s]));

  // Chosen notes that are not the passage's own, fetched once per report.
  const missing = new Map<string, Set<number>>();
  const resolved = entries.map(({ recommendationId, citation }) => {
    const passage = citation.evidenceId === null ? undefined : evidence.get(citation.evidenceId);
    const full = citation.id === null && passage ? withDefaults(citation, passage) : citation;
    if (passage) {
      const own = new Set(passage.notes.map((note) => note.number));
      for (const number of full.notes) {
        if (own.has(number)) continue;
        const set = missing.get(passage.reportId) ?? new Set<number>();
        set.add(number);
        missing.set(passage.reportId, set);
      }
    }
    return { recommendationId, citation: full, passage };
  });
  const extraNotes = new Map<string, Map<number, EvidenceNote>>();
  for (const [reportId, numbers] of missing) {
    const notes = await store.getFootnotes(reportId, [...numbers]);
    extraNotes.set(
      reportId,
      new Map(notes.map((note) => [note.number, { number: note.number, text: note.text, urls: note.urls }])),
    );
  }

  // A legacy node whose passage is gone (its report deleted meanwhile) is no citation.
  return resolved.flatMap(({ recommendationId, citation, passage }): CitedItem[] => {
    if (citation.id === null && !passage) return [];
    return [
      {
        ...citation,
        recommendationId,
        passage: passage ? passageView(passage, citation.notes, extraNotes.get(passage.reportId)) : null,
        source: citation.sourceId === null ? null : (sources.get(citation.sourceId) ?? null),
      },
    ];
  });
}

function withDefaults(citation: LegacyCitation, passage: EvidenceRecord): LegacyCitation {
  const defaults = defaultNotes(passage, null);
  return { ...citation, reportId: passage.reportId, notes: defaults.notes, sourcesChosen: defaults.sourcesChosen };
}

function passageView(
  passage: EvidenceRecord,
  chosen: readonly number[],
  extra: ReadonlyMap<number, EvidenceNote> | undefined,
): CitedPassageView {
  const own = new Set(passage.notes.map((note) => note.number));
  const others = chosen.filter((number) => !own.has(number)).flatMap((number) => extra?.get(number) ?? []);
  return {
    text: passage.text,
    page: passage.page,
    section: passage.sectionTitle,
    reportTitle: passage.reportTitle,
    sourcesFrom: passage.sourcesFrom,
    footnotes: [...passage.notes, ...others].map((note) => ({
      number: note.number,
      text: note.text,
      urls: [...note.urls],
    })),
  };
}
