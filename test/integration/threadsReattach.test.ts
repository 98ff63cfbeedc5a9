import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { eventually } from "../helpers/eventually.js";
import { useServer } from "../helpers/startServer.js";
import { anchorOn, openEditor, paragraphText, reviewTeam, writeBody, type Editor } from "./reviewSupport.js";

/**
 * Threads re-attach when their words come back (server/src/threads/SPEC.md, A7), through the
 * real server: real Yjs clients on the document socket with Yjs' own undo, the thread list over
 * REST, read from the open room and, once no room holds the body, from the stored bytes.
 */
describe("threads re-attach", () => {
  const server = useServer();
  const undoers: Y.UndoManager[] = [];
  afterEach(() => {
    for (const undo of undoers.splice(0)) undo.destroy();
  });

  const SENTENCE = "Tariffs fell by 12 percent in 2019, and again later.";
  const AT = SENTENCE.indexOf("12 percent");

  /** A recommendation with SENTENCE as its body and a reviewer's thread on "12 percent". */
  async function threadOn12Percent() {
    const team = await reviewTeam(server());
    const writer = await writeBody(server(), team.editor, team.rec.id, SENTENCE);
    const anchor = anchorOn(paragraphText(writer), AT, AT + "12 percent".length);
    const created = await team.reviewer.post(`${team.base}/threads`, {
      anchor,
      quote: "12 percent",
      body: "Which year is the base?",
    });
    expect(created.status).toBe(201);
    return { ...team, writer };
  }

  function undoOf(editor: Editor): Y.UndoManager {
    const undo = new Y.UndoManager(editor.body, { captureTimeout: 0 });
    undoers.push(undo);
    return undo;
  }

  async function listed(team: Awaited<ReturnType<typeof threadOn12Percent>>) {
    const res = await team.reviewer.get(`${team.base}/threads`);
    expect(res.status).toBe(200);
    return res.body.threads.map((thread: any) => [thread.anchorState, thread.quote]);
  }

  it("[A7] deleted, then undone by the same editor: the list says attached with the exact quote again, from the room and from storage", async () => {
    const team = await threadOn12Percent();
    const undo = undoOf(team.writer);
    paragraphText(team.writer).delete(AT, "12 percent".length);
    await eventually(async () => expect(await listed(team)).toEqual([[{ state: "detached" }, "12 percent"]]));

    undo.undo();
    expect(paragraphText(team.writer).toString()).toBe(SENTENCE);
    await eventually(async () =>
      expect(await listed(team)).toEqual([[{ state: "attached", text: "12 percent" }, "12 percent"]]),
    );

    // No room open any more: the body is read from what the store holds, on a worker.
    team.writer.provider.destroy();
    await eventually(() => expect(server().server.collab.hasRoom(team.rec.id)).toBe(false));
    expect(await listed(team)).toEqual([[{ state: "attached", text: "12 percent" }, "12 percent"]]);
  });

  it("[A7] deleted and undone by another member; then deleted and pasted back: attached each time; typed far away: detached", async () => {
    const team = await threadOn12Percent();
    const other = await openEditor(server(), team.lead, team.rec.id);
    await eventually(() => expect(paragraphText(other).toString()).toBe(SENTENCE));
    const theirUndo = undoOf(other);
    paragraphText(other).delete(AT, "12 percent".length);
    await eventually(async () => expect(await listed(team)).toEqual([[{ state: "detached" }, "12 percent"]]));
    theirUndo.undo();
    await eventually(async () =>
      expect(await listed(team)).toEqual([[{ state: "attached", text: "12 percent" }, "12 percent"]]),
    );

    // Deleted again, and the same words typed at the end of a long paragraph: not the thread's text.
    const mine = paragraphText(team.writer);
    await eventually(() => expect(mine.toString()).toBe(SENTENCE));
    mine.delete(AT, "12 percent".length);
    mine.insert(mine.length, ` ${"Later text. ".repeat(30)}12 percent`);
    await eventually(async () => expect(await listed(team)).toEqual([[{ state: "detached" }, "12 percent"]]));

    // Pasted back where they were.
    mine.insert(AT, "12 percent");
    await eventually(async () =>
      expect(await listed(team)).toEqual([[{ state: "attached", text: "12 percent" }, "12 percent"]]),
    );
  });
});
