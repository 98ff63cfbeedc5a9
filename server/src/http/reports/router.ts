import express, { Router, type Request, type RequestHandler, type Response } from "express";
import multer from "multer";
import { idSchema } from "@accord/domain";
import type { CommandContext } from "../../commands/context.js";
import {
  DuplicateReportError,
  importReport,
  type ReportReader,
  type ReportSource,
} from "../../commands/importReport.js";
import { deleteReport, ReportCitedError, updateReport } from "../../commands/reports.js";
import { NotFoundError, TooLargeError, UnsupportedTypeError, ValidationError } from "../../errors.js";
import type { BriefImports } from "../../imports/BriefImports.js";
import { ImportsBusyError } from "../../imports/errors.js";
import { notesOf, sourcesOf } from "../../store/evidenceSearch.js";
import type { StoredReport } from "../../store/reports.js";
import { authorize, loadBriefAccess } from "../access.js";
import type { ExpensiveRequests } from "../limits.js";
import { currentUser } from "../middleware.js";
import { presentEvidence, presentReportSummary } from "../present.js";
import { fieldWords } from "../plainMessages.js";
import { parse } from "../validate.js";
import { copyFlagSchema, importContentSchema, reportPatchSchema } from "./schemas.js";

/**
 * The import route reads its own body, after the caller is known to be a lead: the app's
 * 1 MB JSON parser must leave it alone (app.ts), and nobody else gets to make the server
 * read 25 MB.
 */
export const REPORT_UPLOAD_PATH = /^\/api\/briefs\/[^/]+\/reports\/?$/;

export interface ReportsRouterOptions {
  /** Largest file or JSON body an import may send. */
  maxUploadBytes: number;
  /** The per-user bound on expensive reads: a report's detail is the whole report. */
  expensive: ExpensiveRequests;
  /** Reads imports off the event loop, within their budgets (imports/ImportPool). */
  reader: ReportReader;
  /** One import per brief at a time. */
  briefImports: BriefImports;
  /**
   * Brings every recommendation's `citedEvidenceIds` up to date with the bodies accepted so far
   * (they follow the bodies after a debounce: citations/CitationTracker), before a delete checks them.
   */
  settleCitations?: () => Promise<void>;
}

type ReportParams = { briefId: string; reportId: string };

/**
 * What an import's multipart form may hold besides the file's bytes (maxUploadBytes): one
 * file, a few small fields (`copy`), and no more parts than those. The name and value sizes
 * are busboy's own defaults, named here so the refusals can say them.
 */
export const UPLOAD_FORM_LIMITS = {
  files: 1,
  fields: 10,
  parts: 11,
  fieldNameSize: 100,
  fieldSize: 1024 * 1024,
} as const;

/** "50 MB", "4 KB": a size limit as a person reads it. */
function sizeInWords(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return megabytes >= 1 ? `${Math.round(megabytes * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** multer's refusal of a form (its `code`) as a sentence; a file too large is answered apart (413). */
export function multerSentence(code: string): string {
  switch (code) {
    case "LIMIT_FILE_COUNT":
      return `Send one file at a time: an import takes ${UPLOAD_FORM_LIMITS.files === 1 ? "a single file" : `at most ${UPLOAD_FORM_LIMITS.files} files`}.`;
    case "LIMIT_UNEXPECTED_FILE":
      return "Send the report in the form field named “file”; the form held a file under another name.";
    case "LIMIT_PART_COUNT":
      return `The form has more than ${UPLOAD_FORM_LIMITS.parts} parts; send the file and, at most, whether to import a copy.`;
    case "LIMIT_FIELD_COUNT":
      return `The form has more than ${UPLOAD_FORM_LIMITS.fields} fields besides the file.`;
    case "LIMIT_FIELD_KEY":
      return `A field of the form has a name longer than ${UPLOAD_FORM_LIMITS.fieldNameSize} bytes.`;
    case "LIMIT_FIELD_VALUE":
      return `A field of the form is longer than ${sizeInWords(UPLOAD_FORM_LIMITS.fieldSize)}.`;
    case "MISSING_FIELD_NAME":
    case "INVALID_FIELD_NAME":
    case "LIMIT_FIELD_NESTING":
    case "LIMIT_FIELD_ARRAY_INDEX":
      return "A field of the form has a name the server cannot read.";
    case "STREAM_DESTROYED":
      return "The upload stopped before the whole file arrived: choose the file again.";
    default:
      return "The upload is not a form the server can read: choose the file again.";
  }
}

function run(handler: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void handler(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

export function reportsRouter(
  ctx: CommandContext,
  { maxUploadBytes, expensive, reader, briefImports, settleCitations }: ReportsRouterOptions,
): Router {
  const router = Router();
  const { store } = ctx;
  const uploadLimit = sizeInWords(maxUploadBytes);
  // Memory storage: the importer needs the bytes anyway, and the limit bounds them.
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxUploadBytes, ...UPLOAD_FORM_LIMITS },
    // Browsers send UTF-8 file names; busboy's default would read them as latin1.
    defParamCharset: "utf8",
  }).single("file");
  const json = express.json({ limit: maxUploadBytes });
  const contentSchema = importContentSchema(maxUploadBytes);

  /** The multipart file or the JSON body, as the importer's input, and whether a copy is asked for. */
  async function readSource(req: Request, res: Response): Promise<{ source: ReportSource; copy: boolean }> {
    // `?copy=true` works for both kinds of body; a multipart field or JSON `copy` says the same.
    const queryCopy = parse(copyFlagSchema, { copy: req.query.copy }).copy === "true";
    if (req.is("multipart/form-data")) {
      try {
        await run(upload, req, res);
      } catch (error) {
        if (error instanceof multer.MulterError) {
          if (error.code === "LIMIT_FILE_SIZE")
            throw new TooLargeError(`The file is larger than the ${uploadLimit} limit.`, "file");
          throw new ValidationError(multerSentence(error.code), "file");
        }
        // busboy's own refusals: a malformed multipart body.
        throw new ValidationError("The upload is not a form the server can read: choose the file again.", "file");
      }
      const fieldCopy =
        parse(copyFlagSchema, { copy: (req.body as Record<string, unknown> | undefined)?.copy }).copy === "true";
      const file = req.file;
      if (!file) throw new ValidationError(fieldWords(["file"]).missing, "file");
      const bytes = new Uint8Array(file.buffer.buffer, file.buffer.byteOffset, file.buffer.byteLength);
      return { source: { kind: "file", filename: file.originalname, bytes }, copy: queryCopy || fieldCopy };
    }
    if (req.is("application/json")) {
      await run(json, req, res);
      const { title, format, content, copy } = parse(contentSchema, req.body);
      return { source: { kind: "content", title, format, content }, copy: queryCopy || copy === true };
    }
    if (!req.headers["content-type"]) throw new ValidationError(fieldWords(["file"]).missing, "file");
    throw new UnsupportedTypeError("Send the report as multipart/form-data (field `file`) or as JSON.");
  }

  router.post("/briefs/:briefId/reports", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "report.import");
    try {
      // Claimed before the body is read: a second upload into the brief is refused unread.
      await briefImports.run(access.brief.id, async () => {
        const { source, copy } = await readSource(req, res);
        const result = await importReport(ctx, currentUser(res), access.brief.id, source, reader, { copy });
        res
          .status(201)
          .json({ report: presentReportSummary(result.report), suggestedSectors: result.suggestedSectors });
      });
    } catch (error) {
      if (error instanceof ImportsBusyError) res.setHeader("Retry-After", String(error.retryAfterSeconds));
      if (error instanceof DuplicateReportError) {
        res
          .status(409)
          .json({ error: { code: error.code, message: error.message, field: error.field, existing: error.existing } });
        return;
      }
      throw error;
    }
  });

  router.get("/briefs/:briefId/reports", async (req: Request<{ briefId: string }>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "brief.read");
    const reports = await store.listReports(access.brief.id);
    res.json({ reports: reports.map(presentReportSummary) });
  });

  router.get(
    "/briefs/:briefId/reports/:reportId",
    expensive.limit(async (req: Request<ReportParams>, res: Response) => {
      const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
      authorize(access, "brief.read");
      const report = idSchema.safeParse(req.params.reportId).success
        ? await store.getReport(req.params.reportId)
        : null;
      if (!report || report.briefId !== access.brief.id) throw new NotFoundError("report");
      const recommendations = await store.listRecommendations(access.brief.id);
      res.json({ report: presentReportDetail(report, recommendations) });
    }),
  );

  router.patch("/briefs/:briefId/reports/:reportId", async (req: Request<ReportParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    // Managing reports is the importer's right: the lead's.
    authorize(access, "report.import");
    if (!idSchema.safeParse(req.params.reportId).success) throw new NotFoundError("report");
    const patch = parse(reportPatchSchema, req.body);
    const report = await updateReport(ctx, access.brief.id, req.params.reportId, patch);
    res.json({ report: presentReportSummary(report) });
  });

  router.delete("/briefs/:briefId/reports/:reportId", async (req: Request<ReportParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "report.import");
    if (!idSchema.safeParse(req.params.reportId).success) throw new NotFoundError("report");
    await settleCitations?.();
    try {
      await deleteReport(ctx, access.brief.id, req.params.reportId);
    } catch (error) {
      if (error instanceof ReportCitedError) {
        res
          .status(409)
          .json({ error: { code: error.code, message: error.message, field: error.field, citedBy: error.citedBy } });
        return;
      }
      throw error;
    }
    res.status(204).end();
  });

  return router;
}

/** The report page by page, each passage with the recommendations that cite it. */
function presentReportDetail(
  report: StoredReport,
  recommendations: Array<{ id: string; title: string; citedEvidenceIds: string[] }>,
) {
  const citedBy = new Map<string, Array<{ recommendationId: string; title: string }>>();
  for (const recommendation of recommendations) {
    for (const evidenceId of recommendation.citedEvidenceIds) {
      const list = citedBy.get(evidenceId) ?? [];
      list.push({ recommendationId: recommendation.id, title: recommendation.title });
      citedBy.set(evidenceId, list);
    }
  }
  const footnotes = new Map(report.footnotes.map((note) => [note.number, note]));
  const sections = new Map(report.sections.map((section) => [section.index, section]));
  const byPage = <T extends { page: number }>(items: T[]) => {
    const pages = new Map<number, T[]>();
    // Appended in place: copying the page's list for every item was quadratic in a page's length.
    for (const item of items) {
      const page = pages.get(item.page);
      if (page) page.push(item);
      else pages.set(item.page, [item]);
    }
    return pages;
  };
  const passagesByPage = byPage(report.passages);
  const footnotesByPage = byPage(report.footnotes);
  return {
    id: report.id,
    title: report.title,
    metadata: report.metadata,
    format: report.format,
    createdAt: report.createdAt,
    sections: report.sections.map(({ index, title, level, sectorLike, sectorName }) => ({
      index,
      title,
      level,
      sectorLike,
      sectorName,
    })),
    pages: report.pages.map((number) => ({
      number,
      passages: (passagesByPage.get(number) ?? []).map((passage) => ({
        ...presentEvidence({
          ...passage,
          sectionTitle:
            passage.sectionIndex === null ? null : (sections.get(passage.sectionIndex)?.title ?? passage.sectionTitle),
          reportTitle: report.title,
          sources: sourcesOf(passage.footnotes, footnotes),
          notes: notesOf(passage.footnotes, footnotes),
          highlights: [],
        }),
        citedBy: citedBy.get(passage.id) ?? [],
      })),
      footnotes: (footnotesByPage.get(number) ?? []).map(({ number: n, url, urls, text }) => ({
        number: n,
        url,
        urls,
        text,
      })),
    })),
  };
}
