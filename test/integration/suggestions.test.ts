import { SUGGESTION_DELETE, SUGGESTION_INSERT } from "@accord/editor";
import { CloseCode } from "@accord/protocol";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Transform } from "@tiptap/pm/transform";
import { afterEach, describe, expect, it } from "vitest";
import { addMember, type ApiClient, buildBrief, buildRecommendation, buildSector, buildUser } from "../helpers/api.js";
import { eventually } from "../helpers/eventually.js";
import { useServer } from "../helpers/startServer.js";
import { openSyncedDocument, type SyncedDocument } from "../helpers/syncedDocument.js";
import { Random } from "../reliability/prng.js";
import {
  bodyOf,
  ClientBody,
  FORBIDDEN_STEPS,
  randomSuggestion,
  schema,
  seedBody,
  suggestion,
  textRuns,
  UNSYNCED_STEPS,
} from "./suggestionSteps.js";

/**
 * Issue 18 through the real document socket (collab SPEC P16): a reviewer's connection may only
 * suggest. Clients are y-websocket providers writing through y-tiptap's binding, as the editor does.
 */

const SEED = Number(process.env.SUGGESTION_SEED ?? 18);
const ROUNDS_PER_KIND = 2;

interface Client {
  synced: SyncedDocument;
  body: ClientBody;
  closes: number[];
}

describe("suggest-only document connections (SPEC P16)", () => {
  const server = useServer();
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  async function team() {
    const lead = await buildUser(server().url, "Lena Lead");
    const editor = await buildUser(server().url, "Ed Editor");
    const reviewer = await buildUser(server().url, "Rita Reviewer");
    const brief = await buildBrief(lead);
    await addMember(lead, editor, brief.id, "editor");
    await addMember(lead, reviewer, brief.id, "reviewer");
    const sector = await buildSector(lead, brief.id);
    const ownId = reviewer.user!.id as string;
    const otherId = editor.user!.id as string;
    /** A recommendation whose body the editor wrote: the seeded body, stored. */
    const seeded = async () => {
      const rec = await buildRecommendation(lead, brief.id, sector.id);
      const writer = await open(editor, rec.id);
      writer.body.write(seedBody(ownId, otherId));
      await eventually(async () => expect((await stored(rec.id)).eq(writer.body.doc)).toBe(true));
      return { rec, writer, seed: writer.body.doc };
    };
    return { lead, editor, reviewer, brief, ownId, otherId, seeded };
  }

  async function open(user: ApiClient, recommendationId: string): Promise<Client> {
    const synced = await openSyncedDocument(server().url, user.cookie, recommendationId, (cleanup) =>
      cleanups.push(cleanup),
    );
    const closes: number[] = [];
    synced.provider.on("connection-close", (event) => {
      if (event) closes.push(event.code);
    });
    return { synced, body: new ClientBody(synced.doc, synced.body), closes };
  }

  async function stored(recommendationId: string): Promise<ProseMirrorNode> {
    const doc = await server().server.collab.readDocument(recommendationId);
    try {
      return bodyOf(doc);
    } finally {
      doc.destroy();
    }
  }

  /** Sends `change` from the client and answers how many updates its document emitted for it. */
  function send(client: Client, change: () => void): number {
    let updates = 0;
    const count = () => updates++;
    client.synced.doc.on("update", count);
    change();
    client.synced.doc.off("update", count);
    return updates;
  }

  const mark = (name: string, authorId: string, id: string) => schema.marks[name]!.create(suggestion(authorId, id));

  it("[P16] a reviewer's suggestions are stored and relayed: an insertion, a deletion mark, and taking each back", async () => {
    const { reviewer, ownId, seeded } = await team();
    const { rec, writer } = await seeded();
    const rita = await open(reviewer, rec.id);
    const edits: Array<(doc: ProseMirrorNode) => Transform> = [
      // "Ports " + "vitally " (own insertion) + "must…"
      (doc) =>
        new Transform(doc).insert(22, schema.text("vitally ", [mark(SUGGESTION_INSERT, ownId, "rita-insert-1")])),
      // "Tariffs " marked for deletion.
      (doc) => {
        const run = textRuns(doc, (node) => node.text === "Tariffs ")[0]!;
        return new Transform(doc).addMark(run.pos, run.pos + 7, mark(SUGGESTION_DELETE, ownId, "rita-delete-1"));
      },
      // Part of its insertion taken back ("ally" of "vitally").
      (doc) => new Transform(doc).delete(25, 29),
      // Its deletion mark taken back.
      (doc) => {
        const run = textRuns(doc, (node) => node.text === "Tariffs")[0]!;
        return new Transform(doc).removeMark(run.pos, run.pos + 7, schema.marks[SUGGESTION_DELETE]!);
      },
    ];
    const expected: string[] = [];
    for (const edit of edits) {
      const next = edit(rita.body.doc).doc;
      expect(send(rita, () => rita.body.write(next))).toBe(1);
      expected.push(JSON.stringify(next.toJSON()));
      await eventually(async () => {
        expect(JSON.stringify((await stored(rec.id)).toJSON())).toBe(expected.at(-1));
        expect(JSON.stringify(bodyOf(writer.synced.doc).toJSON())).toBe(expected.at(-1));
      });
    }
    expect(rita.closes).toEqual([]);
    expect(rita.synced.provider.wsconnected).toBe(true);
  });

  it("[P16] every kind of step that is not the reviewer's own suggestion, generated, is refused with SuggestionsOnly and nothing stored; the editor's same steps are stored", async () => {
    const { reviewer, ownId, otherId, seeded } = await team();
    const random = new Random(SEED);
    const outcomes: string[] = [];
    for (const kind of FORBIDDEN_STEPS) {
      for (let round = 0; round < ROUNDS_PER_KIND; round++) {
        const { rec, writer, seed } = await seeded();
        const rita = await open(reviewer, rec.id);
        const steps = kind.make(random, rita.body.doc, ownId, otherId);
        expect(steps, kind.name).not.toBeNull();
        const sent = send(rita, () => rita.body.apply(steps!));
        if (UNSYNCED_STEPS.has(kind.name)) {
          // Nothing to refuse: the binding writes nothing for it, from a reviewer or an editor.
          expect(sent, kind.name).toBe(0);
          expect(
            send(writer, () => writer.body.apply(steps!)),
            kind.name,
          ).toBe(0);
          outcomes.push(`${kind.name}: nothing sent`);
          continue;
        }
        expect(sent, kind.name).toBe(1);
        await eventually(() => expect(rita.closes, kind.name).toEqual([CloseCode.SuggestionsOnly]));
        await server().server.collab.flush();
        expect((await stored(rec.id)).eq(seed), kind.name).toBe(true);
        expect(bodyOf(writer.synced.doc).eq(seed), kind.name).toBe(true);
        // The same steps from the editor are an edit like any other.
        const editorSent = send(writer, () => writer.body.apply(steps!));
        expect(editorSent, kind.name).toBe(1);
        // Compared with what the editor's Y.Doc holds: the binding keeps no marks of inline nodes.
        await eventually(async () =>
          expect((await stored(rec.id)).eq(bodyOf(writer.synced.doc)), kind.name).toBe(true),
        );
        expect(bodyOf(writer.synced.doc).eq(seed), kind.name).toBe(false);
        outcomes.push(`${kind.name}: refused`);
      }
    }
    expect(outcomes).toHaveLength(FORBIDDEN_STEPS.length * ROUNDS_PER_KIND);
    expect(outcomes.filter((outcome) => outcome.endsWith("refused"))).toHaveLength(
      (FORBIDDEN_STEPS.length - UNSYNCED_STEPS.size) * ROUNDS_PER_KIND,
    );
  }, 120_000);

  it("[P16] random suggestions of the reviewer's own are all accepted while an editor types elsewhere", async () => {
    const { reviewer, ownId, seeded } = await team();
    const { rec, writer } = await seeded();
    const rita = await open(reviewer, rec.id);
    const random = new Random(SEED + 1);
    let made = 0;
    for (let serial = 0; made < 60; serial++) {
      // The binding renders remote changes before the next local one.
      rita.body.refresh();
      const steps = randomSuggestion(random, rita.body.doc, ownId, serial);
      if (steps === null) continue;
      rita.body.apply(steps);
      made++;
      if (made % 5 === 0) {
        writer.body.refresh();
        // The editor appends to the heading: "Harbour policy" plus what it typed.
        const end = writer.body.doc.firstChild!.nodeSize - 1;
        writer.body.apply(new Transform(writer.body.doc).insert(end, schema.text(String(made % 10))).steps);
      }
      if (made % 10 === 0)
        await eventually(() => expect(bodyOf(rita.synced.doc).eq(bodyOf(writer.synced.doc))).toBe(true));
    }
    await eventually(async () => {
      const body = await stored(rec.id);
      expect(body.eq(bodyOf(rita.synced.doc))).toBe(true);
      expect(body.eq(bodyOf(writer.synced.doc))).toBe(true);
    });
    expect(rita.closes).toEqual([]);
    // The heading apart from Rita's insertions: the editor's twelve digits after its text.
    const heading = (await stored(rec.id)).firstChild!;
    const others: string[] = [];
    heading.forEach((node) => {
      if (!node.marks.some((mark) => mark.type.name === SUGGESTION_INSERT)) others.push(node.text ?? "");
    });
    expect(others.join("")).toBe("Harbour policy505050505050");
  }, 60_000);

  it("[P16] a reviewer reconnecting with deletions the server has (its sync step 2's delete set) stays connected and suggests on", async () => {
    const { reviewer, ownId, seeded } = await team();
    const { rec, writer } = await seeded();
    const run = textRuns(writer.body.doc, (node) => node.text === " at least.")[0]!;
    writer.body.apply(new Transform(writer.body.doc).delete(run.pos, run.pos + 4).steps);
    await eventually(async () => expect((await stored(rec.id)).eq(writer.body.doc)).toBe(true));
    const rita = await open(reviewer, rec.id);
    await eventually(() => expect(bodyOf(rita.synced.doc).eq(writer.body.doc)).toBe(true));
    rita.synced.provider.disconnect();
    rita.synced.provider.connect();
    await eventually(() => expect(rita.synced.provider.synced).toBe(true));
    rita.body.refresh();
    const next = new Transform(rita.body.doc).insert(
      22,
      schema.text("surely ", [mark(SUGGESTION_INSERT, ownId, "rita-insert-2")]),
    ).doc;
    rita.body.write(next);
    await eventually(async () => expect((await stored(rec.id)).eq(next)).toBe(true));
    expect(rita.closes).not.toContain(CloseCode.SuggestionsOnly);
    expect(rita.synced.provider.wsconnected).toBe(true);
  });

  it("[P16] an editor accepts and rejects suggestions through its own connection with ordinary edits", async () => {
    const { reviewer, seeded } = await team();
    const { rec, writer } = await seeded();
    const rita = await open(reviewer, rec.id);
    await eventually(() => expect(bodyOf(rita.synced.doc).eq(writer.body.doc)).toBe(true));
    writer.body.refresh();
    const doc = writer.body.doc;
    const runOf = (text: string) => textRuns(writer.body.doc, (node) => node.text === text)[0]!;
    // Accept Rita's insertion (unmark it), reject Rita's deletion (unmark it), accept the other
    // author's deletion (delete "quickly"), reject its insertion (delete "rise sharply").
    const accepted = runOf("added words");
    const rejected = runOf("struck words");
    const tr = new Transform(doc)
      .removeMark(accepted.pos, accepted.pos + 11, schema.marks[SUGGESTION_INSERT]!)
      .removeMark(rejected.pos, rejected.pos + 12, schema.marks[SUGGESTION_DELETE]!);
    const quickly = textRuns(tr.doc, (node) => node.text === "quickly")[0]!;
    tr.delete(quickly.pos, quickly.pos + 7);
    const sharply = textRuns(tr.doc, (node) => node.text === "rise sharply")[0]!;
    tr.delete(sharply.pos, sharply.pos + 12);
    writer.body.write(tr.doc);
    await eventually(async () => {
      const body = await stored(rec.id);
      expect(body.eq(tr.doc)).toBe(true);
      expect(bodyOf(rita.synced.doc).eq(tr.doc)).toBe(true);
    });
    expect((await stored(rec.id)).child(2).textContent).toBe("Tariffs  and  fall.");
    expect((await stored(rec.id)).child(3).textContent).toBe("Mine: added words and struck words end.");
  });
  it("[issue 18] approval is refused with 409 open_suggestions and their count while the stored body holds suggestions", async () => {
    const { lead, editor, reviewer, brief, ownId, seeded } = await team();
    const { rec, writer } = await seeded();
    const path = `/api/briefs/${brief.id}/recommendations/${rec.id}`;
    expect((await editor.post(`${path}/transitions`, { to: "in_review" })).status).toBe(200);
    // The seed holds four (two of the editor's, two of Rita's); Rita adds a fifth, a replacement:
    // a deletion mark and an insertion with one id count once.
    const rita = await open(reviewer, rec.id);
    const run = textRuns(rita.body.doc, (node) => node.text === " at least.")[0]!;
    const replaced = new Transform(rita.body.doc)
      .addMark(run.pos + 1, run.pos + 9, mark(SUGGESTION_DELETE, ownId, "rita-replace-1"))
      .insert(run.pos + 9, schema.text("no less", [mark(SUGGESTION_INSERT, ownId, "rita-replace-1")]));
    rita.body.write(replaced.doc);
    await eventually(async () => expect((await stored(rec.id)).eq(replaced.doc)).toBe(true));

    const refusal = await lead.post(`${path}/transitions`, { to: "approved" });
    expect(refusal.status).toBe(409);
    expect(refusal.body).toEqual({
      error: {
        code: "open_suggestions",
        message: "This recommendation has 5 open suggestions: accept or reject them before approving.",
        count: 5,
      },
    });
    expect((await lead.get(path)).body.recommendation.status).toBe("in_review");

    // The editor settles all of them: the body without any suggestion mark or suggested text.
    await eventually(() => expect(bodyOf(writer.synced.doc).eq(replaced.doc)).toBe(true));
    writer.body.refresh();
    const settled = new Transform(writer.body.doc);
    settled.doc.descendants((node, pos) => {
      if (node.isText) {
        settled.removeMark(pos, pos + node.nodeSize, schema.marks[SUGGESTION_INSERT]!);
        settled.removeMark(pos, pos + node.nodeSize, schema.marks[SUGGESTION_DELETE]!);
      }
      return true;
    });
    writer.body.write(settled.doc);
    await eventually(async () => expect((await stored(rec.id)).eq(settled.doc)).toBe(true));
    const approval = await lead.post(`${path}/transitions`, { to: "approved" });
    expect(approval.status).toBe(200);
    expect(approval.body.recommendation.status).toBe("approved");
  });
});
