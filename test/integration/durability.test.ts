import fs from "node:fs";
import { BODY_FRAGMENT, CloseCode } from "@accord/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { spawnServer, type SpawnedServer } from "../helpers/spawnServer.js";
import { makeTempDir } from "../helpers/startServer.js";

/**
 * SPEC D1 end to end: the server runs as its own process (as `npm run serve` runs it) and
 * is killed without warning the moment a second client has seen an edit. The edit must be
 * there when the server comes back on the same data.
 */
describe("durability across a killed server process", () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(dataDir: string): Promise<SpawnedServer> {
    const spawned = await spawnServer({ DATA_DIR: dataDir });
    cleanups.push(() => spawned.stop("SIGKILL"));
    return spawned;
  }

  function openEditor(spawned: SpawnedServer, client: ApiClient, recommendationId: string) {
    const cookie = client.cookie ?? "";
    class CookieWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    }
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${spawned.url.replace(/^http/, "ws")}/collab`, recommendationId, doc, {
      WebSocketPolyfill: CookieWebSocket as never,
      disableBc: true,
    });
    const closes: number[] = [];
    provider.on("connection-close", (event) => {
      if (event) closes.push(event.code);
    });
    const close = () => {
      provider.destroy();
      doc.destroy();
    };
    cleanups.push(close);
    return { doc, provider, body: doc.getXmlFragment(BODY_FRAGMENT), closes, close };
  }

  async function recommendationOf(baseUrl: string) {
    const lead = await buildUser(baseUrl, "Lena Lead");
    const brief = await buildBrief(lead);
    const sector = await buildSector(lead, brief.id);
    const rec = await buildRecommendation(lead, brief.id, sector.id);
    return { lead, rec };
  }

  it("[D1] an edit a second client has seen survives SIGKILL right after", async () => {
    const dataDir = makeTempDir("accord-durability-");
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const first = await start(dataDir);
    const { lead, rec } = await recommendationOf(first.url);

    const writer = openEditor(first, lead, rec.id);
    const watcher = openEditor(first, lead, rec.id);
    await eventually(() => writer.provider.synced && watcher.provider.synced);

    let killed: Promise<number | null> | null = null;
    watcher.body.observeDeep(() => {
      // The very moment the edit became visible to someone else: no flush, no goodbye.
      killed ??= first.stop("SIGKILL");
    });
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Seen, so kept.")]);
    writer.body.insert(0, [paragraph]);
    await eventually(() => killed !== null);
    expect(await killed).toBeNull(); // ended by the signal, not an exit code
    expect(first.child.signalCode).toBe("SIGKILL");
    writer.close();
    watcher.close();

    const second = await start(dataDir);
    // The session lives in the same database, so the same cookie still works.
    const reader = openEditor(second, lead, rec.id);
    await eventually(() => reader.provider.synced);
    expect(reader.body.toString()).toBe("<paragraph>Seen, so kept.</paragraph>");
  });

  it("[D6] SIGTERM closes document sockets with ServerShutdown and the process exits cleanly", async () => {
    const dataDir = makeTempDir("accord-durability-");
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const spawned = await start(dataDir);
    const { lead, rec } = await recommendationOf(spawned.url);
    const editor = openEditor(spawned, lead, rec.id);
    const watcher = openEditor(spawned, lead, rec.id);
    await eventually(() => editor.provider.synced && watcher.provider.synced);
    editor.body.insert(0, [new Y.XmlText("Before the restart.")]);
    await eventually(() => expect(watcher.body.toString()).toBe("Before the restart."));

    expect(await spawned.stop("SIGTERM")).toBe(0);
    await eventually(() => {
      expect(editor.closes).toContain(CloseCode.ServerShutdown);
      expect(watcher.closes).toContain(CloseCode.ServerShutdown);
    });
    editor.close();
    watcher.close();

    const again = await start(dataDir);
    const reader = openEditor(again, lead, rec.id);
    await eventually(() => reader.provider.synced);
    expect(reader.body.toString()).toBe("Before the restart.");
  });
});
