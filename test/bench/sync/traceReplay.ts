import * as Y from "yjs";
import { startBenchServer, type ServerKind } from "./servers.js";
import { hasReceived, type PreparedTrace } from "./traces.js";
import { BENCH_TEXT, YClient } from "./yclient.js";
import { withTimeout } from "./time.js";

/**
 * A trace replayed by its agents, one client each, against one server, as fast as causality
 * allows: an agent sends its next transaction once its client has received every other agent's
 * transaction that the trace says it had seen. A watcher client (applying, not writing) paces
 * the writers: an agent stays at most REPLAY_WINDOW of its own inserted characters ahead of
 * what the watcher has received from it, so that no server falls tens of seconds behind its
 * sockets. Every client, and a fresh client opened at the end, must hold the trace's final text.
 */

export interface ReplayResult {
  trace: string;
  agents: number;
  txns: number;
  /** First send → every agent and the watcher hold the final text. */
  seconds: number;
  /** Each agent client's text, then the watcher's, equals the expected text. */
  clientsMatching: boolean[];
  /** A client connected after the replay syncs to the expected text. */
  freshClientMatches: boolean;
  expectedChars: number;
  whole: boolean;
}

const REPLAY_WINDOW = 10_000;
const REPLAY_DEADLINE_MS = 10 * 60_000;

export async function replayTrace(
  kind: ServerKind,
  trace: PreparedTrace,
  env: Record<string, string> = {},
): Promise<ReplayResult> {
  const server = await startBenchServer(kind, env);
  const clients: YClient[] = [];
  try {
    const [docName] = await server.createDocs(1);
    const wake = new Set<() => void>();
    const notify = () => {
      for (const w of [...wake]) w();
    };
    const open = () => {
      const client = new YClient(server.endpoint(docName!), { applying: true, onApplied: notify });
      clients.push(client);
      void client.closed.then(notify);
      return client;
    };
    const agents = Array.from({ length: trace.agents }, open);
    const watcher = open();
    await withTimeout(Promise.all(clients.map((c) => c.synced)), 20_000, "the replay clients did not sync");
    const replayDeadline = Date.now() + REPLAY_DEADLINE_MS;

    /** Resolves when `ready()` holds; re-checked after every applied update (and every 50 ms). */
    const until = async (ready: () => boolean, what: string, deadline = replayDeadline) => {
      while (!ready()) {
        const closed = clients.find((c) => c.closeInfo);
        if (closed)
          throw new Error(
            `the server closed a replay client (${closed.closeInfo!.code} ${closed.closeInfo!.reason}) while waiting for ${what}`,
          );
        if (Date.now() > deadline) throw new Error(`replay of ${trace.name} timed out waiting for ${what}`);
        await new Promise<void>((resolve) => {
          const done = () => {
            wake.delete(done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, 50);
          wake.add(done);
        });
      }
    };

    const byAgent = agents.map((_, a) => trace.txns.map((t, i) => ({ t, i })).filter(({ t }) => t.agent === a));
    const t0 = performance.now();
    await Promise.all(
      agents.map(async (client, a) => {
        let sent = 0;
        for (const { t, i } of byAgent[a]!) {
          for (const dep of t.waitFor)
            await until(
              () => hasReceived(client.doc, trace.txns[dep]!.receipt),
              `transaction ${dep} at agent ${a} (before ${i})`,
            );
          if (t.receipt.kind === "insert") {
            // What is already in flight, not this transaction: one paste may be longer than the window.
            const id = t.receipt.client;
            await until(
              () => Y.getState(client.doc.store, id) - Y.getState(watcher.doc.store, id) < REPLAY_WINDOW,
              `the watcher to catch up with agent ${a}`,
            );
          }
          Y.applyUpdate(client.doc, t.update, client);
          client.sendUpdate(t.update);
          // Yield now and then, so that received updates are applied while an agent types a long run.
          if (++sent % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    const holds = (c: YClient) =>
      c.doc.getText(BENCH_TEXT).length === trace.expected.length &&
      c.doc.getText(BENCH_TEXT).toString() === trace.expected;
    // A client that ends with another text is reported, not waited for until the deadline.
    await until(
      () => clients.every(holds),
      "every client to hold the final text",
      Math.min(replayDeadline, Date.now() + 60_000),
    ).catch((error: unknown) => console.error(`  ${String(error)}`));
    const seconds = (performance.now() - t0) / 1000;
    const clientsMatching = clients.map(holds);
    const fresh = open();
    await withTimeout(fresh.synced, 60_000, "a fresh client did not sync");
    // yws loads its store after the handshake: give the content a moment to arrive.
    await until(() => holds(fresh), "the fresh client to hold the final text", Date.now() + 15_000).catch(() => {});
    return {
      trace: trace.name,
      agents: trace.agents,
      txns: trace.txns.length,
      seconds,
      clientsMatching,
      freshClientMatches: holds(fresh),
      expectedChars: trace.expected.length,
      whole: trace.whole,
    };
  } finally {
    for (const c of clients) c.close();
    await server.stop("SIGTERM");
    server.cleanup();
  }
}
