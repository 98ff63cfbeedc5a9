import { CUSTOM_CITATION_STYLE, type BriefSource, type Citation } from "@accord/domain";
import { ConflictError } from "../../errors.js";
import { newId } from "../ids.js";
import type { CitationsPort } from "../Store.js";
import { type CitationDoc, type Collections, type SourceDoc, toBrief } from "./collections.js";
import type { InTransaction } from "./connect.js";

/** Citations, bibliography sources and custom styles in MongoDB (CITATIONS.md §2, §4, §5). */
export function createMongoCitations(c: Collections, now: () => string, inTransaction: InTransaction): CitationsPort {
  return {
    async createCitation(input) {
      const at = now();
      const doc: CitationDoc = {
        _id: newId(),
        ...input,
        quote: input.quote ? { ...input.quote } : null,
        notes: [...input.notes],
        sourceIds: [...input.sourceIds],
        createdAt: at,
        updatedAt: at,
      };
      // Checked in the insert's transaction: a source or report deleted since the caller checked
      // is refused (deleteSource's transaction and this one conflict; one retries and sees the other).
      await inTransaction(async (session) => {
        if (
          doc.evidenceId !== null &&
          !(await c.passages.findOne(
            { _id: doc.evidenceId, briefId: doc.briefId },
            { session, projection: { _id: 1 } },
          ))
        ) {
          throw new ConflictError("The cited passage was deleted meanwhile.", "evidenceId");
        }
        const named = [...new Set([...(doc.sourceId === null ? [] : [doc.sourceId]), ...doc.sourceIds])];
        if (
          named.length > 0 &&
          (await c.sources.countDocuments({ briefId: doc.briefId, _id: { $in: named } }, { session })) !== named.length
        ) {
          throw new ConflictError(
            "A chosen source was deleted meanwhile.",
            doc.sourceId === null ? "sourceIds" : "sourceId",
          );
        }
        await c.citations.insertOne(doc, { session });
      });
      return toCitation(doc);
    },
    async getCitations(briefId, ids) {
      if (ids.length === 0) return [];
      const docs = await c.citations.find({ briefId, _id: { $in: [...ids] } }).toArray();
      const byId = new Map(docs.map((doc) => [doc._id, toCitation(doc)]));
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },
    async listCitations(briefId) {
      const docs = await c.citations.find({ briefId }).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map(toCitation);
    },
    async updateCitation(briefId, id, patch) {
      const set: Partial<CitationDoc> = { updatedAt: now() };
      if (patch.notes) set.notes = [...patch.notes];
      if (patch.sourceIds) set.sourceIds = [...patch.sourceIds];
      if (patch.sourcesChosen !== undefined) set.sourcesChosen = patch.sourcesChosen;
      if (patch.locator !== undefined) set.locator = patch.locator;
      const named = [...new Set(patch.sourceIds ?? [])];
      const doc = await inTransaction(async (session) => {
        if (
          named.length > 0 &&
          (await c.sources.countDocuments({ briefId, _id: { $in: named } }, { session })) !== named.length
        ) {
          throw new ConflictError("A chosen source was deleted meanwhile.", "sourceIds");
        }
        return c.citations.findOneAndUpdate({ _id: id, briefId }, { $set: set }, { session, returnDocument: "after" });
      });
      return doc ? toCitation(doc) : null;
    },

    async createSources(briefId, items, createdBy) {
      if (items.length === 0) return [];
      const at = now();
      // max + 1, read then written: two pastes at once may share positions; the list breaks ties by id.
      const last = await c.sources.findOne({ briefId }, { sort: { position: -1 }, projection: { position: 1 } });
      const first = last ? last.position + 1 : 0;
      const docs: SourceDoc[] = items.map((csl, i) => ({
        _id: newId(),
        briefId,
        csl: structuredClone(csl),
        position: first + i,
        createdBy,
        createdAt: at,
        updatedAt: at,
      }));
      // One insertMany: a paste is at most 500 small items, far below one command's limit; ordered,
      // so a failure part-way is undone below and a paste is all or nothing for the caller.
      try {
        await c.sources.insertMany(docs, { ordered: true });
      } catch (error) {
        await c.sources.deleteMany({ _id: { $in: docs.map((doc) => doc._id) } }).catch(() => undefined);
        throw error;
      }
      return docs.map(toSource);
    },
    async listSources(briefId) {
      const docs = await c.sources.find({ briefId }).sort({ position: 1, _id: 1 }).toArray();
      return docs.map(toSource);
    },
    async getSources(briefId, ids) {
      if (ids.length === 0) return [];
      const docs = await c.sources.find({ briefId, _id: { $in: [...ids] } }).toArray();
      const byId = new Map(docs.map((doc) => [doc._id, toSource(doc)]));
      return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
    },
    async updateSource(briefId, id, csl) {
      const doc = await c.sources.findOneAndUpdate(
        { _id: id, briefId },
        { $set: { csl: structuredClone(csl), updatedAt: now() } },
        { returnDocument: "after" },
      );
      return doc ? toSource(doc) : null;
    },
    async deleteSource(briefId, id) {
      // Check and delete in one transaction: a citation written meanwhile makes it conflict and retry.
      return inTransaction(async (session) => {
        const source = await c.sources.findOne({ _id: id, briefId }, { session });
        if (!source) return { kind: "not_found" } as const;
        const citing = await c.citations
          .find({ briefId, $or: [{ sourceId: id }, { sourceIds: id }] }, { session, projection: { _id: 1 } })
          .sort({ createdAt: 1, _id: 1 })
          .toArray();
        if (citing.length > 0) return { kind: "cited", citationIds: citing.map((doc) => doc._id) } as const;
        await c.sources.deleteOne({ _id: id }, { session });
        return { kind: "deleted" } as const;
      });
    },

    async getCustomCitationStyle(briefId) {
      const doc = await c.citationStyles.findOne({ _id: briefId });
      return doc ? { title: doc.title, xml: doc.xml } : null;
    },
    async setCustomCitationStyle(briefId, style) {
      return inTransaction(async (session) => {
        const at = now();
        const brief = await c.briefs.findOneAndUpdate(
          { _id: briefId },
          { $set: { citationStyle: CUSTOM_CITATION_STYLE, updatedAt: at } },
          { session, returnDocument: "after" },
        );
        if (!brief) return null;
        await c.citationStyles.updateOne(
          { _id: briefId },
          { $set: { title: style.title, xml: style.xml, updatedAt: at } },
          { session, upsert: true },
        );
        return toBrief(brief);
      });
    },
  };
}

function toCitation(doc: CitationDoc): Citation {
  return {
    id: doc._id,
    briefId: doc.briefId,
    evidenceId: doc.evidenceId,
    reportId: doc.reportId,
    quote: doc.quote ? { text: doc.quote.text, start: doc.quote.start, end: doc.quote.end } : null,
    notes: [...doc.notes],
    sourceIds: [...doc.sourceIds],
    sourcesChosen: doc.sourcesChosen,
    sourceId: doc.sourceId,
    locator: doc.locator,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

function toSource(doc: SourceDoc): BriefSource {
  return {
    id: doc._id,
    briefId: doc.briefId,
    csl: doc.csl,
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
