import { CloseCode, EditRefusedReason } from "@accord/protocol";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addMember, ApiClient, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { redisServerMissing } from "../helpers/redisServer.js";
import type { SpawnedServer } from "../helpers/spawnServer.js";
import { type Backend, type Cluster, mongoBackend, sqliteBackend, startCluster } from "./cluster.js";
import {
  type ClusterEditor,
  openClusterEditor,
  paragraph,
  paragraphTexts,
  startTyping,
  type Typist,
} from "./clusterEditor.js";

/**
 * Issue 17: several Accord processes serve one brief, with a real Redis between them, over one
 * host's SQLite file (and MongoDB when MONGODB_URL is set). Three real processes, started as
 * `npm run serve` starts them; clients are y-websocket providers behind a "load balancer" that
 * routes each (re)connection to a running process.
 */

const PROCESSES = 3;
/** How long the cluster may take to converge after a fault: Redis' reconnect backoff is 2 s at most. */
const CONVERGE_MS = 20_000;
/** How long anything else the suite waits for may take, on a loaded machine. */
const WAIT = { timeoutMs: 10_000 };
const TEST_TIMEOUT_MS = 90_000;
const RECOMMENDATION_TITLE = "Build cross-border grid links";

const redisMissing = redisServerMissing();
if (redisMissing) console.warn(`SKIPPED test/cluster/multiProcess.test.ts: ${redisMissing}`);
const mongoUrl = process.env.MONGODB_URL;
if (!mongoUrl) console.warn("SKIPPED the multi-process suite on MongoDB: MONGODB_URL is not set");

const backends: Array<{ name: string; make: (() => Backend) | null }> = [
  { name: "one SQLite file", make: sqliteBackend },
  { name: "MongoDB", make: mongoUrl ? () => mongoBackend(mongoUrl) : null },
];

for (const { name, make } of backends) {
  describe.skipIf(redisMissing !== null || make === null)(`${PROCESSES} Accord processes and Redis on ${name}`, () => {
    let backend: Backend;
    let cluster: Cluster;
    const cleanups: Array<() => unknown> = [];

    beforeAll(async () => {
      backend = make!();
      cluster = await startCluster(backend, PROCESSES);
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
      await backend?.remove();
    }, 60_000);
    beforeEach(async () => {
      // A test that killed something leaves the next one a whole cluster.
      if (!cluster.redisRunning) await cluster.restartRedis();
      await cluster.replaceDead();
    }, 60_000);
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    const accord = (index: number): SpawnedServer => cluster.processes[index]!;

    /** Routes to process `index` while it runs, otherwise to the first one running: a balancer's health check. */
    const balancer = (index: number) => () => {
      const preferred = accord(index);
      if (cluster.isRunning(preferred)) return preferred.url;
      const running = cluster.processes.find((one) => cluster.isRunning(one));
      if (!running) throw new Error("no Accord process is running");
      return running.url;
    };

    function open(client: ApiClient, docName: string, index: number): ClusterEditor {
      const editor = openClusterEditor({ route: balancer(index), cookie: client.cookie!, docName });
      cleanups.push(() => editor.destroy());
      return editor;
    }

    async function openSynced(client: ApiClient, docName: string, index: number): Promise<ClusterEditor> {
      const editor = open(client, docName, index);
      await eventually(() => editor.synced, WAIT);
      return editor;
    }

    function type(editor: ClusterEditor, letter: string): Typist {
      const typist = startTyping(editor, letter, 25);
      cleanups.push(() => typist.stop());
      return typist;
    }

    /** A lead with a brief and a recommendation made through process 0, and members signed up through the others. */
    async function team(roles: string[]) {
      const lead = await buildUser(accord(0).url, "Lena Lead");
      const brief = await buildBrief(lead);
      const sector = await buildSector(lead, brief.id);
      const rec = await buildRecommendation(lead, brief.id, sector.id, RECOMMENDATION_TITLE);
      const members: ApiClient[] = [];
      for (const [i, role] of roles.entries()) {
        const member = await buildUser(accord((i + 1) % PROCESSES).url, `Member ${String.fromCharCode(65 + i)}`);
        await addMember(lead, member, brief.id, role);
        members.push(member);
      }
      return { lead, briefId: brief.id, sectorId: sector.id, docName: rec.id, members };
    }

    /**
     * The body's paragraphs as the store holds them, read through one process's Markdown export
     * (which reads the store once the process's own room stored what it accepted).
     */
    async function storedParagraphs(
      lead: ApiClient,
      briefId: string,
      index: number,
      title = RECOMMENDATION_TITLE,
    ): Promise<string[]> {
      const response = await fetch(`${balancer(index)()}/api/briefs/${briefId}/export?format=md&statuses=draft`, {
        headers: { cookie: lead.cookie! },
      });
      const markdown = await response.text();
      if (response.status !== 200) throw new Error(`export: ${response.status} ${markdown}`);
      // The recommendation's heading and the line of its status (not approved), then its
      // paragraphs, one block each, up to the next heading.
      const blocks = markdown.split(/\n{2,}/).map((block) => block.trim());
      const heading = blocks.indexOf(`### ${title}`);
      if (heading < 0) throw new Error(`export: no recommendation titled ${title}:\n${markdown}`);
      const body: string[] = [];
      for (const block of blocks.slice(heading + 1)) {
        if (block.startsWith("#")) break;
        if (block !== "" && !/^\*Status: .*\*$/.test(block)) body.push(block);
      }
      return body;
    }

    /** Every editor connected, synced and holding the same body; that body's paragraphs. */
    async function converged(editors: ClusterEditor[], timeoutMs = CONVERGE_MS): Promise<string[]> {
      return eventually(
        () => {
          for (const editor of editors) expect(editor.synced).toBe(true);
          const bodies = editors.map((editor) => editor.body.toString());
          expect(new Set(bodies).size).toBe(1);
          return paragraphTexts(editors[0]!.body);
        },
        { timeoutMs },
      );
    }

    /** Every editor's body, and a fresh reader's on every process, and the store's, are `expected`. */
    async function expectEverywhere(
      editors: ClusterEditor[],
      lead: ApiClient,
      briefId: string,
      docName: string,
      expected: string[],
    ) {
      const sorted = [...expected].sort();
      const texts = await converged(editors);
      expect([...texts].sort()).toEqual(sorted);
      for (let index = 0; index < PROCESSES; index++) {
        // A fresh client soon after another is sent the answer the first got and then, in the
        // next frame, what was stored since (collab SPEC P12): "synced" comes between the two.
        const reader = await openSynced(lead, docName, index);
        await eventually(
          () =>
            expect({ via: reader.connections, body: reader.body.toString() }).toEqual({
              via: reader.connections,
              body: editors[0]!.body.toString(),
            }),
          WAIT,
        );
        expect(await storedParagraphs(lead, briefId, index)).toEqual(texts);
      }
    }

    it("two people on one recommendation through different processes converge, carets included", {
      timeout: TEST_TIMEOUT_MS,
    }, async () => {
      const { lead, briefId, docName, members } = await team(["editor", "editor"]);
      const [ana, ben] = members as [ApiClient, ApiClient];
      const first = await openSynced(ana, docName, 0);
      const second = await openSynced(ben, docName, 1);
      const watcher = await openSynced(lead, docName, 2);
      const all = [first, second, watcher];

      first.body.push([paragraph("From the first process.")]);
      await eventually(() => {
        for (const editor of all) expect(editor.body.toString()).toBe("<paragraph>From the first process.</paragraph>");
      }, WAIT);
      second.body.push([paragraph("From the second process.")]);
      await eventually(() => {
        for (const editor of all)
          expect(paragraphTexts(editor.body)).toEqual(["From the first process.", "From the second process."]);
      }, WAIT);

      // Both type at once, each in their own paragraph, keystroke by keystroke.
      const firstText = first.body.get(0) as Y.XmlElement;
      const secondText = second.body.get(1) as Y.XmlElement;
      for (let i = 0; i < 30; i++) {
        (firstText.get(0) as Y.XmlText).insert((firstText.get(0) as Y.XmlText).length, ` a${i}`);
        (secondText.get(0) as Y.XmlText).insert(0, `b${i} `);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const expectedFirst = `From the first process.${Array.from({ length: 30 }, (_, i) => ` a${i}`).join("")}`;
      const expectedSecond = `${Array.from({ length: 30 }, (_, i) => `b${29 - i} `).join("")}From the second process.`;
      await eventually(() => {
        for (const editor of all) expect(paragraphTexts(editor.body)).toEqual([expectedFirst, expectedSecond]);
      }, WAIT);

      first.provider.awareness.setLocalStateField("user", { name: "Ana on process 0" });
      await eventually(() => {
        const names = [...second.provider.awareness.getStates().values()].map((state) => state.user?.name);
        expect(names).toContain("Ana on process 0");
      }, WAIT);

      await expectEverywhere(all, lead, briefId, docName, [expectedFirst, expectedSecond]);
    });

    it("a viewer's edit is refused on every process, and so is a demoted editor's", {
      timeout: TEST_TIMEOUT_MS,
    }, async () => {
      // Viewers: a reviewer's connection suggests (collab SPEC P16) and its plain edit closes it.
      const { lead, briefId, docName, members } = await team(["viewer", "editor", "editor"]);
      const [viewer, writer, demoted] = members as [ApiClient, ApiClient, ApiClient];
      const author = await openSynced(writer, docName, 0);
      author.body.push([paragraph("Settled text.")]);
      const copies = await Promise.all(
        Array.from({ length: PROCESSES }, (_, index) => openSynced(viewer, docName, index)),
      );
      await eventually(() => {
        for (const copy of copies) expect(paragraphTexts(copy.body)).toEqual(["Settled text."]);
      }, WAIT);

      copies.forEach((copy, index) => copy.body.push([paragraph(`Viewer rewrite ${index}.`)]));
      await eventually(() => {
        for (const copy of copies) expect(copy.refusals).toContain(EditRefusedReason.Role);
      }, WAIT);

      // Demoted through process 0 while connected to process 2: that socket is closed, its
      // reconnection is read-only, and what it types next is refused.
      const demotedCopy = await openSynced(demoted, docName, 2);
      const patched = await lead.patch(`/api/briefs/${briefId}/members/${demoted.user!.id}`, { role: "viewer" });
      expect(patched.status).toBe(200);
      await eventually(() => expect(demotedCopy.closes).toContain(CloseCode.PermissionsChanged), WAIT);
      await eventually(() => expect(demotedCopy.synced).toBe(true), WAIT);
      demotedCopy.body.push([paragraph("Typed after the demotion.")]);
      await eventually(() => expect(demotedCopy.refusals).toContain(EditRefusedReason.Role), WAIT);

      // A later edit that is allowed reaches every copy: the refused ones never did.
      author.body.push([paragraph("Later text.")]);
      const readers = [author, ...(await Promise.all([0, 1, 2].map((index) => openSynced(lead, docName, index))))];
      await eventually(() => {
        for (const reader of readers) expect(paragraphTexts(reader.body)).toEqual(["Settled text.", "Later text."]);
      }, WAIT);
      for (let index = 0; index < PROCESSES; index++)
        expect(await storedParagraphs(lead, briefId, index)).toEqual(["Settled text.", "Later text."]);
    });

    it("[P16] a reviewer suggests through one process on text an editor writes through another", {
      timeout: TEST_TIMEOUT_MS,
    }, async () => {
      const { docName, members } = await team(["reviewer", "editor"]);
      const [reviewer, writer] = members as [ApiClient, ApiClient];
      const author = await openSynced(writer, docName, 0);
      author.body.push([paragraph("Settled text.")]);
      const rita = await openSynced(reviewer, docName, 1);
      await eventually(() => expect(paragraphTexts(rita.body)).toEqual(["Settled text."]), WAIT);
      const own = (id: string) => ({ id, authorId: reviewer.user!.id as string, createdAt: 1_700_000_000_000 });
      const runOf = (copy: ClusterEditor) => (copy.body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      // Her first suggestion makes process 1's room keep a replica for its guard; the editor's
      // next words reach it from process 0 as a remote batch, and she may mark them too.
      runOf(rita).format(0, 7, { suggestionDelete: own("rita-delete-1") });
      await eventually(() => expect(author.body.toString()).toContain('id="rita-delete-1"'), WAIT);
      runOf(author).insert(13, " More words.");
      await eventually(() => expect(runOf(rita).toString()).toContain(" More words."), WAIT);
      runOf(rita).format(14, 4, { suggestionDelete: own("rita-delete-2") });
      runOf(rita).insert(25, " Rita's", { suggestionInsert: own("rita-insert-1") });
      const fresh = await openSynced(writer, docName, 2);
      await eventually(() => {
        for (const copy of [author, fresh]) expect(copy.body.toString()).toBe(rita.body.toString());
      }, WAIT);
      expect(rita.body.toString()).toContain('id="rita-delete-2">More</suggestionDelete>');
      expect(rita.body.toString()).toContain('id="rita-insert-1"> Rita\'s</suggestionInsert>');
      expect(rita.closes).toEqual([]);
    });

    it("a member removed on one process loses the document socket on the others", {
      timeout: TEST_TIMEOUT_MS,
    }, async () => {
      const { lead, briefId, docName, members } = await team(["editor"]);
      const [member] = members as [ApiClient];
      const onFirst = await openSynced(member, docName, 1);
      const onSecond = await openSynced(member, docName, 2);
      const leadCopy = await openSynced(lead, docName, 0);
      onFirst.body.push([paragraph("Written while a member.")]);
      await eventually(() => expect(paragraphTexts(leadCopy.body)).toEqual(["Written while a member."]), WAIT);

      const removed = await lead.delete(`/api/briefs/${briefId}/members/${member.user!.id}`);
      expect(removed.status).toBe(204);
      await eventually(() => {
        for (const copy of [onFirst, onSecond]) {
          expect(copy.closes).toContain(CloseCode.AccessRevoked);
          expect(copy.provider.wsconnected).toBe(false);
          // 44xx is final: y-websocket does not reconnect.
          expect(copy.provider.shouldConnect).toBe(false);
        }
      }, WAIT);
      for (const index of [1, 2]) {
        const rest = await fetch(`${accord(index).url}/api/briefs/${briefId}/recommendations/${docName}`, {
          headers: { cookie: member.cookie! },
        });
        expect([403, 404]).toContain(rest.status);
      }
      // A new connection of the removed member is refused by every process.
      for (let index = 0; index < PROCESSES; index++) {
        const again = open(member, docName, index);
        await eventually(
          () => expect(again.closes.length + Number(!again.provider.shouldConnect)).toBeGreaterThan(0),
          WAIT,
        );
        expect(again.synced).toBe(false);
      }
      expect(await storedParagraphs(lead, briefId, 0)).toEqual(["Written while a member."]);
    });

    it("Redis killed and restarted mid-typing loses nothing, and every process catches up", {
      timeout: TEST_TIMEOUT_MS,
    }, async () => {
      const { lead, briefId, docName, members } = await team(["editor", "editor", "editor", "editor", "editor"]);
      const people = [lead, ...members];
      const editors = await Promise.all(people.map((person, i) => openSynced(person, docName, i % PROCESSES)));
      const typists = editors.map((editor, i) => type(editor, String.fromCharCode(97 + i)));
      const typedAtLeast = (more: number) => {
        const from = typists.map((typist) => typist.count);
        return eventually(() => typists.every((typist, i) => typist.count >= from[i]! + more), WAIT);
      };
      // Everyone sees everyone's paragraph before the fault.
      await eventually(() => {
        for (const editor of editors) expect(editor.body.length).toBe(people.length);
      }, WAIT);
      await typedAtLeast(5);

      await cluster.killRedis();
      // Every process noticed: its clients were told "Reconnecting" (4500), never left diverging.
      await eventually(() => {
        for (const editor of editors) expect(editor.closes).toContain(CloseCode.StoreUnavailable);
      }, WAIT);
      await typedAtLeast(10);
      await cluster.restartRedis();
      await eventually(
        () => {
          for (const editor of editors) expect(editor.synced).toBe(true);
        },
        { timeoutMs: CONVERGE_MS },
      );
      await typedAtLeast(10);
      for (const typist of typists) typist.stop();

      await expectEverywhere(
        editors,
        lead,
        briefId,
        docName,
        typists.map((typist) => typist.typed()),
      );
    });

    it("one process SIGKILLed mid-typing: its clients reconnect to another, and every edit any client saw is stored", {
      timeout: TEST_TIMEOUT_MS,
    }, async () => {
      const { lead, briefId, sectorId, docName, members } = await team([
        "editor",
        "editor",
        "editor",
        "editor",
        "editor",
      ]);
      const people = [lead, ...members];
      const editors = await Promise.all(people.map((person, i) => openSynced(person, docName, i % PROCESSES)));
      const victim = accord(1);
      // Beside them, someone typing alone through the process that dies into another
      // recommendation, whose tab never reconnects: what the others saw of it must be stored
      // already (durable before visible, across processes), since no one will send it again.
      const lone = await buildRecommendation(lead, briefId, sectorId, "Typed where the process dies");
      const tab = openClusterEditor({ route: () => victim.url, cookie: members[0]!.cookie!, docName: lone.id });
      cleanups.push(() => tab.destroy());
      await eventually(() => tab.synced, WAIT);
      const watchers = await Promise.all([0, 2].map((index) => openSynced(lead, lone.id, index)));

      const typists = editors.map((editor, i) => type(editor, String.fromCharCode(97 + i)));
      const loneTypist = type(tab, "z");
      const typedAtLeast = (more: number) => {
        const from = typists.map((typist) => typist.count);
        return eventually(() => typists.every((typist, i) => typist.count >= from[i]! + more), WAIT);
      };
      await eventually(() => {
        for (const editor of editors) expect(editor.body.length).toBe(people.length);
        for (const watcher of watchers) expect(paragraphTexts(watcher.body)[0]).toMatch(/^z0\.z1\.z2\./);
      }, WAIT);
      await typedAtLeast(5);

      const orphans = editors.filter((_, i) => i % PROCESSES === 1);
      await cluster.kill(victim);
      loneTypist.stop();
      // Its clients reconnect to another process (they keep typing meanwhile) and type on there.
      await eventually(
        () => {
          for (const editor of orphans) {
            expect(editor.connections.at(-1)).not.toBe(victim.url);
            expect(editor.synced).toBe(true);
          }
        },
        { timeoutMs: CONVERGE_MS },
      );
      await typedAtLeast(10);
      for (const typist of typists) typist.stop();
      await expectEverywhere(
        editors,
        lead,
        briefId,
        docName,
        typists.map((typist) => typist.typed()),
      );

      // The lone tab's text: what its watchers saw is stored, nothing was invented, and the
      // watchers' processes end up with exactly what is stored.
      const [stored] = await storedParagraphs(lead, briefId, 0, "Typed where the process dies");
      expect(loneTypist.typed().startsWith(stored!)).toBe(true);
      for (const watcher of watchers) expect(stored!.startsWith(paragraphTexts(watcher.body)[0]!)).toBe(true);
      await eventually(() => {
        for (const watcher of watchers) expect(paragraphTexts(watcher.body)).toEqual([stored]);
      }, WAIT);
    });

    it("a thread's range listed through a process without the document's room follows edits made through another", {
      timeout: TEST_TIMEOUT_MS,
    }, async () => {
      const { briefId, docName, members } = await team(["editor", "reviewer"]);
      const [writer, reviewer] = members as [ApiClient, ApiClient];
      const author = await openSynced(writer, docName, 0);
      author.body.push([paragraph("alpha beta gamma delta")]);
      const text = (author.body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
      const threads = `/api/briefs/${briefId}/recommendations/${docName}/threads`;
      // Process 2 holds no room of the document: nobody there has it open.
      const onTwo = new ApiClient(accord(2).url);
      onTwo.cookie = reviewer.cookie;
      const anchor = {
        from: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 6, 0)),
        to: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 16, -1)),
      };
      await eventually(async () => {
        const created = await onTwo.post(threads, { anchor, quote: "beta gamma", body: "Which beta?" });
        expect(created.status).toBe(201);
      }, WAIT);
      expect((await onTwo.get(threads)).body.threads.map((thread: any) => thread.anchorState)).toEqual([
        { state: "attached", text: "beta gamma" },
      ]);
      text.insert(11, "NEW ");
      await eventually(async () => {
        expect((await onTwo.get(threads)).body.threads.map((thread: any) => thread.anchorState)).toEqual([
          { state: "attached", text: "beta NEW gamma" },
        ]);
      }, WAIT);
    });
  });
}
