import type { Brief, BriefSource, Citation, CslItem } from "@accord/domain";
import { CUSTOM_CITATION_STYLE } from "@accord/domain";
import type Database from "better-sqlite3";
import { ConflictError } from "../../errors.js";
import { newId } from "../ids.js";
import type { CitationPatch, CitationsPort, CustomCitationStyle, DeleteSourceResult, NewCitation } from "../Store.js";
import { writeTransaction } from "./database.js";
import { BRIEF_COLUMNS, type BriefRow, toBrief } from "./rows.js";

/** `quote`, `notes` and `sourceIds` are JSON; `sourcesChosen` 0/1. */
interface CitationRow {
  id: string;
  briefId: string;
  evidenceId: string | null;
  reportId: string | null;
  quote: string | null;
  notes: string;
  sourceIds: string;
  sourcesChosen: number;
  sourceId: string | null;
  locator: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** `csl` is JSON. */
interface SourceRow {
  id: string;
  briefId: string;
  csl: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

const CITATION_COLUMNS = `id, brief_id AS briefId, evidence_id AS evidenceId, report_id AS reportId, quote, notes,
  source_ids AS sourceIds, sources_chosen AS sourcesChosen, source_id AS sourceId, locator,
  created_by AS createdBy, created_at AS createdAt, updated_at AS updatedAt`;
const SOURCE_COLUMNS = `id, brief_id AS briefId, csl, created_by AS createdBy, created_at AS createdAt, updated_at AS updatedAt`;

export function createSqliteCitations(db: Database.Database, now: () => string): CitationsPort {
  const s = {
    insertCitation: db.prepare<CitationRow, void>(
      `INSERT INTO citations (id, brief_id, evidence_id, report_id, quote, notes, source_ids, sources_chosen, source_id, locator,
         created_by, created_at, updated_at)
       VALUES (@id, @briefId, @evidenceId, @reportId, @quote, @notes, @sourceIds, @sourcesChosen, @sourceId, @locator,
         @createdBy, @createdAt, @updatedAt)`,
    ),
    passageOfBrief: db
      .prepare<[string, string], number>(`SELECT EXISTS (SELECT 1 FROM passages WHERE id = ? AND brief_id = ?)`)
      .pluck(),
    countSourcesOfBrief: db
      .prepare<[string, string], number>(
        `SELECT count(*) FROM brief_sources WHERE brief_id = ? AND id IN (SELECT value FROM json_each(?))`,
      )
      .pluck(),
    getCitation: db.prepare<[string], CitationRow>(`SELECT ${CITATION_COLUMNS} FROM citations WHERE id = ?`),
    citationsByIds: db.prepare<[string, string], CitationRow>(
      `SELECT ${CITATION_COLUMNS} FROM citations WHERE brief_id = ? AND id IN (SELECT value FROM json_each(?))`,
    ),
    listCitations: db.prepare<[string], CitationRow>(
      `SELECT ${CITATION_COLUMNS} FROM citations WHERE brief_id = ? ORDER BY created_at, id`,
    ),
    updateCitation: db.prepare<
      Pick<CitationRow, "id" | "notes" | "sourceIds" | "sourcesChosen" | "locator" | "updatedAt">,
      void
    >(
      `UPDATE citations SET notes = @notes, source_ids = @sourceIds, sources_chosen = @sourcesChosen, locator = @locator,
         updated_at = @updatedAt WHERE id = @id`,
    ),
    insertSource: db.prepare<SourceRow, void>(
      `INSERT INTO brief_sources (id, brief_id, csl, created_by, created_at, updated_at)
       VALUES (@id, @briefId, @csl, @createdBy, @createdAt, @updatedAt)`,
    ),
    getSource: db.prepare<[string], SourceRow>(`SELECT ${SOURCE_COLUMNS} FROM brief_sources WHERE id = ?`),
    listSources: db.prepare<[string], SourceRow>(
      `SELECT ${SOURCE_COLUMNS} FROM brief_sources WHERE brief_id = ? ORDER BY seq`,
    ),
    sourcesByIds: db.prepare<[string, string], SourceRow>(
      `SELECT ${SOURCE_COLUMNS} FROM brief_sources WHERE brief_id = ? AND id IN (SELECT value FROM json_each(?))`,
    ),
    updateSource: db.prepare<[string, string, string], void>(
      `UPDATE brief_sources SET csl = ?, updated_at = ? WHERE id = ?`,
    ),
    deleteSource: db.prepare<[string], void>(`DELETE FROM brief_sources WHERE id = ?`),
    citingSource: db
      .prepare<{ briefId: string; sourceId: string }, string>(
        `SELECT id FROM citations
          WHERE brief_id = @briefId
            AND (source_id = @sourceId OR EXISTS (SELECT 1 FROM json_each(source_ids) WHERE value = @sourceId))
          ORDER BY created_at, id`,
      )
      .pluck(),
    getStyle: db.prepare<[string], CustomCitationStyle>(
      `SELECT title, xml FROM brief_citation_styles WHERE brief_id = ?`,
    ),
    putStyle: db.prepare<{ briefId: string; title: string; xml: string; updatedAt: string }, void>(
      `INSERT INTO brief_citation_styles (brief_id, title, xml, updated_at) VALUES (@briefId, @title, @xml, @updatedAt)
       ON CONFLICT (brief_id) DO UPDATE SET title = excluded.title, xml = excluded.xml, updated_at = excluded.updated_at`,
    ),
    getBrief: db.prepare<[string], BriefRow>(`SELECT ${BRIEF_COLUMNS} FROM briefs WHERE id = ?`),
    setBriefStyle: db.prepare<[string, string, string], void>(
      `UPDATE briefs SET citation_style = ?, updated_at = ? WHERE id = ?`,
    ),
  };

  const updateCitation = writeTransaction(db, (briefId: string, id: string, patch: CitationPatch): Citation | null => {
    const row = s.getCitation.get(id);
    if (!row || row.briefId !== briefId) return null;
    const current = toCitation(row);
    if (patch.sourceIds && patch.sourceIds.length > 0) {
      const named = [...new Set(patch.sourceIds)];
      if (s.countSourcesOfBrief.get(briefId, JSON.stringify(named)) !== named.length) {
        throw new ConflictError("A chosen source was deleted meanwhile.", "sourceIds");
      }
    }
    const next: Citation = {
      ...current,
      notes: patch.notes ? [...patch.notes] : current.notes,
      sourceIds: patch.sourceIds ? [...patch.sourceIds] : current.sourceIds,
      sourcesChosen: patch.sourcesChosen ?? current.sourcesChosen,
      locator: patch.locator !== undefined ? patch.locator : current.locator,
      updatedAt: now(),
    };
    const nextRow = toCitationRow(next);
    s.updateCitation.run({
      id,
      notes: nextRow.notes,
      sourceIds: nextRow.sourceIds,
      sourcesChosen: nextRow.sourcesChosen,
      locator: nextRow.locator,
      updatedAt: nextRow.updatedAt,
    });
    return next;
  });

  const createSources = writeTransaction(
    db,
    (briefId: string, items: readonly CslItem[], createdBy: string): BriefSource[] => {
      const at = now();
      return items.map((csl) => {
        const source: BriefSource = {
          id: newId(),
          briefId,
          csl: structuredClone(csl),
          createdBy,
          createdAt: at,
          updatedAt: at,
        };
        s.insertSource.run({ ...source, csl: JSON.stringify(source.csl) });
        return source;
      });
    },
  );

  const updateSource = writeTransaction(db, (briefId: string, id: string, csl: CslItem): BriefSource | null => {
    const row = s.getSource.get(id);
    if (!row || row.briefId !== briefId) return null;
    const at = now();
    s.updateSource.run(JSON.stringify(csl), at, id);
    return toSource({ ...row, csl: JSON.stringify(csl), updatedAt: at });
  });

  // The check and the delete in one transaction: no citation can take the source between them.
  const deleteSource = writeTransaction(db, (briefId: string, id: string): DeleteSourceResult => {
    const row = s.getSource.get(id);
    if (!row || row.briefId !== briefId) return { kind: "not_found" };
    const citationIds = s.citingSource.all({ briefId, sourceId: id });
    if (citationIds.length > 0) return { kind: "cited", citationIds };
    s.deleteSource.run(id);
    return { kind: "deleted" };
  });

  const setStyle = writeTransaction(db, (briefId: string, style: CustomCitationStyle): Brief | null => {
    if (!s.getBrief.get(briefId)) return null;
    const at = now();
    s.putStyle.run({ briefId, title: style.title, xml: style.xml, updatedAt: at });
    s.setBriefStyle.run(CUSTOM_CITATION_STYLE, at, briefId);
    const row = s.getBrief.get(briefId);
    return row ? toBrief(row) : null;
  });

  // What the citation names is checked in the same transaction as the insert: a source deleted
  // (or a report deleted) since the caller checked is refused, never left dangling.
  const insertCitation = writeTransaction(db, (citation: Citation) => {
    if (citation.evidenceId !== null && !s.passageOfBrief.get(citation.evidenceId, citation.briefId)) {
      throw new ConflictError("The cited passage was deleted meanwhile.", "evidenceId");
    }
    const named = [...new Set([...(citation.sourceId === null ? [] : [citation.sourceId]), ...citation.sourceIds])];
    if (named.length > 0 && s.countSourcesOfBrief.get(citation.briefId, JSON.stringify(named)) !== named.length) {
      throw new ConflictError(
        "A chosen source was deleted meanwhile.",
        citation.sourceId === null ? "sourceIds" : "sourceId",
      );
    }
    s.insertCitation.run(toCitationRow(citation));
  });

  return {
    createCitation: async (input: NewCitation) => {
      const at = now();
      const citation: Citation = {
        ...input,
        quote: input.quote ? { ...input.quote } : null,
        notes: [...input.notes],
        sourceIds: [...input.sourceIds],
        id: newId(),
        createdAt: at,
        updatedAt: at,
      };
      insertCitation(citation);
      return citation;
    },
    getCitations: async (briefId, ids) => {
      if (ids.length === 0) return [];
      const byId = new Map(s.citationsByIds.all(briefId, JSON.stringify(ids)).map((row) => [row.id, toCitation(row)]));
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },
    listCitations: async (briefId) => s.listCitations.all(briefId).map(toCitation),
    updateCitation: async (briefId, id, patch) => updateCitation(briefId, id, patch),

    createSources: async (briefId, items, createdBy) => createSources(briefId, items, createdBy),
    listSources: async (briefId) => s.listSources.all(briefId).map(toSource),
    getSources: async (briefId, ids) => {
      if (ids.length === 0) return [];
      const byId = new Map(s.sourcesByIds.all(briefId, JSON.stringify(ids)).map((row) => [row.id, toSource(row)]));
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },
    updateSource: async (briefId, id, csl) => updateSource(briefId, id, csl),
    deleteSource: async (briefId, id) => deleteSource(briefId, id),

    getCustomCitationStyle: async (briefId) => s.getStyle.get(briefId) ?? null,
    setCustomCitationStyle: async (briefId, style) => setStyle(briefId, style),
  };
}

function toCitationRow(citation: Citation): CitationRow {
  return {
    ...citation,
    quote: citation.quote ? JSON.stringify(citation.quote) : null,
    notes: JSON.stringify(citation.notes),
    sourceIds: JSON.stringify(citation.sourceIds),
    sourcesChosen: citation.sourcesChosen ? 1 : 0,
  };
}

function toCitation(row: CitationRow): Citation {
  return {
    id: row.id,
    briefId: row.briefId,
    evidenceId: row.evidenceId,
    reportId: row.reportId,
    quote: row.quote === null ? null : (JSON.parse(row.quote) as Citation["quote"]),
    notes: JSON.parse(row.notes) as number[],
    sourceIds: JSON.parse(row.sourceIds) as string[],
    sourcesChosen: row.sourcesChosen === 1,
    sourceId: row.sourceId,
    locator: row.locator,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toSource(row: SourceRow): BriefSource {
  return {
    id: row.id,
    briefId: row.briefId,
    csl: JSON.parse(row.csl) as CslItem,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
