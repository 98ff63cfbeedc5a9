import { skippedUnless } from "../helpers/skipped.js";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { freePort, redisServerMissing, startRedis, type TestRedis } from "../helpers/redisServer.js";
import { spawnServer, type SpawnedServer } from "../helpers/spawnServer.js";
import { openSyncedDocument } from "../helpers/syncedDocument.js";

/**
 * deploy/Caddyfile run by a real Caddy in front of two real Accord processes, as
 * docker-compose.yml arranges them (one data directory here instead of MongoDB, Redis between
 * them). Only the two addresses change: the site's `:3000` becomes a free local port and
 * `app1:3000 app2:3000` the two processes; every other line runs as written.
 */

const CADDYFILE = path.resolve(import.meta.dirname, "../../deploy/Caddyfile");
/** Failed logins per address and account: small, so that the limit is reached in a few requests. */
const LOGIN_LIMIT = 3;
const missing =
  spawnSync("caddy", ["version"]).status !== 0
    ? "caddy is not installed (Debian: apt-get install -y caddy)"
    : redisServerMissing();
if (missing) console.warn(`SKIPPED deploy/Caddyfile in front of Accord (test/deploy/proxy.test.ts): ${missing}`);

describe.skipIf(missing !== null)(skippedUnless("deploy/Caddyfile in front of two Accord processes", missing), () => {
  let redis: TestRedis;
  let dataDir: string;
  let caddyHome: string;
  const accord: SpawnedServer[] = [];
  let caddy: ChildProcess;
  let proxyUrl: string;
  let caddyLog = "";
  const cleanups: Array<() => void> = [];

  beforeAll(async () => {
    redis = await startRedis({ password: "proxy-test" });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-proxy-"));
    caddyHome = fs.mkdtempSync(path.join(os.tmpdir(), "accord-caddy-"));
    const port = await freePort();
    proxyUrl = `http://127.0.0.1:${port}`;
    // Like compose: both processes know their public address is the proxy's and trust it.
    const env = {
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
      PUBLIC_URL: proxyUrl,
      TRUST_PROXY: "true",
      LOGIN_RATE_LIMIT: String(LOGIN_LIMIT),
    };
    // One after the other: the first creates the store's schema.
    accord.push(await spawnServer(env));
    accord.push(await spawnServer(env));
    const original = fs.readFileSync(CADDYFILE, "utf8");
    const local = original
      .replace(/^http:\/\/:3000 \{$/m, `http://127.0.0.1:${port} {`)
      .replace(
        "reverse_proxy app1:3000 app2:3000 {",
        `reverse_proxy ${accord.map((a) => `127.0.0.1:${a.port}`).join(" ")} {`,
      );
    expect(local.match(/127\.0\.0\.1:\d+/g)).toHaveLength(3);
    const caddyfile = path.join(caddyHome, "Caddyfile");
    fs.writeFileSync(caddyfile, local);
    caddy = spawn("caddy", ["run", "--config", caddyfile, "--adapter", "caddyfile"], {
      env: { ...process.env, HOME: caddyHome, XDG_DATA_HOME: caddyHome, XDG_CONFIG_HOME: caddyHome },
      stdio: ["ignore", "ignore", "pipe"],
    });
    caddy.stderr!.on("data", (chunk: Buffer) => (caddyLog += chunk.toString()));
    await eventually(
      async () => {
        const response = await fetch(`${proxyUrl}/api/health`);
        if (!response.ok) throw new Error(`the proxy answered ${response.status}; Caddy's log:\n${caddyLog}`);
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
  });

  afterAll(async () => {
    for (const cleanup of cleanups) cleanup();
    if (caddy && caddy.exitCode === null) {
      const exited = new Promise((resolve) => caddy.once("exit", resolve));
      caddy.kill("SIGTERM");
      await exited;
    }
    await Promise.all(accord.map((a) => a.stop("SIGTERM")));
    await redis?.stop();
    for (const dir of [dataDir, caddyHome]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("answers the API and upgrades the document socket through the proxy", async () => {
    const lead = await buildUser(proxyUrl, "Proxy Lead");
    const brief = await buildBrief(lead);
    const sector = await buildSector(lead, brief.id);
    const recommendation = await buildRecommendation(lead, brief.id, sector.id, "Through the proxy");
    const health = await fetch(`${proxyUrl}/api/health`);
    expect(await health.json()).toEqual({ ok: true, store: "sqlite" });
    const synced = await openSyncedDocument(proxyUrl, lead.cookie, recommendation.id, (c) => cleanups.push(c), {
      timeoutMs: 10_000,
    });
    expect(synced.provider.wsconnected).toBe(true);
  });

  it("gives the login limit the client's own address: an X-Forwarded-For sent through the proxy changes nothing", async () => {
    const owner = await buildUser(proxyUrl, "Limit Owner");
    const attempt = (forwardedFor: string) =>
      fetch(`${proxyUrl}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
        body: JSON.stringify({ email: owner.user!.email, password: "not the password" }),
      });
    // Each attempt claims another address; Caddy replaces the header with the one it sees, and
    // both processes count in Redis, wherever least_conn sends the attempt.
    for (let i = 1; i <= LOGIN_LIMIT; i++) expect((await attempt(`203.0.113.${i}`)).status).toBe(401);
    expect((await attempt("198.51.100.7")).status).toBe(429);
  });

  it("keeps answering when one process stops: new requests go to the other", async () => {
    await accord[0]!.stop("SIGTERM");
    for (let i = 0; i < 10; i++) {
      const response = await fetch(`${proxyUrl}/api/health`);
      expect(response.status).toBe(200);
    }
  });
});
