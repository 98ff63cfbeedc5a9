import fs from "node:fs";
import path from "node:path";
import { SATURATED_ELU, type LoadResult } from "./loadGen.js";
import type { ColdLoadResult, DurabilityResult } from "./scenarios.js";
import type { ServerKind } from "./servers.js";

/** Turns the sync bench's results into Markdown tables (printed and written to RESULTS.md). */

export const SERVER_LABEL: Record<ServerKind, string> = { accord: "Accord", yws: "yws (y-websocket 1.5.4 + LevelDB)", hocuspocus: "Hocuspocus 3.4.4 + SQLite" };

export interface SyncResults {
  hotRoom: Array<{ name: string; byServer: Partial<Record<ServerKind, LoadResult | string>> }>;
  durability: Array<{ signal: NodeJS.Signals; byServer: Partial<Record<ServerKind, DurabilityResult | string>> }>;
  coldLoad: Partial<Record<ServerKind, ColdLoadResult | string>>;
}

const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

export function hotRoomTable(results: SyncResults): string {
  const rows = ["| scenario | server | p50 ms | p95 ms | p99 ms | max ms | edits/s | delivered | server CPU | server peak RSS MiB | client ELU (max) |", "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"];
  for (const scenario of results.hotRoom) {
    for (const [kind, r] of Object.entries(scenario.byServer) as Array<[ServerKind, LoadResult | string]>) {
      if (typeof r === "string") {
        rows.push(`| ${scenario.name} | ${SERVER_LABEL[kind]} | failed: ${r.replace(/\|/g, "/").slice(0, 120)} ||||||||`);
        continue;
      }
      const elu = Math.max(...r.clientElu);
      const delivered = r.expectedDeliveries ? (100 * r.delivered) / r.expectedDeliveries : NaN;
      rows.push(
        `| ${scenario.name} | ${SERVER_LABEL[kind]} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.editsPerSecond.toFixed(0)} | ${delivered.toFixed(2)} % | ${r.serverCpuPercent.toFixed(0)} % | ${mb(r.serverPeakRssBytes)} | ${(elu * 100).toFixed(0)} %${elu > SATURATED_ELU ? " **saturated**" : ""} |`,
      );
    }
  }
  return rows.join("\n");
}

export function durabilityTable(results: SyncResults): string {
  const kinds = Object.keys(results.durability[0]?.byServer ?? {}) as ServerKind[];
  const rows = [`| signal, right after the watcher received the last edit | ${kinds.map((k) => SERVER_LABEL[k]).join(" | ")} |`, `| --- | ${kinds.map(() => "---:").join(" | ")} |`];
  for (const round of results.durability) {
    const cells = kinds.map((k) => {
      const r = round.byServer[k];
      return r === undefined ? "—" : typeof r === "string" ? `failed: ${r.slice(0, 80)}` : `${r.found} / ${r.total}`;
    });
    rows.push(`| ${round.signal} | ${cells.join(" | ")} |`);
  }
  return rows.join("\n");
}

export function coldLoadTable(results: SyncResults): string {
  const rows = ["| server | edits (updates) | written in: raw / compacting | store size: raw / compacting | cold load, raw log | cold load, compacted (3 restarts) |", "| --- | ---: | --- | --- | ---: | --- |"];
  for (const [kind, r] of Object.entries(results.coldLoad) as Array<[ServerKind, ColdLoadResult | string]>) {
    if (typeof r === "string") rows.push(`| ${SERVER_LABEL[kind]} | failed: ${r.slice(0, 120)} |||||`);
    else rows.push(`| ${SERVER_LABEL[kind]} | ${r.edits} | ${r.writeSeconds.toFixed(1)} s / ${r.writeSecondsCompacting.toFixed(1)} s | ${mb(r.dbBytesRaw)} MiB / ${mb(r.dbBytesCompacted)} MiB | ${ms(r.rawLogMs)} ms | ${r.compactedMs.map((v) => ms(v)).join(", ")} ms |`);
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

/** Plain statements of every hot-room figure where Accord is behind the better peer (the targets are stricter still). */
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
      lines.push(`- ${scenario.name}, ${metric}: ${verdict} ${SERVER_LABEL[best[0]]}: ${ms(accord[metric])} ms vs ${ms(best[1][metric])} ms${target}.`);
    }
    const rss = Math.min(...peers.map((p) => p[1].serverPeakRssBytes));
    if (accord.serverPeakRssBytes > rss) lines.push(`- ${scenario.name}, peak RSS: Accord ${mb(accord.serverPeakRssBytes)} MiB vs ${mb(rss)} MiB for the leaner peer.`);
  }
  return lines.join("\n");
}
