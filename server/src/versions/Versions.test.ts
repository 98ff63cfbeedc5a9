import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { VersionEvent } from "@accord/protocol";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { eventually } from "../../../test/helpers/eventually.js";
import { LocalLeases, leaseName } from "../cluster/Leases.js";
import { createLogger } from "../logger.js";
import { openSqliteStore } from "../store/sqlite/SqliteStore.js";
import type { Store } from "../store/Store.js";
import { Versions, type VersionsOptions } from "./Versions.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real SQLite store with one user and `count` recommendations, each body one paragraph stored as its document. */
async function world(count: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-versions-"));
  const store = openSqliteStore({ file: path.join(dir, "accord.db") });
  cleanups.push(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const user = await store.createUser({ email: "ana@example.org", name: "Ana", passwordHash: "x" });
  const brief = await store.createBrief({ title: "Grids", description: "", createdBy: user.id });
  const sector = await store.createSector({ briefId: brief.id, name: "Energy", description: "" });
  const recs = [];
  for (let i = 0; i < count; i++) {
    const rec = await store.createRecommendation({
      briefId: brief.id,
      sectorId: sector.id,
      title: `R${i}`,
      ownerId: user.id,
    });
    // The body as the editor stores it: a paragraph in the "default" XML fragment.
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText(`Body ${i}`)]);
    doc.getXmlFragment("default").insert(0, [paragraph]);
    await store.appendUpdates(rec.id, [Y.encodeStateAsUpdate(doc)]);
    doc.destroy();
    recs.push(rec);
  }
  return { store, user, recs };
}

function versionsOver(store: Store, options: Partial<VersionsOptions> = {}) {
  const events: VersionEvent[] = [];
  const readStored = async <T>(docName: string, read: (doc: Y.Doc) => T): Promise<T> => {
    const stored = await store.loadDocument(docName);
    const doc = new Y.Doc();
    for (const part of [stored.snapshot, ...stored.updates]) if (part) Y.applyUpdate(doc, part);
    try {
      return read(doc);
    } finally {
      doc.destroy();
    }
  };
  const versions = new Versions({
    store,
    readStored,
    readAccepted: readStored,
    notify: { version: (event) => events.push(event) },
    logger: createLogger("silent"),
    ...options,
  });
  cleanups.push(() => versions.close());
  return { versions, events };
}

describe("Versions (server/src/versions/Versions.ts)", () => {
  it("[V5] at most maxPendingTimers documents wait; one more saves the one waiting longest at once", async () => {
    const { store, user, recs } = await world(3);
    const [a, b, c] = recs.map((r) => r.id) as [string, string, string];
    const { versions, events } = versionsOver(store, { pauseMs: 600_000, maxPendingTimers: 2 });
    versions.edited(a, [user.id]);
    versions.edited(b, [user.id]);
    versions.edited(a, [user.id]);
    expect(versions.pendingCount).toBe(2);
    versions.edited(c, [user.id]);
    expect(versions.pendingCount).toBe(2);
    await versions.whenIdle();
    const saved = await store.listVersions(a);
    expect(saved.map((v) => [v.kind, v.name, v.authorIds, v.status])).toEqual([["auto", "Edited", [user.id], "draft"]]);
    expect(await store.getVersion(saved[0]!.id)).toMatchObject({
      body: JSON.stringify({
        type: "doc",
        content: [{ type: "paragraph", content: [{ type: "text", text: "Body 0" }] }],
      }),
    });
    expect(events.map((e) => [e.type, e.recommendationId, e.version.id])).toEqual([
      ["version.created", a, saved[0]!.id],
    ]);
    expect(await store.listVersions(b)).toEqual([]);
    expect(await store.listVersions(c)).toEqual([]);
    // [V7] closing drops the pauses not over: nothing more is saved.
    await versions.close();
    expect(versions.pendingCount).toBe(0);
    expect(await store.listVersions(b)).toEqual([]);
  });

  it("[V4] a save that finds the document's lease held waits another pause, then saves", async () => {
    const { store, user, recs } = await world(1);
    const docName = recs[0]!.id;
    const leases = new LocalLeases();
    let release = () => {};
    const held = leases.run(leaseName.versions(docName), () => new Promise<void>((resolve) => (release = resolve)));
    const { versions } = versionsOver(store, { pauseMs: 50, leases });
    versions.edited(docName, [user.id]);
    // The first try found the lease held and put the document back to wait (with its authors).
    await eventually(async () => {
      await versions.whenIdle();
      expect(versions.pendingCount).toBe(1);
      expect(await store.listVersions(docName)).toEqual([]);
    });
    release();
    await held;
    await eventually(async () =>
      expect((await store.listVersions(docName)).map((v) => v.authorIds)).toEqual([[user.id]]),
    );
  });

  it("[V3] an automatic version names at most 20 authors; none when the body is the newest version's", async () => {
    const { store, recs } = await world(1);
    const docName = recs[0]!.id;
    const { versions } = versionsOver(store, { pauseMs: 20 });
    const many = Array.from({ length: 25 }, (_, i) => `user-${i}`);
    versions.edited(docName, many);
    await eventually(async () => expect(await store.listVersions(docName)).toHaveLength(1));
    expect((await store.listVersions(docName))[0]!.authorIds).toEqual(many.slice(0, 20));
    versions.edited(docName, ["user-x"]);
    await eventually(() => versions.pendingCount === 0);
    await versions.whenIdle();
    expect(await store.listVersions(docName)).toHaveLength(1);
  });

  it("[issue 20] a due automatic save waits while the event loop is saturated, at most maxDeferMs past its pause", async () => {
    const { store, user, recs } = await world(2);
    const [a, b] = recs.map((r) => r.id) as [string, string];
    let busy = true;
    const { versions } = versionsOver(store, { pauseMs: 50, load: { busy: () => busy }, maxDeferMs: 60_000 });
    versions.edited(a, [user.id]);
    // Asked every 250 ms and put off while busy: still waiting, nothing saved.
    await eventually(() => expect(versions.deferrals).toBeGreaterThanOrEqual(2));
    expect(versions.pendingCount).toBe(1);
    expect(await store.listVersions(a)).toEqual([]);
    busy = false;
    await eventually(async () => expect((await store.listVersions(a)).map((v) => v.kind)).toEqual(["auto"]));
    expect(versions.pendingCount).toBe(0);

    // Busy for good: the save runs once its longest deferral has passed.
    busy = true;
    const { versions: patient } = versionsOver(store, { pauseMs: 50, load: { busy: () => busy }, maxDeferMs: 300 });
    patient.edited(b, [user.id]);
    await eventually(async () => expect((await store.listVersions(b)).map((v) => v.kind)).toEqual(["auto"]));
    expect(patient.deferrals).toBeGreaterThanOrEqual(1);
  });
});
