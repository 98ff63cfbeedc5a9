import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { ClientReport, GoMessage, InitMessage, Slot } from "./loadClient.js";
import { sampleProc, type BenchServer, type ProcSample } from "./servers.js";
import { sleep } from "./time.js";

/**
 * Runs one load against one server from `processes` forked client processes and merges their
 * reports. Measures the server process' CPU (from /proc, over the edit and drain phases) and its
 * peak RSS, and each client process' event-loop utilisation.
 */

export interface LoadSpec {
  docs: string[];
  clientsPerDoc: number;
  /** How many clients of each document apply what they receive (the rest only read frames). */
  applyingPerDoc: number;
  /** How many clients of each document edit. */
  editingPerDoc: number;
  /**
   * Editors only send and the next `applyingPerDoc` clients only apply, instead of the first
   * `applyingPerDoc` clients applying, editors among them: every measured delivery then goes
   * from an editor to a reader (the cluster bench puts them on different processes).
   * @default false
   */
  readersApart?: boolean;
  editsPerSecond: number;
  /**
   * Edits at the same rate before the measured time, not counted. The load processes share the
   * machine's two cores with the server, and in their first seconds (a cold JIT applying
   * thousands of documents' updates) they take 70–130 % of a core more than once warm: that
   * starves whichever server is measured. Their warm-up latencies are reported apart.
   * @default 0
   */
  warmupMs?: number;
  durationMs: number;
  drainMs: number;
  processes: number;
  connectTimeoutMs?: number;
  /** Changes a client's slot before it connects (the suggesting bench makes some of them reviewers). @default none */
  slotOf?: (slot: Slot) => Slot;
}

export interface LoadResult {
  connections: number;
  synced: number;
  sent: number;
  expectedDeliveries: number;
  delivered: number;
  editsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** p99 of the warm-up's edits (NaN without a warm-up). */
  warmupP99: number;
  /** Every server process together (BenchServer.pids), % of one core. */
  serverCpuPercent: number;
  /** The server's main thread (its event loop), % of one core; summed over the processes. */
  serverMainThreadCpuPercent: number;
  /** Each server process alone, in the order of BenchServer.pids, % of one core. */
  processCpuPercent: number[];
  /** Each server process' main thread, in the same order. */
  processMainThreadCpuPercent: number[];
  /** CPU time of every server process and thread per update sent in the measured time, µs (issue 20). */
  serverCpuMicrosPerUpdate: number;
  /** The same for the main threads (the event loops) alone. */
  serverMainThreadMicrosPerUpdate: number;
  /** The same by thread name (servers.ts sampleProc), every process together. */
  serverThreadMicrosPerUpdate: Record<string, number>;
  /** The measured time on CLOCK_MONOTONIC (process.hrtime), µs: what a server's CPU profile is cut to. */
  window: { fromUs: number; toUs: number };
  /** VmHWM of the largest server process. */
  serverPeakRssBytes: number;
  /** VmRSS of the server processes together. */
  serverRssBytes: number;
  clientElu: number[];
  saturatedClients: number;
  closedEarly: number;
}

/** One saturated client process measures itself, not the server. */
export const SATURATED_ELU = 0.9;

const CLIENT_SCRIPT = path.join(import.meta.dirname, "loadClient.ts");

export async function runLoad(server: BenchServer, spec: LoadSpec, onReady?: () => Promise<void>): Promise<LoadResult> {
  const slots: Slot[] = [];
  let sender = 0;
  for (const docName of spec.docs) {
    for (let i = 0; i < spec.clientsPerDoc; i++) {
      const editing = i < spec.editingPerDoc;
      const applying = spec.readersApart
        ? !editing && i < spec.editingPerDoc + spec.applyingPerDoc
        : i < spec.applyingPerDoc;
      const slot: Slot = {
        ...server.endpoint(docName, { index: i, editing, applying }),
        sender: sender++,
        applying,
        editing,
      };
      slots.push(spec.slotOf ? spec.slotOf(slot) : slot);
    }
  }
  // Round-robin, so that every process holds a similar mix of applying and cheap clients.
  const shares: Slot[][] = Array.from({ length: spec.processes }, () => []);
  slots.forEach((slot, i) => shares[i % spec.processes]!.push(slot));
  const children: ChildProcess[] = shares.map(() =>
    fork(CLIENT_SCRIPT, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  try {
    const ready = await Promise.all(
      children.map((child, i) => {
        const init: InitMessage = {
          type: "init",
          slots: shares[i]!,
          editsPerSecond: spec.editsPerSecond,
          connectTimeoutMs: spec.connectTimeoutMs ?? 60_000,
        };
        child.send(init);
        return once<{ type: "ready"; ok: boolean; synced: number }>(
          child,
          "ready",
          (spec.connectTimeoutMs ?? 60_000) + 30_000,
        );
      }),
    );
    const synced = ready.reduce((sum, r) => sum + r.synced, 0);
    if (onReady) await onReady();
    const warmupMs = spec.warmupMs ?? 0;
    const measureFrom = process.hrtime.bigint() + BigInt(Math.round(warmupMs * 1e6));
    const go: GoMessage = {
      type: "go",
      warmupMs,
      measureFrom: measureFrom.toString(),
      durationMs: spec.durationMs,
      drainMs: spec.drainMs,
    };
    const results = Promise.all(
      children.map((child) => {
        child.send(go);
        return once<ClientReport>(child, "result", warmupMs + spec.durationMs + spec.drainMs + 60_000);
      }),
    );
    results.catch(() => {}); // observed below, after the warm-up
    // The server's CPU over the measured time only, like everything else.
    await sleep(warmupMs);
    const pids = server.pids?.() ?? [server.pid()];
    const before = pids.map(sampleProc);
    const t0 = performance.now();
    const fromNs = process.hrtime.bigint();
    const reports = await results;
    const toNs = process.hrtime.bigint();
    const after = pids.map(sampleProc);
    const wallSeconds = (performance.now() - t0) / 1000;
    const cpu = pids.map((_, i) => (100 * (after[i]!.cpuSeconds - before[i]!.cpuSeconds)) / wallSeconds);
    const mainCpu = pids.map(
      (_, i) => (100 * (after[i]!.mainThreadCpuSeconds - before[i]!.mainThreadCpuSeconds)) / wallSeconds,
    );
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

    const sentByDoc: Record<string, number> = {};
    let delivered = 0;
    const latencies: number[] = [];
    const warmupLatencies: number[] = [];
    for (const r of reports) {
      for (const [doc, n] of Object.entries(r.sentByDoc)) sentByDoc[doc] = (sentByDoc[doc] ?? 0) + n;
      for (const n of Object.values(r.receivedByDoc)) delivered += n;
      for (const l of r.latenciesMs) latencies.push(l);
      for (const l of r.warmupLatenciesMs) warmupLatencies.push(l);
    }
    warmupLatencies.sort((a, b) => a - b);
    // Every edit should reach every applying client of its document except its sender (if that applies).
    const senderApplies = spec.readersApart
      ? 0
      : Math.min(spec.applyingPerDoc, spec.editingPerDoc) / Math.max(1, spec.editingPerDoc);
    const sent = Object.values(sentByDoc).reduce((a, b) => a + b, 0);
    const expectedDeliveries = Math.round(sent * (spec.applyingPerDoc - senderApplies));
    latencies.sort((a, b) => a - b);
    const elus = reports.map((r) => r.elu);
    const editingSeconds = Math.max(...reports.map((r) => r.editingSeconds));
    return {
      connections: slots.length,
      synced,
      sent,
      expectedDeliveries,
      delivered,
      editsPerSecond: sent / editingSeconds,
      p50: quantile(latencies, 0.5),
      p95: quantile(latencies, 0.95),
      p99: quantile(latencies, 0.99),
      max: latencies.at(-1) ?? NaN,
      warmupP99: quantile(warmupLatencies, 0.99),
      serverCpuMicrosPerUpdate:
        (1e6 * sum(pids.map((_, i) => after[i]!.cpuSeconds - before[i]!.cpuSeconds))) / Math.max(1, sent),
      serverMainThreadMicrosPerUpdate:
        (1e6 * sum(pids.map((_, i) => after[i]!.mainThreadCpuSeconds - before[i]!.mainThreadCpuSeconds))) /
        Math.max(1, sent),
      serverThreadMicrosPerUpdate: threadMicrosPerUpdate(before, after, sent),
      window: { fromUs: Number(fromNs / 1000n), toUs: Number(toNs / 1000n) },
      serverCpuPercent: sum(cpu),
      serverMainThreadCpuPercent: sum(mainCpu),
      processCpuPercent: cpu,
      processMainThreadCpuPercent: mainCpu,
      serverPeakRssBytes: Math.max(...after.map((a) => a.peakRssBytes)),
      serverRssBytes: sum(after.map((a) => a.rssBytes)),
      clientElu: elus,
      saturatedClients: elus.filter((e) => e > SATURATED_ELU).length,
      closedEarly: reports.reduce((sum, r) => sum + r.closedEarly, 0),
    };
  } finally {
    for (const child of children) {
      if (child.connected) child.send({ type: "exit" });
    }
    await Promise.all(children.map((child) => exitWithin(child, 5_000)));
  }
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function once<T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off("message", onMessage);
      reject(new Error(`a load client did not answer "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(message as T);
    };
    child.on("message", onMessage);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`a load client exited (${code}) before "${type}"`));
    });
  });
}

function exitWithin(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** CPU µs per update by thread name between two samples of the same processes. */
function threadMicrosPerUpdate(before: ProcSample[], after: ProcSample[], sent: number): Record<string, number> {
  const micros: Record<string, number> = {};
  after.forEach((sample, i) => {
    for (const [name, seconds] of Object.entries(sample.threads)) {
      const spent = seconds - (before[i]!.threads[name] ?? 0);
      micros[name] = (micros[name] ?? 0) + (1e6 * spent) / Math.max(1, sent);
    }
  });
  return micros;
}
