import type { Filter } from "mongodb";
import type { ImportedReport } from "@accord/evidence";
import { highlight, matchesAll, matchesWholePhrase, notesOf, parseSearchQuery, sourcesOf } from "../evidenceSearch.js";
import { newId } from "../ids.js";
import { definedOnly, metadataOf, storedPassageOf } from "../reportMetadata.js";
import type {
  CitingRecommendation,
  DeleteReportResult,
  EvidenceQuery,
  EvidenceRecord,
  ReportSummary,
  StoredFootnote,
  StoredPassage,
  StoredReport,
  StoredSection,
} from "../reports.js";
import type { ReportsPort } from "../Store.js";
import type { Collections, FootnoteDoc, PassageDoc, ReportDoc } from "./collections.js";
import type { InTransaction } from "./connect.js";

/** An incomplete report older than this was left by a crashed import and may be swept. */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;
/** insertMany batch: keeps each command well under the 48 MB message limit. */
const INSERT_BATCH = 1000;

/**
 * Reports in MongoDB. No transaction (a large report can outgrow one, and a standalone
 * server has none): the `complete` flag of ReportDoc makes the import all or nothing for
 * every reader, as collections.ts explains.
 */
export function createMongoReports(c: Collections, now: () => string, inTransaction: InTransaction): ReportsPort {
  const completeReports = (briefId: string) =>
    c.reports.find({ briefId, complete: true }).sort({ createdAt: 1, _id: 1 }).toArray();

  /** Removes incomplete reports and their parts; a report that did complete is never touched. */
  const removeIncomplete = async (reportIds: string[]): Promise<void> => {
    if (reportIds.length === 0) return;
    // Re-checked here: a write whose acknowledgement was lost may have completed the report.
    const incomplete = await c.reports
      .find({ _id: { $in: reportIds }, complete: false }, { projection: { _id: 1 } })
      .toArray();
    const ids = incomplete.map((doc) => doc._id);
    if (ids.length === 0) return;
    await c.passages.deleteMany({ reportId: { $in: ids } });
    await c.footnotes.deleteMany({ reportId: { $in: ids } });
    await c.reports.deleteMany({ _id: { $in: ids }, complete: false });
  };

  const sweepAbandoned = async (): Promise<void> => {
    const stale = await c.reports
      .find(
        { complete: false, startedAt: { $lt: new Date(Date.now() - ABANDONED_AFTER_MS) } },
        { projection: { _id: 1 } },
      )
      .toArray();
    await removeIncomplete(stale.map((doc) => doc._id));
  };

  const insertInBatches = async <T extends PassageDoc | FootnoteDoc>(
    insert: (docs: T[]) => Promise<unknown>,
    docs: T[],
  ) => {
    for (let i = 0; i < docs.length; i += INSERT_BATCH) await insert(docs.slice(i, i + INSERT_BATCH));
  };

  /** Passages → evidence, with each report's title and footnotes read once per call. */
  const toEvidence = async (
    docs: PassageDoc[],
    titles: ReadonlyMap<string, string>,
    highlightsOf: (text: string) => EvidenceRecord["highlights"],
  ): Promise<EvidenceRecord[]> => {
    const reportIds = [...new Set(docs.map((doc) => doc.reportId))];
    const notes = await c.footnotes.find({ reportId: { $in: reportIds } }).toArray();
    const byReport = new Map<string, Map<number, StoredFootnote>>();
    for (const note of notes) {
      const map = byReport.get(note.reportId) ?? new Map<number, StoredFootnote>();
      map.set(note.number, toFootnote(note));
      byReport.set(note.reportId, map);
    }
    return docs.map((doc) => {
      const passage = toPassage(doc);
      return {
        ...passage,
        reportTitle: titles.get(doc.reportId) ?? "",
        sources: sourcesOf(passage.footnotes, byReport.get(doc.reportId) ?? new Map()),
        notes: notesOf(passage.footnotes, byReport.get(doc.reportId) ?? new Map()),
        highlights: highlightsOf(passage.text),
      };
    });
  };

  return {
    async createReport(briefId, imported: ImportedReport, createdBy, options) {
      await sweepAbandoned();
      const metadata = metadataOf(imported);
      const report: ReportDoc = {
        _id: newId(),
        briefId,
        title: metadata.title,
        metadata,
        contentHash: options?.contentHash ?? null,
        format: imported.format,
        createdBy,
        createdAt: now(),
        counts: {
          sections: imported.sections.length,
          pages: imported.pageCount,
          passages: imported.passages.length,
          footnotes: imported.footnotes.length,
        },
        sections: imported.sections.map((section, index) => ({
          index,
          title: section.title,
          level: section.level,
          sectorLike: section.sectorLike,
          sectorName: section.sectorName,
        })),
        pageCount: imported.pageCount,
        complete: false,
        startedAt: new Date(),
      };
      await c.reports.insertOne(report);
      try {
        const footnotes: FootnoteDoc[] = imported.footnotes.map((note) => ({
          reportId: report._id,
          number: note.number,
          page: note.page,
          url: note.url,
          urls: note.urls,
          text: note.text,
        }));
        const passages: PassageDoc[] = imported.passages.map((passage) => {
          const { id, ...fields } = storedPassageOf(imported, passage, { reportId: report._id, briefId });
          return { _id: id, ...fields };
        });
        await insertInBatches((docs) => c.footnotes.insertMany(docs), footnotes);
        await insertInBatches((docs) => c.passages.insertMany(docs), passages);
        await c.reports.updateOne({ _id: report._id }, { $set: { complete: true } });
      } catch (error) {
        // Best effort: if this cleanup fails too, the report stays invisible and is swept later.
        await removeIncomplete([report._id]).catch(() => undefined);
        throw error;
      }
      return toSummary({ ...report, complete: true });
    },

    async listReports(briefId) {
      return (await completeReports(briefId)).map(toSummary);
    },

    async getReport(id): Promise<StoredReport | null> {
      const report = await c.reports.findOne({ _id: id, complete: true });
      if (!report) return null;
      const [passages, footnotes] = await Promise.all([
        c.passages.find({ reportId: id }).sort({ position: 1, _id: 1 }).toArray(),
        c.footnotes.find({ reportId: id }).sort({ number: 1 }).toArray(),
      ]);
      return {
        ...toSummary(report),
        sections: report.sections.map(toSection),
        pages: Array.from({ length: report.pageCount }, (_, i) => i + 1),
        passages: passages.map(toPassage),
        footnotes: footnotes.map(toFootnote),
      };
    },

    async findReportByContentHash(briefId, contentHash) {
      const doc = await c.reports.findOne({ briefId, contentHash, complete: true }, { sort: { createdAt: 1, _id: 1 } });
      return doc ? toSummary(doc) : null;
    },

    async updateReportMetadata(briefId, reportId, patch) {
      const doc = await c.reports.findOne({ _id: reportId, briefId, complete: true });
      if (!doc) return null;
      const set: Record<string, unknown> = {};
      // Field by field (dotted paths): two leads editing different fields at once both keep theirs.
      // An older report gets its whole metadata first, since a dotted path needs the object.
      if (!doc.metadata) set.metadata = toSummary(doc).metadata;
      for (const [key, value] of Object.entries(definedOnly(patch))) {
        if (set.metadata) (set.metadata as Record<string, unknown>)[key] = value;
        else set[`metadata.${key}`] = value;
      }
      if (patch.title !== undefined) set.title = patch.title;
      const updated = await c.reports.findOneAndUpdate(
        { _id: reportId, briefId, complete: true },
        { $set: set },
        { returnDocument: "after" },
      );
      return updated ? toSummary(updated) : null;
    },

    async deleteReport(briefId, reportId): Promise<DeleteReportResult> {
      // The citation check and the deletes in one transaction: all or nothing, and a
      // recommendation's citations written meanwhile make the transaction conflict and retry.
      return inTransaction(async (session) => {
        const report = await c.reports.findOne({ _id: reportId, briefId, complete: true }, { session });
        if (!report) return { kind: "not_found" } as const;
        // From the citations to the passages (a brief cites far fewer passages than a report holds).
        const citingAny = await c.recommendations
          .find({ briefId, citedEvidenceIds: { $ne: [] } }, { session })
          .sort({ createdAt: 1, _id: 1 })
          .toArray();
        const citedIds = [...new Set(citingAny.flatMap((doc) => doc.citedEvidenceIds))];
        const ofReport = new Set(
          (
            await c.passages.find({ _id: { $in: citedIds }, reportId }, { session, projection: { _id: 1 } }).toArray()
          ).map((doc) => doc._id),
        );
        const citing = citingAny.filter((doc) => doc.citedEvidenceIds.some((id) => ofReport.has(id)));
        if (citing.length > 0) {
          const citedBy: CitingRecommendation[] = citing.map((doc) => ({
            recommendationId: doc._id,
            title: doc.title,
            sectorId: doc.sectorId,
          }));
          return { kind: "cited", citedBy } as const;
        }
        await c.passages.deleteMany({ reportId }, { session });
        await c.footnotes.deleteMany({ reportId }, { session });
        // Citations of its passages that no body holds any more go with it (as SQLite's cascade).
        await c.citations.deleteMany({ reportId }, { session });
        await c.reports.deleteOne({ _id: reportId }, { session });
        return { kind: "deleted" } as const;
      });
    },

    async searchEvidence(briefId, query: EvidenceQuery) {
      const reports = (await completeReports(briefId)).filter(
        (r) => query.reportId === undefined || r._id === query.reportId,
      );
      const order = new Map(reports.map((r, i) => [r._id, i]));
      const titles = new Map(reports.map((r) => [r._id, r.title]));
      const filter: Filter<PassageDoc> = { briefId, reportId: { $in: [...order.keys()] } };
      if (query.section !== undefined)
        filter.sectionTitle = { $regex: `^${escapeRegex(query.section)}$`, $options: "i" };
      if (query.ids) filter._id = { $in: [...query.ids] };

      const parsed = parseSearchQuery(query.q);
      if (query.q !== undefined && query.q.trim() !== "" && !parsed) return []; // only punctuation: nothing to find
      if (!parsed) {
        const docs = await c.passages.find(filter).toArray();
        docs.sort((a, b) => order.get(a.reportId)! - order.get(b.reportId)! || a.position - b.position);
        return toEvidence(docs.slice(0, query.limit), titles, () => []);
      }

      // $text ORs the words; narrowing to AND and ranking the whole phrase first happen here,
      // with the same rules the highlights use. Candidates are one brief's matching passages.
      const candidates = await c.passages
        .find(
          { ...filter, $text: { $search: parsed.words.join(" ") } },
          { projection: { score: { $meta: "textScore" } } },
        )
        .toArray();
      const ranked = candidates
        .filter((doc) => matchesAll(doc.text, parsed))
        .map((doc) => ({
          doc,
          phrase: matchesWholePhrase(doc.text, parsed),
          score: (doc as PassageDoc & { score?: number }).score ?? 0,
        }))
        .sort(
          (a, b) =>
            Number(b.phrase) - Number(a.phrase) ||
            b.score - a.score ||
            order.get(a.doc.reportId)! - order.get(b.doc.reportId)! ||
            a.doc.position - b.doc.position,
        )
        .slice(0, query.limit)
        .map(({ doc }) => stripScore(doc));
      return toEvidence(ranked, titles, (text) => highlight(text, parsed));
    },

    async getFootnotes(reportId, numbers) {
      if (numbers.length === 0) return [];
      const docs = await c.footnotes
        .find({ reportId, number: { $in: [...numbers] } })
        .sort({ number: 1 })
        .toArray();
      return docs.map(toFootnote);
    },

    async getEvidence(briefId, ids) {
      if (ids.length === 0) return [];
      const reports = await completeReports(briefId);
      const titles = new Map(reports.map((r) => [r._id, r.title]));
      const docs = await c.passages
        .find({ briefId, _id: { $in: [...ids] }, reportId: { $in: [...titles.keys()] } })
        .toArray();
      const byId = new Map(docs.map((doc) => [doc._id, doc]));
      return toEvidence(
        [...new Set(ids)].flatMap((id) => byId.get(id) ?? []),
        titles,
        () => [],
      );
    },
  };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function stripScore(doc: PassageDoc & { score?: number }): PassageDoc {
  const { score: _score, ...rest } = doc;
  return rest;
}

function toSummary(doc: ReportDoc): ReportSummary {
  const metadata = doc.metadata ?? { title: doc.title, authors: [], publisher: null, date: null, reportNumber: null };
  return {
    id: doc._id,
    briefId: doc.briefId,
    title: doc.title,
    metadata: { ...metadata, authors: [...metadata.authors] },
    contentHash: doc.contentHash ?? null,
    format: doc.format,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    counts: { ...doc.counts },
  };
}

function toPassage(doc: PassageDoc): StoredPassage {
  return {
    id: doc._id,
    reportId: doc.reportId,
    briefId: doc.briefId,
    sectionIndex: doc.sectionIndex,
    sectionTitle: doc.sectionTitle,
    page: doc.page,
    kind: doc.kind,
    position: doc.position,
    text: doc.text,
    figures: doc.figures,
    footnotes: doc.footnotes,
    sourcesFrom: doc.sourcesFrom ?? "page",
    markers: (doc.markers ?? []).map((marker) => ({ number: marker.number, at: marker.at })),
  };
}

function toSection(doc: ReportDoc["sections"][number]): StoredSection {
  return {
    index: doc.index,
    title: doc.title,
    level: doc.level ?? 1,
    sectorLike: doc.sectorLike,
    sectorName: doc.sectorName,
  };
}

function toFootnote(doc: FootnoteDoc): StoredFootnote {
  const urls = doc.urls ?? (doc.url ? [doc.url] : []);
  return { reportId: doc.reportId, number: doc.number, page: doc.page, url: doc.url, urls: [...urls], text: doc.text };
}
