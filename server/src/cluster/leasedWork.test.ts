import { skippedUnless } from "../../../test/helpers/skipped.js";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { eventually } from "../../../test/helpers/eventually.js";
import { redisServerMissing, startRedis, type TestRedis } from "../../../test/helpers/redisServer.js";
import { CitationTracker } from "../citations/CitationTracker.js";
import { Compactor } from "../collab/Compactor.js";
import { createLogger } from "../logger.js";
import type { MailMessage, Mailer } from "../mail/Mailer.js";
import { NotificationDigest } from "../notifications/Digest.js";
import type { DocumentLog } from "../store/DocumentLog.js";
import { openSqliteDocumentLog } from "../store/sqlite/documentLog.js";
import { openSqliteStore } from "../store/sqlite/SqliteStore.js";
import { type Leases, RedisLeases } from "./Leases.js";
import { connectRedis } from "./redis.js";

/**
 * Compaction and citation recomputation of one document on two processes at once: each
 * "process" here has its own Redis link, its own store connection to one SQLite file on disk,
 * and its own Compactor or CitationTracker; only the lease keeps them apart.
 */

const missing = redisServerMissing();
if (missing) console.warn(`SKIPPED server/src/cluster/leasedWork.test.ts: ${missing}`);

const logger = createLogger("silent");

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Counts work running at once across every process of the test, and the most ever seen. */
function probe() {
  const seen = { running: 0, most: 0, runs: 0 };
  return {
    seen,
    async around<T>(work: () => Promise<T>): Promise<T> {
      seen.running++;
      seen.runs++;
      seen.most = Math.max(seen.most, seen.running);
      try {
        return await work();
      } finally {
        seen.running--;
      }
    },
  };
}

describe.skipIf(missing !== null)(skippedUnless("work leased across processes", missing), () => {
  let redis: TestRedis;
  let dir: string;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  async function leasesOfAProcess() {
    const link = await connectRedis(redis.url, { logger, connectTimeoutMs: 5_000 });
    cleanups.push(() => link.close());
    return new RedisLeases({ redis: link.command, logger });
  }

  it("two processes asked to compact one document at once: one compaction runs, and the store holds one snapshot", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-leased-compaction-"));
    const file = path.join(dir, "accord.db");
    const counter = probe();
    const held = gate();
    const processes = await Promise.all(
      [0, 1].map(async () => {
        const log = openSqliteDocumentLog({ file });
        cleanups.push(() => log.close());
        // The probe stands between the compactor and the real log: it counts and holds.
        const probed: DocumentLog = {
          loadDocument: (docName) => log.loadDocument(docName),
          appendUpdates: (docName, updates) => log.appendUpdates(docName, updates),
          documentStats: (docName) => log.documentStats(docName),
          compactDocument: (docName, merge) =>
            counter.around(async () => {
              await held.opened;
              return log.compactDocument(docName, merge);
            }),
        };
        const compactor = new Compactor({
          store: probed,
          logger,
          afterUpdates: 1,
          afterBytes: Number.MAX_SAFE_INTEGER,
          leases: await leasesOfAProcess(),
        });
        return { log, compactor };
      }),
    );
    const [one, two] = processes as [(typeof processes)[0], (typeof processes)[0]];
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    for (const word of ["trade ", "under ", "the ", "USMCA"])
      doc.getText("body").insert(doc.getText("body").length, word);
    const stats = await one.log.appendUpdates("rec-1", updates);
    expect(stats.updateCount).toBe(4);

    one.compactor.consider("rec-1", stats);
    await eventually(() => expect(counter.seen.running).toBe(1));
    two.compactor.consider("rec-1", stats);
    // The second process was refused the lease: it has nothing running.
    await two.compactor.whenIdle();
    expect(counter.seen).toEqual({ running: 1, most: 1, runs: 1 });
    held.open();
    await one.compactor.whenIdle();
    expect(counter.seen).toEqual({ running: 0, most: 1, runs: 1 });
    const stored = await two.log.loadDocument("rec-1");
    expect(stored.updates).toEqual([]);
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, stored.snapshot!);
    expect(loaded.getText("body").toString()).toBe("trade under the USMCA");
    // The lease was released: the next batch of either process compacts again.
    const more = await two.log.appendUpdates("rec-1", [Y.encodeStateAsUpdate(doc)]);
    two.compactor.consider("rec-1", more);
    await two.compactor.whenIdle();
    expect(counter.seen.runs).toBe(2);
  });

  it("two processes recomputing one document's citations never run at once, and the one refused computes once more after", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-leased-citations-"));
    const file = path.join(dir, "accord.db");
    const setupStore = openSqliteStore({ file });
    const user = await setupStore.createUser({ email: "lena@example.org", name: "Lena", passwordHash: "x" });
    const brief = await setupStore.createBrief({ title: "Trade", description: "", createdBy: user.id });
    const sector = await setupStore.createSector({ briefId: brief.id, name: "Energy", description: "" });
    const rec = await setupStore.createRecommendation({
      briefId: brief.id,
      sectorId: sector.id,
      title: "Grid links",
      ownerId: user.id,
    });
    const [source] = await setupStore.createSources(brief.id, [{ type: "book", title: "Grids" }], user.id);
    const citation = await setupStore.createCitation({
      briefId: brief.id,
      quote: null,
      notes: [],
      sourceIds: [],
      sourcesChosen: true,
      sourceId: source!.id,
      locator: null,
      createdBy: user.id,
      evidenceId: null,
      reportId: null,
    });
    await setupStore.close();

    // The body both processes read as stored; the test edits it between their reads.
    const body = new Y.Doc();
    const counter = probe();
    const firstRead = gate();
    const readsByProcess = [0, 0];
    const refusedByProcess = [0, 0];
    const trackers = await Promise.all(
      [0, 1].map(async (index) => {
        const store = openSqliteStore({ file });
        const redisLeases = await leasesOfAProcess();
        const leases: Leases = {
          run: async (name, work) => {
            const outcome = await redisLeases.run(name, work);
            if (!outcome.ran) refusedByProcess[index]!++;
            return outcome;
          },
        };
        const tracker = new CitationTracker({
          store,
          readStored: (_docName, read) =>
            counter.around(async () => {
              readsByProcess[index]!++;
              // Read now, answered later: the first recomputation holds the body as it was.
              const value = read(body);
              if (counter.seen.runs === 1) await firstRead.opened;
              return value;
            }),
          notify: { recommendation: () => {} },
          logger,
          debounceMs: 20,
          leases,
        });
        cleanups.push(async () => {
          await tracker.close();
          await store.close();
        });
        return tracker;
      }),
    );
    const [one, two] = trackers as [CitationTracker, CitationTracker];
    one.schedule(rec.id);
    await eventually(() => expect(counter.seen.running).toBe(1));
    // Process two stores an edit (a citation) while process one's recomputation reads the old body.
    const element = new Y.XmlElement("citation");
    element.setAttribute("citationId", citation.id);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [element]);
    body.getXmlFragment("default").push([paragraph]);
    two.schedule(rec.id);
    // Two's timer fires (20 ms) and finds the lease held, again after each debounce, while one still reads.
    await eventually(() => expect(refusedByProcess[1]).toBeGreaterThanOrEqual(2));
    expect(readsByProcess).toEqual([1, 0]);
    firstRead.open();
    await eventually(() => expect(readsByProcess).toEqual([1, 1]));
    await two.flush();
    await one.flush();
    expect(counter.seen.most).toBe(1);
    const check = openSqliteStore({ file });
    cleanups.push(() => check.close());
    expect((await check.getRecommendation(rec.id))!.citationIds).toEqual([citation.id]);
  });

  it("two processes sweeping digests at once mail a person once", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-leased-digest-"));
    const file = path.join(dir, "accord.db");
    const setupStore = openSqliteStore({ file });
    const lead = await setupStore.createUser({ email: "lena@example.org", name: "Lena", passwordHash: "x" });
    const bea = await setupStore.createUser({ email: "bea@example.org", name: "Bea", passwordHash: "x" });
    const brief = await setupStore.createBrief({ title: "Trade", description: "", createdBy: lead.id });
    await setupStore.putMember(brief.id, bea.id, "editor");
    const sector = await setupStore.createSector({ briefId: brief.id, name: "Energy", description: "" });
    const rec = await setupStore.createRecommendation({
      briefId: brief.id,
      sectorId: sector.id,
      title: "Grid links",
      ownerId: lead.id,
    });
    await setupStore.addNotifications(
      [
        {
          userId: bea.id,
          kind: "approved",
          briefId: brief.id,
          recommendationId: rec.id,
          threadId: null,
          commentId: null,
          actorId: lead.id,
          excerpt: null,
        },
      ],
      500,
    );
    await setupStore.close();

    const sent: MailMessage[] = [];
    const firstSend = gate();
    const digests = await Promise.all(
      [0, 1].map(async () => {
        const store = openSqliteStore({ file });
        // The mail server answers the first mail only when the test lets it.
        const mailer: Mailer = {
          send: async (message) => {
            sent.push(message);
            if (sent.length === 1) await firstSend.opened;
          },
          close: () => {},
        };
        const digest = new NotificationDigest({
          store,
          mailer,
          logger,
          publicUrl: () => "http://accord.test",
          intervalMs: 60_000,
          leases: await leasesOfAProcess(),
        });
        cleanups.push(async () => {
          await digest.close();
          await store.close();
        });
        return digest;
      }),
    );
    const [one, two] = digests as [NotificationDigest, NotificationDigest];
    const first = one.sweep();
    await eventually(() => expect(sent).toHaveLength(1));
    // Process two reaches Bea while process one is mailing her: it sends nothing.
    await two.sweep();
    expect(sent).toHaveLength(1);
    firstSend.open();
    await first;
    // Afterwards her digest is marked: neither sends it again.
    await Promise.all([one.sweep(), two.sweep()]);
    expect(sent.map((message) => message.to)).toEqual(["bea@example.org"]);
  });
});
