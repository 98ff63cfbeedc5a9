import type { Endpoint } from "../sync/yclient.js";
import { startBenchServer, type BenchServer, type ClientRole } from "../sync/servers.js";

/**
 * Several processes of one server as one BenchServer for runLoad: Accord processes on one SQLite
 * data directory with REDIS_URL, or Hocuspocus processes on one SQLite file with its Redis
 * extension. `route` picks the process each client connects to; runLoad reads the CPU of every
 * process (`pids`).
 */

export type ClusterKind = "accord" | "hocuspocus";

/** Picks the process (an index into the cluster's processes) for one client of a document. */
export type Route = (client: ClientRole, docOrdinal: number) => number;

/** Editors on the first process, everyone else on the second: every delivery crosses Redis. */
export const writersFirstReadersSecond: Route = (client) => (client.editing ? 0 : 1);

/** A document's clients alternate between the processes, starting one further for each document. */
export const spread =
  (processes: number): Route =>
  (client, docOrdinal) =>
    (client.index + docOrdinal) % processes;

export interface ClusterOptions {
  processes: number;
  /** `redis://…` the processes share; none: one process without Redis. */
  redisUrl?: string;
  route: Route;
}

export async function startCluster(kind: ClusterKind, options: ClusterOptions): Promise<BenchServer> {
  if (options.processes > 1 && options.redisUrl === undefined)
    throw new Error("several processes need a Redis between them (redisUrl)");
  const env: Record<string, string> =
    options.redisUrl === undefined
      ? {}
      : kind === "accord"
        ? { REDIS_URL: options.redisUrl }
        : { HOCUSPOCUS_REDIS_URL: options.redisUrl };
  const first = await startBenchServer(kind, env);
  const members: BenchServer[] = [first];
  try {
    // One after the other: the first created the store's schema, the others open it.
    for (let i = 1; i < options.processes; i++)
      members.push(await startBenchServer(kind, env, { dataDir: first.dataDir }));
  } catch (error) {
    await Promise.all(members.map((m) => m.stop("SIGKILL")));
    first.cleanup();
    throw error;
  }
  const ordinals = new Map<string, number>();
  const ordinal = (docName: string) => {
    let found = ordinals.get(docName);
    if (found === undefined) {
      found = ordinals.size;
      ordinals.set(docName, found);
    }
    return found;
  };
  return {
    kind,
    dataDir: first.dataDir,
    pid: () => first.pid(),
    pids: () => members.map((m) => m.pid()),
    url: () => first.url(),
    endpoint(docName, client): Endpoint {
      // The first process' endpoint carries what a client needs (Accord: the session cookie,
      // valid on every process since sessions are in the shared store); only the address changes.
      const endpoint = first.endpoint(docName, client);
      const index = client === undefined ? 0 : options.route(client, ordinal(docName)) % members.length;
      const url = new URL(endpoint.url);
      url.host = new URL(members[index]!.url()).host;
      return { ...endpoint, url: url.toString() };
    },
    createDocs: (count) => first.createDocs(count),
    async stop(signal = "SIGTERM") {
      await Promise.all(members.map((m) => m.stop(signal)));
    },
    async restart() {
      throw new Error("a cluster is not restarted in the bench");
    },
    cleanup: () => first.cleanup(),
  };
}
