import { connectRedis, type RedisLink } from "./cluster/redis.js";
import { parseConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { createAccordServer } from "./server.js";
import { openStore } from "./store/index.js";

/** The composition root: the only place that reads the environment and builds infrastructure. */
async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error("Accord cannot start: the configuration is invalid.");
    for (const problem of parsed.problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  const { config } = parsed;
  const logger = createLogger(config.logLevel);
  const store = await openStore({
    mongodbUrl: config.mongodbUrl,
    mongodbDb: config.mongodbDb,
    dataDir: config.dataDir,
    sqliteSynchronous: config.sqliteSynchronous,
    sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs,
    onCheckpointerError: (error) =>
      logger.error({ err: error }, "background WAL checkpoints failed: checkpointing on the main thread"),
  });
  // Multi-process mode (issue 17): without REDIS_URL nothing here changes.
  let redis: RedisLink | undefined;
  if (config.redisUrl !== undefined) {
    try {
      redis = await connectRedis(config.redisUrl, { logger, connectTimeoutMs: config.redisConnectTimeoutMs });
    } catch (error) {
      console.error(`Accord cannot start: ${error instanceof Error ? error.message : String(error)}`);
      await store.close();
      process.exit(1);
    }
  }
  const server = createAccordServer({
    config: { ...config, publicUrlFromPort: config.port === 0 && !process.env.PUBLIC_URL },
    store,
    logger,
    redis,
  });
  const { port, url } = await server.listen();
  // updateChecks: "worker" once the update check worker answered its first check, "event loop"
  // if it could not start (then logged): how an operator, and the compiled server's test, see it.
  logger.info(
    {
      port,
      url,
      store: store.kind,
      dataDir: store.kind === "sqlite" ? config.dataDir : undefined,
      updateChecks: server.updateChecker.status(),
    },
    "listening",
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: flushing documents");
    try {
      await server.close();
      await redis?.close();
      await store.close();
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("Accord failed to start:", error);
  process.exit(1);
});
