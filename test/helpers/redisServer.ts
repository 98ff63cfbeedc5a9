import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { eventually } from "./eventually.js";

/**
 * A real `redis-server` (Debian's package) for the multi-process tests, on a free port, with no
 * persistence. Absent binary: `redisServerMissing()` says why, so that a suite can skip loudly.
 */
export interface TestRedis {
  /** `redis://:<password>@127.0.0.1:<port>` (with the password when one was asked for; `rediss://` with TLS). */
  url: string;
  /** With TLS: the PEM file of the test CA that signed the server's certificate. */
  caFile: string | null;
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

/** Why TLS cannot be tested here (no openssl to make a test CA), or null. */
export function opensslMissing(): string | null {
  return spawnSync("openssl", ["version"], { encoding: "utf8" }).status === 0
    ? null
    : "openssl is not installed (Debian: apt-get install -y openssl; .ci/run installs it)";
}

/** A test CA and a certificate for 127.0.0.1 signed by it, made with openssl in `dir`. */
function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const file = (name: string) => path.join(dir, name);
  const run = (...args: string[]) => {
    const done = spawnSync("openssl", args, { encoding: "utf8" });
    if (done.status !== 0) throw new Error(`openssl ${args[0]} failed: ${done.stderr}`);
  };
  run(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=Accord test CA",
    "-keyout",
    file("ca.key"),
    "-out",
    file("ca.pem"),
  );
  run(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=127.0.0.1",
    "-keyout",
    file("redis.key"),
    "-out",
    file("redis.csr"),
  );
  fs.writeFileSync(file("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  run(
    "x509",
    "-req",
    "-in",
    file("redis.csr"),
    "-CA",
    file("ca.pem"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    file("ext.cnf"),
    "-out",
    file("redis.pem"),
  );
  return { ca: file("ca.pem"), cert: file("redis.pem"), key: file("redis.key") };
}

function answersPing(port: number, password: string | undefined, ca: string | null): Promise<boolean> {
  return new Promise((resolve) => {
    const socket =
      ca === null
        ? net.connect(port, "127.0.0.1")
        : tls.connect({ port, host: "127.0.0.1", ca: fs.readFileSync(ca), servername: "localhost" });
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
    socket.once(ca === null ? "connect" : "secureConnect", () => socket.write(`${auth}*1\r\n$4\r\nPING\r\n`));
  });
}

/** `tls`: the server speaks only TLS (`--tls-port`), with a certificate of a test CA (`caFile`). */
export async function startRedis({
  password,
  tls = false,
}: {
  password?: string;
  tls?: boolean;
} = {}): Promise<TestRedis> {
  const missing = redisServerMissing() ?? (tls ? opensslMissing() : null);
  if (missing) throw new Error(missing);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-redis-"));
  const port = await freePort();
  const certificates = tls ? makeCertificates(dir) : null;
  let child: ReturnType<typeof spawn> | null = null;
  const launch = async () => {
    const args = certificates
      ? [
          "--port",
          "0",
          "--tls-port",
          String(port),
          "--tls-cert-file",
          certificates.cert,
          "--tls-key-file",
          certificates.key,
        ]
      : ["--port", String(port)];
    if (certificates) args.push("--tls-ca-cert-file", certificates.ca, "--tls-auth-clients", "no");
    args.push("--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir);
    if (password) args.push("--requirepass", password);
    const started = spawn("redis-server", args, { stdio: "ignore" });
    child = started;
    await eventually(
      async () => {
        if (started.exitCode !== null) throw new Error(`redis-server exited with ${started.exitCode}`);
        return answersPing(port, password, certificates?.ca ?? null);
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
    url: `${certificates ? "rediss" : "redis"}://${password ? `:${encodeURIComponent(password)}@` : ""}127.0.0.1:${port}`,
    caFile: certificates?.ca ?? null,
    port,
    kill: () => killNow("SIGKILL"),
    restart: launch,
    async stop() {
      await killNow("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
