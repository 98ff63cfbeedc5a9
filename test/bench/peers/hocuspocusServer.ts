import { createRequire } from "node:module";

/**
 * Hocuspocus 3.4.4 with @hocuspocus/extension-sqlite on a file (HOCUSPOCUS_DB), with its default
 * store debounce (2 s, at most 10 s), on 127.0.0.1 and an ephemeral port; prints one JSON
 * "listening" line the bench reads. With HOCUSPOCUS_REDIS_URL, also @hocuspocus/extension-redis
 * on that Redis (its documented set-up for several instances: updates and awareness cross
 * instances through pub/sub, and a Redis lock lets one instance at a time store a document). Loaded through require from this folder's node_modules so
 * that the root typecheck never needs the peers (CI does not install them).
 */
const require = createRequire(import.meta.url);
const load = (name: string): any => require(name);

const database = process.env.HOCUSPOCUS_DB;
if (!database) throw new Error("HOCUSPOCUS_DB must name a SQLite file");
const { Server } = load("@hocuspocus/server");
const { SQLite } = load("@hocuspocus/extension-sqlite");

const sqlite = new SQLite({ database });
const extensions: unknown[] = [sqlite];
const redisUrl = process.env.HOCUSPOCUS_REDIS_URL;
if (redisUrl) {
  const { Redis } = load("@hocuspocus/extension-redis");
  const { Redis: IORedis } = load("ioredis");
  // createClient is called for the publishing and the subscribing connection; the URL carries the password.
  extensions.push(new Redis({ createClient: () => new IORedis(redisUrl) }));
}
const server = new Server({ address: "127.0.0.1", port: 0, quiet: true, extensions });
await server.listen();
// The extension creates its table without waiting for it (onConfigure runs the schema and
// returns): a client that connects at once could be looked up before the table exists, and its
// sync then never answered (seen as a bench client that did not sync within 10 s). Ready means
// the table is there.
for (let tries = 0; !(await tableReady()); tries++) {
  if (tries > 200) throw new Error("the SQLite extension's table did not appear within 10 s");
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const port: number = server.address.port;
console.log(JSON.stringify({ msg: "listening", port, url: `http://127.0.0.1:${port}`, pid: process.pid }));

function tableReady(): Promise<boolean> {
  return new Promise((resolve) =>
    sqlite.db.get("SELECT 1 FROM documents LIMIT 1", (error: Error | null) => resolve(!error)),
  );
}
