import path from "node:path";
import { z } from "zod";

const booleanString = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_URL: z.url().optional(),
  MONGODB_URL: z.string().min(1).optional(),
  MONGODB_DB: z.string().min(1).default("accord"),
  REDIS_URL: z
    .string()
    .min(1)
    .refine((value) => /^rediss?:\/\//.test(value), "must start with redis:// or rediss:// (TLS)")
    .optional(),
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(8 * 1024 * 1024),
  MAX_READONLY_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  MAX_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(300),
  MAX_BYTES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  MAX_SOCKET_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(16 * 1024 * 1024),
  MAX_TOTAL_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .default(256 * 1024 * 1024),
  MAX_SYNC_ANSWERS_PER_SECOND: z.coerce.number().positive().default(2),
  MAX_AWARENESS_STATE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(16 * 1024),
  MAX_AWARENESS_IDS_PER_CONNECTION: z.coerce.number().int().min(1).default(4),
  MAX_ROOM_AWARENESS_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  MAX_SOURCE_IMPORT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  MAX_CSL_STYLE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(512 * 1024),
  IMPORT_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  IMPORT_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  IMPORT_MAX_HEAP_MB: z.coerce.number().int().min(64).default(512),
  IMPORT_MAX_QUEUED: z.coerce.number().int().min(1).default(8),
  IMPORT_MAX_PDF_PAGES: z.coerce.number().int().min(1).default(2000),
  IMPORT_MAX_DOCX_INFLATED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024 * 1024),
  IMPORT_MAX_REPORT_PARTS: z.coerce.number().int().min(1).default(5_000),
  MAX_CONCURRENT_EXPENSIVE_PER_USER: z.coerce.number().int().min(1).default(4),
  EXPENSIVE_REQUESTS_PER_SECOND: z.coerce.number().positive().default(5),
  EXPENSIVE_REQUESTS_BURST: z.coerce.number().int().min(1).default(30),
  MAX_CONCURRENT_EXPORTS: z.coerce.number().int().min(1).default(2),
  MAX_EXPORT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(64 * 1024 * 1024),
  EXPORT_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  ANCHOR_CACHE_DOCUMENTS: z.coerce.number().int().min(0).default(1000),
  ANCHOR_CACHE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(32 * 1024 * 1024),
  ANCHOR_WORKERS: z.coerce.number().int().min(1).default(1),
  ANCHOR_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  SQLITE_SYNCHRONOUS: z.enum(["NORMAL", "FULL"]).default("NORMAL"),
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(500),
  COMPACT_AFTER_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(1024 * 1024),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 14),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  LOGIN_ACCOUNT_RATE_LIMIT: z.coerce.number().int().min(1).default(50),
  LOGIN_ADDRESS_RATE_LIMIT: z.coerce.number().int().min(1).default(100),
  SESSION_SWEEP_MS: z.coerce.number().int().min(10).max(60_000).default(5_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  CLIENT_DIST: z.string().optional(),
  TRUST_PROXY: booleanString.default(false),
  SIGNUP_MODE: z.enum(["open", "invite", "domains"]).default("open"),
  SIGNUP_DOMAINS: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((domain) => domain.trim().toLowerCase())
        .filter((domain) => domain !== ""),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]{1,253}$/, "must be domain names separated by commas"))),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  EMAIL_LINK_TTL_HOURS: z.coerce.number().positive().default(24),
  SIGNUP_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  NOTIFICATIONS_PER_USER: z.coerce.number().int().min(10).default(500),
  NOTIFICATION_DIGEST_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .default(15 * 60_000),
  VERSION_PAUSE_MS: z.coerce.number().int().min(1000).default(300_000),
  MAX_PENDING_VERSION_TIMERS: z.coerce.number().int().min(1).default(10_000),
  MAX_VERSIONS_PER_RECOMMENDATION: z.coerce.number().int().min(10).default(500),
  CLAIM_CHECK_DEBOUNCE_MS: z.coerce.number().int().min(10).max(10_000).default(300),
  CLAIM_CHECK_MAX_WAIT_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  MAX_CACHED_REPORT_INDEXES: z.coerce.number().int().min(0).default(20),
  MAX_REPORT_INDEX_PASSAGES: z.coerce.number().int().min(0).default(50_000),
  CLAIM_CHECK_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  LOAD_SHED_UTILIZATION: z.coerce.number().min(0.1).max(1).default(0.9),
  DEFER_MAX_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  AWARENESS_DEFER_MS: z.coerce.number().int().min(0).max(5_000).default(250),
  MAX_ROOM_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).default(1000),
  INLINE_CHECK_MAX_BYTES: z.coerce.number().int().min(0).max(65_536).default(2048),
});

/** Every setting Accord has. Built once, in main.ts; everything else receives it. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** The origin browsers use. Mutations and socket upgrades from any other Origin are refused. */
  publicUrl: string;
  mongodbUrl: string | undefined;
  mongodbDb: string;
  /** Several Accord processes share documents, events and limits through this Redis (redis:// or rediss://); unset: one process. */
  redisUrl: string | undefined;
  /** How long a start waits for Redis before it stops naming REDIS_URL. @default 10 s */
  redisConnectTimeoutMs: number;
  /** @default 8 MiB */
  maxFrameBytes: number;
  /** Largest frame a read-only document connection (reviewer, viewer, approved) may send; never more than maxFrameBytes. @default 1 MiB */
  maxReadOnlyFrameBytes: number;
  /** Frames per second one document socket may send (a burst of twice that passes); more closes it with Flooding. @default 300 */
  maxMessagesPerSecond: number;
  /** Bytes per second one document socket may send (a burst of two maximum frames passes); more closes it with Flooding. @default 1 MiB */
  maxBytesPerSecond: number;
  /** Bytes waiting to be sent to one document socket (besides one sync answer); more closes it with SlowReader. @default 16 MiB */
  maxSocketBufferBytes: number;
  /** Bytes waiting to be sent to all document sockets together; past it the ones holding most close with SlowReader. @default 256 MiB */
  maxTotalBufferBytes: number;
  /** Sync step 1 answers per second one document socket may be sent beyond its first (bursts of four); more are coalesced into one. @default 2 */
  maxSyncAnswersPerSecond: number;
  /** Bytes of one client's awareness state (cursor, name); a larger one is dropped, never relayed. @default 16 KiB */
  maxAwarenessStateBytes: number;
  /** Awareness client ids one document socket may introduce; more are dropped. @default 4 */
  maxAwarenessIdsPerConnection: number;
  /** Bytes of all awareness states of one document together; a state that would pass it is dropped. @default 256 KiB */
  maxRoomAwarenessBytes: number;
  /** The largest report a lead may import (file or JSON body); larger ones answer 413. @default 25 MiB */
  maxUploadBytes: number;
  /** The largest pasted BibTeX or RIS bibliography (its UTF-8 bytes); larger ones answer 413. @default 1 MiB */
  maxSourceImportBytes: number;
  /** The largest custom CSL style file a lead may upload; larger ones answer 413. @default 512 KiB */
  maxCslStyleBytes: number;
  /** Worker threads that read imports (parsing never runs on the event loop). @default 1 */
  importWorkers: number;
  /** Time one import may take in its worker; past it the worker is replaced and the import answers 422. @default 30_000 */
  importTimeoutMs: number;
  /** Heap one import worker may use; an import that needs more answers 413. @default 512 */
  importMaxHeapMb: number;
  /** Imports that may wait for a worker; one more answers 503. @default 8 */
  importMaxQueued: number;
  /** Pages a PDF may have (checked before any page is read); more answer 413. @default 2000 */
  importMaxPdfPages: number;
  /** Bytes a Word file may inflate to (checked from its zip directory before inflating); more answer 413. @default 100 MiB */
  importMaxDocxInflatedBytes: number;
  /** Passages, sections or footnotes (each) one report may have; more answer 413 (the store writes a report in one synchronous transaction: 5,000 passages hold the event loop a few hundred ms). @default 5000 */
  importMaxReportParts: number;
  /**
   * Expensive reads (threads, report detail, evidence search, dashboard, activity, export and
   * its preview) one user may have running at once; one more answers 429. @default 4
   */
  maxConcurrentExpensivePerUser: number;
  /** Expensive reads one user may start per second, sustained; more answer 429. @default 5 */
  expensiveRequestsPerSecond: number;
  /** …and at once after a quiet spell. @default 30 */
  expensiveRequestsBurst: number;
  /** Export files rendered at once across all users (DOCX and PDF are CPU-heavy); more answer 503. @default 2 */
  maxConcurrentExports: number;
  /** Stored bytes of the bodies one export (or preview) may read; more answer 413. @default 64 MiB */
  maxExportBytes: number;
  /** How long one export may run on its worker thread before the worker is stopped (500). @default 120 s */
  exportTimeoutMs: number;
  /** Documents whose resolved thread anchors are kept until they change. @default 1000 */
  anchorCacheDocuments: number;
  /** Bytes of resolved thread anchors kept. @default 32 MiB */
  anchorCacheBytes: number;
  /** Worker threads that resolve thread anchors of bodies no room holds (applying them off the event loop). @default 1 */
  anchorWorkers: number;
  /** How long one such resolution may run before its worker is stopped (the list answers 500). @default 30 s */
  anchorTimeoutMs: number;
  sqliteSynchronous: "NORMAL" | "FULL";
  /** How long an SQLite write waits for another process's write lock before it fails (several processes on one file). @default 5000 */
  sqliteBusyTimeoutMs: number;
  /** Compact a document's log into its snapshot past this many updates. @default 500 */
  compactAfterUpdates: number;
  /** …or past this many bytes of updates. @default 1 MiB */
  compactAfterBytes: number;
  sessionTtlMs: number;
  /**
   * Failed logins per (address, account) pair per 15 minutes; the same number bounds wrong
   * current passwords per user on a password change. @default 10
   */
  loginRateLimit: number;
  /** Failed logins per account per 15 minutes, from all addresses together. @default 50 */
  loginAccountRateLimit: number;
  /** Failed logins per address per 15 minutes, all accounts together. @default 100 */
  loginAddressRateLimit: number;
  /** How often open sockets are checked for an expired session (it closes at most this late). @default 5000 */
  sessionSweepMs: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** The built client to serve; null serves the API only. */
  clientDist: string | null;
  trustProxy: boolean;
  /**
   * Who may create an account: anyone (`open`), only someone holding a valid invite link
   * (`invite`), or e-mail addresses in `signupDomains` plus whoever an invite admits (`domains`).
   * @default "open"
   */
  signupMode: SignupMode;
  /** The e-mail domains `domains` mode admits, lower-cased. @default [] */
  signupDomains: string[];
  /** Where mail goes out (smtp:// or smtps://, credentials in the URL). Unset: no mail, no e-mail confirmation. */
  smtpUrl: string | undefined;
  /** The sender of Accord's mail. @default "Accord <no-reply@{PUBLIC_URL's host}>" */
  mailFrom: string;
  /** How long an e-mailed signup confirmation link works. @default 24 hours */
  emailLinkTtlMs: number;
  /** Signup and confirmation requests per IP per hour, successful ones included (each may send a mail). @default 10 */
  signupRateLimit: number;
  /** Notifications kept per person; past it their oldest read ones go first, then the oldest unread. @default 500 */
  notificationsPerUser: number;
  /** With SMTP_URL: a person is mailed a digest of new unread notifications at most this often. @default 15 minutes */
  notificationDigestIntervalMs: number;
  /** Quiet time after a recommendation's last stored edit before an automatic version ("Edited") is saved. @default 5 minutes */
  versionPauseMs: number;
  /** Documents waiting for their pause at once; past it the longest-waiting one is saved early. @default 10_000 */
  maxPendingVersionTimers: number;
  /** Versions kept per recommendation; past it the oldest automatic ones go first, then the oldest others. @default 500 */
  maxVersionsPerRecommendation: number;
  /** Quiet time after a body's last stored edit before its figures are checked against its evidence (issue 19). @default 300 */
  claimCheckDebounceMs: number;
  /** Longest an edit waits for its check while edits keep coming. @default 1000 */
  claimCheckMaxWaitMs: number;
  /** Briefs whose report figure index (for "unsupported") is kept in memory, least recently used out first. @default 20 */
  maxCachedReportIndexes: number;
  /** Passages of one brief's reports read into its index; the rest are not offered to cite. @default 50_000 */
  maxReportIndexPassages: number;
  /** Worker threads that check bodies and keep the report indexes (never the event loop). @default 1 */
  claimCheckWorkers: number;
  /** Issue 20: the event loop's utilization (0–1, read every 250 ms) above which deferrable work waits. @default 0.9 */
  loadShedUtilization: number;
  /** Longest deferrable work (citations, claim checks, compaction short of its ceiling) waits for the load to pass. @default 10_000 */
  deferMaxMs: number;
  /** While the loop is saturated, how long a room's awareness changes are gathered into one relay (R5). @default 250 */
  awarenessDeferMs: number;
  /** Frames per second one document's connections together may have worked on; past it, reading from them pauses (SPEC P17). @default 1000 */
  maxRoomMessagesPerSecond: number;
  /** Updates of at most this many bytes are checked on the event loop when decoding alone answers, the rest on the worker (SPEC D4). @default 2048 */
  inlineCheckMaxBytes: number;
}

export type SignupMode = "open" | "invite" | "domains";

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export function parseConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): ConfigResult {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    };
  }
  const e = parsed.data;
  if (e.SIGNUP_MODE === "domains" && e.SIGNUP_DOMAINS.length === 0) {
    return {
      ok: false,
      problems: ["SIGNUP_DOMAINS: SIGNUP_MODE=domains needs at least one domain (example.org,think.tank)"],
    };
  }
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).origin;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dataDir: path.resolve(cwd, e.DATA_DIR),
      publicUrl,
      mongodbUrl: e.MONGODB_URL,
      mongodbDb: e.MONGODB_DB,
      redisUrl: e.REDIS_URL,
      redisConnectTimeoutMs: e.REDIS_CONNECT_TIMEOUT_MS,
      maxFrameBytes: e.MAX_FRAME_BYTES,
      maxReadOnlyFrameBytes: e.MAX_READONLY_FRAME_BYTES,
      maxMessagesPerSecond: e.MAX_MESSAGES_PER_SECOND,
      maxBytesPerSecond: e.MAX_BYTES_PER_SECOND,
      maxSocketBufferBytes: e.MAX_SOCKET_BUFFER_BYTES,
      maxTotalBufferBytes: e.MAX_TOTAL_BUFFER_BYTES,
      maxSyncAnswersPerSecond: e.MAX_SYNC_ANSWERS_PER_SECOND,
      maxAwarenessStateBytes: e.MAX_AWARENESS_STATE_BYTES,
      maxAwarenessIdsPerConnection: e.MAX_AWARENESS_IDS_PER_CONNECTION,
      maxRoomAwarenessBytes: e.MAX_ROOM_AWARENESS_BYTES,
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      maxSourceImportBytes: e.MAX_SOURCE_IMPORT_BYTES,
      maxCslStyleBytes: e.MAX_CSL_STYLE_BYTES,
      importWorkers: e.IMPORT_WORKERS,
      importTimeoutMs: e.IMPORT_TIMEOUT_MS,
      importMaxHeapMb: e.IMPORT_MAX_HEAP_MB,
      importMaxQueued: e.IMPORT_MAX_QUEUED,
      importMaxPdfPages: e.IMPORT_MAX_PDF_PAGES,
      importMaxDocxInflatedBytes: e.IMPORT_MAX_DOCX_INFLATED_BYTES,
      importMaxReportParts: e.IMPORT_MAX_REPORT_PARTS,
      maxConcurrentExpensivePerUser: e.MAX_CONCURRENT_EXPENSIVE_PER_USER,
      expensiveRequestsPerSecond: e.EXPENSIVE_REQUESTS_PER_SECOND,
      expensiveRequestsBurst: e.EXPENSIVE_REQUESTS_BURST,
      maxConcurrentExports: e.MAX_CONCURRENT_EXPORTS,
      maxExportBytes: e.MAX_EXPORT_BYTES,
      exportTimeoutMs: e.EXPORT_TIMEOUT_MS,
      anchorCacheDocuments: e.ANCHOR_CACHE_DOCUMENTS,
      anchorCacheBytes: e.ANCHOR_CACHE_BYTES,
      anchorWorkers: e.ANCHOR_WORKERS,
      anchorTimeoutMs: e.ANCHOR_TIMEOUT_MS,
      sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
      sqliteBusyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS,
      compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
      compactAfterBytes: e.COMPACT_AFTER_BYTES,
      sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
      loginRateLimit: e.LOGIN_RATE_LIMIT,
      loginAccountRateLimit: e.LOGIN_ACCOUNT_RATE_LIMIT,
      loginAddressRateLimit: e.LOGIN_ADDRESS_RATE_LIMIT,
      sessionSweepMs: e.SESSION_SWEEP_MS,
      logLevel: e.LOG_LEVEL,
      clientDist:
        e.CLIENT_DIST === undefined ? path.resolve(import.meta.dirname, "../../client/dist") : e.CLIENT_DIST || null,
      trustProxy: e.TRUST_PROXY,
      signupMode: e.SIGNUP_MODE,
      signupDomains: e.SIGNUP_DOMAINS,
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM ?? `Accord <no-reply@${new URL(publicUrl).hostname}>`,
      emailLinkTtlMs: e.EMAIL_LINK_TTL_HOURS * 3_600_000,
      signupRateLimit: e.SIGNUP_RATE_LIMIT,
      notificationsPerUser: e.NOTIFICATIONS_PER_USER,
      notificationDigestIntervalMs: e.NOTIFICATION_DIGEST_INTERVAL_MS,
      versionPauseMs: e.VERSION_PAUSE_MS,
      maxPendingVersionTimers: e.MAX_PENDING_VERSION_TIMERS,
      maxVersionsPerRecommendation: e.MAX_VERSIONS_PER_RECOMMENDATION,
      claimCheckDebounceMs: e.CLAIM_CHECK_DEBOUNCE_MS,
      claimCheckMaxWaitMs: e.CLAIM_CHECK_MAX_WAIT_MS,
      maxCachedReportIndexes: e.MAX_CACHED_REPORT_INDEXES,
      maxReportIndexPassages: e.MAX_REPORT_INDEX_PASSAGES,
      claimCheckWorkers: e.CLAIM_CHECK_WORKERS,
      loadShedUtilization: e.LOAD_SHED_UTILIZATION,
      deferMaxMs: e.DEFER_MAX_MS,
      awarenessDeferMs: e.AWARENESS_DEFER_MS,
      maxRoomMessagesPerSecond: e.MAX_ROOM_MESSAGES_PER_SECOND,
      inlineCheckMaxBytes: e.INLINE_CHECK_MAX_BYTES,
    },
  };
}
