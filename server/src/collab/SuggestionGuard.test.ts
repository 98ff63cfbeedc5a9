import { BodyReader } from "@accord/editor";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { SuggestionGuard, suggestionRulesOf } from "./SuggestionGuard.js";

const RULES = suggestionRulesOf(new BodyReader().schema);
const OWN = "rita";
const mark = (authorId: string, id = "suggest-1") => ({ id, authorId, createdAt: 1_700_000_000_000 });

function paragraph(content: string, attributes: Record<string, unknown> = {}): Y.XmlElement {
  const element = new Y.XmlElement("paragraph");
  if (content === "") return element;
  const text = new Y.XmlText();
  element.insert(0, [text]);
  text.insert(0, content, attributes);
  return element;
}

/** "Ana's Ports all must cut emissions." with Ana's insertion, Rita's insertion and Ana's deletion of "cut". */
function seeded(body: Y.XmlFragment): void {
  body.insert(0, [paragraph("Ports must cut emissions."), paragraph("")]);
  const text = (body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  text.format(11, 3, { suggestionDelete: mark("ana") });
  text.insert(6, "all ", { suggestionInsert: mark(OWN) });
  text.insert(0, "Ana's ", { suggestionInsert: mark("ana") });
}

/**
 * The stored document, a reviewer's copy of it and a guard over the stored one. `edit` changes
 * the copy in one transaction and answers the update it sends.
 */
function setUp(build: (body: Y.XmlFragment) => void = seeded) {
  const stored = new Y.Doc();
  stored.transact(() => build(stored.getXmlFragment("default")));
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(stored));
  const queued: Uint8Array[] = [];
  const guard = new SuggestionGuard({ rules: RULES, source: () => ({ doc: stored, queued }) });
  const body = client.getXmlFragment("default");
  const text = () => (body.get(0) as Y.XmlElement).get(0) as Y.XmlText;
  const edit = (change: (text: Y.XmlText, body: Y.XmlFragment, doc: Y.Doc) => void): Uint8Array => {
    const updates: Uint8Array[] = [];
    const listen = (update: Uint8Array) => updates.push(update);
    client.on("update", listen);
    client.transact(() => change(text(), body, client));
    client.off("update", listen);
    return updates.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(updates);
  };
  const check = (change: Parameters<typeof edit>[0]) => guard.check(edit(change), OWN);
  return { stored, client, body, guard, queued, edit, check };
}

const refused = (reason: string) => ({ ok: false, reason });

describe("SuggestionGuard (SPEC P16)", () => {
  it("[P16] allows its own suggestions: insertion, deletion mark, removing either", () => {
    const { check } = setUp();
    expect(check((text) => text.insert(12, "rapidly ", { suggestionInsert: mark(OWN, "suggest-2") }))).toEqual({
      ok: true,
    });
    expect(check((text) => text.format(0, 5, { suggestionDelete: mark(OWN, "delete-01") }))).toEqual({ ok: true });
    // Own insertions are deleted, not unmarked: "all " at 12 and "rapidly " at 16.
    expect(check((text) => text.delete(12, 4))).toEqual({ ok: true });
    expect(check((text) => text.format(0, 5, { suggestionDelete: null }))).toEqual({ ok: true });
    // Typing into an empty paragraph makes its first text run.
    expect(
      check((_text, body) => {
        const run = new Y.XmlText();
        (body.get(1) as Y.XmlElement).insert(0, [run]);
        run.insert(0, "New.", { suggestionInsert: mark(OWN, "suggest-3") });
      }),
    ).toEqual({ ok: true });
  });

  it("[P16] refuses plain, foreign and malformed insertions", () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{}, "it inserts text that is not marked as its own suggested insertion"],
      [{ bold: true }, "it inserts text that is not marked as its own suggested insertion"],
      [{ suggestionInsert: mark("ana") }, "it inserts text that is not marked as its own suggested insertion"],
      [
        { suggestionInsert: { id: "x", authorId: OWN, createdAt: 1 } },
        "it inserts text that is not marked as its own suggested insertion",
      ],
      [
        { suggestionInsert: { ...mark(OWN), extra: 1 } },
        "it inserts text that is not marked as its own suggested insertion",
      ],
      [{ suggestionInsert: mark(OWN), blink: true }, "it inserts text with an unknown mark (blink)"],
      [
        { suggestionInsert: mark(OWN), suggestionDelete: mark("ana") },
        "its inserted text carries someone else's deletion",
      ],
    ];
    for (const [attributes, reason] of cases) {
      // Into the middle of plain text, so Yjs inherits nothing.
      expect(setUp().check((text) => text.insert(22, "xyz", attributes))).toEqual(refused(reason));
    }
  });

  it("[P16] refuses deleting what is not its own insertion, and changing others' marks or formatting", () => {
    const cases: Array<[(text: Y.XmlText) => void, string]> = [
      [(text) => text.delete(0, 6), "it deletes text that is not its own suggested insertion"],
      [(text) => text.delete(16, 5), "it deletes text that is not its own suggested insertion"],
      [
        (text) => text.format(0, 6, { suggestionInsert: null }),
        "it changes the formatting of existing text (suggestionInsert)",
      ],
      [(text) => text.format(21, 3, { suggestionDelete: null }), "it changes a deletion someone else suggested"],
      [(text) => text.format(21, 3, { suggestionDelete: mark(OWN) }), "it changes a deletion someone else suggested"],
      [
        (text) => text.format(16, 4, { suggestionDelete: mark("ana") }),
        "its deletion mark is not its own or is malformed",
      ],
      [
        (text) => text.format(16, 4, { suggestionDelete: { ...mark(OWN), createdAt: -1 } }),
        "its deletion mark is not its own or is malformed",
      ],
      [(text) => text.format(16, 4, { bold: true }), "it changes the formatting of existing text (bold)"],
      // Existing text marked as its own insertion would be its to delete: it counts as deleted here.
      [
        (text) => text.format(16, 4, { suggestionInsert: mark(OWN) }),
        "it deletes text that is not its own suggested insertion",
      ],
      [(text) => text.setAttribute("x", "1"), "it changes an attribute (x) of a text"],
    ];
    for (const [change, reason] of cases) expect(setUp().check(change)).toEqual(refused(reason));
  });

  it("[P16] refuses changes to blocks, node attributes and anything outside the body", () => {
    const cases: Array<[(text: Y.XmlText, body: Y.XmlFragment, doc: Y.Doc) => void, string]> = [
      [
        (_t, body) => body.insert(1, [paragraph("More.", { suggestionInsert: mark(OWN) })]),
        "it changes something outside the body's paragraphs",
      ],
      [(_t, body) => body.delete(1, 1), "it changes something outside the body's paragraphs"],
      [
        (_t, body) => (body.get(0) as Y.XmlElement).setAttribute("level", "3"),
        "it changes an attribute (level) of a paragraph",
      ],
      [(_t, body) => (body.get(1) as Y.XmlElement).insert(0, [new Y.XmlElement("citation")]), "it adds a citation"],
      [(_t, _b, doc) => doc.getMap("settings").set("x", 1), "it changes something outside the body's paragraphs"],
      [
        (_t, _b, doc) => doc.getText("other").insert(0, "x", { suggestionInsert: mark(OWN) }),
        "it changes something outside the body's paragraphs",
      ],
    ];
    for (const [change, reason] of cases) expect(setUp().check(change)).toEqual(refused(reason));
  });

  it("[P16] an update that adds nothing passes: empty, or deletions already known", () => {
    const { guard, stored, client, check } = setUp();
    expect(guard.check(Y.encodeStateAsUpdate(new Y.Doc()), OWN)).toEqual({ ok: true });
    // What a client answers sync step 1 with: everything the server has, and its delete set.
    expect(guard.check(Y.encodeStateAsUpdate(client, Y.encodeStateVector(stored)), OWN)).toEqual({ ok: true });
    expect(guard.check(Y.encodeStateAsUpdate(client), OWN)).toEqual({ ok: true });
    expect(check(() => {})).toEqual({ ok: true });
  });

  it("[P16] judges what the text shows: typing a letter before the same letters (the binding's string diff) passes", () => {
    const { check } = setUp((body) => body.insert(0, [paragraph("hello")]));
    // The binding diffs strings: typing "l" at 2 becomes an "l" inserted at 4 and the mark moved onto index 2.
    expect(
      check((text) => {
        text.insert(4, "l");
        text.format(2, 1, { suggestionInsert: mark(OWN) });
      }),
    ).toEqual({ ok: true });
  });

  it("[P16] refuses an update that waits for content the server does not have, and rebuilds its replica after a refusal", () => {
    const { guard, client, edit, queued, stored } = setUp();
    const first = edit((text) => text.insert(12, "a", { suggestionInsert: mark(OWN) }));
    const second = edit((text) => text.insert(13, "b", { suggestionInsert: mark(OWN) }));
    expect(guard.check(second, OWN)).toEqual(refused("it depends on content the server does not have"));
    expect(guard.built).toBe(false);
    // Accepted but not yet stored: the rebuilt replica includes what waits in the queue.
    queued.push(first);
    expect(guard.check(second, OWN)).toEqual({ ok: true });
    expect(client.getXmlFragment("default").toString()).toContain(">aball </suggestionInsert>");
    void stored;
  });

  it("[P16] keeps current with what the room accepts from others", () => {
    const { guard, stored, check } = setUp();
    expect(check((text) => text.insert(12, "a", { suggestionInsert: mark(OWN) }))).toEqual({ ok: true });
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(stored));
    const updates: Uint8Array[] = [];
    editor.on("update", (update: Uint8Array) => updates.push(update));
    ((editor.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "Now ");
    guard.accepted(updates[0]!);
    // A reviewer who saw the editor's words may mark them for deletion.
    const reviewer = new Y.Doc();
    Y.applyUpdate(reviewer, Y.encodeStateAsUpdate(editor));
    const own: Uint8Array[] = [];
    reviewer.on("update", (update: Uint8Array) => own.push(update));
    ((reviewer.getXmlFragment("default").get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 4, {
      suggestionDelete: mark(OWN, "delete-02"),
    });
    expect(guard.check(own[0]!, OWN)).toEqual({ ok: true });
  });
});
