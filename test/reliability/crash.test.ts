import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addMember, buildBrief, buildRecommendation, buildSector, buildUser, type ApiClient } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { spawnServer, type SpawnedServer } from "../helpers/spawnServer.js";
import { makeTempDir } from "../helpers/startServer.js";
import { openEditor, type Editor } from "./editors.js";
import { type Random, seededRandom } from "./prng.js";

/**
 * SPEC D1 and D6 under load, against the server as its own process: 20 editors type into
 * 4 documents; the process is killed with SIGKILL at a seeded moment, 10 times over the same
 * DATA_DIR; then once more it is stopped with SIGTERM.
 *
 * What must survive a SIGKILL is everything the server relayed: the server relays an update
 * only once stored (D1), so whatever any editor received from others is in the store. An
 * editor's document holds, for every other client id, exactly the contiguous run of that
 * client's items it received, so its state vector (without its own entry) is what it saw
 * relayed; the stored document's state vector must reach at least as far, for every client,
 * in every document. An editor's own edits that were never relayed may be lost: it would
 * resend them itself, but each round here starts with new editors.
 */

const EDITORS = 20;
const DOCUMENTS = 4;
const KILL_ROUNDS = 10;

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Team {
  members: ApiClient[];
  docNames: string[];
}

/** The lead and 19 editors invited through real invite links, and the documents they write. */
async function buildTeam(baseUrl: string): Promise<Team> {
  const lead = await buildUser(baseUrl, "Lena Lead");
  const brief = await buildBrief(lead);
  const sector = await buildSector(lead, brief.id);
  const docNames: string[] = [];
  for (let i = 0; i < DOCUMENTS; i++)
    docNames.push((await buildRecommendation(lead, brief.id, sector.id, `Recommendation ${i + 1}`)).id);
  const others = await Promise.all(
    Array.from({ length: EDITORS - 1 }, (_unused, i) => buildUser(baseUrl, `Editor ${String.fromCharCode(65 + i)}`)),
  );
  for (const editor of others) await addMember(lead, editor, brief.id, "editor");
  return { members: [lead, ...others], docNames };
}

/** Per document, per client id: how far (exclusive clock) someone has seen that client's items relayed. */
type Seen = Map<string, Map<number, number>>;

function recordSeen(seen: Seen, docName: string, editor: Editor): void {
  const byClient = seen.get(docName) ?? new Map<number, number>();
  seen.set(docName, byClient);
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(editor.doc))) {
    if (client === editor.doc.clientID) continue; // its own edits were not necessarily relayed
    byClient.set(client, Math.max(byClient.get(client) ?? 0, clock));
  }
}

function typeAway(editors: Editor[], random: Random) {
  const timers = editors.map((editor, index) =>
    setInterval(
      () => {
        // Each editor types its own letter, so any loss would also show in the text.
        const letter = String.fromCharCode(65 + (index % 26));
        editor.text.insert(random.int(0, editor.text.length), letter.repeat(random.int(1, 2)));
      },
      random.int(20, 40),
    ),
  );
  const stop = () => timers.forEach((timer) => clearInterval(timer));
  cleanups.push(stop);
  return stop;
}

describe("durability across killed server processes", () => {
  // Each WebsocketProvider registers a process 'exit' handler (to say goodbye to its peers);
  // 24 at once are expected here, not a leak.
  process.setMaxListeners(EDITORS + DOCUMENTS + 10);

  it("[D1][D6] 10 SIGKILLs while 20 editors type lose nothing anyone saw relayed; SIGTERM flushes everything and exits 0", async () => {
    const random = seededRandom("crash");
    const dataDir = makeTempDir("accord-crash-");
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const start = async (): Promise<SpawnedServer> => {
      // Nineteen concurrent signups count against the limit until they finish.
      const spawned = await spawnServer({ DATA_DIR: dataDir, LOGIN_RATE_LIMIT: "1000" });
      cleanups.push(() => spawned.stop("SIGKILL"));
      return spawned;
    };
    const open = (server: SpawnedServer, member: ApiClient, docName: string, doc?: Y.Doc) => {
      const editor = openEditor(server.url, member.cookie!, docName, doc);
      cleanups.push(() => editor.destroy());
      return editor;
    };
    const openAll = async (server: SpawnedServer, team: Team, docs?: Y.Doc[]) => {
      const editors = team.members.map((member, i) => open(server, member, team.docNames[i % DOCUMENTS]!, docs?.[i]));
      await eventually(() => editors.every((editor) => editor.provider.synced), { timeoutMs: 10_000 });
      return editors;
    };

    /** Everything any editor saw relayed is in what a fresh reader loads from the store. */
    const expectStored = async (server: SpawnedServer, team: Team, seen: Seen) => {
      let checked = 0;
      for (const docName of team.docNames) {
        const reader = open(server, team.members[0]!, docName);
        await eventually(() => reader.provider.synced);
        const stored = Y.decodeStateVector(Y.encodeStateVector(reader.doc));
        const missing = [...(seen.get(docName) ?? [])].filter(([client, clock]) => (stored.get(client) ?? 0) < clock);
        expect({ docName, missing }).toEqual({ docName, missing: [] });
        for (const clock of seen.get(docName)?.values() ?? []) checked += clock;
        reader.destroy();
      }
      return checked;
    };

    let server = await start();
    const team = await buildTeam(server.url);
    const seen: Seen = new Map();
    let survived = 0;
    for (let round = 1; round <= KILL_ROUNDS; round++) {
      const editors = await openAll(server, team);
      const stopTyping = typeAway(editors, random);
      // A seeded moment in the middle of the typing; what is being written then is the test.
      await new Promise((resolve) => setTimeout(resolve, random.int(250, 1000)));
      expect(await server.stop("SIGKILL")).toBeNull();
      stopTyping();
      // The process is gone: nothing more can be relayed, so this is all anyone saw.
      editors.forEach((editor, i) => recordSeen(seen, team.docNames[i % DOCUMENTS]!, editor));
      editors.forEach((editor) => editor.destroy());

      server = await start();
      const items = await expectStored(server, team, seen);
      survived++;
      console.log(`[crash] round ${round}: killed, restarted; ${items} relayed characters, all stored`);
    }

    // SIGTERM: the editors keep their documents, so that whatever the server had not accepted
    // before closing their sockets they resend to the next process (D6: nothing is lost).
    const editors = await openAll(server, team);
    // What each document held before this round's typing (every editor synced it from the store).
    const before = team.docNames.map((_docName, d) => editors[d]!.text.toString());
    const typed = editors.map(() => "");
    editors.forEach((editor, i) =>
      editor.text.observe((event) => {
        if (event.transaction.local)
          for (const delta of event.changes.delta) if (typeof delta.insert === "string") typed[i] += delta.insert;
      }),
    );
    const stopTyping = typeAway(editors, random);
    await new Promise((resolve) => setTimeout(resolve, random.int(250, 1000)));
    const exited = server.stop("SIGTERM");
    stopTyping();
    expect(await exited).toBe(0);
    expect(server.output()).not.toContain("the store did not take");
    editors.forEach((editor, i) => recordSeen(seen, team.docNames[i % DOCUMENTS]!, editor));
    const docs = editors.map((editor) => editor.doc);
    editors.forEach((editor) => editor.provider.destroy());

    server = await start();
    await expectStored(server, team, seen);
    const again = await openAll(server, team, docs);
    for (const [d, docName] of team.docNames.entries()) {
      const writers = again.filter((_editor, i) => i % DOCUMENTS === d);
      const typedHere = writers.map((_editor, i) => typed[d + i * DOCUMENTS]!).join("");
      const everyLetter = sorted(before[d]! + typedHere);
      const reader = open(server, team.members[0]!, docName);
      await eventually(
        () => {
          expect(reader.text.toString()).toBe(writers[0]!.text.toString());
          for (const writer of writers) expect(writer.text.toString()).toBe(reader.text.toString());
        },
        { timeoutMs: 10_000 },
      );
      expect(sorted(reader.text.toString())).toBe(everyLetter);
    }
    console.log(
      `[crash] survived ${survived} SIGKILL rounds and a SIGTERM; ${EDITORS} editors, ${DOCUMENTS} documents`,
    );
    // A bound on a hang, not a speed target: 33-38 s alone here, but each of the 11 starts loads
    // the update-check worker through tsx, and a CI run with Chromium beside it took 12 s a round.
  }, 240_000);
});

function sorted(text: string): string {
  return [...text].sort().join("");
}
