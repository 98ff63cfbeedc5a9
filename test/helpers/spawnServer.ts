import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * How the server is started: `serve` from TypeScript source through tsx (what the tests run
 * unless they say otherwise), `start` the compiled server/dist (`npm run build` first).
 */
export type ServerScript = "serve" | "start";

/** The arguments `npm run <script>` gives node, read from package.json so that the two never differ. */
function scriptArgs(script: ServerScript): string[] {
  const line: unknown = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts?.[script];
  const [command, ...args] = typeof line === "string" ? line.trim().split(/\s+/) : [];
  if (command !== "node" || args.length === 0)
    throw new Error(`package.json's ${script} script is not "node …": ${String(line)}`);
  return args;
}

export interface SpawnedServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the server exactly as `npm run serve` (or `script`) does, as a child process, on port 0
 * (`nodeArgs`: node's own flags before the script's, e.g. the bench's `--cpu-prof`).
 * Resolves once it logged "listening" (with the port it got).
 */
export function spawnServer(
  env: Record<string, string>,
  { timeoutMs = 30_000, script = "serve" as ServerScript, nodeArgs = [] as string[] } = {},
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [...nodeArgs, ...scriptArgs(script)], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", CLIENT_DIST: "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split("\n")) {
        if (!line.startsWith("{")) continue;
        let record: { msg?: string; port?: number; url?: string };
        try {
          record = JSON.parse(line);
        } catch {
          continue;
        }
        if (record.msg === "listening" && record.port && record.url) {
          clearTimeout(timer);
          child.stdout?.off("data", onData);
          child.stdout?.on("data", (more: Buffer) => (output += more.toString()));
          resolve({
            url: record.url,
            port: record.port,
            child,
            output: () => output,
            stop: (signal = "SIGTERM") => {
              if (child.exitCode === null && child.signalCode === null) child.kill(signal);
              return exited;
            },
          });
          return;
        }
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${output}`));
    });
  });
}
