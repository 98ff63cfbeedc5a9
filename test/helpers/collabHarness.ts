import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { COLLAB_PATH_PREFIX, MessageType } from "@accord/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { pino, type Logger } from "pino";
import { onTestFinished } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { eventually } from "./eventually.js";
import { openSqliteStore } from "../../server/src/store/sqlite/SqliteStore.js";
import type { LogStats, Store } from "../../server/src/store/Store.js";
import { CollabServer, type AuthorizeResult, type CollabServerOptions } from "../../server/src/collab/CollabServer.js";
import { applyStoredDocument } from "../../server/src/collab/storedDocument.js";
import { createUpdateChecker, type UpdateChecker } from "../../server/src/collab/UpdateChecker.js";

/**
 * Test support for the collab tests: a CollabServer on a plain HTTP server on port 0,
 * over a real SQLite file, with real clients. Everything a harness starts is torn down
 * when the test that started it finishes.
 */

/** A promise the test opens by hand: holds a store call until the test says so. */
export class Gate {
  private release: () => void = () => {};
  readonly passed: Promise<void> = new Promise((resolve) => {
    this.release = resolve;
  });
  open(): void {
    this.release();
  }
}

/**
 * The real store, with a hand on it: the test can hold or fail its calls and see them.
 * Everything it does not intercept goes straight to the real store.
 */
export class StoreProbe {
  readonly appendCalls: Uint8Array[][] = [];
  /** How many appends the real store has completed. */
  appendsStored = 0;
  loadCalls = 0;
  compactCalls = 0;
  compactionsRunning = 0;
  maxConcurrentCompactions = 0;
  appendGate: Gate | null = null;
  loadGate: Gate | null = null;
  compactGate: Gate | null = null;
  failNextAppends = 0;
  failNextLoads = 0;
  readonly store: Store;

  constructor(readonly real: Store) {
    const overrides: Partial<Store> = {
      appendUpdates: async (docName: string, updates: Uint8Array[]): Promise<LogStats> => {
        this.appendCalls.push(updates.map((update) => update.slice()));
        await this.appendGate?.passed;
        if (this.failNextAppends > 0) {
          this.failNextAppends--;
          throw new Error("injected store failure");
        }
        const stats = await real.appendUpdates(docName, updates);
        this.appendsStored++;
        return stats;
      },
      loadDocument: async (docName: string) => {
        this.loadCalls++;
        await this.loadGate?.passed;
        if (this.failNextLoads > 0) {
          this.failNextLoads--;
          throw new Error("injected load failure");
        }
        return real.loadDocument(docName);
      },
      compactDocument: async (docName: string, merge: (parts: Uint8Array[]) => Uint8Array) => {
        this.compactCalls++;
        this.compactionsRunning++;
        this.maxConcurrentCompactions = Math.max(this.maxConcurrentCompactions, this.compactionsRunning);
        try {
          await this.compactGate?.passed;
          return await real.compactDocument(docName, merge);
        } finally {
          this.compactionsRunning--;
        }
      },
    };
    this.store = new Proxy(real, {
      get(target, property, receiver) {
        if (typeof property === "string" && property in overrides) return overrides[property as keyof Store];
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  /** Holds every append from now on until the returned gate is opened. */
  holdAppends(): Gate {
    const gate = new Gate();
    this.appendGate = gate;
    void gate.passed.then(() => {
      if (this.appendGate === gate) this.appendGate = null;
    });
    return gate;
  }

  holdLoads(): Gate {
    const gate = new Gate();
    this.loadGate = gate;
    void gate.passed.then(() => {
      if (this.loadGate === gate) this.loadGate = null;
    });
    return gate;
  }

  holdCompactions(): Gate {
    const gate = new Gate();
    this.compactGate = gate;
    void gate.passed.then(() => {
      if (this.compactGate === gate) this.compactGate = null;
    });
    return gate;
  }
}

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface ClientOptions {
  user?: string;
  readOnly?: boolean;
  /** Answer the upgrade with this status instead of accepting it. */
  deny?: 401 | 403 | 404;
  /** The session the connection is opened with (SPEC R8). @default `session-of-<user>` */
  session?: string;
}

export interface ProviderClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  text: Y.Text;
  /** Close events the provider saw, most recent last. */
  closes: Array<{ code: number; reason: string }>;
}

export interface RawClient {
  socket: WebSocket;
  /** Binary frames received, in order. */
  received: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
}

export interface HarnessOptions extends Partial<Omit<CollabServerOptions, "store" | "logger" | "checker">> {
  /** Use an existing SQLite file (to restart over the same data). */
  file?: string;
}

export interface Harness {
  server: CollabServer;
  /** The server's update checker, closed when the harness stops (as createAccordServer does). */
  checker: UpdateChecker;
  /** Every update a room handed to the checker's worker, in order (the rest it checked on the event loop, D4). */
  workerChecks: Uint8Array[];
  probe: StoreProbe;
  /** The real store underneath the probe. */
  store: Store;
  file: string;
  /** `ws://127.0.0.1:<port>/collab` */
  url: string;
  logs: LogRecord[];
  /** A WebsocketProvider client, synced. */
  client(docName: string, options?: ClientOptions): Promise<ProviderClient>;
  /** A WebsocketProvider client, not waited for. */
  startClient(docName: string, options?: ClientOptions): ProviderClient;
  /** A bare ws client, open. */
  raw(docName: string, options?: ClientOptions & { autoPong?: boolean }): Promise<RawClient>;
  /** The HTTP status of an upgrade the server refuses. */
  refusedStatus(pathAndQuery: string): Promise<number>;
  /** The document as the real store holds it right now (a fresh Y.Doc, destroyed at teardown). */
  storedDoc(docName: string): Promise<Y.Doc>;
  /** Stops the server and the HTTP server (done at teardown too, once). */
  stop(): Promise<void>;
}

export const TEXT = "t";

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = options.file ? null : fs.mkdtempSync(path.join(os.tmpdir(), "accord-collab-"));
  const file = options.file ?? path.join(dir!, "accord.db");
  const real = openSqliteStore({ file });
  const probe = new StoreProbe(real);
  const logs: LogRecord[] = [];
  const logger: Logger = pino(
    { level: "debug" },
    { write: (line: string) => void logs.push(JSON.parse(line) as LogRecord) },
  );
  const { file: _file, authorize, ...serverOptions } = options;
  const worker = createUpdateChecker({
    onRestart: (error) => logger.warn({ err: error }, "the update check worker failed or stalled"),
    onError: (error) => logger.error({ err: error }, "a fresh update check worker failed a known-good check"),
  });
  // The real checker, with what it is asked noted.
  const workerChecks: Uint8Array[] = [];
  const checker: UpdateChecker = {
    check: (update, skip) => {
      workerChecks.push(update);
      return worker.check(update, skip);
    },
    ready: () => worker.ready(),
    close: () => worker.close(),
    status: () => worker.status(),
  };
  const server = new CollabServer({
    maxFrameBytes: 8 * 1024 * 1024,
    compactAfterUpdates: 10_000,
    compactAfterBytes: 64 * 1024 * 1024,
    ...serverOptions,
    store: probe.store,
    logger,
    checker,
    authorize: authorize ?? (async (req) => authorizeFromQuery(req)),
  });
  const httpServer = http.createServer((_req, res) => res.writeHead(404).end());
  httpServer.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "").startsWith(COLLAB_PATH_PREFIX)) server.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  // As a real server does before it listens (createAccordServer): the worker is running before the first edit.
  await Promise.all([new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve)), server.ready()]);
  const { port } = httpServer.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}/collab`;

  const providers: ProviderClient[] = [];
  const raws: WebSocket[] = [];
  const docs: Y.Doc[] = [];
  let stopped: Promise<void> | null = null;

  const stop = () => {
    stopped ??= (async () => {
      for (const { provider } of providers) provider.destroy();
      await server.close();
      await checker.close();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    })();
    return stopped;
  };

  onTestFinished(async () => {
    // A test that failed halfway may have left a store call held: let it through.
    for (const gate of [probe.appendGate, probe.loadGate, probe.compactGate]) gate?.open();
    for (const socket of raws) socket.terminate();
    await stop();
    for (const { doc } of providers) doc.destroy();
    for (const doc of docs) doc.destroy();
    await real.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const startClient = (docName: string, clientOptions: ClientOptions = {}): ProviderClient => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(url, docName, doc, {
      WebSocketPolyfill: WebSocket as never,
      params: queryParams(clientOptions),
      // In one Node process, BroadcastChannel would sync the clients past the server.
      disableBc: true,
      maxBackoffTime: 200,
    });
    const closes: ProviderClient["closes"] = [];
    provider.on("connection-close", (event) => {
      if (event) closes.push({ code: event.code, reason: event.reason });
    });
    const client = { doc, provider, text: doc.getText(TEXT), closes };
    providers.push(client);
    return client;
  };

  return {
    server,
    checker,
    workerChecks,
    probe,
    store: real,
    file,
    url,
    logs,
    startClient,
    async client(docName, clientOptions) {
      const client = startClient(docName, clientOptions);
      await eventually(() => client.provider.synced);
      return client;
    },
    async raw(docName, { autoPong = true, ...clientOptions } = {}) {
      const query = new URLSearchParams(queryParams(clientOptions)).toString();
      const socket = new WebSocket(`${url}/${encodeURIComponent(docName)}?${query}`, { autoPong });
      raws.push(socket);
      const received: Uint8Array[] = [];
      socket.on("message", (data: Buffer) => received.push(new Uint8Array(data)));
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
      );
      await new Promise<void>((resolve, reject) => {
        socket.once("open", () => resolve());
        socket.once("error", reject);
      });
      return { socket, received, closed };
    },
    refusedStatus(pathAndQuery) {
      return new Promise((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${port}${pathAndQuery}`);
        socket.on("unexpected-response", (_req, res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          socket.terminate();
        });
        socket.on("error", () => {}); // terminate() after the response reports an abort
        socket.on("open", () => reject(new Error(`the upgrade to ${pathAndQuery} was accepted`)));
      });
    },
    async storedDoc(docName) {
      // Straight from the real store: no flush, no probe, nothing the server could add.
      const doc = new Y.Doc();
      docs.push(doc);
      applyStoredDocument(doc, await real.loadDocument(docName), (index, error) => {
        throw new Error(`stored part ${index} does not apply: ${String(error)}`);
      });
      return doc;
    },
    stop,
  };
}

function queryParams({ user = "alice", readOnly = false, deny, session }: ClientOptions): Record<string, string> {
  const params: Record<string, string> = { user };
  if (readOnly) params.readOnly = "1";
  if (deny) params.deny = String(deny);
  if (session) params.session = session;
  return params;
}

/** The harness's stand-in for sessions and memberships: who you are is in the query string. */
function authorizeFromQuery(req: http.IncomingMessage): AuthorizeResult {
  const query = new URL(req.url ?? "/", "http://localhost").searchParams;
  const deny = Number(query.get("deny"));
  if (deny === 401 || deny === 403 || deny === 404) return { ok: false, status: deny, message: `denied with ${deny}` };
  const userId = query.get("user") ?? "alice";
  // Each user has one session unless the query names another; it never expires here.
  const sessionHash = query.get("session") ?? `session-of-${userId}`;
  return {
    ok: true,
    access: { userId, name: userId, readOnly: query.get("readOnly") === "1", sessionHash, sessionExpiresAt: Infinity },
  };
}

/** Text of the shared text in a document the store holds. */
export function textOf(doc: Y.Doc): string {
  return doc.getText(TEXT).toString();
}

/** An update made by `edit` on a fresh document of its own. */
export function makeUpdate(edit: (doc: Y.Doc) => void, base?: Y.Doc): Uint8Array {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(doc);
  edit(doc);
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return update;
}

/** A y-websocket sync frame carrying `update` as an update (or as sync step 2). */
export function updateFrame(update: Uint8Array, step: "update" | "sync-step-2" = "update"): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, step === "update" ? syncProtocol.messageYjsUpdate : syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The payloads of the relayed update messages among the frames a raw client received. */
export function updatesIn(frames: Uint8Array[]): Uint8Array[] {
  const updates: Uint8Array[] = [];
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.Sync) continue;
    if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsUpdate) continue;
    updates.push(decoding.readVarUint8Array(decoder));
  }
  return updates;
}

export function typeOfFrame(frame: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(frame));
}

/**
 * Resolves once the server has processed every frame this client sent before: a socket's
 * frames are handled in order, so the answer to a query-awareness comes after all of them.
 */
export async function barrier(client: RawClient): Promise<void> {
  const from = client.received.length;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.QueryAwareness);
  client.socket.send(encoding.toUint8Array(encoder));
  await eventually(() => client.received.slice(from).some((frame) => typeOfFrame(frame) === MessageType.Awareness));
}
