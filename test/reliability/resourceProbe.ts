import fs from "node:fs";
import { Worker } from "node:worker_threads";
import { eventually } from "../helpers/eventually.js";

/**
 * What the resource suite measures about a server process while it is attacked: how long
 * GET /api/health takes, probed every 100 ms, and the process's resident memory.
 *
 * The probe runs on a worker thread of the test process: the attacks and the honest editors
 * run on the main thread, and whatever they cost there (applying a 2 MB document, parsing a
 * relayed 6 MB awareness state) must not show up as the server's latency.
 */

export const PROBE_INTERVAL_MS = 100;
/** The bounds. */
export const HEALTH_P99_LIMIT_MS = 200;
export const RSS_RETURN_LIMIT_BYTES = 50 * 1024 * 1024;
/**
 * How long the server may take to give memory back once the attacker left. The child has no
 * global.gc: V8's memory reducer collects an idle heap over a few seconds on its own.
 */
export const RSS_RETURN_TIMEOUT_MS = 20_000;

/** Resident memory of a process, from /proc/<pid>/status (VmRSS is in kB). */
export function readRssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  for (const line of status.split("\n")) {
    if (!line.startsWith("VmRSS:")) continue;
    const kilobytes = Number.parseInt(line.slice("VmRSS:".length).trim(), 10);
    if (Number.isFinite(kilobytes)) return kilobytes * 1024;
  }
  throw new Error(`no VmRSS in /proc/${pid}/status`);
}

/** Nearest-rank percentile (p in 0..100) of the values; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface HealthStats {
  /** Every probe's latency in ms; a probe still unanswered at the end counts its elapsed time. */
  latenciesMs: number[];
  /** Probes that answered something other than 200, or failed to connect. */
  failures: string[];
  /** Probes still unanswered when the probe stopped. */
  unanswered: number;
  p50: number;
  p99: number;
  max: number;
  /** Highest RSS sampled (every probe tick) while probing. */
  rssPeakBytes: number;
}

// Plain CommonJS for an eval'd worker: it needs neither tsx nor a file of its own.
const PROBE_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const http = require("node:http");
const fs = require("node:fs");
const { healthUrl, pid, intervalMs } = workerData;
const latencies = [];
const failures = [];
const pending = new Set();
let rssPeak = 0;
function sampleRss() {
  try {
    const line = fs.readFileSync("/proc/" + pid + "/status", "utf8").split("\\n").find((l) => l.startsWith("VmRSS:"));
    if (line) rssPeak = Math.max(rssPeak, Number.parseInt(line.slice(6).trim(), 10) * 1024);
  } catch {}
}
function probe() {
  const startedAt = performance.now();
  const entry = { startedAt };
  pending.add(entry);
  const finish = (failure) => {
    if (!pending.delete(entry)) return;
    latencies.push(performance.now() - startedAt);
    if (failure) failures.push(failure);
  };
  // A connection of its own per probe (agent: false): a stalled server shows as a slow
  // connect too, and no probe waits behind another in a pool.
  const req = http.get(healthUrl, { agent: false }, (res) => {
    res.resume();
    res.on("end", () => finish(res.statusCode === 200 ? null : "status " + res.statusCode));
    res.on("error", (error) => finish(String(error)));
  });
  req.on("error", (error) => finish(String(error)));
}
sampleRss();
probe();
const timer = setInterval(() => { sampleRss(); probe(); }, intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  sampleRss();
  const now = performance.now();
  const unanswered = pending.size;
  for (const entry of pending) latencies.push(now - entry.startedAt);
  pending.clear();
  parentPort.postMessage({ latencies, failures, unanswered, rssPeak });
  // Unanswered requests must not keep the worker alive.
  process.exit(0);
});
`;

export interface HealthProbe {
  stop(): Promise<HealthStats>;
}

/** Starts probing `${baseUrl}/api/health` every 100 ms and sampling the RSS of `pid`. */
export function startHealthProbe(baseUrl: string, pid: number): HealthProbe {
  const worker = new Worker(PROBE_WORKER, {
    eval: true,
    workerData: { healthUrl: `${baseUrl}/api/health`, pid, intervalMs: PROBE_INTERVAL_MS },
  });
  let stopped: Promise<HealthStats> | null = null;
  return {
    stop() {
      stopped ??= new Promise<HealthStats>((resolve, reject) => {
        worker.once("error", reject);
        worker.once(
          "message",
          (result: { latencies: number[]; failures: string[]; unanswered: number; rssPeak: number }) => {
            resolve({
              latenciesMs: result.latencies,
              failures: result.failures,
              unanswered: result.unanswered,
              p50: percentile(result.latencies, 50),
              p99: percentile(result.latencies, 99),
              max: Math.max(0, ...result.latencies),
              rssPeakBytes: result.rssPeak,
            });
          },
        );
        worker.postMessage("stop");
      });
      return stopped;
    },
  };
}

export interface AttackMeasure<T> {
  result: T;
  health: HealthStats;
  rss: { baselineBytes: number; peakBytes: number; afterBytes: number; returnedAfterMs: number | null };
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * Runs `attack` against the server process `pid` with the health probe running, then `leave`, then waits
 * (at most RSS_RETURN_TIMEOUT_MS) for its RSS to come back within RSS_RETURN_LIMIT_BYTES of
 * the baseline read just before the attack; prints the numbers under `name`. The caller
 * asserts on what it answers, so that a failing bound still prints every number first.
 */
export async function measureAttack<T>(
  name: string,
  server: { url: string; child: { pid?: number } },
  attack: () => Promise<T>,
  /** Runs once the probe stopped and before memory is watched: the attacker leaving. */
  leave: (result: T) => Promise<unknown> = async () => {},
): Promise<AttackMeasure<T>> {
  const pid = server.child.pid;
  if (pid === undefined) throw new Error("the server process has no pid");
  const baselineBytes = readRssBytes(pid);
  const probe = startHealthProbe(server.url, pid);
  let result: T;
  let health: HealthStats;
  try {
    result = await attack();
  } finally {
    health = await probe.stop();
  }
  await leave(result!);
  const startedWaiting = performance.now();
  let afterBytes = readRssBytes(pid);
  let returnedAfterMs: number | null = null;
  try {
    await eventually(
      () => {
        afterBytes = readRssBytes(pid);
        return afterBytes - baselineBytes <= RSS_RETURN_LIMIT_BYTES;
      },
      { timeoutMs: RSS_RETURN_TIMEOUT_MS, intervalMs: 250 },
    );
    returnedAfterMs = Math.round(performance.now() - startedWaiting);
  } catch {
    // Reported below and asserted by the caller.
  }
  const peakBytes = Math.max(health.rssPeakBytes, afterBytes, baselineBytes);
  console.log(
    `[resources] ${name}: health p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms, max ${health.max.toFixed(1)} ms ` +
      `(${health.latenciesMs.length} probes, ${health.unanswered} unanswered, ${health.failures.length} failed); ` +
      `RSS baseline ${mb(baselineBytes)}, peak ${mb(peakBytes)}, after ${mb(afterBytes)} ` +
      (returnedAfterMs === null
        ? `(not back within ${RSS_RETURN_TIMEOUT_MS / 1000} s)`
        : `(back after ${returnedAfterMs} ms)`),
  );
  return { result: result!, health, rss: { baselineBytes, peakBytes, afterBytes, returnedAfterMs } };
}
