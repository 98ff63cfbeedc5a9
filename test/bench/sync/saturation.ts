import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { manyRooms } from "./capacity.js";
import type { LoadResult } from "./loadGen.js";
import type { ServerKind } from "./servers.js";
import { mainThreadProfile, STAGES, type Stage, stageProfile } from "./stageProfile.js";

/**
 * Issue 20: past the knee. At `docs` documents × 3 editors × 2 edits/s, Accord and y-websocket run
 * one after the other in `pairs` alternating pairs (Accord first in even pairs, y-websocket
 * first in odd ones, so neither always meets a machine its twin just heated), each on a fresh
 * process; then one more Accord run under V8's CPU profiler, whose main-thread samples in the
 * measured time are given to stages (stageProfile.ts). CPU µs per update is the server's CPU
 * time (all threads, /proc) over the updates sent in the measured time: a figure far steadier on
 * a shared machine than a p99.
 */
export interface SaturationOptions {
  docs: number;
  pairs: number;
  warmupMs: number;
  durationMs: number;
}

export interface SaturationRun {
  kind: ServerKind;
  result: LoadResult | { error: string };
}

export interface SaturationResult {
  options: SaturationOptions;
  pairs: Array<[SaturationRun, SaturationRun]>;
  /** Accord's main thread per stage, µs per update sent, from the profiled run (null: it failed). */
  stages: {
    perUpdate: Record<Stage, number>;
    updates: number;
    samples: number;
    windowed: boolean;
    p99: number;
    /** The running functions of "other" and "socket I/O", µs per update. */
    unstaged: Array<{ frame: string; perUpdate: number }>;
  } | null;
  stagesError?: string;
}

export async function saturation(
  options: SaturationOptions,
  attempt: (run: () => Promise<LoadResult>) => Promise<LoadResult | { error: string }>,
): Promise<SaturationResult> {
  const load = { docs: options.docs, warmupMs: options.warmupMs, durationMs: options.durationMs, processes: 2 };
  const pairs: SaturationResult["pairs"] = [];
  for (let pair = 0; pair < options.pairs; pair++) {
    const order: ServerKind[] = pair % 2 === 0 ? ["accord", "yws"] : ["yws", "accord"];
    const runs: SaturationRun[] = [];
    for (const kind of order) {
      console.log(`saturation, pair ${pair + 1} of ${options.pairs}, ${options.docs} documents: ${kind}…`);
      runs.push({ kind, result: await attempt(() => manyRooms(kind, load)) });
    }
    const accord = runs.find((run) => run.kind === "accord")!;
    const yws = runs.find((run) => run.kind === "yws")!;
    pairs.push([accord, yws]);
  }

  console.log(`saturation, ${options.docs} documents: accord under the CPU profiler…`);
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-stages-"));
  try {
    const profiled = await manyRooms("accord", load, [
      "--cpu-prof",
      `--cpu-prof-dir=${profileDir}`,
      "--cpu-prof-interval=200",
    ]);
    const read = stageProfile(mainThreadProfile(profileDir), profiled.window);
    const updates = Math.max(1, profiled.sent);
    const perUpdate = Object.fromEntries(STAGES.map((stage) => [stage, read.micros[stage] / updates])) as Record<
      Stage,
      number
    >;
    return {
      options,
      pairs,
      stages: {
        perUpdate,
        updates: profiled.sent,
        samples: read.samples,
        windowed: read.windowed,
        p99: profiled.p99,
        unstaged: read.unstaged.map(({ frame, micros }) => ({ frame, perUpdate: micros / updates })),
      },
    };
  } catch (error) {
    return { options, pairs, stages: null, stagesError: error instanceof Error ? error.message : String(error) };
  } finally {
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
}

/** The section of RESULTS.md. */
export function saturationReport(result: SaturationResult, machine: string): string {
  const { options } = result;
  const cell = (run: SaturationRun, pick: (r: LoadResult) => string) =>
    "error" in run.result ? `failed: ${run.result.error.slice(0, 60)}` : pick(run.result);
  const rows = result.pairs.map(
    ([accord, yws], i) =>
      `| ${i + 1} | ${i % 2 === 0 ? "Accord, yws" : "yws, Accord"} | ${cell(accord, (r) => r.p99.toFixed(0))} | ${cell(yws, (r) => r.p99.toFixed(0))} | ${cell(accord, (r) => r.serverCpuMicrosPerUpdate.toFixed(0))} | ${cell(yws, (r) => r.serverCpuMicrosPerUpdate.toFixed(0))} | ${cell(accord, (r) => r.serverMainThreadMicrosPerUpdate.toFixed(0))} | ${cell(yws, (r) => r.serverMainThreadMicrosPerUpdate.toFixed(0))} | ${cell(accord, (r) => r.serverCpuPercent.toFixed(0))} | ${cell(yws, (r) => r.serverCpuPercent.toFixed(0))} | ${cell(accord, (r) => `${r.delivered}/${r.expectedDeliveries}`)} |`,
  );
  const ok = (run: SaturationRun): LoadResult | null => ("error" in run.result ? null : run.result);
  const won = result.pairs.filter(([a, y]) => {
    const [accord, yws] = [ok(a), ok(y)];
    return accord !== null && yws !== null && accord.p99 <= yws.p99;
  }).length;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  const cpuOf = (kind: "accord" | "yws") =>
    median(
      result.pairs
        .map(([a, y]) => ok(kind === "accord" ? a : y))
        .filter((r): r is LoadResult => r !== null)
        .map((r) => r.serverCpuMicrosPerUpdate),
    );
  const stages =
    result.stages === null
      ? `The profiled run failed: ${result.stagesError ?? "unknown"}.`
      : [
          `Accord's main thread per stage, from one more run under V8's CPU profiler (sampling every 200 µs; ${result.stages.samples.toLocaleString("en")} busy samples${result.stages.windowed ? " in the measured time" : ", the whole run: the profile did not cover the window"}; ${result.stages.updates.toLocaleString("en")} updates; its p99 ${result.stages.p99.toFixed(0)} ms, the profiler's own cost included):`,
          "",
          "| stage | µs per update |",
          "| --- | ---: |",
          ...STAGES.map((stage) => `| ${stage} | ${result.stages!.perUpdate[stage].toFixed(1)} |`),
          `| **main thread, all stages** | **${Object.values(result.stages.perUpdate)
            .reduce((a, b) => a + b, 0)
            .toFixed(1)}** |`,
          "",
          `Where "other" and "socket I/O" go, by the function running (µs per update): ${result.stages.unstaged
            .map(({ frame, perUpdate }) => `\`${frame}\` ${perUpdate.toFixed(1)}`)
            .join(", ")}.`,
        ].join("\n");
  return `## Saturation: Accord against y-websocket past the knee (issue 20)

Reproduce: \`npm run bench -- --only=saturation\`

- machine: ${machine}; load average at the end ${os.loadavg()[0]!.toFixed(1)}
- ${options.docs.toLocaleString("en")} documents × 3 editors × 2 edits/s, every client applying what it receives, two load processes; ${options.warmupMs / 1000} s of edits unmeasured, then ${options.durationMs / 1000} s measured; each run on a fresh server process
- CPU µs per update: the server's CPU time (every thread, from /proc) over the measured time, divided by the updates sent in it (each relayed to the two other editors); the main thread's (the event loop's) beside it

| pair | order | Accord p99 ms | yws p99 ms | Accord CPU µs/update | yws CPU µs/update | Accord main thread µs/update | yws main thread µs/update | Accord CPU % | yws CPU % | Accord delivered |
| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${rows.join("\n")}

Aims (issue 20): Accord's CPU µs per update ≤ y-websocket's — ${cpuOf("accord") <= cpuOf("yws") ? "met" : "NOT met"} (medians ${cpuOf("accord").toFixed(0)} against ${cpuOf("yws").toFixed(0)}); Accord's p99 ≤ y-websocket's in at least 4 of ${result.pairs.length} pairs — ${won >= 4 ? "met" : "NOT met"} (${won} of ${result.pairs.length}).

${stages}`;
}
