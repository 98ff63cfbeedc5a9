import { Router, type Request, type Response } from "express";
import { idSchema, type BriefSource, type CslItem } from "@accord/domain";
import { ServerEvent } from "@accord/protocol";
import { z } from "zod";
import { notifySource } from "../../citations/notify.js";
import type { CommandContext } from "../../commands/context.js";
import { NotFoundError, TooLargeError, ValidationError } from "../../errors.js";
import { checkCslItemInput, cslItemErrorField } from "../../export/citationTools.js";
import type { ExportWorkers } from "../../export/exportBrief.js";
import { WorkerFailedError } from "../../workers/WorkerPool.js";
import { authorize, loadBriefAccess } from "../access.js";
import { readJsonBody, utf8Bytes } from "../jsonBody.js";
import { currentUser } from "../middleware.js";
import { bounded, fieldSubject, fieldWords, librarySentence } from "../plainMessages.js";
import { parse } from "../validate.js";

type BriefParams = { briefId: string };
type SourceParams = BriefParams & { sourceId: string };

/** `POST /api/briefs/:briefId/sources`, whose body the app's JSON parser leaves to this router. */
export const SOURCES_PATH = /^\/api\/briefs\/[^/]+\/sources\/?$/;

/** Entries one pasted bibliography may hold (CITATIONS.md §4). */
export const MAX_SOURCES_PER_PASTE = 500;

export interface SourcesRouterOptions {
  /** Bytes (UTF-8) of a pasted BibTeX or RIS text. @default 1 MiB */
  maxSourceImportBytes: number;
  /** The export's worker threads: pastes are parsed there, never on the event loop. */
  workers: ExportWorkers;
}

const addSourcesSchema = z
  .object({ csl: z.unknown(), bibtex: z.string(), ris: z.string() })
  .partial()
  .strict()
  .superRefine((body, context) => {
    const given = (["csl", "bibtex", "ris"] as const).filter((key) => body[key] !== undefined);
    if (given.length !== 1) {
      context.addIssue({
        code: "custom",
        path: [given[1] ?? "csl"],
        message: "Give exactly one of a source (csl), BibTeX text (bibtex) or RIS text (ris)",
      });
    }
  });
const updateSourceSchema = z.object({ csl: z.unknown() }).strict();

/** A source's CSL fields in words ("URL" is "web address"); others by their own name, hyphens as spaces. */
const CSL_FIELD_WORDS: Readonly<Record<string, string>> = {
  type: "type",
  title: "title",
  URL: "web address",
  issued: "date",
  accessed: "date accessed",
  "container-title": "journal or website",
  "publisher-place": "place of publication",
  ISBN: "ISBN",
  author: "list of authors",
  editor: "list of editors",
};

/** The CSL checker's predicates that speak CSL-JSON, in words (other predicates read well as they are). */
const CSL_PREDICATE_WORDS: Readonly<Record<string, string>> = {
  "must be {family, given} or {literal}": "must have a family name (and a given name) or a full name",
  "needs a family name or a literal name": "needs a family name or a full name",
  'must be {"date-parts": [[year, month?, day?]]}': 'must be a date, written like {"date-parts": [[2024, 5, 31]]}',
};

/**
 * A CslItemError's field and predicate ("author[2].family", "must be a string") as a sentence:
 * "Author 3's family name must be a string.", "Enter the source's title.".
 */
export function cslItemSentence(field: string, message: string): string {
  const said = bounded(message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message, 200).replace(
    /\.$/,
    "",
  );
  const predicate = CSL_PREDICATE_WORDS[said] ?? said;
  if (field === "csl") return `${fieldSubject("csl")} must be a set of fields, such as a type and a title.`;
  const name = /^(author|editor)\[(\d+)\](?:\.(family|given|literal))?$/.exec(field);
  let subject: string;
  if (name) {
    const person = `${name[1]} ${Number(name[2]) + 1}`;
    const parts: Record<string, string> = { family: "family name", given: "given name", literal: "full name" };
    const part = name[3] === undefined ? undefined : parts[name[3]];
    subject = part ? `The ${part} of ${person}` : `${person.charAt(0).toUpperCase()}${person.slice(1)}`;
  } else {
    const words = Object.hasOwn(CSL_FIELD_WORDS, field)
      ? CSL_FIELD_WORDS[field]!
      : bounded(field, 40).replace(/-/g, " ");
    if (predicate === "is required") return `Enter the source's ${words}.`;
    // A date's parts: "month must be 1 to 12" is about the month of the date.
    if (/^(year|month|day) /.test(predicate)) return `In the source's ${words}, the ${predicate}.`;
    subject = `The source's ${words}`;
  }
  return `${subject} ${predicate}.`;
}

const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;

/**
 * The parser's refusal of a paste, after a sentence of our own. An entry whose CSL item is
 * wrong ('Entry "k1": title: is required') is said like a source of its own: 'In entry "k1",
 * enter the source's title.'
 */
export function pasteSentence(format: "bibtex" | "ris", message: string): string {
  const opening = `${fieldSubject(format)} could not be read.`;
  const item = /^((?:Entry|Record) .{1,160}?): ([A-Za-z][\w\-[\].]{0,60}): (.{1,300})$/.exec(bounded(message, 500));
  if (item) return `${opening} In ${lowerFirst(item[1]!)}, ${lowerFirst(cslItemSentence(item[2]!, item[3]!))}`;
  return `${opening} ${librarySentence(message)}`;
}

/** A CSL item from a client, checked by packages/export's validateCslItem; 400 names `csl.<field>`. */
async function checkCslItem(input: unknown): Promise<CslItem> {
  if (input === undefined || input === null) throw new ValidationError(fieldWords(["csl"]).missing, "csl");
  try {
    return checkCslItemInput(input);
  } catch (error) {
    const field = cslItemErrorField(error);
    if (field === null) throw error;
    throw new ValidationError(
      cslItemSentence(field, (error as Error).message),
      field === "csl" ? "csl" : `csl.${field}`,
    );
  }
}

/** The brief's bibliography beyond its reports (CITATIONS.md §4): members read it, editors and leads change it. */
export function sourcesRouter(ctx: CommandContext, options: SourcesRouterOptions): Router {
  const router = Router();
  const { store } = ctx;
  // The JSON of a pasted text can be longer than the text (escapes), by twice at most for
  // BibTeX's backslashes and line breaks; past that it is refused unread.
  const bodyLimitBytes = 2 * options.maxSourceImportBytes + 64 * 1024;

  const announce = (
    briefId: string,
    sources: readonly BriefSource[] | string[],
    change: "created" | "updated" | "deleted",
  ) =>
    notifySource(ctx.notify, {
      type: ServerEvent.SourceUpdated,
      briefId,
      sourceIds: sources.map((source) => (typeof source === "string" ? source : source.id)),
      change,
    });

  router.get("/briefs/:briefId/sources", async (req: Request<BriefParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "brief.read");
    res.json({ sources: await store.listSources(access.brief.id) });
  });

  router.post("/briefs/:briefId/sources", async (req: Request<BriefParams>, res: Response) => {
    const user = currentUser(res);
    const access = await loadBriefAccess(store, req.params.briefId, user.id);
    authorize(access, "recommendation.editBody");
    const raw = await readJsonBody(req, {
      limitBytes: bodyLimitBytes,
      largeFields: ["bibtex", "ris", "csl"],
      what: "A pasted bibliography",
      shownLimitBytes: options.maxSourceImportBytes,
    });
    const body = parse(addSourcesSchema, raw);
    let items: CslItem[];
    if (body.bibtex !== undefined || body.ris !== undefined) {
      const format = body.bibtex !== undefined ? "bibtex" : "ris";
      const text = (body.bibtex ?? body.ris)!;
      if (utf8Bytes(text) > options.maxSourceImportBytes) {
        throw new TooLargeError(
          `A pasted bibliography may be at most ${Math.round(options.maxSourceImportBytes / 1024)} KiB.`,
          format,
        );
      }
      if (text.trim() === "")
        throw new ValidationError(`${fieldSubject(format)} is empty: paste the entries to add.`, format);
      items = await options.workers.run(async (ask) => {
        const answer = await ask({ type: "parseSources", format, text });
        if (answer.type === "sources") return answer.items;
        if (answer.type === "invalid") throw new ValidationError(pasteSentence(format, answer.message), format);
        throw new WorkerFailedError(`unexpected answer ${answer.type}`);
      });
      if (items.length === 0) throw new ValidationError(`${fieldSubject(format)} holds no entries to add.`, format);
      if (items.length > MAX_SOURCES_PER_PASTE) {
        throw new TooLargeError(
          `A paste may hold at most ${MAX_SOURCES_PER_PASTE} entries; this one holds ${items.length}.`,
          format,
        );
      }
    } else {
      items = [await checkCslItem(body.csl)];
    }
    const sources = await store.createSources(access.brief.id, items, user.id);
    announce(access.brief.id, sources, "created");
    res.status(201).json({ sources });
  });

  router.patch("/briefs/:briefId/sources/:sourceId", async (req: Request<SourceParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "recommendation.editBody");
    if (!idSchema.safeParse(req.params.sourceId).success) throw new NotFoundError("source");
    const body = parse(updateSourceSchema, req.body);
    const csl = await checkCslItem(body.csl);
    const source = await store.updateSource(access.brief.id, req.params.sourceId, csl);
    if (!source) throw new NotFoundError("source");
    announce(access.brief.id, [source], "updated");
    res.json({ source });
  });

  router.delete("/briefs/:briefId/sources/:sourceId", async (req: Request<SourceParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "recommendation.editBody");
    if (!idSchema.safeParse(req.params.sourceId).success) throw new NotFoundError("source");
    const result = await store.deleteSource(access.brief.id, req.params.sourceId);
    switch (result.kind) {
      case "not_found":
        throw new NotFoundError("source");
      case "cited": {
        const count = result.citationIds.length;
        res.status(409).json({
          error: {
            code: "cited",
            message: `This source is cited ${count} time${count === 1 ? "" : "s"}: remove those citations before deleting it.`,
            field: "sourceId",
            citationIds: result.citationIds,
          },
        });
        return;
      }
      case "deleted":
        announce(access.brief.id, [req.params.sourceId], "deleted");
        res.status(204).end();
        return;
    }
  });

  return router;
}
