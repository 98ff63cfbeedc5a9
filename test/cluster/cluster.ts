import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { dropMongoDatabase } from "../helpers/mongoDatabase.js";
import { startRedis, type TestRedis } from "../helpers/redisServer.js";
import { spawnServer, type SpawnedServer } from "../helpers/spawnServer.js";
import { makeTempDir } from "../helpers/startServer.js";

/** What the processes store into: one host's SQLite file, or a MongoDB database. */
export interface Backend {
  name: string;
  /** The environment that points a process at the store (the same for every process). */
  env(): Record<string, string>;
  /** Removes what the run stored. */
  remove(): Promise<void>;
}

export function sqliteBackend(): Backend {
  const dataDir = makeTempDir("accord-cluster-");
  return {
    name: "one SQLite file",
    env: () => ({ DATA_DIR: dataDir }),
    remove: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

export function mongoBackend(url: string): Backend {
  const dataDir = makeTempDir("accord-cluster-");
  const dbName = `accord_cluster_${randomBytes(4).toString("hex")}`;
  return {
    name: "MongoDB",
    // DATA_DIR still holds what is not in the database (nothing today, but never a shared default).
    env: () => ({ DATA_DIR: dataDir, MONGODB_URL: url, MONGODB_DB: dbName }),
    async remove() {
      await dropMongoDatabase(url, dbName);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A real redis-server and `size` real Accord processes (as `npm run serve` starts them) on one
 * store. A process can be killed and another started in its place; Redis can be killed and
 * restarted on its port.
 */
export interface Cluster {
  readonly redis: TestRedis;
  /** The processes, in start order; a killed one stays here until `replaceDead`. */
  readonly processes: SpawnedServer[];
  isRunning(process: SpawnedServer): boolean;
  /** SIGKILL: no flush, no goodbye. */
  kill(process: SpawnedServer): Promise<void>;
  /** Starts a new process in the place of each one that is no longer running. */
  replaceDead(): Promise<void>;
  killRedis(): Promise<void>;
  restartRedis(): Promise<void>;
  readonly redisRunning: boolean;
  stop(): Promise<void>;
}

/** Settings of every process: limits a test of many signups from one address would hit, fast compaction. */
const PROCESS_ENV = {
  SIGNUP_RATE_LIMIT: "1000",
  LOGIN_RATE_LIMIT: "1000",
  LOGIN_ACCOUNT_RATE_LIMIT: "1000",
  LOGIN_ADDRESS_RATE_LIMIT: "1000",
  // Documents are compacted while the tests type, by whichever process holds the lease.
  COMPACT_AFTER_UPDATES: "40",
  LOG_LEVEL: "info",
};

/** How long a process may take to shut down cleanly before it is killed. */
const STOP_TIMEOUT_MS = 10_000;

/** SIGTERM, and SIGKILL if it is still running after STOP_TIMEOUT_MS. */
async function stopWithin(one: SpawnedServer): Promise<void> {
  const stopped = one.stop("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), STOP_TIMEOUT_MS);
  });
  if ((await Promise.race([stopped, late])) === "late") await one.stop("SIGKILL");
  clearTimeout(timer);
}

export async function startCluster(backend: Backend, size: number): Promise<Cluster> {
  const redis = await startRedis();
  let redisRunning = true;
  const start = () => spawnServer({ ...PROCESS_ENV, ...backend.env(), REDIS_URL: redis.url }, { timeoutMs: 60_000 });
  const processes: SpawnedServer[] = [];
  // One first, so that a new SQLite file is created and migrated once; then the rest together.
  try {
    processes.push(await start());
    processes.push(...(await Promise.all(Array.from({ length: size - 1 }, start))));
  } catch (error) {
    await Promise.all(processes.map((one) => one.stop("SIGKILL")));
    await redis.stop();
    throw error;
  }
  const isRunning = (one: SpawnedServer) => one.child.exitCode === null && one.child.signalCode === null;
  return {
    redis,
    processes,
    isRunning,
    async kill(one) {
      await one.stop("SIGKILL");
    },
    async replaceDead() {
      for (const [index, one] of processes.entries()) {
        if (!isRunning(one)) processes[index] = await start();
      }
    },
    async killRedis() {
      redisRunning = false;
      await redis.kill();
    },
    async restartRedis() {
      await redis.restart();
      redisRunning = true;
    },
    get redisRunning() {
      return redisRunning;
    },
    async stop() {
      await Promise.all(processes.map(stopWithin));
      await redis.stop();
    },
  };
}
