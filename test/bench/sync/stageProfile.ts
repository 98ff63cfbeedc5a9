import fs from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";

/**
 * Where the server's main thread spends its CPU (issue 20), read from a V8 CPU profile of the
 * compiled server (`--cpu-prof`) and its source map: each sample is given to a stage by the
 * first frame of the project's own code found walking from the running function towards the
 * root (a frame of yjs, ws or SQLite counts for the project code that called it), by that
 * frame's source file and function name (STAGE_RULES). Only samples inside the measured window
 * count; idle samples count for nothing.
 *
 * A profile's timestamps are CLOCK_MONOTONIC microseconds on Linux, the clock of
 * process.hrtime.bigint(), so the bench's window selects the samples directly.
 */

export const STAGES = [
  "receipt",
  "check",
  "apply",
  "store",
  "relay",
  "sync answers",
  "awareness",
  "citations",
  "claims",
  "compaction",
  "activity and versions",
  "GC",
  "socket I/O (no project frame)",
  "other",
] as const;
export type Stage = (typeof STAGES)[number];

/** Stages that own everything below them in a stack: deferrable work, whatever store or yjs code it runs. */
const OWNERS: ReadonlySet<Stage> = new Set(["citations", "claims", "compaction", "activity and versions"]);

/** Project code that works for whoever calls it: its samples go to its caller's stage. */
const TRANSPARENT = /\/workers\/WorkerPool\.ts$|\/documents\/Debouncer\.ts$|\/cluster\/Leases\.ts$|\/logging?\//;

/** First match wins: [source file pattern, function name pattern or null for any, stage]. */
const STAGE_RULES: ReadonlyArray<[RegExp, RegExp | null, Stage]> = [
  [/collab\/Room\.ts$/, /^(relay|notifyRemoteChange)$/, "relay"],
  [/collab\/Room\.ts$/, /^(appendToStore|committed|writeFailed|flush)$/, "store"],
  [/collab\/Room\.ts$/, /^(keepEverythingAnswerCurrent|sharedAnswer|lacksMostOf|open)$/, "sync answers"],
  [/collab\/Room\.ts$/, /^(checkedUpdate|applyRemoteUpdate|guard)$/, "apply"],
  [/collab\/Room\.ts$/, /^(receive|receiveUpdate|addsNothingYet)$/, "receipt"],
  [/collab\/Room\.ts$/, /^notifyChanged$/, "citations"],
  [/collab\/(Outbox|TokenBucket)\.ts$|cluster\/(DocumentBus|DocumentChannel|busMessages)\.ts$/, null, "relay"],
  [/collab\/Connection\.ts$/, /^(send|syncAnswerWritten)$/, "relay"],
  [/collab\/Connection\.ts$/, /^(settle|stored|scheduleAck|awaitStore|wantAcks)$/, "store"],
  [/collab\/(Connection|CollabSocket|messages|httpUpgrade)\.ts$/, null, "receipt"],
  [/collab\/(UpdateChecker|updateCheck|updateStateVector|SuggestionGuard)\.ts$/, null, "check"],
  [/collab\/(GroupCommit|storedDocument)\.ts$|\/store\//, null, "store"],
  [/collab\/Presence\.ts$|awareness/i, null, "awareness"],
  [/collab\/Compactor\.ts$/, null, "compaction"],
  [/\/citations\//, null, "citations"],
  [/\/claims\//, null, "claims"],
  [/\/(activity|versions|notifications)\//, null, "activity and versions"],
];

export interface StageProfile {
  /** Microseconds of main-thread CPU per stage inside the window. */
  micros: Record<Stage, number>;
  /** Samples inside the window (idle ones out). */
  samples: number;
  /** The profile's sampling covered the window (false: the clocks did not line up; all samples were used). */
  windowed: boolean;
  /** What "other" and "socket I/O" are made of: the running function (source:name) of their samples, most µs first (at most 12). */
  unstaged: Array<{ frame: string; micros: number }>;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The main thread's profile among those `--cpu-prof` wrote into `dir` (thread id 0 in its name). */
export function mainThreadProfile(dir: string): string {
  const names = fs.readdirSync(dir).filter((name) => /\.0\.\d+\.cpuprofile$/.test(name));
  if (names.length !== 1) throw new Error(`expected one main-thread CPU profile in ${dir}, found ${names.join(", ")}`);
  return path.join(dir, names[0]!);
}

/** Reads `profilePath` and gives each sample inside [fromUs, toUs] (CLOCK_MONOTONIC µs) to its stage. */
export function stageProfile(profilePath: string, window: { fromUs: number; toUs: number }): StageProfile {
  const profile = JSON.parse(fs.readFileSync(profilePath, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const maps = new Map<string, SourceMap | null>();
  const stageOfNode = new Map<number, Stage | null>();

  /** The project frame each "other" sample stopped at, for `unstaged`. */
  const otherFrame = new Map<number, string>();
  const frameStage = (node: ProfileNode): Stage | null | "library" => {
    const { url, functionName, lineNumber, columnNumber } = node.callFrame;
    if (functionName === "(garbage collector)") return "GC";
    if (!url) return null;
    const source = originalSource(url, lineNumber, columnNumber, maps);
    // The project is TypeScript; a library's source map may name its own src/ (yjs does).
    if (source === null || source.includes("node_modules") || !source.endsWith(".ts") || TRANSPARENT.test(source))
      return "library";
    for (const [file, name, stage] of STAGE_RULES)
      if (file.test(source) && (name === null || name.test(functionName))) return stage;
    return source.includes("/src/") ? "other" : "library";
  };

  const stageOf = (id: number): Stage | null => {
    const known = stageOfNode.get(id);
    if (known !== undefined) return known;
    const leaf = nodes.get(id)!;
    if (leaf.callFrame.functionName === "(idle)") {
      stageOfNode.set(id, null);
      return null;
    }
    let stage: Stage = "other";
    let sawLibrary = false;
    let sawProject = false;
    let owner: Stage | null = null;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const found = frameStage(nodes.get(at)!);
      if (found === "library") sawLibrary = true;
      else if (found !== null && !sawProject) {
        stage = found;
        sawProject = true;
        if (found === "other") otherFrame.set(id, frameName(nodes.get(at)!.callFrame));
      }
      // Work done for a deferrable owner (a tracker's store reads, its body walks) is the owner's.
      if (found !== null && found !== "library" && OWNERS.has(found)) owner = found;
      if (parent.get(at) === undefined && sawLibrary && !sawProject) stage = "socket I/O (no project frame)";
    }
    if (owner !== null) stage = owner;
    stageOfNode.set(id, stage);
    return stage;
  };

  const micros = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
  const unstaged = new Map<string, number>();
  let time = profile.startTime;
  const windowed = profile.startTime <= window.fromUs && profile.endTime >= window.toUs;
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    time += delta;
    if (windowed && (time < window.fromUs || time > window.toUs)) continue;
    const stage = stageOf(profile.samples[i]!);
    if (stage === null) continue;
    // A sample stands for the time since the one before it.
    micros[stage] += delta;
    samples++;
    if (stage === "other" || stage === "socket I/O (no project frame)") {
      const frame = otherFrame.get(profile.samples[i]!) ?? frameName(nodes.get(profile.samples[i]!)!.callFrame);
      unstaged.set(frame, (unstaged.get(frame) ?? 0) + delta);
    }
  }
  function frameName(callFrame: ProfileNode["callFrame"]): string {
    const source = callFrame.url
      ? (originalSource(callFrame.url, callFrame.lineNumber, callFrame.columnNumber, maps) ?? callFrame.url)
      : "(native)";
    return `${source.replace(/^.*node_modules\//, "").replace(/^.*\/src\//, "src/")}:${callFrame.functionName || "(anonymous)"}`;
  }
  const top = [...unstaged].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return { micros, samples, windowed, unstaged: top.map(([frame, spent]) => ({ frame, micros: spent })) };
}

/** The original source of a compiled frame, through the file's source map (null when it has none). */
function originalSource(url: string, line: number, column: number, maps: Map<string, SourceMap | null>): string | null {
  const file = url.startsWith("file://") ? new URL(url).pathname : url;
  let map = maps.get(file);
  if (map === undefined) {
    map = null;
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
    } catch {
      // No map: a file of node itself, or a library's own file.
    }
    maps.set(file, map);
  }
  if (map === null) return file.includes("/server/dist/") ? file : null;
  const entry = map.findEntry(line, column) as { originalSource?: string };
  return entry.originalSource ?? null;
}
