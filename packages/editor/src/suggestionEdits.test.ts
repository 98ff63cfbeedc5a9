import { getSchema } from "@tiptap/core";
import { Fragment, type Node as ProseMirrorNode, Slice } from "@tiptap/pm/model";
import { EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import { accordExtensions } from "./accordExtensions.js";
import {
  BLOCKED_FORMATTING,
  BLOCKED_INLINE_NODE,
  BLOCKED_STRUCTURE,
  resolveSuggestions,
  suggestionModePlugin,
} from "./suggestionEdits.js";
import { isSuggestionAttributes, listSuggestions } from "./suggestions.js";

const schema = getSchema(accordExtensions());
const REVIEWER = "user_rev";
const OTHER = "user_other";

/** An editor state over the given paragraphs with suggesting on, and the refusals it reported. */
function setup(paragraphs: string[], options: { authorId?: string; enabled?: () => boolean } = {}) {
  let ids = 0;
  const blocked: string[] = [];
  const doc = schema.node(
    "doc",
    null,
    paragraphs.map((text) => schema.node("paragraph", null, text ? [schema.text(text)] : [])),
  );
  const plugin = suggestionModePlugin({
    enabled: options.enabled ?? (() => true),
    authorId: options.authorId ?? REVIEWER,
    onBlocked: (reason) => blocked.push(reason),
    now: () => 1_700_000_000_000,
    newId: () => `sugg${String(++ids).padStart(8, "0")}`,
  });
  let state = EditorState.create({ schema, doc, plugins: [plugin] });
  const editor = {
    get state() {
      return state;
    },
    blocked,
    apply(build: (state: EditorState) => Transaction) {
      state = state.apply(build(state));
    },
    caret(pos: number) {
      state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
    },
    select(from: number, to: number) {
      state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
    },
    /** What the browser's input does for typed text: insert at the selection. */
    type(text: string) {
      state = state.apply(state.tr.insertText(text));
    },
    /** Backspace with a caret: the character before it. */
    backspace() {
      const { from, empty } = state.selection;
      state = state.apply(empty ? state.tr.delete(from - 1, from) : state.tr.deleteSelection());
    },
    /** Delete with a caret: the character after it. */
    forwardDelete() {
      const { from } = state.selection;
      state = state.apply(state.tr.delete(from, from + 1));
    },
  };
  return editor;
}

/** The body as text with suggestions spelled out: [+inserted+] and [-deleted-], paragraphs joined by "|". */
function show(doc: ProseMirrorNode): string {
  const blocks: string[] = [];
  doc.forEach((block) => {
    let out = "";
    block.forEach((node) => {
      const text = node.text ?? "";
      if (node.marks.some((mark) => mark.type.name === "suggestionInsert")) out += `[+${text}+]`;
      else if (node.marks.some((mark) => mark.type.name === "suggestionDelete")) out += `[-${text}-]`;
      else out += text;
    });
    blocks.push(out);
  });
  return blocks.join("|");
}

/** Position of the character at `offset` in the first paragraph. */
const at = (offset: number) => 1 + offset;

describe("suggesting mode: typing", () => {
  it("[S1] typed text carries the author's suggestionInsert mark, one id for a run of typing", () => {
    const editor = setup(["Tariffs fell."]);
    editor.caret(at("Tariffs".length));
    for (const character of " sharply") editor.type(character);
    expect(show(editor.state.doc)).toBe("Tariffs[+ sharply+] fell.");
    const [suggestion, ...rest] = listSuggestions(editor.state.doc);
    expect(rest).toEqual([]);
    expect(suggestion).toEqual({
      id: "sugg00000001",
      authorId: REVIEWER,
      createdAt: 1_700_000_000_000,
      inserted: " sharply",
      deleted: "",
      from: at(7),
      to: at(15),
    });
    expect(editor.state.selection.from).toBe(at(15));
  });

  it("marks carry exactly {id, authorId, createdAt} (what the server's guard checks)", () => {
    const editor = setup(["Tariffs fell."]);
    editor.caret(at(0));
    editor.type("New ");
    const marks = editor.state.doc.firstChild?.firstChild?.marks ?? [];
    expect(marks.map((mark) => mark.type.name)).toEqual(["suggestionInsert"]);
    expect(isSuggestionAttributes(marks[0]?.attrs)).toBe(true);
  });

  it("typing elsewhere starts a second suggestion", () => {
    const editor = setup(["Tariffs fell."]);
    editor.caret(at(0));
    editor.type("A");
    editor.caret(at("ATariffs fell".length));
    editor.type("!");
    expect(show(editor.state.doc)).toBe("[+A+]Tariffs fell[+!+].");
    expect(listSuggestions(editor.state.doc).map((suggestion) => suggestion.id)).toEqual([
      "sugg00000001",
      "sugg00000002",
    ]);
  });

  it("a paste of one paragraph's text is one insertion; its formatting stays, suggestion marks of others do not", () => {
    const editor = setup(["Tariffs fell."]);
    editor.caret(at(7));
    const bold = schema.marks.bold!.create();
    const foreign = schema.marks.suggestionInsert!.create({ id: "other0001", authorId: OTHER, createdAt: 5 });
    const pasted = new Slice(
      Fragment.from(schema.node("paragraph", null, [schema.text(" very", [bold, foreign]), schema.text(" much")])),
      1,
      1,
    );
    editor.apply((state) => state.tr.replaceSelection(pasted));
    // Two text nodes (one bold), one suggestion.
    expect(show(editor.state.doc)).toBe("Tariffs[+ very+][+ much+] fell.");
    const first = editor.state.doc.firstChild?.child(1);
    expect(first?.text).toBe(" very");
    expect(first?.marks.map((mark) => [mark.type.name, mark.attrs.authorId ?? null])).toEqual([
      ["bold", null],
      ["suggestionInsert", REVIEWER],
    ]);
    expect(listSuggestions(editor.state.doc)).toHaveLength(1);
  });
});

describe("suggesting mode: deleting", () => {
  it("[S2][S6] Backspace strikes the character and the caret lands before it; repeated, one suggestion", () => {
    const editor = setup(["Tariffs fell sharply."]);
    editor.caret(at("Tariffs fell sharply".length));
    for (let index = 0; index < " sharply".length; index++) editor.backspace();
    expect(show(editor.state.doc)).toBe("Tariffs fell[- sharply-].");
    expect(editor.state.selection.from).toBe(at("Tariffs fell".length));
    expect(listSuggestions(editor.state.doc)).toEqual([
      expect.objectContaining({ id: "sugg00000001", deleted: " sharply", inserted: "" }),
    ]);
  });

  it("[S6] Delete strikes the character after the caret and the caret moves past it", () => {
    const editor = setup(["Tariffs fell."]);
    editor.caret(at(0));
    editor.forwardDelete();
    editor.forwardDelete();
    expect(show(editor.state.doc)).toBe("[-Ta-]riffs fell.");
    expect(editor.state.selection.from).toBe(at(2));
    expect(listSuggestions(editor.state.doc)).toHaveLength(1);
  });

  it("[S2] deleting one's own suggested text really removes it", () => {
    const editor = setup(["Tariffs fell."]);
    editor.caret(at(7));
    editor.type(" x");
    editor.backspace();
    editor.backspace();
    expect(show(editor.state.doc)).toBe("Tariffs fell.");
    expect(listSuggestions(editor.state.doc)).toEqual([]);
    expect(editor.state.selection.from).toBe(at(7));
  });

  it("[S2] Backspace over struck text moves the caret and changes nothing; the next character joins the suggestion", () => {
    const editor = setup(["abcd"]);
    editor.caret(at(4));
    editor.backspace();
    editor.caret(at(4));
    editor.backspace();
    expect(show(editor.state.doc)).toBe("abc[-d-]");
    expect(editor.state.selection.from).toBe(at(3));
    editor.backspace();
    expect(show(editor.state.doc)).toBe("ab[-cd-]");
    expect(listSuggestions(editor.state.doc)).toHaveLength(1);
  });

  it("[S2] someone else's deletion is left as it is; someone else's insertion can be struck", () => {
    const editor = setup(["ab"]);
    const theirDelete = schema.marks.suggestionDelete!.create({ id: "other0001", authorId: OTHER, createdAt: 5 });
    const theirInsert = schema.marks.suggestionInsert!.create({ id: "other0002", authorId: OTHER, createdAt: 6 });
    editor.apply((state) =>
      state.tr
        .replaceWith(at(0), at(2), [schema.text("a", [theirDelete]), schema.text("b", [theirInsert]), schema.text("c")])
        .setMeta(ySyncPluginKey, { isChangeOrigin: true }),
    );
    expect(show(editor.state.doc)).toBe("[-a-][+b+]c");
    editor.select(at(0), at(3));
    editor.backspace();
    const nodes: Array<[string, string[]]> = [];
    editor.state.doc.firstChild?.forEach((node) =>
      nodes.push([node.text ?? "", node.marks.map((mark) => `${mark.type.name}:${mark.attrs.authorId}`)]),
    );
    expect(nodes).toEqual([
      ["a", [`suggestionDelete:${OTHER}`]],
      ["b", [`suggestionInsert:${OTHER}`, `suggestionDelete:${REVIEWER}`]],
      ["c", [`suggestionDelete:${REVIEWER}`]],
    ]);
  });

  it("a selection across paragraphs is struck in both and the paragraphs stay", () => {
    const editor = setup(["First one.", "Second one."]);
    const secondStart = "First one.".length + 3;
    editor.select(at(6), secondStart + 6);
    editor.backspace();
    expect(show(editor.state.doc)).toBe("First [-one.-]|[-Second-] one.");
    expect(editor.blocked).toEqual([]);
  });
});

describe("suggesting mode: replacing", () => {
  it("[S3] typing over a selection strikes it and inserts after it, one id for both", () => {
    const editor = setup(["Tariffs fell by 12 percent."]);
    editor.select(at(16), at(18));
    editor.type("1");
    editor.type("5");
    expect(show(editor.state.doc)).toBe("Tariffs fell by [-12-][+15+] percent.");
    const suggestions = listSuggestions(editor.state.doc);
    expect(suggestions).toEqual([expect.objectContaining({ id: "sugg00000001", deleted: "12", inserted: "15" })]);
    expect(editor.state.selection.from).toBe(at(20));
  });

  it("[S3] Backspace then typing is one replacement", () => {
    const editor = setup(["cat"]);
    editor.caret(at(3));
    editor.backspace();
    editor.type("r");
    expect(show(editor.state.doc)).toBe("ca[+r+][-t-]");
    expect(listSuggestions(editor.state.doc)).toEqual([
      expect.objectContaining({ id: "sugg00000001", inserted: "r", deleted: "t" }),
    ]);
  });

  it("another author's adjacent suggestion is not joined", () => {
    const editor = setup(["cat"], { authorId: OTHER });
    editor.caret(at(3));
    editor.type("s");
    const state = EditorState.create({
      schema,
      doc: editor.state.doc,
      plugins: [suggestionModePlugin({ enabled: () => true, authorId: REVIEWER, newId: () => "mine00000001" })],
    });
    const next = state.apply(state.tr.insertText("!", at(4)));
    expect(listSuggestions(next.doc).map((suggestion) => [suggestion.authorId, suggestion.inserted])).toEqual([
      [OTHER, "s"],
      [REVIEWER, "!"],
    ]);
  });
});

describe("suggesting mode: what cannot be a suggestion", () => {
  it("[S4] Enter (a new paragraph) is refused with a reason", () => {
    const editor = setup(["Tariffs fell."]);
    editor.caret(at(7));
    const before = editor.state.doc;
    editor.apply((state) => state.tr.split(at(7)));
    expect(editor.state.doc.eq(before)).toBe(true);
    expect(editor.blocked).toEqual([BLOCKED_STRUCTURE]);
  });

  it("[S4] Backspace at a paragraph's start (a join) is refused", () => {
    const editor = setup(["One.", "Two."]);
    const before = editor.state.doc;
    editor.apply((state) => state.tr.delete(at(4), at(6)));
    expect(editor.state.doc.eq(before)).toBe(true);
    expect(editor.blocked).toEqual([BLOCKED_STRUCTURE]);
  });

  it("[S4] formatting and node attributes are refused", () => {
    const editor = setup(["Tariffs fell."]);
    const before = editor.state.doc;
    editor.apply((state) => state.tr.addMark(at(0), at(7), schema.marks.bold!.create()));
    editor.apply((state) => state.tr.setNodeMarkup(0, schema.nodes.heading, { level: 2 }));
    expect(editor.state.doc.eq(before)).toBe(true);
    expect(editor.blocked).toEqual([BLOCKED_FORMATTING, BLOCKED_STRUCTURE]);
  });

  it("[S4] a citation or a paste of two paragraphs is refused", () => {
    const editor = setup(["Tariffs fell."]);
    const before = editor.state.doc;
    editor.apply((state) => state.tr.insert(at(7), schema.nodes.citation!.create({ evidenceId: "ev_1" })));
    const twoParagraphs = new Slice(
      Fragment.from([
        schema.node("paragraph", null, [schema.text("one")]),
        schema.node("paragraph", null, [schema.text("two")]),
      ]),
      1,
      1,
    );
    editor.apply((state) => state.tr.replaceSelection(twoParagraphs));
    expect(editor.state.doc.eq(before)).toBe(true);
    expect(editor.blocked).toEqual([BLOCKED_INLINE_NODE, BLOCKED_STRUCTURE]);
  });

  it("[S5] edits from Yjs and with suggesting off pass untouched", () => {
    let on = false;
    const editor = setup(["ab"], { enabled: () => on });
    editor.apply((state) => state.tr.insertText("X", at(1)));
    on = true;
    editor.apply((state) => state.tr.insertText("Y", at(1)).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
    editor.apply((state) => state.tr.split(at(1)).setMeta(ySyncPluginKey, { isChangeOrigin: true }));
    expect(show(editor.state.doc)).toBe("a|YXb");
    expect(editor.blocked).toEqual([]);
  });
});

describe("accepting and rejecting", () => {
  /** "Tariffs fell by [-12-][+15+] percent[+ sharply+]." with the second by another author. */
  function reviewed() {
    const editor = setup(["Tariffs fell by 12 percent."]);
    editor.select(at(16), at(18));
    editor.type("15");
    const other = EditorState.create({
      schema,
      doc: editor.state.doc,
      plugins: [suggestionModePlugin({ enabled: () => true, authorId: OTHER, newId: () => "theirs000001" })],
    });
    return other.apply(other.tr.insertText(" sharply", at(28)));
  }

  it("shows the fixture as expected", () => {
    expect(show(reviewed().doc)).toBe("Tariffs fell by [-12-][+15+] percent[+ sharply+].");
  });

  it("accepting a replacement keeps the insertion as text and removes the deletion", () => {
    const state = reviewed();
    const next = state.apply(resolveSuggestions(state, { id: "sugg00000001", authorId: REVIEWER }, true)!);
    expect(show(next.doc)).toBe("Tariffs fell by 15 percent[+ sharply+].");
  });

  it("rejecting a replacement removes the insertion and unmarks the deletion", () => {
    const state = reviewed();
    const next = state.apply(resolveSuggestions(state, { id: "sugg00000001", authorId: REVIEWER }, false)!);
    expect(show(next.doc)).toBe("Tariffs fell by 12 percent[+ sharply+].");
  });

  it("accept all and reject all", () => {
    const state = reviewed();
    expect(state.apply(resolveSuggestions(state, null, true)!).doc.textContent).toBe(
      "Tariffs fell by 15 percent sharply.",
    );
    const rejected = state.apply(resolveSuggestions(state, null, false)!).doc;
    expect(rejected.textContent).toBe("Tariffs fell by 12 percent.");
    expect(listSuggestions(rejected)).toEqual([]);
  });

  it("[S5] accepting while suggesting is an ordinary edit, not rewritten; an unknown id matches nothing", () => {
    const state = reviewed();
    expect(resolveSuggestions(state, { id: "nothing00001", authorId: REVIEWER }, true)).toBeNull();
    const next = state.apply(resolveSuggestions(state, { id: "theirs000001", authorId: OTHER }, false)!);
    expect(show(next.doc)).toBe("Tariffs fell by [-12-][+15+] percent.");
  });
});
