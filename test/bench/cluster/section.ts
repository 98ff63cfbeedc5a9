import { SATURATED_ELU, type LoadResult } from "../sync/loadGen.js";
import { unsustainedBecause } from "../sync/capacity.js";
import { SUSTAINED_RULE } from "../sync/report.js";
import {
  HOT_EDITS_PER_SECOND,
  HOT_READERS,
  HOT_ROOM_SETUPS,
  HOT_WRITERS,
  ROOMS_SETUPS,
  type ClusterSetup,
} from "./scenarios.js";

/** The cluster part of RESULTS.md: tables of one run and whether issue 17's targets were met. */

/** A string is the first line of the error of a setup that failed; the other setups still ran. */
export type Outcome = LoadResult | string;

export interface ClusterResults {
  /** Every round of each setup, in order; the rounds run the setups interleaved (A, B, …, A, B, …). */
  hotRoom: Partial<Record<string, Outcome[]>>;
  rooms: Array<{ docs: number; bySetup: Partial<Record<string, Outcome>> }>;
}

/** Issue 17: cross-process p99 at most this many times the single process' p99. */
export const CROSS_PROCESS_P99_FACTOR = 1.5;

const ms = (v: number) => (Number.isNaN(v) ? "–" : v < 10 ? v.toFixed(2) : v.toFixed(0));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

function table(rows: Array<{ label: string; outcome: Outcome | undefined }>, sustained: boolean): string {
  const lines = [
    `| setup | p50 ms | p95 ms | p99 ms | max ms | warm-up p99 ms | edits/s | delivered | CPU of each process (event loop) | largest peak RSS MiB | client ELU (max) |${sustained ? " sustained |" : ""}`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |${sustained ? " --- |" : ""}`,
  ];
  for (const { label, outcome: r } of rows) {
    if (r === undefined) continue;
    if (typeof r === "string") {
      lines.push(`| ${label} | failed: ${r.replace(/\|/g, "/").slice(0, 120)} |||||||||${sustained ? "|" : ""}`);
      continue;
    }
    const delivered = r.expectedDeliveries ? (100 * r.delivered) / r.expectedDeliveries : NaN;
    const cpu = r.processCpuPercent
      .map((c, i) => `${c.toFixed(0)} % (${r.processMainThreadCpuPercent[i]!.toFixed(0)} %)`)
      .join(" + ");
    const elu = Math.max(...r.clientElu);
    // A process saturates at one core (Node runs JavaScript on one): each is held to the limit alone.
    const why = sustained ? unsustainedBecause({ ...r, serverCpuPercent: Math.max(...r.processCpuPercent) }) : null;
    lines.push(
      `| ${label} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${ms(r.warmupP99)} | ${r.editsPerSecond.toFixed(0)} | ${delivered.toFixed(2)} % | ${cpu} | ${mb(r.serverPeakRssBytes)} | ${(elu * 100).toFixed(0)} %${elu > SATURATED_ELU ? " **saturated**" : ""} |${sustained ? ` ${why === null ? "yes" : `no (${why})`} |` : ""}`,
    );
  }
  return lines.join("\n");
}

const rowsOf = (setups: ClusterSetup[], bySetup: Partial<Record<string, Outcome>>) =>
  setups.map((s) => ({ label: s.label, outcome: bySetup[s.id] }));

/** One row per round, the setups of a round together. */
function roundRows(results: ClusterResults): Array<{ label: string; outcome: Outcome | undefined }> {
  const rounds = Math.max(0, ...Object.values(results.hotRoom).map((r) => r?.length ?? 0));
  return Array.from({ length: rounds }, (_, round) =>
    HOT_ROOM_SETUPS.map((s) => ({
      label: `${rounds > 1 ? `round ${round + 1}: ` : ""}${s.label}`,
      outcome: results.hotRoom[s.id]?.[round],
    })),
  ).flat();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median p99 of a setup's rounds, or why there is none (a round failed, not run, nothing delivered). */
function p99Of(rounds: Outcome[] | undefined): number | string {
  if (rounds === undefined || rounds.length === 0) return "not run";
  const p99s: number[] = [];
  for (const outcome of rounds) {
    if (typeof outcome === "string") return "a round failed";
    if (outcome.delivered === 0 || Number.isNaN(outcome.p99)) return "nothing delivered";
    p99s.push(outcome.p99);
  }
  return median(p99s);
}

export function hotRoomVerdicts(results: ClusterResults): string[] {
  const across = p99Of(results.hotRoom["accord-2"]);
  const single = p99Of(results.hotRoom["accord-1"]);
  const hocuspocus = p99Of(results.hotRoom["hocuspocus-2"]);
  const complete = (results.hotRoom["accord-2"] ?? []).every(
    (r) => typeof r === "object" && r.delivered >= r.expectedDeliveries,
  );
  const verdict = (limit: number | string, what: string) => {
    if (typeof across === "string") return `not measured (two Accord processes: ${across})`;
    if (typeof limit === "string") return `not measured (${what}: ${limit})`;
    const met = across <= limit && complete;
    return `${met ? "met" : "NOT met"} (median p99 ${ms(across)} ms against ${ms(limit)} ms${complete ? "" : "; not every edit was delivered"})`;
  };
  return [
    `- p99 across processes ≤ ${CROSS_PROCESS_P99_FACTOR} × one process' p99 — ${verdict(typeof single === "number" ? single * CROSS_PROCESS_P99_FACTOR : single, "one process")}.`,
    `- p99 across processes ≤ Hocuspocus + Redis across processes — ${verdict(hocuspocus, "Hocuspocus + Redis")}.`,
  ];
}

export function clusterSection(results: ClusterResults, context: { date: string; header: string }): string {
  const rooms = results.rooms
    .map(
      (step) =>
        `${step.docs.toLocaleString("en-US")} documents × 3 clients × 2 edits/s:\n\n${table(rowsOf(ROOMS_SETUPS, step.bySetup), true)}`,
    )
    .join("\n\n");
  return `## Several processes (Redis)

Reproduce: \`npm run bench -- --only=cluster\` (the first run installs the peers, with
\`@hocuspocus/extension-redis\`, into \`test/bench/peers/node_modules\`; it needs Debian's
\`redis-server\`). Smaller: \`--rooms=200 --rounds=1 --duration=4000 --warmup=1000\` (RESULTS.md is then
not written); some setups only: \`--setups=accord-1,accord-2\` (the ids in \`cluster/scenarios.ts\`).

${context.header}
- every setup starts fresh: its own \`redis-server\` (Debian's, on a free port, \`requirepass\` set,
  no persistence) and its own processes, the second started on the first one's data directory:
  Accord processes on one SQLite file with \`REDIS_URL\` (as \`npm start\` runs them); Hocuspocus
  processes on one \`@hocuspocus/extension-sqlite\` file with \`@hocuspocus/extension-redis\`.
- load: the sync bench's (\`sync/loadGen.ts\`, two forked load processes), each client connected to
  the process the scenario names; latency = send → applied by a receiving client, on one monotonic clock.
- CPU of each process = (utime + stime) over the measured edits and the drain, % of one core, in
  the order the processes were started (in brackets: its main thread, the event loop). On this
  machine the load processes, every server process and Redis share the same cores: two server
  processes do not get a core each.

### Hot room across processes

_Measured ${context.date}._

One document: ${HOT_WRITERS} writers × ${HOT_EDITS_PER_SECOND} edits/s (they send and read frames
without applying them) and ${HOT_READERS} readers applying every edit. Two processes: writers on
process A, readers on process B, so every measured delivery crosses Redis. One process: the
same clients on it. The setups run in rounds, one after another within a round, so that a
neighbour's load on this shared machine falls on all of them rather than on one.

${table(roundRows(results), false)}

Median p99 of the rounds: ${HOT_ROOM_SETUPS.filter((s) => results.hotRoom[s.id] !== undefined)
    .map((s) => {
      const p99 = p99Of(results.hotRoom[s.id]);
      return `${s.label} ${typeof p99 === "number" ? `${ms(p99)} ms` : p99}`;
    })
    .join("; ")}.

Target (issue 17), on the median p99 of the rounds:
${hotRoomVerdicts(results).join("\n")}

### Many rooms, two processes against one

_Measured ${context.date}._

Every document has 3 clients, each editing 2 times a second and applying what the other two
send. Two processes: each document's clients split two and one between them (alternating), so
every room is open on both and two of every three deliveries cross Redis.
${SUSTAINED_RULE} (for two processes the CPU limit applies to each).

${rooms}`;
}
