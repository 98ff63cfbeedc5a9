import { startRedis } from "../../helpers/redisServer.js";
import { runLoad, type LoadResult } from "../sync/loadGen.js";
import type { BenchServer } from "../sync/servers.js";
import { spread, startCluster, writersFirstReadersSecond, type ClusterKind, type Route } from "./clusterServer.js";

/**
 * The cross-process scenarios of issue 17. Every setup starts fresh: its own redis-server (Debian's,
 * on a free port, with a password as in docker-compose.yml), its own processes on a fresh data
 * directory. The load is the sync bench's (sync/loadGen.ts), only routed to several processes.
 */

/** One way of serving a load: which server, how many processes, with or without Redis. */
export interface ClusterSetup {
  id: string;
  label: string;
  kind: ClusterKind;
  processes: number;
  redis: boolean;
}

export const HOT_ROOM_SETUPS: ClusterSetup[] = [
  { id: "accord-1", label: "Accord, one process", kind: "accord", processes: 1, redis: false },
  { id: "accord-1-redis", label: "Accord, one process with REDIS_URL", kind: "accord", processes: 1, redis: true },
  {
    id: "accord-2",
    label: "Accord, two processes + Redis (writers on A, readers on B)",
    kind: "accord",
    processes: 2,
    redis: true,
  },
  { id: "hocuspocus-1", label: "Hocuspocus 3.4.4, one process", kind: "hocuspocus", processes: 1, redis: false },
  {
    id: "hocuspocus-2",
    label: "Hocuspocus 3.4.4 + extension-redis, two processes (writers on A, readers on B)",
    kind: "hocuspocus",
    processes: 2,
    redis: true,
  },
];

export const ROOMS_SETUPS: ClusterSetup[] = [
  { id: "accord-1", label: "Accord, one process", kind: "accord", processes: 1, redis: false },
  {
    id: "accord-2",
    label: "Accord, two processes + Redis (each room's clients split)",
    kind: "accord",
    processes: 2,
    redis: true,
  },
];

/** The password of the bench's Redis: every setup with Redis authenticates, as production does. */
const REDIS_PASSWORD = "bench-password";

async function withSetup<T>(setup: ClusterSetup, route: Route, run: (server: BenchServer) => Promise<T>): Promise<T> {
  const redis = setup.redis ? await startRedis({ password: REDIS_PASSWORD }) : null;
  try {
    const server = await startCluster(setup.kind, { processes: setup.processes, redisUrl: redis?.url, route });
    try {
      return await run(server);
    } finally {
      await server.stop("SIGTERM");
      server.cleanup();
    }
  } finally {
    await redis?.stop();
  }
}

export const HOT_WRITERS = 25;
export const HOT_READERS = 25;
export const HOT_EDITS_PER_SECOND = 10;

export interface HotRoomAcrossOptions {
  warmupMs: number;
  durationMs: number;
  /** Load processes (sync/loadClient.ts). */
  processes: number;
}

/**
 * One document: HOT_WRITERS clients typing HOT_EDITS_PER_SECOND edits a second each (they only
 * send, reading frames without applying them), HOT_READERS clients applying every edit. With two
 * processes the writers are on the first and the readers on the second, so every measured
 * delivery went writer → process A → Redis → process B → reader; with one, the same clients are
 * on the one process.
 */
export async function hotRoomAcross(setup: ClusterSetup, options: HotRoomAcrossOptions): Promise<LoadResult> {
  return withSetup(setup, writersFirstReadersSecond, async (server) =>
    runLoad(server, {
      docs: await server.createDocs(1),
      clientsPerDoc: HOT_WRITERS + HOT_READERS,
      editingPerDoc: HOT_WRITERS,
      applyingPerDoc: HOT_READERS,
      readersApart: true,
      editsPerSecond: HOT_EDITS_PER_SECOND,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      drainMs: 2_000,
      processes: options.processes,
    }),
  );
}

export interface RoomsAcrossOptions extends HotRoomAcrossOptions {
  docs: number;
}

/**
 * `docs` documents × 3 clients × 2 edits/s, every client applying (the sync bench's many rooms).
 * With two processes each document's clients are split between them (two on one, one on the
 * other, alternating), so every room is open on both and two of every three deliveries cross.
 */
export async function roomsAcross(setup: ClusterSetup, options: RoomsAcrossOptions): Promise<LoadResult> {
  return withSetup(setup, spread(setup.processes), async (server) =>
    runLoad(server, {
      docs: await server.createDocs(options.docs),
      clientsPerDoc: 3,
      applyingPerDoc: 3,
      editingPerDoc: 3,
      editsPerSecond: 2,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      drainMs: 2_000,
      processes: options.processes,
      connectTimeoutMs: 120_000,
    }),
  );
}
