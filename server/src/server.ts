import { LoadGauge } from "./load/LoadGauge.js";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { canEditRecommendationBody } from "@accord/domain";
import { DEFAULT_IMPORT_LIMITS } from "@accord/evidence";
import { CloseCode, COLLAB_PATH_PREFIX, EditRefusedReason, SESSION_ENDED_CLOSE_REASONS } from "@accord/protocol";
import { createApp } from "./app.js";
import { Sessions } from "./auth/Sessions.js";
import { CitationTracker } from "./citations/CitationTracker.js";
import { ClaimTracker } from "./claims/ClaimTracker.js";
import type { ClaimCheckAnswer, ClaimCheckRequest } from "./claims/claimWorker.js";
import {
  type ControlChannel,
  type ControlMessage,
  localControlChannel,
  redisControlChannel,
} from "./cluster/ControlChannel.js";
import { createEventsAdapter } from "./cluster/eventsAdapter.js";
import { type Leases, LocalLeases, RedisLeases } from "./cluster/Leases.js";
import { documentSequenceKey } from "./cluster/busMessages.js";
import { DocumentBus } from "./cluster/DocumentBus.js";
import type { RedisLink } from "./cluster/redis.js";
import { type AuthorizeResult, CollabServer } from "./collab/CollabServer.js";
import { createUpdateChecker, type UpdateChecker } from "./collab/UpdateChecker.js";
import { DEFAULT_INLINE_CHECK_MAX_BYTES } from "./collab/updateCheck.js";
import type { CommandContext, DocumentAccess } from "./commands/context.js";
import type { Config } from "./config.js";
import { EventHub } from "./events/EventHub.js";
import { memoryRateLimitStores, redisRateLimitStores } from "./http/auth/rateLimitStores.js";
import type { ExportAnswer, ExportRequest } from "./export/exportProtocol.js";
import { BriefImports } from "./imports/BriefImports.js";
import { ImportPool } from "./imports/ImportPool.js";
import type { Logger } from "./logger.js";
import { createSmtpMailer } from "./mail/Mailer.js";
import { NotificationDigest } from "./notifications/Digest.js";
import { Notifications } from "./notifications/Notifications.js";
import type { Store } from "./store/Store.js";
import { AnchorCache } from "./threads/AnchorCache.js";
import type { AnchorAnswer, AnchorRequest } from "./threads/anchorWorker.js";
import { storedAnchors } from "./threads/storedAnchors.js";
import { Versions } from "./versions/Versions.js";
import { workerEntry } from "./workers/entries.js";
import { WorkerPool } from "./workers/WorkerPool.js";

export interface AccordServer {
  readonly httpServer: http.Server;
  readonly collab: CollabServer;
  /** SPEC D4's worker thread, the document server's; closed by `close`. */
  readonly updateChecker: UpdateChecker;
  readonly events: EventHub;
  readonly citations: CitationTracker;
  /** The claim check of recommendation bodies (issue 19). */
  readonly claims: ClaimTracker;
  readonly notifications: Notifications;
  /** Versions of recommendation bodies: automatic ones after a pause in editing (versions/Versions.ts). */
  readonly versions: Versions;
  /** The e-mail digest; null without SMTP. */
  readonly notificationDigest: NotificationDigest | null;
  /** Listens on config.host:config.port and answers the real origin (port 0 resolved). */
  listen(): Promise<{ port: number; url: string }>;
  /** Stops accepting, flushes every document to the store, closes every socket. Does not close the store. */
  close(): Promise<void>;
}

export type ServerConfig = Pick<
  Config,
  | "port"
  | "host"
  | "publicUrl"
  | "maxFrameBytes"
  | "maxUploadBytes"
  | "compactAfterUpdates"
  | "compactAfterBytes"
  | "sessionTtlMs"
  | "loginRateLimit"
  | "clientDist"
  | "trustProxy"
> & {
  publicUrlFromPort?: boolean;
  /** Largest pasted BibTeX/RIS; see Config. @default 1 MiB */
  maxSourceImportBytes?: number;
  /** Largest uploaded CSL style; see Config. @default 512 KiB */
  maxCslStyleBytes?: number;
  /** Failed logins per account, all addresses together; see Config. @default 50 */
  loginAccountRateLimit?: number;
  /** Failed logins per address, all accounts together; see Config. @default 100 */
  loginAddressRateLimit?: number;
  /** How often sockets are checked for an expired session; see Config. @default 5000 */
  sessionSweepMs?: number;
  /** Largest frame of a read-only document connection; see Config. @default 1 MiB */
  maxReadOnlyFrameBytes?: number;
  /** Frames per second one document socket may send; see Config. @default 300 */
  maxMessagesPerSecond?: number;
  /** Bytes per second one document socket may send; see Config. @default 1 MiB */
  maxBytesPerSecond?: number;
  /** Send-buffer and awareness bounds of the document socket; see Config (defaults there). */
  maxSocketBufferBytes?: number;
  maxTotalBufferBytes?: number;
  maxSyncAnswersPerSecond?: number;
  maxAwarenessStateBytes?: number;
  maxAwarenessIdsPerConnection?: number;
  maxRoomAwarenessBytes?: number;
  /** Quiet time after a body edit before its citations are recomputed. @default 500 */
  citationDebounceMs?: number;
  /** Per-user bound on expensive reads; see Config. @default 4 */
  maxConcurrentExpensivePerUser?: number;
  /** @default 5 */
  expensiveRequestsPerSecond?: number;
  /** @default 30 */
  expensiveRequestsBurst?: number;
  /** Export files rendered at once; see Config. @default 2 */
  maxConcurrentExports?: number;
  /** @default 64 MiB */
  maxExportBytes?: number;
  /** @default 120_000 */
  exportTimeoutMs?: number;
  /** Resolved thread anchors kept; see Config. @default 1000 documents, 32 MiB */
  anchorCacheDocuments?: number;
  anchorCacheBytes?: number;
  /** Worker threads resolving anchors of bodies no room holds; see Config. @default 1 */
  anchorWorkers?: number;
  /** @default 30_000 */
  anchorTimeoutMs?: number;
  /** Report import budgets; see Config (defaults there). */
  importWorkers?: number;
  importTimeoutMs?: number;
  importMaxHeapMb?: number;
  importMaxQueued?: number;
  importMaxPdfPages?: number;
  importMaxDocxInflatedBytes?: number;
  importMaxReportParts?: number;
  /**
   * Multi-process mode: how long a lease (one process compacting a document, recomputing its
   * citations, mailing a digest) outlives a holder that died. @default 30_000
   */
  leaseTtlMs?: number;
  /** Multi-process mode: presence is read once more this long after a change; see EventHubOptions. @default 1_000 */
  presenceSettleMs?: number;
} & Partial<
    Pick<
      Config,
      | "signupMode"
      | "signupDomains"
      | "smtpUrl"
      | "mailFrom"
      | "emailLinkTtlMs"
      | "signupRateLimit"
      | "notificationsPerUser"
      | "notificationDigestIntervalMs"
      | "versionPauseMs"
      | "maxPendingVersionTimers"
      | "maxVersionsPerRecommendation"
      | "claimCheckDebounceMs"
      | "claimCheckMaxWaitMs"
      | "maxCachedReportIndexes"
      | "maxReportIndexPassages"
      | "claimCheckWorkers"
      | "loadShedUtilization"
      | "deferMaxMs"
      | "awarenessDeferMs"
      | "maxRoomMessagesPerSecond"
      | "inlineCheckMaxBytes"
    >
  >;

/**
 * Builds the whole server around a store it is given: REST, the document socket
 * and socket.io on one HTTP server. No globals: two can run in one process.
 */
export function createAccordServer({
  config,
  store,
  logger,
  redis,
}: {
  config: ServerConfig;
  store: Store;
  logger: Logger;
  /** Multi-process mode (REDIS_URL): documents, events, access changes, limits and leases go through it. Unset: one process. */
  redis?: RedisLink;
}): AccordServer {
  // The app is bound late (it needs the event hub), but its listener must exist before
  // socket.io attaches: socket.io wraps the listeners it finds so that Express never
  // answers socket.io's own requests.
  let app: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | undefined;
  const httpServer = http.createServer((req, res) => app?.(req, res));
  let boundPort = config.port;
  // With PORT=0 and no explicit PUBLIC_URL, the origin is known only once listening.
  const localHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const publicUrl = () => (config.publicUrlFromPort ? `http://${localHost}:${boundPort}` : config.publicUrl);
  const isAllowedOrigin = (origin: string | undefined) => origin === undefined || origin === publicUrl();
  // What an access change does to open sockets, on whichever process holds them: applied here at
  // once and, with Redis, on every other process on receipt (cluster/ControlChannel.ts).
  // `collab` and `events` are built below; messages come only once requests are served.
  const applyControl = (message: ControlMessage): void => {
    switch (message.type) {
      case "documents.recheck":
        collab.closeConnections(message, CloseCode.PermissionsChanged, "permissions changed");
        return;
      case "documents.revoke":
        collab.closeConnections(message, CloseCode.AccessRevoked, "access revoked");
        return;
      case "sessions.ended":
        collab.closeSessions(message.sessionHashes, SESSION_ENDED_CLOSE_REASONS[message.reason]);
        events.endSessions(message.sessionHashes, message.reason);
        return;
      case "member.removed":
        events.leaveBriefOf(message.briefId, message.userId);
        return;
      default:
        message satisfies never;
    }
  };
  const clusterLogger = logger.child({ part: "cluster" });
  const control: ControlChannel = redis
    ? redisControlChannel({
        redis,
        apply: applyControl,
        logger: clusterLogger,
        // Removals and ended sessions sent while Redis was lost never arrived: socket.io sockets
        // are checked again (document rooms resynchronise, and re-authorize, on their own).
        onMissed: () =>
          void events
            .recheckAll()
            .catch((error: unknown) => clusterLogger.error({ err: error }, "rechecking socket.io sockets failed")),
      })
    : localControlChannel(applyControl, clusterLogger);
  const leases: Leases = redis
    ? new RedisLeases({ redis: redis.command, logger: clusterLogger, ttlMs: config.leaseTtlMs })
    : new LocalLeases();
  const eventsAdapter = redis ? createEventsAdapter(redis, clusterLogger) : null;
  // A session that ends closes its sockets at once, on every process.
  const sessions = new Sessions(store, config.sessionTtlMs, (sessionHashes, reason) =>
    control.send({ type: "sessions.ended", sessionHashes: [...sessionHashes], reason }),
  );

  const authorize = async (req: http.IncomingMessage, docName: string): Promise<AuthorizeResult> => {
    const session = await sessions.resolveCookieHeader(req.headers.cookie);
    if (!session) return { ok: false, status: 401, message: "You need to log in." };
    const { user } = session;
    const recommendation = await store.getRecommendation(docName);
    if (!recommendation) return { ok: false, status: 404, message: "No such recommendation." };
    const membership = await store.getMembership(recommendation.briefId, user.id);
    if (!membership) return { ok: false, status: 403, message: "You are not a member of this brief." };
    // Catches up on a recomputation a killed process never ran (CitationTracker C4): once per
    // load of the document, not for every connection to an open room.
    if (!collab.hasRoom(docName)) {
      citations.schedule(docName);
      claims.schedule(docName);
    }
    // A reviewer suggests on a text not yet approved (collab SPEC P16): a writer, but of suggestions only.
    const suggestOnly = membership.role === "reviewer" && recommendation.status !== "approved";
    const readOnly = !suggestOnly && !canEditRecommendationBody(membership.role, recommendation);
    return {
      ok: true,
      access: {
        userId: user.id,
        name: user.name,
        readOnly,
        ...(suggestOnly ? { suggestOnly } : {}),
        // What a refused writer is told (P14): an approved text, else a role that does not edit.
        ...(readOnly
          ? {
              readOnlyReason:
                recommendation.status === "approved" ? EditRefusedReason.Approved : EditRefusedReason.Role,
            }
          : {}),
        sessionHash: session.sessionHash,
        sessionExpiresAt: session.expiresAt,
      },
    };
  };

  const collabLogger = logger.child({ part: "collab" });
  // Checks every received update off the event loop (SPEC D4); one worker thread per server.
  const updateChecker = createUpdateChecker({
    onRestart: (error) =>
      collabLogger.warn(
        { err: error },
        "the update check worker failed or stalled: a fresh one checks what it held, one update at a time",
      ),
    onError: (error) =>
      collabLogger.error(
        { err: error },
        "a fresh update check worker failed a known-good check: checking on the event loop",
      ),
  });
  // Multi-process mode: the document relay (cluster/SPEC.md); the collab server closes it with itself.
  const bus = redis === undefined ? undefined : new DocumentBus({ redis, logger: collabLogger });
  // Issue 20: while the event loop is saturated, work that can wait (citations, claim checks, compaction) waits.
  const load = new LoadGauge({ utilization: config.loadShedUtilization ?? 0.9 });
  const deferMaxMs = config.deferMaxMs ?? 10_000;
  const collab = new CollabServer({
    load,
    awarenessDeferMs: config.awarenessDeferMs ?? 250,
    maxRoomMessagesPerSecond: config.maxRoomMessagesPerSecond ?? 1000,
    inlineCheckMaxBytes: config.inlineCheckMaxBytes ?? DEFAULT_INLINE_CHECK_MAX_BYTES,
    store,
    logger: collabLogger,
    checker: updateChecker,
    maxFrameBytes: config.maxFrameBytes,
    maxReadOnlyFrameBytes: config.maxReadOnlyFrameBytes,
    maxMessagesPerSecond: config.maxMessagesPerSecond,
    maxBytesPerSecond: config.maxBytesPerSecond,
    maxSocketBufferBytes: config.maxSocketBufferBytes,
    maxTotalBufferBytes: config.maxTotalBufferBytes,
    maxSyncAnswersPerSecond: config.maxSyncAnswersPerSecond,
    awareness: {
      maxStateBytes: config.maxAwarenessStateBytes,
      maxClientIdsPerConnection: config.maxAwarenessIdsPerConnection,
      maxRoomBytes: config.maxRoomAwarenessBytes,
    },
    compactAfterUpdates: config.compactAfterUpdates,
    compactAfterBytes: config.compactAfterBytes,
    // With several processes, one compacts a document at a time.
    compactionLeases: leases,
    authorize,
    sessionSweepMs: config.sessionSweepMs,
    // `citations` is built just below; the collab server calls this only once running.
    onDocumentChanged: (docName, authorIds) => {
      citations.schedule(docName);
      claims.schedule(docName);
      versions.edited(docName, authorIds);
      // Synchronously, right after the change was applied: no read sees the new body with old anchors.
      anchors.invalidate(docName);
    },
    // Multi-process mode (cluster/SPEC.md): documents relayed through Redis. Another process's
    // batch makes this process's anchors stale; its citations and claim check are the origin's
    // to recompute (M5), the claim check watched here in case the origin dies first (ClaimTracker K6).
    ...(bus === undefined
      ? {}
      : {
          bus,
          onRemoteChange: (docName: string) => {
            anchors.invalidate(docName);
            claims.remoteChange(docName);
          },
        }),
  });
  const events = new EventHub({
    httpServer,
    store,
    sessions,
    logger: logger.child({ part: "events" }),
    isAllowedOrigin,
    sessionSweepMs: config.sessionSweepMs,
    ...(eventsAdapter ? { adapter: eventsAdapter.adapter, presenceSettleMs: config.presenceSettleMs } : {}),
    control,
  });
  const citations = new CitationTracker({
    store,
    readStored: (docName, read) => collab.readStored(docName, read),
    notify: events,
    logger: logger.child({ part: "citations" }),
    debounceMs: config.citationDebounceMs,
    leases,
    load,
    maxDeferMs: deferMaxMs,
  });

  // Bodies are checked, and report indexes built and kept, on worker threads (K4).
  const claimWorkers = new WorkerPool<ClaimCheckRequest, ClaimCheckAnswer>({
    entry: workerEntry("claims/claimWorker"),
    what: "claim check",
    size: config.claimCheckWorkers ?? 1,
    logger: logger.child({ part: "claims" }),
    timeoutMs: 30_000,
  });
  // With several processes, each checks the edits it stored (one that dies first, another: K6); a brief's checks take turns (K2).
  const claims = new ClaimTracker({
    store,
    workers: claimWorkers,
    readStored: (docName, read) => collab.readStored(docName, read),
    notify: events,
    logger: logger.child({ part: "claims" }),
    debounceMs: config.claimCheckDebounceMs,
    maxWaitMs: config.claimCheckMaxWaitMs,
    leaseTtlMs: config.leaseTtlMs,
    maxCachedReportIndexes: config.maxCachedReportIndexes,
    maxReportIndexPassages: config.maxReportIndexPassages,
    leases,
    load,
    maxDeferMs: deferMaxMs,
  });

  // With several processes, each times the edits it stored; one at a time saves (V4).
  const versions = new Versions({
    store,
    readStored: (docName, read) => collab.readStored(docName, read),
    readAccepted: (docName, read) => collab.readAccepted(docName, read),
    notify: events,
    logger: logger.child({ part: "versions" }),
    pauseMs: config.versionPauseMs ?? 300_000,
    maxPendingTimers: config.maxPendingVersionTimers ?? 10_000,
    maxPerRecommendation: config.maxVersionsPerRecommendation ?? 500,
    leases,
    load,
    maxDeferMs: deferMaxMs,
  });

  const documents: DocumentAccess = {
    recheck: (filter) => control.send({ type: "documents.recheck", ...filter }),
    revoke: (filter) => control.send({ type: "documents.revoke", ...filter }),
    read: (docName) => collab.readDocument(docName),
    readAccepted: (docName, read) => collab.readAccepted(docName, read),
    storedParts: (docName) => collab.storedParts(docName),
  };
  // Reading and rendering exports runs on worker threads, one export per thread at a time.
  const exportWorkers = new WorkerPool<ExportRequest, ExportAnswer>({
    entry: workerEntry("export/exportWorker"),
    what: "export",
    size: config.maxConcurrentExports ?? 2,
    logger: logger.child({ part: "export" }),
    timeoutMs: config.exportTimeoutMs,
  });
  // Anchors of a body no room holds are resolved from its stored bytes on a worker thread.
  const anchorWorkers = new WorkerPool<AnchorRequest, AnchorAnswer>({
    entry: workerEntry("threads/anchorWorker"),
    what: "thread anchors",
    size: config.anchorWorkers ?? 1,
    logger: logger.child({ part: "threads" }),
    timeoutMs: config.anchorTimeoutMs ?? 30_000,
  });
  const anchors = new AnchorCache({
    resolve: storedAnchors({
      hasRoom: (docName) => collab.hasRoom(docName),
      readStored: (docName, read) => collab.readStored(docName, read),
      loadDocument: (docName) => store.loadDocument(docName),
      workers: anchorWorkers,
    }),
    maxDocuments: config.anchorCacheDocuments,
    maxBytes: config.anchorCacheBytes,
    // K5: a change stored by another process reaches this one only where a room here holds the document.
    ...(redis ? { version: (docName: string) => redis.command.get(documentSequenceKey(docName)) } : {}),
  });
  const notifications = new Notifications({
    store,
    logger: logger.child({ part: "notifications" }),
    emit: (userId, event) => events.notification(userId, event),
    maxPerUser: config.notificationsPerUser ?? 500,
  });
  const ctx: CommandContext = { store, notify: events, documents, notifications, versions, claims };
  // Reports are parsed in worker threads, within time and memory budgets (imports/ImportPool).
  const imports = new ImportPool({
    size: config.importWorkers ?? 1,
    timeoutMs: config.importTimeoutMs ?? 30_000,
    maxHeapMb: config.importMaxHeapMb ?? 512,
    maxQueued: config.importMaxQueued ?? 8,
    limits: {
      maxPdfPages: config.importMaxPdfPages ?? DEFAULT_IMPORT_LIMITS.maxPdfPages,
      maxDocxInflatedBytes: config.importMaxDocxInflatedBytes ?? DEFAULT_IMPORT_LIMITS.maxDocxInflatedBytes,
      maxReportParts: config.importMaxReportParts ?? DEFAULT_IMPORT_LIMITS.maxReportParts,
    },
    logger: logger.child({ part: "imports" }),
  });
  // Without SMTP_URL there is no mail: signups create their account at once (see README).
  const mailer = config.smtpUrl
    ? createSmtpMailer({
        url: config.smtpUrl,
        from: config.mailFrom ?? "Accord <no-reply@localhost>",
        logger: logger.child({ part: "mail" }),
      })
    : null;
  const notificationDigest = mailer
    ? new NotificationDigest({
        store,
        mailer,
        logger: logger.child({ part: "notifications" }),
        publicUrl,
        intervalMs: config.notificationDigestIntervalMs ?? 15 * 60_000,
        leases,
      })
    : null;
  app = createApp({
    // M8: a process cut off from the others says so, so that a proxy sends new people elsewhere.
    relayUp: () => bus === undefined || bus.isUp,
    ctx,
    sessions,
    logger,
    publicUrl,
    isAllowedOrigin,
    sessionTtlMs: config.sessionTtlMs,
    loginRateLimit: config.loginRateLimit,
    loginAccountRateLimit: config.loginAccountRateLimit,
    loginAddressRateLimit: config.loginAddressRateLimit,
    rateLimitStores: redis ? redisRateLimitStores(redis.command, clusterLogger) : memoryRateLimitStores,
    clientDist: config.clientDist,
    trustProxy: config.trustProxy,
    maxUploadBytes: config.maxUploadBytes,
    citationLimits: {
      maxSourceImportBytes: config.maxSourceImportBytes ?? 1024 * 1024,
      maxCslStyleBytes: config.maxCslStyleBytes ?? 512 * 1024,
    },
    reportImports: {
      reader: imports,
      briefImports: new BriefImports(leases),
      // Bodies accepted so far stored, then their citations recomputed: a report's delete
      // sees a citation typed a moment ago (and not one removed a moment ago).
      settleCitations: async () => {
        await collab.flush();
        await citations.flush();
      },
    },
    anchors,
    expensiveReads: {
      maxConcurrentPerUser: config.maxConcurrentExpensivePerUser ?? 4,
      ratePerSecond: config.expensiveRequestsPerSecond ?? 5,
      burst: config.expensiveRequestsBurst ?? 30,
    },
    maxConcurrentExports: config.maxConcurrentExports ?? 2,
    exportLimits: { workers: exportWorkers, maxBytes: config.maxExportBytes ?? 64 * 1024 * 1024 },
    signup: {
      policy: { mode: config.signupMode ?? "open", domains: config.signupDomains ?? [] },
      mailer,
      emailLinkTtlMs: config.emailLinkTtlMs ?? 24 * 3_600_000,
      mailRateLimit: config.signupRateLimit ?? 10,
    },
    notifications: { service: notifications, emailAvailable: mailer !== null },
  });

  httpServer.on("upgrade", (req, socket, head) => {
    const pathname = (req.url ?? "").split("?")[0] ?? "";
    if (!pathname.startsWith(COLLAB_PATH_PREFIX)) return; // socket.io handles its own path
    socket.on("error", (error) => logger.debug({ err: error }, "upgrade socket error"));
    if (!isAllowedOrigin(req.headers.origin)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    collab.handleUpgrade(req, socket, head);
  });

  return {
    httpServer,
    collab,
    updateChecker,
    events,
    citations,
    claims,
    notifications,
    versions,
    notificationDigest,
    listen: async () => {
      const listening = new Promise<{ port: number; url: string }>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off("error", reject);
          boundPort = (httpServer.address() as AddressInfo).port;
          resolve({ port: boundPort, url: publicUrl() });
        });
      });
      // The update check worker and the store's helpers start meanwhile, so that they are
      // running before the first request rather than competing with it for the cores. (The
      // open port, not a worker, keeps the process alive.)
      const [address] = await Promise.all([
        listening,
        collab.ready(),
        store.ready(),
        // Subscribed before the first request: what other processes send from now on arrives.
        control.ready(),
        eventsAdapter?.ready(),
      ]);
      notificationDigest?.start();
      return address;
    },
    close: async () => {
      // Imports still being read fail (503) rather than hold the shutdown up.
      await imports.close();
      // A digest being mailed finishes first; no new one starts.
      await notificationDigest?.close();
      // Exports in progress fail too; idle export workers are stopped.
      await exportWorkers.close();
      await anchorWorkers.close();
      await collab.close();
      // Every accepted update is checked and stored by now: the worker can go.
      await updateChecker.close();
      // After the document server: every accepted edit is stored, so the pending
      // recomputations read the final bodies; before socket.io, which announces their results.
      await citations.close();
      await claims.close();
      await claimWorkers.close();
      load.close();
      // Pauses not yet over are dropped (V7); a save under way finishes before the store closes.
      await versions.close();
      // socket.io's close also closes the HTTP server it is attached to.
      await events.close();
      await control.close();
      await eventsAdapter?.close();
      httpServer.closeAllConnections();
      mailer?.close();
    },
  };
}
