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
    onCheckpointerError: (error) =>
      logger.error({ err: error }, "background WAL checkpoints failed: checkpointing on the main thread"),
  });
  const server = createAccordServer({
    config: { ...config, publicUrlFromPort: config.port === 0 && !process.env.PUBLIC_URL },
    store,
    logger,
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
