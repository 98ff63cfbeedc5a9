import fs from "node:fs";
import path from "node:path";
import { SATURATED_ELU, type LoadResult } from "./loadGen.js";
import {
  SATURATED_SERVER_CPU_PERCENT,
  SUSTAINED_DELIVERED,
  SUSTAINED_P99_MS,
  unsustainedBecause,
  type IdleResult,
} from "./capacity.js";
import type { ColdLoadResult, DurabilityResult } from "./scenarios.js";
import type { ServerKind } from "./servers.js";
import type { ReplayResult } from "./traceReplay.js";

/** Turns the sync bench's results into Markdown tables (printed and written to RESULTS.md). */

export const SERVER_LABEL: Record<ServerKind, string> = {
  accord: "Accord",
  yws: "yws (y-websocket 1.5.4 + LevelDB)",
  hocuspocus: "Hocuspocus 3.4.4 + SQLite",
  relay: "floor: a relay doing no work",
};

type ByServer<T> = Partial<Record<ServerKind, T | string>>;

/** What one run measured; a scenario left out by `--scenario` stays empty. A string is a failure. */
export interface SyncResults {
  hotRoom: Array<{ name: string; byServer: ByServer<LoadResult> }>;
  rooms: Array<{ docs: number; byServer: ByServer<LoadResult> }>;
  idle: Array<{ connections: number; byServer: ByServer<IdleResult> }>;
  replay: Array<{ trace: string; byServer: ByServer<ReplayResult> }>;
  /** Every round of each signal, in order. */
  durability: Array<{
    signal: NodeJS.Signals;
    byServer: Partial<Record<ServerKind, Array<DurabilityResult | string>>>;
  }>;
  coldLoad: ByServer<ColdLoadResult>;
}

const failed = (r: string, width = 120) => `failed: ${r.replace(/\|/g, "/").slice(0, width)}`;

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const mbSmall = (bytes: number) => (bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 1 : 0);

export function hotRoomTable(results: SyncResults): string {
  return loadTable(
    "scenario",
    results.hotRoom.map((s) => ({ label: s.name, byServer: s.byServer })),
    false,
  );
}

/** The many-rooms ladder, with whether each step is sustained (see capacity.ts). */
export function roomsTable(results: SyncResults): string {
  return loadTable(
    "documents × 3 editors × 2 edits/s",
    results.rooms.map((s) => ({ label: s.docs.toLocaleString("en-US"), byServer: s.byServer })),
    true,
  );
}

function loadTable(
  first: string,
  rowsIn: Array<{ label: string; byServer: ByServer<LoadResult> }>,
  sustained: boolean,
): string {
  const rows = [
    `| ${first} | server | p50 ms | p95 ms | p99 ms | max ms | warm-up p99 ms | edits/s | delivered | server CPU (event loop) | server peak RSS MiB | client ELU (max) |${sustained ? " sustained |" : ""}`,
    `| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |${sustained ? " --- |" : ""}`,
  ];
  for (const scenario of rowsIn) {
    for (const [kind, r] of Object.entries(scenario.byServer) as Array<[ServerKind, LoadResult | string]>) {
      if (typeof r === "string") {
        rows.push(`| ${scenario.label} | ${SERVER_LABEL[kind]} | ${failed(r)} |||||||||${sustained ? "|" : ""}`);
        continue;
      }
      const elu = Math.max(...r.clientElu);
      const delivered = r.expectedDeliveries ? (100 * r.delivered) / r.expectedDeliveries : NaN;
      const why = unsustainedBecause(r);
      rows.push(
        `| ${scenario.label} | ${SERVER_LABEL[kind]} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${Number.isNaN(r.warmupP99) ? "–" : ms(r.warmupP99)} | ${r.editsPerSecond.toFixed(0)} | ${delivered.toFixed(2)} % | ${r.serverCpuPercent.toFixed(0)} % (${r.serverMainThreadCpuPercent.toFixed(0)} %)${r.serverCpuPercent >= SATURATED_SERVER_CPU_PERCENT ? " **saturated**" : ""} | ${mb(r.serverPeakRssBytes)} | ${(elu * 100).toFixed(0)} %${elu > SATURATED_ELU ? " **saturated**" : ""} |${sustained ? ` ${why === null ? "yes" : `no (${why})`} |` : ""}`,
      );
    }
  }
  return rows.join("\n");
}

/** Per server: the largest ladder size that was sustained. */
export function largestSustained(results: SyncResults): Partial<Record<ServerKind, number | null>> {
  const best: Partial<Record<ServerKind, number | null>> = {};
  for (const step of results.rooms) {
    for (const [kind, r] of Object.entries(step.byServer) as Array<[ServerKind, LoadResult | string]>) {
      best[kind] ??= null;
      if (typeof r === "object" && unsustainedBecause(r) === null) best[kind] = Math.max(best[kind] ?? 0, step.docs);
    }
  }
  return best;
}

export function largestSustainedLines(results: SyncResults): string {
  return (Object.entries(largestSustained(results)) as Array<[ServerKind, number | null]>)
    .map(
      ([kind, docs]) =>
        `- ${SERVER_LABEL[kind]}: ${docs === null ? "no size of this ladder sustained" : `${docs.toLocaleString("en-US")} documents`}`,
    )
    .join("\n");
}

export const SUSTAINED_RULE = `sustained = p99 ≤ ${SUSTAINED_P99_MS} ms, server CPU below ${SATURATED_SERVER_CPU_PERCENT} % of one core, no client process above ${SATURATED_ELU * 100} % ELU, at least ${SUSTAINED_DELIVERED * 100} % delivered and every connection synced`;

export function idleTable(results: SyncResults): string {
  const rows = [
    "| connections (documents) | server | synced | load processes | RSS before MiB | RSS with connections MiB | KB per connection | closed during the hold |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const step of results.idle) {
    for (const [kind, r] of Object.entries(step.byServer) as Array<[ServerKind, IdleResult | string]>) {
      const label = `${step.connections.toLocaleString("en-US")} (${(step.connections / 2).toLocaleString("en-US")})`;
      if (typeof r === "string") rows.push(`| ${label} | ${SERVER_LABEL[kind]} | ${failed(r)} ||||||`);
      else
        rows.push(
          `| ${label} | ${SERVER_LABEL[kind]} | ${r.synced} | ${r.processes} | ${mb(r.baselineRssBytes)} | ${mb(r.rssBytes)} | ${r.kbPerConnection.toFixed(1)} | ${r.closedEarly} |`,
        );
    }
  }
  return rows.join("\n");
}

export function replayTable(results: SyncResults): string {
  const rows = [
    "| trace | server | agents | transactions | time s | every client ended with the final text | a fresh client afterwards |",
    "| --- | --- | ---: | ---: | ---: | --- | --- |",
  ];
  for (const step of results.replay) {
    for (const [kind, r] of Object.entries(step.byServer) as Array<[ServerKind, ReplayResult | string]>) {
      if (typeof r === "string") {
        rows.push(`| ${step.trace} | ${SERVER_LABEL[kind]} | ${failed(r)} |||||`);
        continue;
      }
      const all = r.clientsMatching.every(Boolean);
      const name = r.whole ? r.trace : `${r.trace} (first ${r.txns} transactions only)`;
      rows.push(
        `| ${name} | ${SERVER_LABEL[kind]} | ${r.agents} | ${r.txns} | ${r.seconds.toFixed(1)} | ${all ? "yes" : `**NO** (${r.clientsMatching.map((m) => (m ? "ok" : "differs")).join(", ")}: agents, then the watcher)`} | ${r.freshClientMatches ? "yes" : "**NO**"} |`,
      );
    }
  }
  return rows.join("\n");
}

export function durabilityTable(results: SyncResults): string {
  const kinds = [...new Set(results.durability.flatMap((d) => Object.keys(d.byServer)))] as ServerKind[];
  const rows = [
    `| signal, right after the watcher received the last edit | ${kinds.map((k) => `${SERVER_LABEL[k]}: found, each round`).join(" | ")} |`,
    `| --- | ${kinds.map(() => "---").join(" | ")} |`,
  ];
  for (const signal of results.durability) {
    const cells = kinds.map((k) => {
      const rounds = signal.byServer[k];
      if (!rounds) return "—";
      return rounds.map((r) => (typeof r === "string" ? failed(r, 60) : `${r.found} / ${r.total}`)).join(", ");
    });
    rows.push(`| ${signal.signal} | ${cells.join(" | ")} |`);
  }
  return rows.join("\n");
}

export function coldLoadTable(results: SyncResults): string {
  const rows = [
    "| server | edits (updates) | written in | store size after the write / after compaction | cold load, raw (received; applied) | cold load, compacted (received; applied) |",
    "| --- | ---: | --- | --- | ---: | --- |",
  ];
  for (const [kind, r] of Object.entries(results.coldLoad) as Array<[ServerKind, ColdLoadResult | string]>) {
    if (typeof r === "string") {
      rows.push(`| ${SERVER_LABEL[kind]} | ${failed(r)} |||||`);
      continue;
    }
    const edits = r.whole ? `${r.edits}` : `${r.edits} (a prefix only)`;
    const written =
      r.writeSecondsCompacting === undefined
        ? `${r.writeSeconds.toFixed(1)} s`
        : `${r.writeSeconds.toFixed(1)} s raw / ${r.writeSecondsCompacting.toFixed(1)} s compacting`;
    rows.push(
      `| ${SERVER_LABEL[kind]} | ${edits} | ${written} | ${mbSmall(r.dbBytesRaw)} MiB / ${mbSmall(r.dbBytesCompacted)} MiB | ${ms(r.rawLogMs)} (${ms(r.rawLogReceivedMs)}; ${ms(r.rawLogAppliedMs)}) ms | ${r.compactedMs.map((v, i) => `${ms(v)} (${ms(r.compactedReceivedMs[i]!)}; ${ms(r.compactedAppliedMs[i]!)})`).join(", ")} ms |`,
    );
  }
  return rows.join("\n");
}

/** Versions of what ran, read from the installed packages. */
export function versions(): string {
  const version = (dir: string) => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      return "not installed";
    }
  };
  const root = path.resolve(import.meta.dirname, "../../../node_modules");
  const peers = path.resolve(import.meta.dirname, "../peers/node_modules");
  return [
    `node ${process.version}`,
    `Accord: yjs ${version(path.join(root, "yjs"))}, ws ${version(path.join(root, "ws"))}, better-sqlite3 ${version(path.join(root, "better-sqlite3"))}`,
    `y-websocket ${version(path.join(peers, "y-websocket"))} (bin/utils, y-leveldb ${version(path.join(peers, "y-leveldb"))}, leveldown ${version(path.join(peers, "leveldown"))})`,
    `@hocuspocus/server ${version(path.join(peers, "@hocuspocus/server"))}, @hocuspocus/extension-sqlite ${version(path.join(peers, "@hocuspocus/extension-sqlite"))} (sqlite3 ${version(path.join(peers, "sqlite3"))})`,
    `peers' yjs ${version(path.join(peers, "yjs"))}; load clients: yjs ${version(path.join(root, "yjs"))}, y-protocols ${version(path.join(root, "y-protocols"))}`,
  ].join("; ");
}

/** Plain statements of every hot-room figure where Accord is behind the better peer (the issue's targets are stricter still). */
export function accordVersusPeers(results: SyncResults): string {
  const lines: string[] = [];
  for (const scenario of results.hotRoom) {
    const accord = scenario.byServer.accord;
    const peers: Array<[ServerKind, LoadResult]> = [];
    for (const kind of ["yws", "hocuspocus"] as const) {
      const r = scenario.byServer[kind];
      if (typeof r === "object") peers.push([kind, r]);
    }
    if (typeof accord !== "object" || peers.length === 0) continue;
    for (const metric of ["p50", "p99"] as const) {
      const best = peers.reduce((a, b) => (b[1][metric] < a[1][metric] ? b : a));
      const target = metric === "p99" ? ` (target: at most half, ${ms(best[1][metric] / 2)} ms)` : "";
      const verdict = accord[metric] > best[1][metric] ? "Accord is SLOWER than" : "Accord is not slower than";
      lines.push(
        `- ${scenario.name}, ${metric}: ${verdict} ${SERVER_LABEL[best[0]]}: ${ms(accord[metric])} ms vs ${ms(best[1][metric])} ms${target}.`,
      );
    }
    const rss = Math.min(...peers.map((p) => p[1].serverPeakRssBytes));
    if (accord.serverPeakRssBytes > rss)
      lines.push(
        `- ${scenario.name}, peak RSS: Accord ${mb(accord.serverPeakRssBytes)} MiB vs ${mb(rss)} MiB for the leaner peer.`,
      );
  }
  return lines.join("\n");
}
