import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ApiClient, buildBrief, buildRecommendation, buildSector } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { spawnServer, type SpawnedServer } from "../helpers/spawnServer.js";
import { makeTempDir } from "../helpers/startServer.js";
import { openSyncedDocument } from "../helpers/syncedDocument.js";
import { anchorOn } from "./reviewSupport.js";

/**
 * The production build (issue 16): `npm start` runs server/dist, compiled by server/build.mjs,
 * with no TypeScript compiler in the process. Every other suite runs the server from source, so
 * this one runs the built files as production does: the account CLI, then the server, with
 * each of its workers made to start (update checks, imports, exports, thread anchors), since a
 * worker that cannot find its compiled module fails only when it is first needed.
 *
 * It reads server/dist as it is: `npm test` builds first; run `npm run build` before this file alone.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const DIST = path.join(ROOT, "server/dist");
const WORKERS = (
  JSON.parse(fs.readFileSync(path.join(ROOT, "server/src/workers/entries.json"), "utf8")) as string[]
).map((entry) => path.posix.basename(entry));
/** Every file `npm start` and `npm run account:create` need from the build, from the repository root. */
const BUILT = [
  ...["main.js", "createAccount.js", ...WORKERS.map((name) => `${name}.js`), "template/brief.typ"].map(
    (file) => `server/dist/${file}`,
  ),
  "client/dist/index.html",
];

const PASSWORD = "a long enough passphrase for production";

/**
 * No NODE_OPTIONS (a `--import tsx` there would load tsx into the compiled server), SQLite in
 * `dataDir`, and no CLIENT_DIST: the server finds the built client where production does.
 */
function productionEnv(dataDir: string): Record<string, string> {
  const { MONGODB_URL: _mongo, NODE_OPTIONS: _options, ...env } = process.env;
  // An undefined value leaves the variable out of the child's environment (spawnServer sets it to "" otherwise).
  return {
    ...(env as Record<string, string>),
    NODE_OPTIONS: "",
    DATA_DIR: dataDir,
    CLIENT_DIST: undefined as unknown as string,
  };
}

/** `npm run account:create`'s command line, from package.json, with the password on standard input. */
function createAccount(
  dataDir: string,
  email: string,
  name: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = String(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts["account:create"]);
  const [command, ...args] = script.split(/\s+/);
  expect(command).toBe("node");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args, "--email", email, "--name", name], {
      cwd: ROOT,
      env: productionEnv(dataDir),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(`${PASSWORD}\n`);
  });
}

/** The server's JSON log records, parsed. */
function records(server: SpawnedServer): Array<{ level: number; msg: string; [key: string]: unknown }> {
  return server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
}

describe("the compiled server (npm run build, then npm start)", () => {
  beforeAll(() => {
    const missing = BUILT.filter((file) => !fs.existsSync(path.join(ROOT, file)));
    if (missing.length > 0) {
      throw new Error(
        `the build lacks ${missing.join(", ")}: run \`npm run build\` first (npm test does), then this suite again`,
      );
    }
  });

  const dataDir = makeTempDir("accord-compiled-");
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("is plain JavaScript that never loads tsx or a workspace package's source: npm start and account:create run server/dist", () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts;
    expect(scripts.start).toBe("node server/dist/main.js");
    expect(scripts["account:create"]).toBe("node server/dist/createAccount.js");
    const built = fs.readdirSync(DIST).filter((file) => file.endsWith(".js"));
    // What would load or find tsx: an import of it, or a path into it (its name in a comment is fine).
    const resolvingTsx = built.filter((file) =>
      /["'`]tsx\/|\b(?:from|import\(|require\(|resolve\()\s*["'`]tsx["'`]/.test(
        fs.readFileSync(path.join(DIST, file), "utf8"),
      ),
    );
    expect(resolvingTsx).toEqual([]);
    // The workspace packages are bundled: the production image holds neither their sources nor links to them.
    const importingWorkspaces = built.filter((file) =>
      /\b(?:from|import\()\s*["'`]@accord\//.test(fs.readFileSync(path.join(DIST, file), "utf8")),
    );
    expect(importingWorkspaces).toEqual([]);
  });

  it("loads on its main thread none of the libraries its workers or rare requests use: they cost an idle server memory", () => {
    // esbuild's metafile per entry point (server/build.mjs): what main.js imports before it runs.
    const meta = JSON.parse(fs.readFileSync(path.join(DIST, "meta.json"), "utf8")).main as {
      outputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }> }>;
    };
    const loaded = new Set<string>();
    const walk = (file: string) => {
      for (const { path: imported, kind, external } of meta.outputs[file]!.imports) {
        if (kind === "dynamic-import" || loaded.has(imported)) continue;
        loaded.add(imported);
        if (!external) walk(imported);
      }
    };
    walk("server/dist/main.js");
    const lazy = [
      "docx",
      "@myriaddreamin/typst-ts-node-compiler",
      "mammoth",
      "jszip",
      "markdown-it",
      "pdfjs-dist",
      "citeproc",
      "mongodb",
      "nodemailer",
      "@zxcvbn-ts/core",
      "@zxcvbn-ts/language-common",
    ];
    expect(
      [...loaded].filter((specifier) => lazy.some((name) => specifier === name || specifier.startsWith(`${name}/`))),
    ).toEqual([]);
    expect(loaded.has("express")).toBe(true);
  });

  it("creates the first account, then serves it: health, sign-in, document sync, an import, exports and thread anchors, each worker from server/dist", async () => {
    const created = await createAccount(dataDir, "lena@example.org", "Lena Lead");
    expect(created).toEqual({ code: 0, stdout: "Created the account of Lena Lead <lena@example.org>.\n", stderr: "" });

    const start = async () => {
      const server = await spawnServer(productionEnv(dataDir), { script: "start" });
      cleanups.push(() => server.stop("SIGKILL"));
      return server;
    };
    const first = await start();
    // The update check worker answered its known-good check before the server listened.
    expect(records(first).find((record) => record.msg === "listening")).toMatchObject({
      store: "sqlite",
      updateChecks: "worker",
    });

    const anyone = new ApiClient(first.url);
    expect(await anyone.get("/api/health")).toMatchObject({ status: 200, body: { ok: true, store: "sqlite" } });
    // The built client, found from server/dist as from server/src (config.ts: ../../client/dist).
    const page = await fetch(`${first.url}/briefs/anything`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(fs.readFileSync(path.join(ROOT, "client/dist/index.html"), "utf8"));
    const lead = new ApiClient(first.url);
    const login = await lead.post("/api/auth/login", { email: "lena@example.org", password: PASSWORD });
    expect(login.status).toBe(200);
    expect(lead.cookie).not.toBeNull();
    const brief = await buildBrief(lead, "Compiled brief");
    const sector = await buildSector(lead, brief.id, "Energy");
    const rec = await buildRecommendation(lead, brief.id, sector.id, "Link the grids");

    // Every update two editors exchange goes through the update check worker before it is relayed.
    const teardown: Array<() => void> = [];
    cleanups.push(() => teardown.forEach((close) => close()));
    const writer = await openSyncedDocument(first.url, lead.cookie, rec.id, (close) => teardown.push(close));
    const watcher = await openSyncedDocument(first.url, lead.cookie, rec.id, (close) => teardown.push(close));
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Link the grids before winter.")]);
    writer.body.insert(0, [paragraph]);
    await eventually(() =>
      expect(watcher.body.toString()).toBe("<paragraph>Link the grids before winter.</paragraph>"),
    );
    const text = (writer.body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const thread = await lead.post(`/api/briefs/${brief.id}/recommendations/${rec.id}/threads`, {
      anchor: anchorOn(text, 9, 14),
      quote: "grids",
      body: "Which grids?",
    });
    expect(thread.status, first.output().slice(-3000)).toBe(201);

    // An import: read by a worker process that loads importWorker.js.
    const imported = await lead.post(`/api/briefs/${brief.id}/reports`, {
      title: "Grid report",
      format: "markdown",
      content: "# Grids\n\nInterconnectors carry power across borders.\n\nStorage smooths the peaks.\n",
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    expect(imported.body.report).toMatchObject({ title: "Grid report", passages: 2 });

    // Exports: rendered on a worker thread (exportWorker.js); the PDF by Typst from the template copied beside it.
    for (const [format, magic] of [
      ["pdf", "%PDF-"],
      ["docx", "PK"],
    ] as const) {
      const res = await fetch(`${first.url}/api/briefs/${brief.id}/export?format=${format}&statuses=draft`, {
        headers: { cookie: lead.cookie! },
      });
      expect(res.status, `${format} export`).toBe(200);
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, magic.length)
          .toString("latin1"),
      ).toBe(magic);
    }

    // Stopped cleanly, every edit stored; started again, no room holds the document, so its
    // threads' anchors are resolved from the stored bytes on a worker thread (anchorWorker.js).
    teardown.splice(0).forEach((close) => close());
    expect(await first.stop("SIGTERM")).toBe(0);
    const second = await start();
    const threads = await new ApiClient(second.url).request(
      "GET",
      `/api/briefs/${brief.id}/recommendations/${rec.id}/threads`,
      undefined,
      { cookie: lead.cookie! },
    );
    expect(threads.status).toBe(200);
    expect(threads.body.threads.map((t: { quote: string; anchorState: unknown }) => [t.quote, t.anchorState])).toEqual([
      ["grids", { state: "attached", text: "grids" }],
    ]);
    const reader = await openSyncedDocument(second.url, lead.cookie, rec.id, (close) => teardown.push(close));
    expect(reader.body.toString()).toBe("<paragraph>Link the grids before winter.</paragraph>");

    // No worker failed, restarted or fell back to the event loop, in either run: nothing warned.
    const complaints = [...records(first), ...records(second)]
      .filter((record) => record.level >= 40)
      .map((record) => record.msg);
    expect(complaints).toEqual([]);
  });
});
