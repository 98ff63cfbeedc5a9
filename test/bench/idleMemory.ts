import { setTimeout as sleep } from "node:timers/promises";
import { sampleProc, startBenchServer, type ServerKind } from "./sync/servers.js";

/**
 * Idle server memory (issue 16): each server started fresh in its own process on an empty data
 * directory, Accord exactly as `npm run serve` starts it (spawnServer) with its SQLite files in a
 * temporary folder. Once it answers (Accord: GET /api/health), its resident set (VmRSS in
 * /proc/<pid>/status) is read SAMPLES times over SAMPLE_SPAN_MS, and the median is reported.
 * No client connects: this is what the server costs before any work.
 */

/** Readings of VmRSS per server. */
export const SAMPLES = 6;
/** Span the readings cover, ms. */
export const SAMPLE_SPAN_MS = 5_000;
/** How long Accord's health check may take to answer after it logged "listening", ms. */
const HEALTH_TIMEOUT_MS = 30_000;

export interface IdleMemoryResult {
  kind: ServerKind;
  /** Median VmRSS, bytes. */
  medianRssBytes: number;
  /** Every reading, bytes, in order. */
  samplesBytes: number[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/health`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`${url}/api/health did not answer within ${HEALTH_TIMEOUT_MS} ms`);
    await sleep(100);
  }
}

export async function measureIdleMemory(kind: ServerKind): Promise<IdleMemoryResult> {
  const server = await startBenchServer(kind);
  try {
    if (kind === "accord") {
      const endpoint = server.endpoint("health").url.replace(/^ws/, "http");
      await waitForHealth(endpoint.slice(0, endpoint.indexOf("/collab/")));
    }
    const samplesBytes: number[] = [];
    const interval = SAMPLE_SPAN_MS / (SAMPLES - 1);
    for (let i = 0; i < SAMPLES; i++) {
      if (i > 0) await sleep(interval);
      samplesBytes.push(sampleProc(server.pid()).rssBytes);
    }
    return { kind, medianRssBytes: median(samplesBytes), samplesBytes };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

export async function runIdleMemoryBench(kinds: ServerKind[]): Promise<IdleMemoryResult[]> {
  const results: IdleMemoryResult[] = [];
  for (const kind of kinds) {
    const result = await measureIdleMemory(kind);
    console.log(`idle RSS ${kind}: median ${(result.medianRssBytes / 2 ** 20).toFixed(1)} MB (${result.samplesBytes.map((b) => (b / 2 ** 20).toFixed(1)).join(", ")})`);
    results.push(result);
  }
  return results;
}
