import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { eventually } from "../../../../test/helpers/eventually.js";
import { type Checkpointer, startCheckpointer } from "./checkpointer.js";

const dirs: string[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openDatabase(): { db: Database.Database; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "accord-checkpointer-"));
  dirs.push(dir);
  const file = path.join(dir, "accord.db");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  cleanups.push(() => {
    if (db.open) db.close();
  });
  return { db, file };
}

function track(checkpointer: Checkpointer): Checkpointer {
  cleanups.push(() => checkpointer.close());
  return checkpointer;
}

describe("background WAL checkpoints", () => {
  it("the main connection never checkpoints; the worker moves committed pages into the database file", async () => {
    const { db, file } = openDatabase();
    const checkpointer = track(startCheckpointer(db, { file, intervalMs: 20, busyTimeoutMs: 1_000 }));
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);

    const insert = db.prepare("INSERT INTO t (data) VALUES (?)");
    const row = Buffer.alloc(4096, 7);
    // 8 MiB in 2,000 commits: far past the 1,000 pages at which SQLite would checkpoint itself.
    for (let i = 0; i < 2_000; i++) insert.run(row);
    await eventually(() => expect(statSync(file).size).toBeGreaterThan(2_000 * 4096), { timeoutMs: 10_000 });

    await checkpointer.close();
    db.close();
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare("SELECT count(*) FROM t").pluck().get()).toBe(2_000);
    reader.close();
  });

  it("a worker that fails hands checkpoints back to the main connection and says so", async () => {
    const { db } = openDatabase();
    const errors: Error[] = [];
    // A path the worker cannot open: its first statement throws.
    track(
      startCheckpointer(db, {
        file: path.join(tmpdir(), "accord-no-such-dir", "nested", "accord.db"),
        intervalMs: 20,
        busyTimeoutMs: 1_000,
        onError: (error) => errors.push(error),
      }),
    );
    await eventually(() => expect(errors).toHaveLength(1));
    expect(errors[0]!.message).toMatch(/directory does not exist|unable to open/i);
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
  });

  it("ready() resolves for a worker that started and for one that failed: the server's listen waits on it", async () => {
    const { db, file } = openDatabase();
    const checkpointer = track(startCheckpointer(db, { file, intervalMs: 20, busyTimeoutMs: 1_000 }));
    await expect(checkpointer.ready()).resolves.toBeUndefined();

    const other = openDatabase();
    const errors: Error[] = [];
    const failing = track(
      startCheckpointer(other.db, {
        file: path.join(tmpdir(), "accord-no-such-dir", "x", "accord.db"),
        busyTimeoutMs: 1_000,
        onError: (error) => errors.push(error),
      }),
    );
    await expect(failing.ready()).resolves.toBeUndefined();
    await eventually(() => expect(errors).toHaveLength(1));
  });

  it("never keeps a process alive: one with a ready checkpointer and nothing else to do exits", async () => {
    const { file } = openDatabase();
    const module = new URL("./checkpointer.ts", import.meta.url).pathname;
    const script = `
      import Database from "better-sqlite3";
      import { startCheckpointer } from ${JSON.stringify(module)};
      const db = new Database(${JSON.stringify(file)});
      const keep = setInterval(() => {}, 1000);
      await startCheckpointer(db, { file: ${JSON.stringify(file)}, intervalMs: 20, busyTimeoutMs: 1000 }).ready();
      console.log("ready");
      clearInterval(keep);`;
    // Bounded: a worker that keeps the process alive fails this with a timeout, not a hang.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { timeout: 20_000, cwd: path.dirname(module) },
    );
    expect(stdout.trim()).toBe("ready");
  });
});
