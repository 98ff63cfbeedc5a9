import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { connectRedis } from "../../server/src/cluster/redis.js";
import { parseConfig } from "../../server/src/config.js";
import { createLogger } from "../../server/src/logger.js";
import { eventually } from "../helpers/eventually.js";
import { freePort, redisServerMissing } from "../helpers/redisServer.js";

/**
 * docker-compose.yml and deploy/Caddyfile without Docker: the compose file is parsed as Compose
 * reads it (YAML merge keys, `${VAR:-default}` interpolation with `$$` for a literal `$`), and
 * each Accord replica's environment must be a valid Accord configuration in multi-process mode.
 * The Caddyfile is adapted by a real Caddy (Debian's `caddy`) when one is installed; the proxy
 * running in front of real processes is deploy/proxy.test.ts.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const COMPOSE = path.join(ROOT, "docker-compose.yml");
const CADDYFILE = path.join(ROOT, "deploy/Caddyfile");
const REPLICAS = ["app1", "app2"];
const redisCli = spawnSync("sh", ["-c", "command -v redis-cli"], { encoding: "utf8" }).stdout.trim();

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
}

/** Compose's interpolation: `${VAR}`, `${VAR:-default}` (default when unset or empty), `$$` → `$`. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{(\w+)(?::-([^}]*))?\}/g, (match, name?: string, fallback?: string) => {
    if (match === "$$") return "$";
    const value = env[name!];
    if (value !== undefined && value !== "") return value;
    if (fallback !== undefined) return fallback;
    throw new Error(`docker-compose.yml uses \${${name}} without a default`);
  });
}

function services(env: Record<string, string> = {}): Record<string, Service> {
  const document = parse(interpolate(fs.readFileSync(COMPOSE, "utf8"), env), { merge: true }) as {
    services: Record<string, Service>;
  };
  return document.services;
}

/** The password redis-server is started with, read from its command and environment as its shell would. */
function redisPassword(redis: Service): string {
  // The image's entrypoint drops root only for a command that starts with redis-server.
  expect(redis.command!.slice(0, 2)).toEqual(["sh", "-c"]);
  expect(redis.command![2]).toMatch(/^exec docker-entrypoint\.sh redis-server --requirepass "\$REDIS_PASSWORD" /);
  return redis.environment!.REDIS_PASSWORD!;
}

describe("docker-compose.yml", () => {
  it("runs MongoDB, Redis, two Accord replicas of one image and a proxy", () => {
    const all = services();
    expect(Object.keys(all).sort()).toEqual(["app1", "app2", "mongo", "proxy", "redis"]);
    expect(all.mongo!.command).toEqual(["--replSet", "rs0", "--bind_ip_all"]);
    for (const name of REPLICAS) expect(all[name]!.build).toBe(".");
    expect(all.app1).toEqual(all.app2);
  });

  it("gives Redis a password, and both replicas a REDIS_URL with it, by default and when REDIS_PASSWORD is set", () => {
    for (const env of [{}, { REDIS_PASSWORD: "0f3c9a-long-secret" }] as Array<Record<string, string>>) {
      const all = services(env);
      const password = redisPassword(all.redis!);
      expect(password).toBe(env.REDIS_PASSWORD ?? "accord-local-only");
      expect(all.redis!.healthcheck!.test.join(" ")).toContain('REDISCLI_AUTH="$REDIS_PASSWORD"');
      for (const name of REPLICAS) {
        const url = new URL(all[name]!.environment!.REDIS_URL!);
        expect(url.protocol).toBe("redis:");
        expect(url.hostname).toBe("redis");
        expect(decodeURIComponent(url.password)).toBe(password);
      }
    }
  });

  it("gives each replica an environment Accord accepts: MongoDB's replica set, Redis, behind a proxy", () => {
    const all = services({ REDIS_PASSWORD: "s3cret" });
    for (const name of REPLICAS) {
      const parsed = parseConfig(all[name]!.environment!);
      if (!parsed.ok) throw new Error(`${name}: ${parsed.problems.join("; ")}`);
      expect(parsed.config.mongodbUrl).toBe("mongodb://mongo:27017/?replicaSet=rs0");
      expect(parsed.config.redisUrl).toBe("redis://:s3cret@redis:6379");
      expect(parsed.config.trustProxy).toBe(true);
      expect(parsed.config.port).toBe(3000);
      expect(parsed.config.publicUrl).toBe("http://localhost:3000");
      // Only the proxy is reachable from the host.
      expect(all[name]!.ports).toBeUndefined();
      expect(all[name]!.expose).toEqual(["3000"]);
      expect(all[name]!.depends_on).toEqual({
        mongo: { condition: "service_healthy" },
        redis: { condition: "service_healthy" },
      });
    }
  });

  it("publishes the proxy on 3000 with deploy/Caddyfile as its configuration", () => {
    const proxy = services().proxy!;
    expect(proxy.image).toMatch(/^caddy:2/);
    expect(proxy.ports).toEqual(["3000:3000"]);
    expect(proxy.volumes).toContain("./deploy/Caddyfile:/etc/caddy/Caddyfile:ro");
    expect(proxy.depends_on).toEqual(REPLICAS);
    for (const [name, service] of Object.entries(services()))
      if (name !== "proxy") expect(service.ports, name).toBeUndefined();
  });
});

describe.skipIf(redisServerMissing() !== null)("docker-compose.yml's Redis, run by a real redis-server", () => {
  it("starts with the password from its environment, and its health check answers with it", async () => {
    const password = "with space and $dollar";
    const redis = services().redis!;
    const port = await freePort();
    // Stand-ins for the image's entrypoint and for redis-cli on the container's default port:
    // the compose command and health check run as written, against this port.
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), "accord-compose-redis-"));
    const dir = path.join(bin, "data");
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(bin, "docker-entrypoint.sh"),
      `#!/bin/sh\nexec "$@" --port ${port} --bind 127.0.0.1 --dir ${dir}\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(bin, "redis-cli"), `#!/bin/sh\nexec ${redisCli} -p ${port} "$@"\n`, { mode: 0o755 });
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, REDIS_PASSWORD: password };
    const [shell, flag, script] = redis.command!;
    const server = spawn(shell!, [flag!, script!], { env, stdio: "ignore" });
    try {
      const url = `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`;
      const healthy = () => spawnSync("sh", ["-c", redis.healthcheck!.test[1]!], { env }).status === 0;
      await eventually(healthy, { timeoutMs: 10_000, intervalMs: 50 });
      // Without the password nothing is answered.
      const anonymous = spawnSync(redisCli, ["-p", String(port), "ping"], { encoding: "utf8" });
      expect(anonymous.stdout).toContain("NOAUTH");
      // The URL compose gives Accord connects as Accord does.
      const link = await connectRedis(url, { logger: createLogger("silent"), connectTimeoutMs: 5_000 });
      await link.close();
    } finally {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});

const caddyMissing =
  spawnSync("caddy", ["version"], { encoding: "utf8" }).status === 0
    ? null
    : "caddy is not installed (Debian: apt-get install -y caddy)";
if (caddyMissing) console.warn(`deploy/Caddyfile not checked by Caddy: ${caddyMissing}`);

interface CaddyJson {
  apps: {
    http: {
      servers: Record<
        string,
        {
          listen: string[];
          routes: Array<{
            handle: Array<
              { handler: string; routes?: CaddyJson["apps"]["http"]["servers"][string]["routes"] } & Record<
                string,
                unknown
              >
            >;
          }>;
        }
      >;
    };
  };
}

/** Every handler of the adapted configuration, subroutes included. */
function handlers(routes: CaddyJson["apps"]["http"]["servers"][string]["routes"]): Array<Record<string, unknown>> {
  return routes.flatMap((route) =>
    route.handle.flatMap((handle) => [handle, ...(handle.routes ? handlers(handle.routes) : [])]),
  );
}

describe.skipIf(caddyMissing !== null)("deploy/Caddyfile (adapted by Caddy)", () => {
  it("is valid and formatted as caddy fmt writes it", () => {
    const validated = spawnSync("caddy", ["validate", "--config", CADDYFILE, "--adapter", "caddyfile"], {
      encoding: "utf8",
    });
    expect(validated.status, validated.stderr).toBe(0);
    const formatted = spawnSync("caddy", ["fmt", CADDYFILE], { encoding: "utf8" });
    expect(formatted.stdout).toBe(fs.readFileSync(CADDYFILE, "utf8"));
  });

  it("listens on :3000 and balances both replicas, checking the health endpoint Accord serves", () => {
    const adapted = spawnSync("caddy", ["adapt", "--config", CADDYFILE, "--adapter", "caddyfile"], {
      encoding: "utf8",
    });
    expect(adapted.status, adapted.stderr).toBe(0);
    const config = JSON.parse(adapted.stdout) as CaddyJson;
    const servers = Object.values(config.apps.http.servers);
    expect(servers.map((s) => s.listen)).toEqual([[":3000"]]);
    const proxies = handlers(servers[0]!.routes).filter((h) => h.handler === "reverse_proxy");
    expect(proxies).toHaveLength(1);
    const proxy = proxies[0] as {
      upstreams: Array<{ dial: string }>;
      load_balancing: { selection_policy: { policy: string } };
      health_checks: { active: { uri: string }; passive: object };
    };
    expect(proxy.upstreams.map((u) => u.dial)).toEqual(REPLICAS.map((name) => `${name}:3000`));
    expect(proxy.load_balancing.selection_policy.policy).toBe("least_conn");
    expect(proxy.health_checks.active.uri).toBe("/api/health");
    expect(proxy.health_checks.passive).toBeDefined();
  });
});
