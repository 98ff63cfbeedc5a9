import fs from "node:fs";
import { runLoad, SATURATED_ELU, type LoadResult } from "./loadGen.js";
import { sampleProc, startBenchServer, type ServerKind } from "./servers.js";
import { sleep } from "./time.js";

/**
 * The capacity scenarios of issue 6: many small rooms (a ladder of sizes), and idle connections
 * held open. Each size runs against a freshly started server.
 */

export interface ManyRoomsOptions {
  docs: number;
  /** Edits before the measured time (LoadSpec.warmupMs). */
  warmupMs: number;
  durationMs: number;
  processes: number;
}

/** `docs` documents × 3 editors × 2 edits/s, every client applying what it receives; `nodeArgs`: Accord's node flags. */
export async function manyRooms(
  kind: ServerKind,
  options: ManyRoomsOptions,
  nodeArgs: string[] = [],
): Promise<LoadResult> {
  const server = await startBenchServer(kind, {}, { nodeArgs });
  try {
    const docs = await server.createDocs(options.docs);
    return await runLoad(server, {
      docs,
      clientsPerDoc: 3,
      applyingPerDoc: 3,
      editingPerDoc: 3,
      editsPerSecond: 2,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      drainMs: 2_000,
      processes: options.processes,
      connectTimeoutMs: 120_000,
    });
  } finally {
    await server.stop("SIGTERM");
    server.cleanup();
  }
}

/** p99 within this, nothing saturated and (nearly) everything delivered: the size is sustained. */
export const SUSTAINED_P99_MS = 100;
/** A server process using this much of one core is saturated (Node runs its JavaScript on one). */
export const SATURATED_SERVER_CPU_PERCENT = 90;
/** A run that lost edits is not sustained, however good its latencies. */
export const SUSTAINED_DELIVERED = 0.99;

/** Why a ladder step does not count as sustained, or null when it does. */
export function unsustainedBecause(r: LoadResult): string | null {
  const reasons: string[] = [];
  if (!(r.p99 <= SUSTAINED_P99_MS)) reasons.push(`p99 ${r.p99.toFixed(0)} ms`);
  if (r.serverCpuPercent >= SATURATED_SERVER_CPU_PERCENT) reasons.push(`server CPU ${r.serverCpuPercent.toFixed(0)} %`);
  if (r.saturatedClients > 0)
    reasons.push(`${r.saturatedClients} client process(es) above ${SATURATED_ELU * 100} % ELU`);
  if (r.expectedDeliveries > 0 && r.delivered / r.expectedDeliveries < SUSTAINED_DELIVERED)
    reasons.push(`delivered ${((100 * r.delivered) / r.expectedDeliveries).toFixed(1)} %`);
  if (r.synced < r.connections) reasons.push(`${r.connections - r.synced} connections never synced`);
  return reasons.length ? reasons.join(", ") : null;
}

export interface IdleOptions {
  connections: number;
  /** Connections each load process holds at most. */
  perProcess: number;
  /** How long the connections are held, all synced, before the server's RSS is read. */
  holdMs: number;
}

export interface IdleResult {
  connections: number;
  docs: number;
  synced: number;
  processes: number;
  /** VmRSS of the freshly started server, before any connection. */
  baselineRssBytes: number;
  /** VmRSS with every connection open and synced, after the hold. */
  rssBytes: number;
  kbPerConnection: number;
  /** Sockets that were closed by the time the hold ended. */
  closedEarly: number;
}

/**
 * `connections` idle connections on `connections / 2` documents (2 per document), spread over
 * several load processes. Accord's documents are created first, then the server is restarted,
 * so that the baseline is a freshly started process like the peers' (creating 5,000
 * recommendations through REST leaves garbage behind that is not the connections' doing).
 */
export async function idleCapacity(kind: ServerKind, options: IdleOptions): Promise<IdleResult> {
  const server = await startBenchServer(kind);
  try {
    const docs = await server.createDocs(Math.ceil(options.connections / 2));
    if (kind === "accord") {
      await server.stop("SIGTERM");
      await server.restart();
    }
    assertFdLimit(server.pid(), options.connections);
    await sleep(1_000); // past start-up's own allocations
    const baselineRssBytes = sampleProc(server.pid()).rssBytes;
    const processes = Math.max(2, Math.ceil(options.connections / options.perProcess));
    let rssBytes = 0;
    const result = await runLoad(
      server,
      {
        docs,
        clientsPerDoc: 2,
        applyingPerDoc: 0,
        editingPerDoc: 0,
        editsPerSecond: 0,
        durationMs: 0,
        drainMs: 0,
        processes,
        connectTimeoutMs: 300_000,
      },
      async () => {
        await sleep(options.holdMs);
        rssBytes = sampleProc(server.pid()).rssBytes;
      },
    );
    return {
      connections: result.connections,
      docs: docs.length,
      synced: result.synced,
      processes,
      baselineRssBytes,
      rssBytes,
      kbPerConnection: (rssBytes - baselineRssBytes) / 1024 / result.connections,
      closedEarly: result.closedEarly,
    };
  } finally {
    await server.stop("SIGTERM");
    server.cleanup();
  }
}

/** A server that may not open one descriptor per connection would measure its limit, not its memory. */
function assertFdLimit(pid: number, connections: number): void {
  const limits = fs.readFileSync(`/proc/${pid}/limits`, "utf8");
  const soft = /^Max open files\s+(\d+|unlimited)/m.exec(limits)?.[1];
  if (soft && soft !== "unlimited" && Number(soft) < connections + 1_000) {
    throw new Error(
      `the server process may open ${soft} files, fewer than ${connections} connections need (raise ulimit -n)`,
    );
  }
}
