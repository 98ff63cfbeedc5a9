import { skippedUnless } from "../../../test/helpers/skipped.js";
import fs from "node:fs";
import { CloseCode } from "@accord/protocol";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { type ApiClient, buildBrief, buildRecommendation, buildSector, buildUser } from "../../../test/helpers/api.js";
import { eventually } from "../../../test/helpers/eventually.js";
import { redisServerMissing, startRedis, type TestRedis } from "../../../test/helpers/redisServer.js";
import { makeTempDir, startServer, type TestServer } from "../../../test/helpers/startServer.js";
import { openSyncedDocument, type SyncedDocument } from "../../../test/helpers/syncedDocument.js";
import { applyStoredDocument } from "../collab/storedDocument.js";
import type { ServerConfig } from "../server.js";
import type { Store } from "../store/Store.js";

/**
 * The document relay of multi-process mode (cluster/SPEC.md): several real Accord servers in
 * this test process, each with its own SQLite connection on one shared file and its own Redis
 * link, and real y-websocket clients on their document sockets.
 */

const missing = redisServerMissing();
if (missing) console.warn(`SKIPPED server/src/cluster/documentRelay.test.ts: ${missing}`);

/** One of the processes: a server with its own store connection and Redis link. */
type Node = TestServer;

interface Editor extends SyncedDocument {
  closes: number[];
}

describe.skipIf(missing !== null)(skippedUnless("documents across processes (cluster/SPEC.md)", missing), () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis({ password: "relay pass" });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** `count` servers over one SQLite file and one Redis, stopped when the test ends. */
  async function startCluster(count: number, overrides: Partial<ServerConfig>[] = []): Promise<Node[]> {
    const dataDir = makeTempDir("accord-relay-");
    const nodes: Node[] = [];
    onTestFinished(async () => {
      for (const node of nodes) await node.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    for (let index = 0; index < count; index++)
      nodes.push(await startServer(overrides[index], { dataDir, redisUrl: redis.url }));
    return nodes;
  }

  /** A lead with a recommendation whose document the tests edit. */
  async function recommendationOn(node: Node): Promise<{ lead: ApiClient; id: string }> {
    const lead = await buildUser(node.url, "Lena Lead");
    const brief = await buildBrief(lead);
    const sector = await buildSector(lead, brief.id);
    const recommendation = await buildRecommendation(lead, brief.id, sector.id);
    return { lead, id: recommendation.id };
  }

  async function edit(node: Node, lead: ApiClient, id: string): Promise<Editor> {
    const editor = await openSyncedDocument(node.url, lead.cookie, id, onTestFinished, { maxBackoffTime: 200 });
    const closes: number[] = [];
    editor.provider.on("connection-close", (event) => {
      if (event) closes.push(event.code);
    });
    return { ...editor, closes };
  }
  /** `count` processes, a lead's recommendation made on the first, Ana editing it there and Ben on the second. */
  async function anaAndBen(count: number, overrides: Partial<ServerConfig>[] = []) {
    const nodes = await startCluster(count, overrides);
    const { lead, id } = await recommendationOn(nodes[0]!);
    const ana = await edit(nodes[0]!, lead, id);
    const ben = await edit(nodes[1]!, lead, id);
    return { nodes, lead, id, ana, ben };
  }

  function type(editor: Editor, text: string): void {
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(text)]);
    editor.body.insert(editor.body.length, [paragraph]);
  }

  async function storedBody(store: Store, id: string): Promise<string> {
    const doc = new Y.Doc();
    try {
      applyStoredDocument(doc, await store.loadDocument(id), (index, error) => {
        throw new Error(`stored part ${index} does not apply: ${String(error)}`);
      });
      return doc.getXmlFragment("default").toString();
    } finally {
      doc.destroy();
    }
  }

  /** An update adding a paragraph to `base`'s body, made on a copy of it. */
  function paragraphUpdate(base: Y.Doc, text: string): Uint8Array {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
    const before = Y.encodeStateVector(doc);
    const body = doc.getXmlFragment("default");
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(text)]);
    body.insert(body.length, [paragraph]);
    const update = Y.encodeStateAsUpdate(doc, before);
    doc.destroy();
    return update;
  }

  function rawRedis(): Redis {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    onTestFinished(() => void client.quit().catch(() => {}));
    return client;
  }

  it("[M3] two people on one recommendation through different processes converge, and every edit is stored", async () => {
    const { nodes, id, ana, ben } = await anaAndBen(2);
    type(ana, "from ana");
    await eventually(() => expect(ben.body.toString()).toContain("from ana"));
    type(ben, "from ben");
    await eventually(() => expect(ana.body.toString()).toContain("from ben"));
    expect(ana.body.toString()).toBe(ben.body.toString());
    await nodes[0]!.server.collab.flush();
    await nodes[1]!.server.collab.flush();
    expect(await storedBody(nodes[0]!.store, id)).toBe(ana.body.toString());
    // Nothing was refused or closed on the way.
    expect([...ana.closes, ...ben.closes]).toEqual([]);
  });

  it("[M3] a late joiner on a third process gets everything, and typing on all three converges", async () => {
    const { nodes, lead, id, ana, ben } = await anaAndBen(3);
    for (let i = 0; i < 20; i++) type(i % 2 === 0 ? ana : ben, `line ${i}`);
    const cleo = await edit(nodes[2]!, lead, id);
    for (let i = 20; i < 30; i++) type([ana, ben, cleo][i % 3]!, `line ${i}`);
    await eventually(() => {
      for (const editor of [ana, ben, cleo]) {
        for (let i = 0; i < 30; i++) expect(editor.body.toString()).toContain(`>line ${i}<`);
      }
      expect(ben.body.toString()).toBe(ana.body.toString());
      expect(cleo.body.toString()).toBe(ana.body.toString());
    });
    for (const node of nodes) await node.server.collab.flush();
    expect(await storedBody(nodes[2]!.store, id)).toBe(ana.body.toString());
  });

  it("[M4] a missed batch (a skipped sequence number) makes the rooms catch up from the store", async () => {
    const { nodes, id, ana, ben } = await anaAndBen(2);
    type(ana, "before");
    await eventually(() => expect(ben.body.toString()).toContain("before"));
    // A batch stored whose publish never arrived: in the store, and its number taken.
    await nodes[0]!.store.appendUpdates(id, [paragraphUpdate(ana.doc, "never published")]);
    await rawRedis().incr(`accord:seq:${id}`);
    expect(ben.body.toString()).not.toContain("never published");
    type(ana, "after");
    await eventually(() => {
      expect(ben.body.toString()).toContain("never published");
      expect(ben.body.toString()).toContain("after");
      expect(ana.body.toString()).toContain("never published");
    });
    await eventually(() => expect(ana.body.toString()).toBe(ben.body.toString()));
  });

  it("[M3][M4] six clients on three processes type and delete at once while numbers go missing: all converge on what is stored", async () => {
    const nodes = await startCluster(3);
    const { lead, id } = await recommendationOn(nodes[0]!);
    const editors: Editor[] = [];
    for (const node of [...nodes, ...nodes]) editors.push(await edit(node, lead, id));
    const admin = rawRedis();
    let seed = 17;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    for (let round = 0; round < 40; round++) {
      for (const [index, editor] of editors.entries()) {
        const body = editor.body;
        const at = body.length > 3 && random(4) === 0 ? random(body.length) : -1;
        // Deletes typed paragraphs only: the hidden ones must be there at the end.
        if (at >= 0 && !body.get(at).toString().includes("hidden")) body.delete(at, 1);
        else type(editor, `r${round}c${index}`);
      }
      // Now and then a batch is stored and its number taken, but it is never published: only a
      // catch-up from the store brings it to the rooms.
      if (round % 10 === 5) {
        await nodes[round % 3]!.store.appendUpdates(id, [paragraphUpdate(editors[0]!.doc, `hidden ${round}`)]);
        await admin.incr(`accord:seq:${id}`);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(
      () => {
        const first = editors[0]!.body.toString();
        for (const round of [5, 15, 25, 35]) expect(first).toContain(`>hidden ${round}<`);
        for (const editor of editors) expect(editor.body.toString()).toBe(first);
      },
      { timeoutMs: 15_000 },
    );
    for (const node of nodes) await node.server.collab.flush();
    expect(await storedBody(nodes[1]!.store, id)).toBe(editors[0]!.body.toString());
  });

  it("[M10] a process that dies after storing a batch it never published: the rooms that heard from it catch up", async () => {
    const { nodes, id, ana, ben } = await anaAndBen(2);
    type(ana, "before");
    await eventually(() => expect(ben.body.toString()).toContain("before"));
    // Node 0 stores a batch, then is cut off from Redis for good before publishing it: it no
    // longer beats, as if it were killed.
    await nodes[0]!.store.appendUpdates(id, [paragraphUpdate(ana.doc, "stored by the dead")]);
    nodes[0]!.link!.command.disconnect();
    nodes[0]!.link!.subscriber.disconnect();
    // Its heartbeat key expires (6 s), node 1 notices at its next beat (2 s).
    await eventually(() => expect(ben.body.toString()).toContain("stored by the dead"), { timeoutMs: 15_000 });
  });

  it("[M7] readStored never answers from a room that lags behind what is published", async () => {
    const { nodes, id, ana, ben } = await anaAndBen(2);
    type(ana, "seen by all");
    await eventually(() => expect(ben.body.toString()).toContain("seen by all"));
    const read = (node: Node) => node.server.collab.readStored(id, (doc) => doc.getXmlFragment("default").toString());
    expect(await read(nodes[1]!)).toBe(ben.body.toString());
    // Stored and numbered, but not (yet) relayed: node 1's room lags.
    await nodes[0]!.store.appendUpdates(id, [paragraphUpdate(ana.doc, "stored elsewhere")]);
    await rawRedis().incr(`accord:seq:${id}`);
    expect(nodes[1]!.server.collab.hasRoom(id)).toBe(true);
    expect(ben.body.toString()).not.toContain("stored elsewhere");
    expect(await read(nodes[1]!)).toContain("stored elsewhere");
    expect(await read(nodes[0]!)).toContain("stored elsewhere");
  });

  it("[M6] presence crosses processes: a newcomer elsewhere sees it at once, and a departure removes it", async () => {
    const { nodes, lead, id, ana, ben } = await anaAndBen(3);
    ana.provider.awareness.setLocalStateField("user", { name: "Ana", color: "#336699" });
    const anaId = ana.doc.clientID;
    await eventually(() =>
      expect(ben.provider.awareness.getStates().get(anaId)).toMatchObject({ user: { name: "Ana" } }),
    );
    // A process that loads the room now asks the others (no wait for a 15 s renewal).
    const cleo = await edit(nodes[2]!, lead, id);
    await eventually(
      () => expect(cleo.provider.awareness.getStates().get(anaId)).toMatchObject({ user: { name: "Ana" } }),
      {
        timeoutMs: 3_000,
      },
    );
    ana.provider.awareness.setLocalStateField("user", { name: "Ana B.", color: "#336699" });
    await eventually(() =>
      expect(cleo.provider.awareness.getStates().get(anaId)).toMatchObject({ user: { name: "Ana B." } }),
    );
    ana.provider.disconnect();
    await eventually(() => {
      expect(ben.provider.awareness.getStates().has(anaId)).toBe(false);
      expect(cleo.provider.awareness.getStates().has(anaId)).toBe(false);
    });
  });

  it("[M6] presence from another process is held to this process's own bounds (P13)", async () => {
    const { ana, ben } = await anaAndBen(2, [{}, { maxAwarenessStateBytes: 200 }]);
    const anaId = ana.doc.clientID;
    const seenByBen: string[] = [];
    ben.provider.awareness.on("change", () => {
      seenByBen.push(JSON.stringify(ben.provider.awareness.getStates().get(anaId) ?? null));
    });
    ana.provider.awareness.setLocalStateField("user", { name: "Ana", note: "x".repeat(1_000) });
    ana.provider.awareness.setLocalStateField("user", { name: "Ana, briefly" });
    // In channel order: once the small state is here, the large one was dropped before it.
    await eventually(() =>
      expect(ben.provider.awareness.getStates().get(anaId)).toMatchObject({ user: { name: "Ana, briefly" } }),
    );
    expect(seenByBen.some((state) => state.includes("xxxx"))).toBe(false);
  });

  it("[M8] Redis killed mid-typing: clients see 4500, upgrades answer 503, and after its restart nothing is lost", async () => {
    const { nodes, lead, id, ana, ben } = await anaAndBen(2);
    let typed = 0;
    const typeNext = () => type(typed % 2 === 0 ? ana : ben, `key ${typed++}`);
    for (let i = 0; i < 10; i++) typeNext();
    await eventually(() => expect(ben.body.toString()).toContain(">key 8<"));
    await redis.kill();
    // Typing goes on while the link is down: offline edits, resent on reconnect.
    for (let i = 0; i < 10; i++) typeNext();
    await eventually(() => {
      expect(ana.closes).toContain(CloseCode.StoreUnavailable);
      expect(ben.closes).toContain(CloseCode.StoreUnavailable);
    });
    expect(await upgradeStatus(nodes[1]!, lead, id)).toBe(503);
    // The health check says so too, so that a proxy sends new people to a process that has Redis.
    const health = await fetch(`${nodes[1]!.url}/api/health`);
    expect([health.status, await health.json()]).toEqual([503, { ok: false, store: "sqlite", relay: "lost" }]);
    for (let i = 0; i < 10; i++) typeNext();
    await redis.restart();
    await eventually(() => expect(ana.provider.wsconnected && ben.provider.wsconnected).toBe(true), {
      timeoutMs: 15_000,
    });
    const healthy = await fetch(`${nodes[1]!.url}/api/health`);
    expect([healthy.status, await healthy.json()]).toEqual([200, { ok: true, store: "sqlite" }]);
    for (let i = 0; i < 10; i++) typeNext();
    await eventually(
      () => {
        for (let i = 0; i < typed; i++) {
          expect(ana.body.toString()).toContain(`>key ${i}<`);
          expect(ben.body.toString()).toContain(`>key ${i}<`);
        }
      },
      { timeoutMs: 10_000 },
    );
    await eventually(() => expect(ben.body.toString()).toBe(ana.body.toString()));
    for (const node of nodes) await node.server.collab.flush();
    const stored = await storedBody(nodes[0]!.store, id);
    for (let i = 0; i < typed; i++) expect(stored).toContain(`>key ${i}<`);
  });

  it("[M8] a publish that fails with the link up: its process closes its connections, and once Redis takes writes again the others catch up", async () => {
    const { nodes, lead, id, ana, ben } = await anaAndBen(2);
    type(ana, "before");
    await eventually(() => expect(ben.body.toString()).toContain("before"));
    const admin = rawRedis();
    // Redis refuses every write (INCR in the publish script) and stays connected.
    await admin.config("SET", "maxmemory-policy", "noeviction");
    await admin.config("SET", "maxmemory", "1");
    onTestFinished(async () => {
      await admin.config("SET", "maxmemory", "0");
    });
    type(ana, "stored, not published");
    await eventually(() => expect(ana.closes).toContain(CloseCode.StoreUnavailable));
    expect(nodes[0]!.link!.isUp).toBe(true);
    expect(await upgradeStatus(nodes[0]!, lead, id)).toBe(503);
    await nodes[0]!.server.collab.flush();
    expect(await storedBody(nodes[1]!.store, id)).toContain("stored, not published");
    expect(ben.body.toString()).not.toContain("stored, not published");
    await admin.config("SET", "maxmemory", "0");
    // The owed resync notice makes node 1 catch up from the store; ana reconnects to node 0.
    await eventually(() => expect(ben.body.toString()).toContain("stored, not published"), { timeoutMs: 10_000 });
    await eventually(() => expect(ana.provider.wsconnected).toBe(true), { timeoutMs: 10_000 });
    type(ana, "after");
    await eventually(() => expect(ben.body.toString()).toContain("after"));
    await eventually(() => expect(ben.body.toString()).toBe(ana.body.toString()));
  });
});

/** The HTTP status a document-socket upgrade is answered with, or 101 when it is accepted. */
function upgradeStatus(node: Node, lead: ApiClient, id: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${node.url.replace(/^http/, "ws")}/collab/${id}`, {
      headers: { cookie: lead.cookie ?? "" },
    });
    socket.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      socket.terminate();
    });
    socket.on("error", () => {});
    socket.on("open", () => {
      resolve(101);
      socket.terminate();
    });
  });
}
