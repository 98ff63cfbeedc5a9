import { setTimeout as sleep } from "node:timers/promises";
import { eventually } from "../helpers/eventually.js";
import type { ServerScript } from "../helpers/spawnServer.js";
import { sampleProc, startBenchServer, type ServerKind } from "./sync/servers.js";

/**
 * Idle server memory (issue 16): each server started fresh in its own process on an empty data
 * directory, Accord as `npm start` starts it (the compiled server/dist; also as `npm run serve`
 * starts it from source, through tsx) with its SQLite files in a temporary folder, the peers'
 * launch scripts compiled to JavaScript (servers.ts). Once it answers (Accord: GET /api/health),
 * its resident set (VmRSS in /proc/<pid>/status) is read SAMPLES times over SAMPLE_SPAN_MS, then
 * again once it has been idle SETTLE_MS: V8 keeps the young generation a start grew (16 MB of
 * semi-spaces) until its memory reducer runs, some 20-30 s later with nothing to do. The medians
 * are reported. No client connects: this is what the server costs before any work.
 */

/** Readings of VmRSS per server, each time. */
export const SAMPLES = 6;
/** Span the readings cover, ms. */
export const SAMPLE_SPAN_MS = 5_000;
/** From answering to the second readings, ms. */
export const SETTLE_MS = 45_000;

/** One server measured: a kind, and for Accord how it is started. */
export interface IdleMemoryVariant {
  label: string;
  kind: ServerKind;
  script?: ServerScript;
}
/** How long Accord's health check may take to answer after it logged "listening", ms. */
const HEALTH_TIMEOUT_MS = 30_000;

export interface IdleMemoryResult {
  label: string;
  kind: ServerKind;
  /** Median VmRSS once it answered, bytes. */
  medianRssBytes: number;
  /** Every reading, bytes, in order. */
  samplesBytes: number[];
  /** Median VmRSS SETTLE_MS after it answered, bytes. */
  settledRssBytes: number;
  settledSamplesBytes: number[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Until the server answers its health check (bounded): the one poll the helpers already have. */
async function waitForHealth(url: string): Promise<void> {
  await eventually(
    async () => {
      const res = await fetch(`${url}/api/health`);
      await res.arrayBuffer();
      return res.ok;
    },
    { timeoutMs: HEALTH_TIMEOUT_MS, intervalMs: 100 },
  );
}

export async function measureIdleMemory({ label, kind, script }: IdleMemoryVariant): Promise<IdleMemoryResult> {
  const server = await startBenchServer(kind, {}, { script });
  try {
    if (kind === "accord") {
      const endpoint = server.endpoint("health").url.replace(/^ws/, "http");
      await waitForHealth(endpoint.slice(0, endpoint.indexOf("/collab/")));
    }
    const answered = Date.now();
    const read = async () => {
      const samplesBytes: number[] = [];
      const interval = SAMPLE_SPAN_MS / (SAMPLES - 1);
      for (let i = 0; i < SAMPLES; i++) {
        if (i > 0) await sleep(interval);
        samplesBytes.push(sampleProc(server.pid()).rssBytes);
      }
      return samplesBytes;
    };
    const samplesBytes = await read();
    await sleep(Math.max(0, answered + SETTLE_MS - Date.now()));
    const settledSamplesBytes = await read();
    return {
      label,
      kind,
      medianRssBytes: median(samplesBytes),
      samplesBytes,
      settledRssBytes: median(settledSamplesBytes),
      settledSamplesBytes,
    };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

export async function runIdleMemoryBench(variants: IdleMemoryVariant[]): Promise<IdleMemoryResult[]> {
  const results: IdleMemoryResult[] = [];
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
  for (const variant of variants) {
    const result = await measureIdleMemory(variant);
    console.log(
      `idle RSS ${variant.label}: median ${mb(result.medianRssBytes)} MB (${result.samplesBytes.map(mb).join(", ")}); after ${SETTLE_MS / 1000} s ${mb(result.settledRssBytes)} MB (${result.settledSamplesBytes.map(mb).join(", ")})`,
    );
    results.push(result);
  }
  return results;
}
