import type { ImportedReport } from "@accord/evidence";
import type Database from "better-sqlite3";
import { highlight, notesOf, parseSearchQuery, sourcesOf, toFtsMatch, toFtsPhrase } from "../evidenceSearch.js";
import { newId } from "../ids.js";
import { definedOnly, metadataOf, storedPassageOf } from "../reportMetadata.js";
import type {
  CitingRecommendation,
  DeleteReportResult,
  EvidenceQuery,
  EvidenceRecord,
  Figure,
  ReportFormat,
  ReportMetadataPatch,
  ReportSummary,
  StoredFootnote,
  StoredPassage,
  StoredReport,
  StoredSection,
} from "../reports.js";
import type { ReportsPort } from "../Store.js";
import { writeTransaction } from "./database.js";

interface ReportRow {
  id: string;
  briefId: string;
  title: string;
  /** JSON array of strings. */
  authors: string;
  publisher: string | null;
  date: string | null;
  reportNumber: string | null;
  contentHash: string | null;
  format: ReportFormat;
  createdBy: string;
  createdAt: string;
  sectionCount: number;
  pageCount: number;
  passageCount: number;
  footnoteCount: number;
}

interface PassageRow {
  seq?: number;
  id: string;
  reportId: string;
  briefId: string;
  sectionIndex: number | null;
  sectionTitle: string | null;
  page: number;
  kind: StoredPassage["kind"];
  position: number;
  text: string;
  figures: string;
  footnotes: string;
  sourcesFrom: StoredPassage["sourcesFrom"];
  /** JSON array of {number, at}. */
  markers: string;
}

type SectionRow = {
  reportId: string;
  index: number;
  title: string;
  level: number;
  sectorLike: number;
  sectorName: string | null;
};
/** `urls` is JSON. */
type FootnoteRow = Omit<StoredFootnote, "urls"> & { urls: string };

const REPORT_COLUMNS = `id, brief_id AS briefId, title, authors, publisher, publication_date AS date,
  report_number AS reportNumber, content_hash AS contentHash, format, created_by AS createdBy, created_at AS createdAt,
  section_count AS sectionCount, page_count AS pageCount, passage_count AS passageCount, footnote_count AS footnoteCount`;
const PASSAGE_COLUMNS = `p.id, p.report_id AS reportId, p.brief_id AS briefId, p.section_index AS sectionIndex,
  p.section_title AS sectionTitle, p.page, p.kind, p.position, p.text, p.figures, p.footnotes, p.sources_from AS sourcesFrom, p.markers`;
const FOOTNOTE_COLUMNS = `report_id AS reportId, number, page, url, urls, text`;

/** Filters shared by every evidence query; a null parameter means "any". */
const EVIDENCE_FILTERS = `p.brief_id = @briefId
   AND (@reportId IS NULL OR p.report_id = @reportId)
   AND (@section IS NULL OR p.section_title = @section COLLATE NOCASE)
   AND (@ids IS NULL OR p.id IN (SELECT value FROM json_each(@ids)))`;

type FilterParams = {
  briefId: string;
  reportId: string | null;
  section: string | null;
  ids: string | null;
  limit: number;
};

export function createSqliteReports(db: Database.Database, now: () => string): ReportsPort {
  const s = {
    insertReport: db.prepare<ReportRow, void>(
      `INSERT INTO reports (id, brief_id, title, authors, publisher, publication_date, report_number, content_hash, format,
         created_by, created_at, section_count, page_count, passage_count, footnote_count)
       VALUES (@id, @briefId, @title, @authors, @publisher, @date, @reportNumber, @contentHash, @format,
         @createdBy, @createdAt, @sectionCount, @pageCount, @passageCount, @footnoteCount)`,
    ),
    insertSection: db.prepare<SectionRow, void>(
      `INSERT INTO report_sections (report_id, section_index, title, level, sector_like, sector_name)
       VALUES (@reportId, @index, @title, @level, @sectorLike, @sectorName)`,
    ),
    insertPage: db.prepare<[string, number], void>(`INSERT INTO report_pages (report_id, number) VALUES (?, ?)`),
    insertFootnote: db.prepare<FootnoteRow, void>(
      `INSERT INTO report_footnotes (report_id, number, page, url, urls, text) VALUES (@reportId, @number, @page, @url, @urls, @text)`,
    ),
    insertPassage: db.prepare<PassageRow, void>(
      `INSERT INTO passages (id, report_id, brief_id, section_index, section_title, page, kind, position, text, figures, footnotes, sources_from, markers)
       VALUES (@id, @reportId, @briefId, @sectionIndex, @sectionTitle, @page, @kind, @position, @text, @figures, @footnotes, @sourcesFrom, @markers)`,
    ),
    listReports: db.prepare<[string], ReportRow>(
      `SELECT ${REPORT_COLUMNS} FROM reports WHERE brief_id = ? ORDER BY created_at, id`,
    ),
    getReport: db.prepare<[string], ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = ?`),
    // The oldest report of the brief with these bytes: the one a duplicate import names.
    byContentHash: db.prepare<[string, string], ReportRow>(
      `SELECT ${REPORT_COLUMNS} FROM reports WHERE brief_id = ? AND content_hash = ? ORDER BY created_at, id LIMIT 1`,
    ),
    updateMetadata: db.prepare<
      {
        id: string;
        title: string;
        authors: string;
        publisher: string | null;
        date: string | null;
        reportNumber: string | null;
      },
      void
    >(
      `UPDATE reports SET title = @title, authors = @authors, publisher = @publisher, publication_date = @date,
         report_number = @reportNumber WHERE id = @id`,
    ),
    // Recommendations of the brief whose stored citations name a passage of the report.
    citingRecommendations: db.prepare<{ briefId: string; reportId: string }, CitingRecommendation>(
      `SELECT r.id AS recommendationId, r.title, r.sector_id AS sectorId
         FROM recommendations r
        WHERE r.brief_id = @briefId
          AND EXISTS (SELECT 1 FROM json_each(r.cited_evidence_ids) cited
                        JOIN passages p ON p.id = cited.value
                       WHERE p.report_id = @reportId)
        ORDER BY r.created_at, r.id`,
    ),
    // Sections, pages, footnotes and passages (and their search index rows) go with it: ON DELETE CASCADE.
    deleteReport: db.prepare<[string, string], void>(`DELETE FROM reports WHERE id = ? AND brief_id = ?`),
    sections: db.prepare<[string], SectionRow>(
      `SELECT report_id AS reportId, section_index AS "index", title, level, sector_like AS sectorLike, sector_name AS sectorName
         FROM report_sections WHERE report_id = ? ORDER BY section_index`,
    ),
    pages: db.prepare<[string], number>(`SELECT number FROM report_pages WHERE report_id = ? ORDER BY number`).pluck(),
    footnotes: db.prepare<[string], FootnoteRow>(
      `SELECT ${FOOTNOTE_COLUMNS} FROM report_footnotes WHERE report_id = ? ORDER BY number`,
    ),
    passages: db.prepare<[string], PassageRow>(
      `SELECT ${PASSAGE_COLUMNS} FROM passages p WHERE p.report_id = ? ORDER BY p.position, p.seq`,
    ),
    footnotesByNumbers: db.prepare<[string, string], FootnoteRow>(
      `SELECT ${FOOTNOTE_COLUMNS} FROM report_footnotes
        WHERE report_id = ? AND number IN (SELECT value FROM json_each(?)) ORDER BY number`,
    ),
    reportTitle: db.prepare<[string], string>(`SELECT title FROM reports WHERE id = ?`).pluck(),
    // Relevance: passages holding the whole query as one phrase first, then FTS5's bm25
    // (lower is better), then reading order so that ties are stable.
    search: db.prepare<FilterParams & { match: string; phrase: string }, PassageRow>(
      `SELECT ${PASSAGE_COLUMNS}
         FROM passages_fts
         JOIN passages p ON p.seq = passages_fts.rowid
         JOIN reports r ON r.id = p.report_id
        WHERE passages_fts MATCH @match AND ${EVIDENCE_FILTERS}
        ORDER BY p.seq IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH @phrase) DESC,
                 bm25(passages_fts), r.created_at, r.id, p.position
        LIMIT @limit`,
    ),
    browse: db.prepare<FilterParams, PassageRow>(
      `SELECT ${PASSAGE_COLUMNS}
         FROM passages p JOIN reports r ON r.id = p.report_id
        WHERE ${EVIDENCE_FILTERS}
        ORDER BY r.created_at, r.id, p.position, p.seq
        LIMIT @limit`,
    ),
  };

  const insertAll = writeTransaction(
    db,
    (briefId: string, imported: ImportedReport, createdBy: string, contentHash: string | null): ReportSummary => {
      const metadata = metadataOf(imported);
      const report: ReportRow = {
        id: newId(),
        briefId,
        title: metadata.title,
        authors: JSON.stringify(metadata.authors),
        publisher: metadata.publisher,
        date: metadata.date,
        reportNumber: metadata.reportNumber,
        contentHash,
        format: imported.format,
        createdBy,
        createdAt: now(),
        sectionCount: imported.sections.length,
        pageCount: imported.pageCount,
        passageCount: imported.passages.length,
        footnoteCount: imported.footnotes.length,
      };
      s.insertReport.run(report);
      imported.sections.forEach((section, index) =>
        s.insertSection.run({
          reportId: report.id,
          index,
          title: section.title,
          level: section.level,
          sectorLike: section.sectorLike ? 1 : 0,
          sectorName: section.sectorName,
        }),
      );
      for (let number = 1; number <= imported.pageCount; number++) s.insertPage.run(report.id, number);
      for (const note of imported.footnotes) {
        s.insertFootnote.run({
          reportId: report.id,
          number: note.number,
          page: note.page,
          url: note.url,
          urls: JSON.stringify(note.urls),
          text: note.text,
        });
      }
      for (const passage of imported.passages) {
        const stored = storedPassageOf(imported, passage, { reportId: report.id, briefId });
        s.insertPassage.run({
          ...stored,
          figures: JSON.stringify(stored.figures),
          footnotes: JSON.stringify(stored.footnotes),
          markers: JSON.stringify(stored.markers),
        });
      }
      return toSummary(report);
    },
  );

  // Read and written in one transaction: a concurrent edit of the same report is not lost.
  const updateMetadata = writeTransaction(
    db,
    (briefId: string, reportId: string, patch: ReportMetadataPatch): ReportSummary | null => {
      const row = s.getReport.get(reportId);
      if (!row || row.briefId !== briefId) return null;
      const current = toSummary(row).metadata;
      const next = { ...current, ...definedOnly(patch) };
      s.updateMetadata.run({
        id: reportId,
        title: next.title,
        authors: JSON.stringify(next.authors),
        publisher: next.publisher,
        date: next.date,
        reportNumber: next.reportNumber,
      });
      return toSummary(s.getReport.get(reportId)!);
    },
  );

  // The citation check and the delete in one transaction: no citation can be stored between them.
  const deleteChecked = writeTransaction(db, (briefId: string, reportId: string): DeleteReportResult => {
    const row = s.getReport.get(reportId);
    if (!row || row.briefId !== briefId) return { kind: "not_found" };
    const citedBy = s.citingRecommendations.all({ briefId, reportId });
    if (citedBy.length > 0) return { kind: "cited", citedBy };
    s.deleteReport.run(reportId, briefId);
    return { kind: "deleted" };
  });

  /** Passages → evidence: each report's title and footnotes read once per call. */
  const toEvidence = (
    rows: PassageRow[],
    highlightsOf: (text: string) => EvidenceRecord["highlights"],
  ): EvidenceRecord[] => {
    const reports = new Map<string, { title: string; footnotes: Map<number, StoredFootnote> }>();
    const reportOf = (reportId: string) => {
      let found = reports.get(reportId);
      if (!found) {
        found = {
          title: s.reportTitle.get(reportId) ?? "",
          footnotes: new Map(s.footnotes.all(reportId).map((row) => [row.number, toFootnote(row)])),
        };
        reports.set(reportId, found);
      }
      return found;
    };
    return rows.map((row) => {
      const passage = toPassage(row);
      const report = reportOf(passage.reportId);
      return {
        ...passage,
        reportTitle: report.title,
        sources: sourcesOf(passage.footnotes, report.footnotes),
        notes: notesOf(passage.footnotes, report.footnotes),
        highlights: highlightsOf(passage.text),
      };
    });
  };

  return {
    createReport: async (briefId, imported, createdBy, options) =>
      insertAll(briefId, imported, createdBy, options?.contentHash ?? null),
    listReports: async (briefId) => s.listReports.all(briefId).map(toSummary),
    getReport: async (id): Promise<StoredReport | null> => {
      const row = s.getReport.get(id);
      if (!row) return null;
      return {
        ...toSummary(row),
        sections: s.sections.all(id).map(toSection),
        pages: s.pages.all(id),
        passages: s.passages.all(id).map(toPassage),
        footnotes: s.footnotes.all(id).map(toFootnote),
      };
    },
    findReportByContentHash: async (briefId, contentHash) => {
      const row = s.byContentHash.get(briefId, contentHash);
      return row ? toSummary(row) : null;
    },
    updateReportMetadata: async (briefId, reportId, patch: ReportMetadataPatch) =>
      updateMetadata(briefId, reportId, patch),
    deleteReport: async (briefId, reportId) => deleteChecked(briefId, reportId),
    searchEvidence: async (briefId, query: EvidenceQuery) => {
      const params: FilterParams = {
        briefId,
        reportId: query.reportId ?? null,
        section: query.section ?? null,
        ids: query.ids ? JSON.stringify(query.ids) : null,
        limit: query.limit,
      };
      const parsed = parseSearchQuery(query.q);
      if (query.q !== undefined && query.q.trim() !== "" && !parsed) return []; // only punctuation: nothing to find
      if (!parsed) return toEvidence(s.browse.all(params), () => []);
      const rows = s.search.all({ ...params, match: toFtsMatch(parsed), phrase: toFtsPhrase(parsed) });
      return toEvidence(rows, (text) => highlight(text, parsed));
    },
    getFootnotes: async (reportId, numbers) =>
      numbers.length === 0 ? [] : s.footnotesByNumbers.all(reportId, JSON.stringify(numbers)).map(toFootnote),
    getEvidence: async (briefId, ids) => {
      if (ids.length === 0) return [];
      const rows = s.browse.all({
        briefId,
        reportId: null,
        section: null,
        ids: JSON.stringify(ids),
        limit: ids.length,
      });
      const byId = new Map(rows.map((row) => [row.id, row]));
      const ordered = [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
      return toEvidence(ordered, () => []);
    },
  };
}

function toSummary(row: ReportRow): ReportSummary {
  return {
    id: row.id,
    briefId: row.briefId,
    title: row.title,
    metadata: {
      title: row.title,
      authors: JSON.parse(row.authors) as string[],
      publisher: row.publisher,
      date: row.date,
      reportNumber: row.reportNumber,
    },
    contentHash: row.contentHash,
    format: row.format,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    counts: {
      sections: row.sectionCount,
      pages: row.pageCount,
      passages: row.passageCount,
      footnotes: row.footnoteCount,
    },
  };
}

function toSection(row: SectionRow): StoredSection {
  return {
    index: row.index,
    title: row.title,
    level: row.level,
    sectorLike: row.sectorLike === 1,
    sectorName: row.sectorName,
  };
}

function toFootnote(row: FootnoteRow): StoredFootnote {
  return {
    reportId: row.reportId,
    number: row.number,
    page: row.page,
    url: row.url,
    urls: JSON.parse(row.urls) as string[],
    text: row.text,
  };
}

function toPassage(row: PassageRow): StoredPassage {
  return {
    id: row.id,
    reportId: row.reportId,
    briefId: row.briefId,
    sectionIndex: row.sectionIndex,
    sectionTitle: row.sectionTitle,
    page: row.page,
    kind: row.kind,
    position: row.position,
    text: row.text,
    figures: JSON.parse(row.figures) as Figure[],
    footnotes: JSON.parse(row.footnotes) as number[],
    sourcesFrom: row.sourcesFrom,
    markers: JSON.parse(row.markers) as StoredPassage["markers"],
  };
}
