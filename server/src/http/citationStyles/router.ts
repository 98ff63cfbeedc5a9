import { Router, type Request, type Response } from "express";
import { CUSTOM_CITATION_STYLE, DEFAULT_CITATION_STYLE } from "@accord/domain";
import { z } from "zod";
import type { CommandContext } from "../../commands/context.js";
import { NotFoundError, TooLargeError, ValidationError } from "../../errors.js";
import { bundledStyles } from "../../export/citationTools.js";
import type { ExportWorkers } from "../../export/exportBrief.js";
import { WorkerFailedError } from "../../workers/WorkerPool.js";
import type { Store } from "../../store/Store.js";
import { authorize, loadBriefAccess } from "../access.js";
import { readJsonBody, utf8Bytes } from "../jsonBody.js";
import { currentUser } from "../middleware.js";
import { bounded, fieldSubject, librarySentence } from "../plainMessages.js";
import { parse } from "../validate.js";

type BriefParams = { briefId: string };

/** `PUT /api/briefs/:briefId/citation-style`, whose body the app's JSON parser leaves to this router. */
export const CITATION_STYLE_PATH = /^\/api\/briefs\/[^/]+\/citation-style\/?$/;

export interface CitationStylesRouterOptions {
  /** Bytes (UTF-8) of an uploaded CSL style file. @default 512 KiB */
  maxCslStyleBytes: number;
  /** The export's worker threads: a style is parsed and checked there, never on the event loop. */
  workers: ExportWorkers;
}

const uploadStyleSchema = z.object({ xml: z.string() }).strict();

/**
 * Whether `citationStyle` may be set on the brief: a bundled style id, or "custom" once the
 * lead uploaded a style. Throws 400 naming `citationStyle` otherwise. Used by PATCH /briefs/:id.
 */
export async function checkCitationStyleChoice(store: Store, briefId: string, id: string): Promise<void> {
  if (id === CUSTOM_CITATION_STYLE) {
    if (await store.getCustomCitationStyle(briefId)) return;
    throw new ValidationError("Upload a CSL style file before choosing your own citation style.", "citationStyle");
  }
  if ((await bundledStyles()).some((style) => style.id === id)) return;
  throw new ValidationError(
    `${fieldSubject("citationStyle")} “${bounded(id)}” is not one this server offers: choose one from the list.`,
    "citationStyle",
  );
}

/** The citation styles offered and the brief's own CSL file (CITATIONS.md §5). */
export function citationStylesRouter(ctx: CommandContext, options: CitationStylesRouterOptions): Router {
  const router = Router();
  const { store } = ctx;
  const bodyLimitBytes = 2 * options.maxCslStyleBytes + 64 * 1024;

  router.get("/citation-styles", async (_req: Request, res: Response) => {
    const styles = await bundledStyles();
    res.json({ styles: styles.map(({ id, title }) => ({ id, title })), default: DEFAULT_CITATION_STYLE });
  });

  /** The brief's style, and the title of its uploaded file when there is one. */
  router.get("/briefs/:briefId/citation-style", async (req: Request<BriefParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "brief.read");
    const custom = await store.getCustomCitationStyle(access.brief.id);
    const id = access.brief.citationStyle;
    const title =
      id === CUSTOM_CITATION_STYLE
        ? (custom?.title ?? "")
        : ((await bundledStyles()).find((s) => s.id === id)?.title ?? id);
    res.json({ style: { id, title }, custom: custom ? { id: CUSTOM_CITATION_STYLE, title: custom.title } : null });
  });

  router.put("/briefs/:briefId/citation-style", async (req: Request<BriefParams>, res: Response) => {
    const access = await loadBriefAccess(store, req.params.briefId, currentUser(res).id);
    authorize(access, "brief.update");
    const raw = await readJsonBody(req, {
      limitBytes: bodyLimitBytes,
      largeFields: ["xml"],
      what: "A CSL style file",
      shownLimitBytes: options.maxCslStyleBytes,
    });
    const { xml } = parse(uploadStyleSchema, raw);
    if (utf8Bytes(xml) > options.maxCslStyleBytes) {
      throw new TooLargeError(
        `A CSL style file may be at most ${Math.round(options.maxCslStyleBytes / 1024)} KiB.`,
        "xml",
      );
    }
    if (xml.trim() === "")
      throw new ValidationError(`${fieldSubject("xml")} is empty: choose a CSL style file.`, "xml");
    const checked = await options.workers.run(async (ask) => {
      const answer = await ask({ type: "checkStyle", xml });
      if (answer.type === "style") return answer;
      if (answer.type === "invalid")
        throw new ValidationError(
          `${fieldSubject("xml")} is not a CSL style Accord can use. ${librarySentence(answer.message)}`,
          "xml",
        );
      throw new WorkerFailedError(`unexpected answer ${answer.type}`);
    });
    const brief = await store.setCustomCitationStyle(access.brief.id, { title: checked.title, xml });
    if (!brief) throw new NotFoundError("brief");
    ctx.notify.briefUpdated(brief.id, brief.updatedAt);
    res.json({ style: { id: CUSTOM_CITATION_STYLE, title: checked.title, class: checked.class }, brief });
  });

  return router;
}
