import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { eventually } from "./eventually.js";

/**
 * A real `redis-server` (Debian's package) for the multi-process tests, on a free port, with no
 * persistence. Absent binary: `redisServerMissing()` says why, so that a suite can skip loudly.
 */
export interface TestRedis {
  /** `redis://:<password>@127.0.0.1:<port>` (with the password when one was asked for). */
  url: string;
  port: number;
  /** SIGKILLs the server (a crash: no goodbye to clients). */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was saved). */
  restart(): Promise<void>;
  /** Stops it for good and removes its folder. */
  stop(): Promise<void>;
}

export function redisServerMissing(): string | null {
  const found = spawnSync("redis-server", ["--version"], { encoding: "utf8" });
  return found.status === 0
    ? null
    : "redis-server is not installed (Debian: apt-get install -y redis-server; .ci/run installs it)";
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function answersPing(port: number, password: string | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.once("error", () => resolve(false));
    socket.on("data", (chunk) => {
      answer += chunk.toString();
      if (answer.includes("+PONG")) {
        socket.destroy();
        resolve(true);
      } else if (answer.includes("-")) {
        socket.destroy();
        resolve(false);
      }
    });
    // RESP arrays: a password may hold spaces.
    const auth = password ? `*2\r\n$4\r\nAUTH\r\n$${Buffer.byteLength(password)}\r\n${password}\r\n` : "";
    socket.once("connect", () => socket.write(`${auth}*1\r\n$4\r\nPING\r\n`));
  });
}

export async function startRedis({ password }: { password?: string } = {}): Promise<TestRedis> {
  const missing = redisServerMissing();
  if (missing) throw new Error(missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-redis-"));
  const port = await freePort();
  let child: ReturnType<typeof spawn> | null = null;
  const launch = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
    if (password) args.push("--requirepass", password);
    const started = spawn("redis-server", args, { stdio: "ignore" });
    child = started;
    await eventually(
      async () => {
        if (started.exitCode !== null) throw new Error(`redis-server exited with ${started.exitCode}`);
        return answersPing(port, password);
      },
      { timeoutMs: 10_000 },
    );
  };
  const killNow = async (signal: NodeJS.Signals) => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill(signal);
    });
  };
  await launch();
  return {
    url: `redis://${password ? `:${encodeURIComponent(password)}@` : ""}127.0.0.1:${port}`,
    port,
    kill: () => killNow("SIGKILL"),
    restart: launch,
    async stop() {
      await killNow("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
