import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { addMember, ApiClient, buildBrief, buildRecommendation, buildSector, buildUser } from "../../helpers/api.js";
import { transformSync } from "esbuild";
import { spawnServer, type ServerScript, type SpawnedServer } from "../../helpers/spawnServer.js";
import type { Dialect, Endpoint } from "./yclient.js";

/**
 * The three servers the bench compares, each started fresh in its own process on a fresh data
 * directory, on 127.0.0.1 only, each as plain JavaScript: Accord as `npm start` starts it
 * (spawnServer; server/dist, which run.ts builds first), the peers' TypeScript launch scripts
 * compiled beside themselves (peerProgram) rather than run through tsx, whose loader would
 * count in their memory and CPU. Accord's
 * documents are real recommendations created through the REST API by a signed-up user.
 */

export type ServerKind = "accord" | "yws" | "hocuspocus" | "relay";
export const SERVER_KINDS: ServerKind[] = ["accord", "yws", "hocuspocus"];
/**
 * The edit loads also run against `relay` (relayServer.ts), which forwards update frames and does
 * nothing else: the floor this machine and these load processes allow any server.
 */
export const LOAD_KINDS: ServerKind[] = [...SERVER_KINDS, "relay"];

const ROOT = path.resolve(import.meta.dirname, "../../..");
const PEERS = path.resolve(import.meta.dirname, "../peers");
/** Recommendations created at once through Accord's REST API by createDocs. */
const CREATE_CONCURRENCY = 8;

export interface ProcSample {
  /** utime + stime, seconds. */
  cpuSeconds: number;
  /** The same for the main thread alone (the event loop; the rest is worker and I/O threads). */
  mainThreadCpuSeconds: number;
  /** VmHWM: peak resident set, bytes. */
  peakRssBytes: number;
  /** VmRSS now, bytes. */
  rssBytes: number;
  /** CPU seconds by thread name (the main thread is "main"), for the threads alive now. */
  threads: Record<string, number>;
}

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;

/** Reads a process' CPU time and memory from /proc (Linux only). */
export function sampleProc(pid: number): ProcSample {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name may contain spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime (fields 14, 15)
  const mainStat = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8");
  const mainFields = mainStat.slice(mainStat.lastIndexOf(")") + 2).split(" ");
  const mainThreadCpuSeconds = (Number(mainFields[11]) + Number(mainFields[12])) / CLOCK_TICKS;
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  const threads: Record<string, number> = {};
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    let taskStat: string;
    try {
      taskStat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    } catch {
      continue; // the thread exited meanwhile
    }
    const name =
      Number(tid) === pid ? "main" : `${taskStat.slice(taskStat.indexOf("(") + 1, taskStat.lastIndexOf(")"))}:${tid}`;
    const taskFields = taskStat.slice(taskStat.lastIndexOf(")") + 2).split(" ");
    threads[name] = (threads[name] ?? 0) + (Number(taskFields[11]) + Number(taskFields[12])) / CLOCK_TICKS;
  }
  return { cpuSeconds, mainThreadCpuSeconds, peakRssBytes: kb("VmHWM"), rssBytes: kb("VmRSS"), threads };
}

/** Which client of a document an endpoint is for (the cluster bench sends writers and readers to different processes). */
export interface ClientRole {
  /** The client's place among its document's clients, from 0. */
  index: number;
  editing: boolean;
  applying: boolean;
}

export interface BenchServer {
  kind: ServerKind;
  pid(): number;
  /** Every process serving the load (one, except for a cluster): runLoad reads the CPU of each. */
  pids?(): number[];
  /** `http://127.0.0.1:<port>` of the (first) process. */
  url(): string;
  /** The endpoint of `docName` for one client; a single server ignores `client`. */
  endpoint(docName: string, client?: ClientRole): Endpoint;
  /** Names of `count` documents a client may open (created through the API for Accord). */
  createDocs(count: number): Promise<string[]>;
  /** Accord: a new member of the documents' brief with this role (after createDocs). */
  addMember?(role: "editor" | "reviewer", name: string): Promise<{ userId: string; cookie: string }>;
  /** Stops the process with `signal` and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same data directory (after stop or a kill); Accord may get other settings. */
  restart(env?: Record<string, string>): Promise<void>;
  /** Removes the data directory (after stop). */
  cleanup(): void;
  dataDir: string;
}

/**
 * `script`: how Accord starts, `start` (compiled, the default) or `serve` (from TypeScript source
 * through tsx, for the idle-memory comparison). The peers ignore it. `dataDir`: an existing data
 * directory another process of the same kind already serves (the cluster bench), instead of a
 * fresh one. `env` goes to the server process (the peers' scripts read their own variables).
 */
export async function startBenchServer(
  kind: ServerKind,
  env: Record<string, string> = {},
  {
    script = "start" as ServerScript,
    dataDir,
    nodeArgs = [],
  }: { script?: ServerScript; dataDir?: string; nodeArgs?: string[] } = {},
): Promise<BenchServer> {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `accord-bench-${kind}-`));
  return kind === "accord" ? startAccord(dir, env, script, nodeArgs) : startPeer(kind, dir, env);
}

async function startAccord(
  dataDir: string,
  env: Record<string, string>,
  script: ServerScript,
  nodeArgs: string[],
): Promise<BenchServer> {
  let fullEnv = { DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env };
  // LOG_LEVEL=warn would hide the "listening" line spawnServer waits for: it is logged at info.
  let server: SpawnedServer = await spawnServer({ ...fullEnv, LOG_LEVEL: "info" }, { script, nodeArgs });
  let api: ApiClient | null = null;
  let brief: { briefId: string; sectorId: string } | null = null;
  return {
    kind: "accord",
    dataDir,
    pid: () => server.child.pid!,
    url: () => server.url,
    endpoint: (docName) => ({
      dialect: "yws" as Dialect,
      url: `${server.url.replace(/^http/, "ws")}/collab/${encodeURIComponent(docName)}`,
      docName,
      cookie: api?.cookie ?? null,
    }),
    async createDocs(count) {
      if (!api) {
        api = await buildUser(server.url, "Bench Lead");
        const b = await buildBrief(api, "Benchmark brief");
        const s = await buildSector(api, b.id, "Load");
        brief = { briefId: b.id, sectorId: s.id };
      }
      // Setup, not measured: a few requests in flight at once, so that the 5,000 documents of
      // the idle scenario take seconds rather than minutes; the order of `ids` stays the order asked.
      const ids: string[] = new Array(count);
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < count; i = next++)
          ids[i] = (await buildRecommendation(api!, brief!.briefId, brief!.sectorId, `Recommendation ${i + 1}`)).id;
      };
      await Promise.all(Array.from({ length: Math.min(CREATE_CONCURRENCY, count) }, worker));
      return ids;
    },
    async addMember(role, name) {
      if (!api || !brief) throw new Error("addMember: create the documents first");
      const member = await buildUser(server.url, name);
      await addMember(api, member, brief.briefId, role);
      return { userId: member.user!.id as string, cookie: member.cookie! };
    },
    async stop(signal = "SIGTERM") {
      await server.stop(signal);
    },
    async restart(env) {
      if (env) fullEnv = { DATA_DIR: dataDir, LOG_LEVEL: "warn", ...env };
      server = await spawnServer({ ...fullEnv, LOG_LEVEL: "info" }, { script, nodeArgs });
      if (api) api = Object.assign(new ApiClient(server.url), { cookie: api.cookie, user: api.user });
    },
    cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

interface PeerProcess {
  pid: number;
  url: string;
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

type PeerKind = Exclude<ServerKind, "accord">;

const PEER_SCRIPTS: Record<PeerKind, string> = {
  yws: path.join(PEERS, "ywsServer.ts"),
  hocuspocus: path.join(PEERS, "hocuspocusServer.ts"),
  relay: path.join(import.meta.dirname, "relayServer.ts"),
};

/**
 * A peer's launch script as JavaScript: its TypeScript stripped by esbuild (nothing bundled, so
 * it imports what it always did) into dist/ beside it, where its imports resolve as before.
 */
function peerProgram(kind: PeerKind): string {
  const script = PEER_SCRIPTS[kind];
  const program = path.join(path.dirname(script), "dist", `${path.basename(script, ".ts")}.mjs`);
  const { code } = transformSync(fs.readFileSync(script, "utf8"), {
    loader: "ts",
    format: "esm",
    platform: "node",
    target: "node20",
    sourcefile: script,
  });
  fs.mkdirSync(path.dirname(program), { recursive: true });
  fs.writeFileSync(program, code);
  return program;
}

function spawnPeer(kind: PeerKind, dataDir: string, extraEnv: Record<string, string>): Promise<PeerProcess> {
  const script = peerProgram(kind);
  const ownEnv = {
    yws: { YPERSISTENCE: path.join(dataDir, "leveldb") },
    hocuspocus: { HOCUSPOCUS_DB: path.join(dataDir, "hocuspocus.sqlite") },
    relay: {},
  }[kind];
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, ...ownEnv, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${kind} did not start:\n${output}`));
    }, 30_000);
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((l) => l.startsWith('{"msg":"listening"'));
      if (!line) return;
      clearTimeout(timer);
      output = "";
      const { url } = JSON.parse(line) as { url: string };
      resolve({ pid: child.pid!, url, exited, kill: (signal) => child.kill(signal) });
    });
    void exited.then(() => reject(new Error(`${kind} exited before listening:\n${output}`)));
  });
}

async function startPeer(kind: PeerKind, dataDir: string, env: Record<string, string>): Promise<BenchServer> {
  let proc = await spawnPeer(kind, dataDir, env);
  let docCounter = 0;
  return {
    kind,
    dataDir,
    pid: () => proc.pid,
    url: () => proc.url,
    endpoint: (docName) =>
      kind !== "hocuspocus"
        ? { dialect: "yws", url: `${proc.url.replace(/^http/, "ws")}/${encodeURIComponent(docName)}`, docName }
        : { dialect: "hocuspocus", url: proc.url.replace(/^http/, "ws"), docName },
    async createDocs(count) {
      return Array.from({ length: count }, () => `doc-${++docCounter}`);
    },
    async stop(signal = "SIGTERM") {
      proc.kill(signal);
      await proc.exited;
    },
    async restart() {
      proc = await spawnPeer(kind, dataDir, env);
    },
    cleanup: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}
