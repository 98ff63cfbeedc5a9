import { CONTENT_TYPES, contentDisposition } from "@accord/export";
import { Router, type Request, type Response } from "express";
import type { CommandContext } from "../../commands/context.js";
import { exportBrief, type ExportLimits } from "../../export/exportBrief.js";
import { previewExport } from "../../export/previewExport.js";
import { authorize, loadBriefAccess } from "../access.js";
import type { ConcurrencyBound, ExpensiveRequests } from "../limits.js";
import { currentUser } from "../middleware.js";
import { parse } from "../validate.js";
import { exportQuerySchema, exportSelectionSchema } from "./schemas.js";

export interface ExportRouterOptions {
  /** The per-user bound on expensive reads: both routes read every selected body. */
  expensive: ExpensiveRequests;
  /** Files rendered at once across all users: DOCX and PDF rendering is CPU-heavy. */
  exports: ConcurrencyBound;
  /** The worker threads that read and render, and the most a selection may hold. */
  limits: ExportLimits;
}

/** The finished brief as a file (DOCX, PDF, Markdown, HTML), and a preview of what it will hold. Leads only. */
export function exportRouter(ctx: CommandContext, { expensive, exports, limits }: ExportRouterOptions): Router {
  const router = Router();
  const { store } = ctx;

  router.get(
    "/briefs/:briefId/export",
    expensive.limit(
      exports.limit(async (req: Request<{ briefId: string }>, res: Response) => {
        const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
        authorize(access, "brief.export");
        const { format, ...selection } = parse(exportQuerySchema, req.query);
        const file = await exportBrief(ctx, limits, access.brief, selection, format);
        res.setHeader("Content-Type", CONTENT_TYPES[format]);
        res.setHeader("Content-Disposition", contentDisposition(access.brief.title, format));
        res.setHeader("Content-Length", String(file.length));
        // A brief is confidential team work: no shared cache keeps a copy.
        res.setHeader("Cache-Control", "private, no-store");
        res.end(Buffer.from(file.buffer, file.byteOffset, file.byteLength));
      }),
    ),
  );

  router.get(
    "/briefs/:briefId/export/preview",
    expensive.limit(async (req: Request<{ briefId: string }>, res: Response) => {
      const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
      authorize(access, "brief.export");
      const selection = parse(exportSelectionSchema, req.query);
      res.json(await previewExport(ctx, limits, access.brief, selection));
    }),
  );

  return router;
}
