import fs from "node:fs";
import path from "node:path";
import express, { type Express } from "express";
import helmet from "helmet";
import type { Sessions } from "./auth/Sessions.js";
import type { CommandContext } from "./commands/context.js";
import type { Logger } from "./logger.js";
import { activityRouter } from "./http/activity/router.js";
import { authRouter } from "./http/auth/router.js";
import { signupRouter, type SignupRouterOptions } from "./http/auth/signupRouter.js";
import { briefsRouter } from "./http/briefs/router.js";
import { CITATION_STYLE_PATH, citationStylesRouter } from "./http/citationStyles/router.js";
import { citationsRouter } from "./http/citations/router.js";
import { dashboardRouter } from "./http/dashboard/router.js";
import { invitesRouter } from "./http/invites/router.js";
import { membersRouter } from "./http/members/router.js";
import { notificationsRouter } from "./http/notifications/router.js";
import type { Notifications } from "./notifications/Notifications.js";
import { ConcurrencyBound, ExpensiveRequests, type ExpensiveRequestLimits } from "./http/limits.js";
import { checkOrigin, errorHandler, notFound, refuseOperatorQueryKeys, requireUser } from "./http/middleware.js";
import { evidenceRouter } from "./http/evidence/router.js";
import { exportRouter } from "./http/export/router.js";
import { recommendationsRouter } from "./http/recommendations/router.js";
import { REPORT_UPLOAD_PATH, reportsRouter, type ReportsRouterOptions } from "./http/reports/router.js";
import { sectorsRouter } from "./http/sectors/router.js";
import { SOURCES_PATH, sourcesRouter } from "./http/sources/router.js";
import { threadsRouter } from "./http/threads/router.js";
import { versionsRouter } from "./http/versions/router.js";
import { claimsRouter } from "./http/claims/router.js";
import type { RateLimitStores } from "./http/auth/rateLimitStores.js";
import type { AnchorCache } from "./threads/AnchorCache.js";
import type { ExportLimits } from "./export/exportBrief.js";

export interface AppOptions {
  /** Whether this process hears the others (REDIS_URL); `/api/health` answers 503 while not. @default always */
  relayUp?: () => boolean;
  ctx: CommandContext;
  sessions: Sessions;
  logger: Logger;
  /** Resolved after listen: with PORT=0 the origin is only known then. */
  publicUrl: () => string;
  isAllowedOrigin: (origin: string | undefined) => boolean;
  sessionTtlMs: number;
  loginRateLimit: number;
  loginAccountRateLimit?: number;
  loginAddressRateLimit?: number;
  /** Where login and signup limits keep their counts (Redis with several processes). @default memory */
  rateLimitStores?: RateLimitStores;
  clientDist: string | null;
  trustProxy: boolean;
  /** The largest report import (file or JSON body). */
  maxUploadBytes: number;
  /** Reads report imports off the event loop (imports/ImportPool), one per brief at a time. */
  reportImports: Pick<ReportsRouterOptions, "reader" | "briefImports" | "settleCitations">;
  /** Where thread anchors are, per document until it changes. */
  anchors: AnchorCache;
  /** Per-user bound on the reads whose cost grows with a brief (http/limits.ts). */
  expensiveReads: ExpensiveRequestLimits;
  /** Export files rendered at once, across all users. */
  maxConcurrentExports: number;
  /** The export's worker threads and the most one export may read. */
  exportLimits: ExportLimits;
  /**
   * Bytes of a pasted BibTeX/RIS bibliography and of an uploaded CSL style (CITATIONS.md §4, §5).
   * @default { maxSourceImportBytes: 1 MiB, maxCslStyleBytes: 512 KiB }
   */
  citationLimits?: { maxSourceImportBytes: number; maxCslStyleBytes: number };
  /** Who may sign up, and the mail that confirms signups (see http/auth/signupRouter.ts). */
  signup: Pick<SignupRouterOptions, "policy" | "mailer" | "emailLinkTtlMs" | "mailRateLimit">;
  /** Each person's own notifications; `emailAvailable`: the server can mail digests (SMTP_URL). */
  notifications: { service: Notifications; emailAvailable: boolean };
}

export function createApp(options: AppOptions): Express {
  const { ctx, sessions, logger } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy);
  const secure = () => options.publicUrl().startsWith("https:");

  // Plain-HTTP self-hosting must not be told to upgrade every request to HTTPS.
  const plainHeaders = helmet({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    strictTransportSecurity: false,
  });
  const secureHeaders = helmet();
  app.use((req, res, next) => (secure() ? secureHeaders : plainHeaders)(req, res, next));
  const json = express.json({ limit: "1mb" });
  // A report import, a pasted bibliography and a CSL style may be larger; their routers parse
  // them after checking the caller, with their own limits (a 413 that names the field).
  const ownBody = (method: string, path: string) =>
    (method === "POST" && (REPORT_UPLOAD_PATH.test(path) || SOURCES_PATH.test(path))) ||
    (method === "PUT" && CITATION_STYLE_PATH.test(path));
  app.use((req, res, next) => (ownBody(req.method, req.path) ? next() : json(req, res, next)));

  app.get("/api/health", (_req, res) => {
    // Redis lost: documents refuse new connections here (cluster/SPEC.md M8) until it is back.
    if (options.relayUp?.() === false) {
      res.status(503).json({ ok: false, store: ctx.store.kind, relay: "lost" });
      return;
    }
    res.json({ ok: true, store: ctx.store.kind });
  });

  const api = express.Router();
  api.use(checkOrigin(options.isAllowedOrigin));
  api.use(refuseOperatorQueryKeys());
  api.use(
    authRouter({
      store: ctx.store,
      sessions,
      sessionTtlMs: options.sessionTtlMs,
      secureCookies: secure(),
      loginRateLimit: options.loginRateLimit,
      loginAccountRateLimit: options.loginAccountRateLimit,
      loginAddressRateLimit: options.loginAddressRateLimit,
      rateLimitStores: options.rateLimitStores,
    }),
  );
  api.use(
    signupRouter({
      ...options.signup,
      ctx,
      logger,
      publicUrl: options.publicUrl,
      sessions,
      sessionTtlMs: options.sessionTtlMs,
      secureCookies: secure(),
      failureRateLimit: options.loginRateLimit,
      rateLimitStores: options.rateLimitStores,
    }),
  );
  api.use(invitesRouter(ctx, sessions));
  api.use(requireUser(sessions));
  // One budget per user across every expensive route (L1–L3), and one bound on export renders.
  const expensive = new ExpensiveRequests(options.expensiveReads);
  const exports = new ConcurrencyBound(options.maxConcurrentExports, "exports");
  api.use(briefsRouter(ctx));
  api.use(membersRouter(ctx, options.publicUrl));
  api.use(sectorsRouter(ctx));
  api.use(recommendationsRouter(ctx));
  api.use(reportsRouter(ctx, { maxUploadBytes: options.maxUploadBytes, expensive, ...options.reportImports }));
  api.use(evidenceRouter(ctx, expensive));
  api.use(threadsRouter(ctx, { anchors: options.anchors, expensive }));
  api.use(versionsRouter(ctx));
  api.use(claimsRouter(ctx));
  api.use(activityRouter(ctx));
  api.use(notificationsRouter(options.notifications.service, { emailAvailable: options.notifications.emailAvailable }));
  api.use(dashboardRouter(ctx, expensive));
  api.use(exportRouter(ctx, { expensive, exports, limits: options.exportLimits }));
  const citationLimits = options.citationLimits ?? { maxSourceImportBytes: 1024 * 1024, maxCslStyleBytes: 512 * 1024 };
  api.use(citationsRouter(ctx, expensive));
  api.use(
    sourcesRouter(ctx, {
      maxSourceImportBytes: citationLimits.maxSourceImportBytes,
      workers: options.exportLimits.workers,
    }),
  );
  api.use(
    citationStylesRouter(ctx, {
      maxCslStyleBytes: citationLimits.maxCslStyleBytes,
      workers: options.exportLimits.workers,
    }),
  );
  api.use(notFound());
  app.use("/api", api);

  const dist = options.clientDist;
  if (dist && fs.existsSync(path.join(dist, "index.html"))) {
    app.use(express.static(dist, { index: false, maxAge: "1h" }));
    // Client-side routes (/briefs/…, /invite/…) all load the single page.
    app.get(/^\/(?!api\/|collab\/|socket\.io\/).*/, (_req, res) => {
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(path.join(dist, "index.html"));
    });
  } else {
    logger.warn({ dist }, "no built client found: serving the API only (run `npm run build`)");
  }

  app.use(errorHandler(logger));
  return app;
}
