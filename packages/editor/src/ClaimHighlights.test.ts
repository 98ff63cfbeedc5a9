import { getSchema } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { EditorState, type Transaction } from "@tiptap/pm/state";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import { accordExtensions } from "./accordExtensions.js";
import {
  claimAt,
  claimHighlightsKey,
  claimHighlightsPlugin,
  claimRange,
  claimRangeOf,
  isClaimCardShortcut,
  textblockPositions,
  type HighlightedClaim,
} from "./ClaimHighlights.js";
import { claimSentence } from "./claimSentence.js";

const schema = getSchema(accordExtensions());
const EVIDENCE = "evd_00000001";
const OTHER_EVIDENCE = "evd_00000002";

type Inline = string | { cite: string };

function paragraph(...content: Inline[]): ProseMirrorNode {
  return schema.node(
    "paragraph",
    null,
    content.map((piece) =>
      typeof piece === "string"
        ? schema.text(piece)
        : schema.node("citation", { evidenceId: piece.cite, citationId: null }),
    ),
  );
}

function documentOf(...blocks: ProseMirrorNode[]): ProseMirrorNode {
  return schema.node("doc", null, blocks);
}

/** An editor state with the claim underlines, and what they draw: each underline's text, class and id. */
function setup(doc: ProseMirrorNode) {
  let state = EditorState.create({ schema, doc, plugins: [claimHighlightsPlugin({ onActivate: null })] });
  return {
    get state() {
      return state;
    },
    apply(build: (state: EditorState) => Transaction) {
      state = state.apply(build(state));
    },
    setClaims(claims: HighlightedClaim[], activeId: string | null = null) {
      state = state.apply(state.tr.setMeta(claimHighlightsKey, { claims, activeId }));
    },
    drawn() {
      return (claimHighlightsKey.getState(state)?.decorations.find() ?? []).map((decoration) => ({
        text: state.doc.textBetween(decoration.from, decoration.to),
        class: (decoration as unknown as { type: { attrs: { class: string } } }).type.attrs.class,
        id: decoration.spec.claimId as string,
      }));
    },
  };
}

const SENTENCE = "Mexico imported $614 billion of US goods in 2023.";

function claim(overrides: Partial<HighlightedClaim> & Pick<HighlightedClaim, "raw" | "at">): HighlightedClaim {
  return { id: "clm_1", kind: "mismatch", ...overrides };
}

describe("claim underlines", () => {
  it("places a finding at its block's offsets and draws it with its kind's class", () => {
    const editor = setup(documentOf(paragraph("Intro."), paragraph(SENTENCE, { cite: EVIDENCE })));
    const from = SENTENCE.indexOf("$614 billion");
    editor.setClaims([claim({ raw: "$614 billion", at: { block: 1, from, to: from + 12 } })]);
    expect(editor.drawn()).toEqual([{ text: "$614 billion", class: "claim-highlight claim-mismatch", id: "clm_1" }]);
  });

  it("gives each kind its own class, and the active one an extra class", () => {
    const text = "Exports rose 12 percent, 3 points, 40 ships and $2 billion.";
    const editor = setup(documentOf(paragraph(text)));
    const at = (raw: string) => ({ block: 0, from: text.indexOf(raw), to: text.indexOf(raw) + raw.length });
    editor.setClaims(
      [
        { id: "a", kind: "mismatch", raw: "12 percent", at: at("12 percent") },
        { id: "b", kind: "unsupported", raw: "3 points", at: at("3 points") },
        { id: "c", kind: "notFound", raw: "40 ships", at: at("40 ships") },
        { id: "d", kind: "inconsistent", raw: "$2 billion", at: at("$2 billion") },
      ],
      "c",
    );
    expect(editor.drawn().map((drawn) => drawn.class)).toEqual([
      "claim-highlight claim-mismatch",
      "claim-highlight claim-unsupported",
      "claim-highlight claim-notfound claim-highlight-active",
      "claim-highlight claim-inconsistent",
    ]);
  });

  it("counts a citation as one position, as the checker does", () => {
    const first = "Tariffs fell 12 percent.";
    const editor = setup(documentOf(paragraph(first, { cite: EVIDENCE }, " Imports rose 7 percent.")));
    const from = first.length + 1 + " Imports rose ".length;
    editor.setClaims([claim({ raw: "7 percent", at: { block: 0, from, to: from + 9 } })]);
    expect(editor.drawn().map((drawn) => drawn.text)).toEqual(["7 percent"]);
  });

  it("numbers textblocks in document order, headings and list items included", () => {
    const doc = documentOf(
      schema.node("heading", { level: 2 }, [schema.text("Trade in 2023")]),
      schema.node("bulletList", null, [
        schema.node("listItem", null, [paragraph("Imports rose 7 percent.")]),
        schema.node("listItem", null, [paragraph("Exports fell 3 percent.")]),
      ]),
      paragraph("Tariffs fell 12 percent."),
    );
    const editor = setup(doc);
    editor.setClaims([
      claim({ id: "x", raw: "3 percent", at: { block: 2, from: 13, to: 22 } }),
      claim({ id: "y", raw: "12 percent", at: { block: 3, from: 13, to: 23 } }),
    ]);
    expect(textblockPositions(doc)).toHaveLength(4);
    expect(editor.drawn().map((drawn) => drawn.text)).toEqual(["3 percent", "12 percent"]);
  });

  it("draws nothing where the text no longer says the figure, or the block or offsets do not exist", () => {
    const editor = setup(documentOf(paragraph(SENTENCE)));
    const from = SENTENCE.indexOf("$614 billion");
    editor.setClaims([
      claim({ id: "moved", raw: "$614 billion", at: { block: 0, from: from + 1, to: from + 13 } }),
      claim({ id: "other", raw: "$615 billion", at: { block: 0, from, to: from + 12 } }),
      claim({ id: "noBlock", raw: "$614 billion", at: { block: 3, from, to: from + 12 } }),
      claim({ id: "pastEnd", raw: "2023.", at: { block: 0, from: SENTENCE.length - 4, to: SENTENCE.length + 1 } }),
      claim({ id: "empty", raw: "", at: { block: 0, from: 2, to: 2 } }),
    ]);
    expect(editor.drawn()).toEqual([]);
    expect(claimRange(editor.state.doc, { block: 0, from, to: from + 12 }, "$614 billion")).toEqual({
      from: 1 + from,
      to: 1 + from + 12,
    });
  });

  it("moves with local typing before it, and drops an underline whose figure was edited", () => {
    const editor = setup(documentOf(paragraph(SENTENCE)));
    const from = SENTENCE.indexOf("$614 billion");
    editor.setClaims([claim({ raw: "$614 billion", at: { block: 0, from, to: from + 12 } })]);
    editor.apply((state) => state.tr.insertText("In all, ", 1));
    expect(editor.drawn().map((drawn) => drawn.text)).toEqual(["$614 billion"]);
    expect(claimRangeOf(editor.state, "clm_1")).toEqual({ from: 1 + 8 + from, to: 1 + 8 + from + 12 });
    // Typing right after the figure stays outside it.
    editor.apply((state) => state.tr.insertText("!", 1 + 8 + from + 12));
    expect(editor.drawn().map((drawn) => drawn.text)).toEqual(["$614 billion"]);
    // "$614.5 billion": the figure itself changed, the underline goes until the next check.
    editor.apply((state) => state.tr.insertText(".5", 1 + 8 + from + 4));
    expect(editor.drawn()).toEqual([]);
  });

  it("places the findings again from their offsets after a remote change (the binding replaces the whole document)", () => {
    const editor = setup(documentOf(paragraph(SENTENCE)));
    const from = SENTENCE.indexOf("$614 billion");
    editor.setClaims([claim({ raw: "$614 billion", at: { block: 0, from, to: from + 12 } })]);
    editor.apply((state) =>
      state.tr
        .replaceWith(0, state.doc.content.size, [paragraph(SENTENCE), paragraph("Another paragraph.")])
        .setMeta(ySyncPluginKey, { isChangeOrigin: true }),
    );
    expect(editor.drawn().map((drawn) => drawn.text)).toEqual(["$614 billion"]);
  });

  it("finds the underline at a position, and reads Alt+Enter as the card's shortcut", () => {
    const editor = setup(documentOf(paragraph(SENTENCE)));
    const from = SENTENCE.indexOf("$614 billion");
    editor.setClaims([claim({ raw: "$614 billion", at: { block: 0, from, to: from + 12 } })]);
    expect(claimAt(editor.state, 1 + from + 3)).toBe("clm_1");
    expect(claimAt(editor.state, 1)).toBeNull();
    const key = { key: "Enter", altKey: true, ctrlKey: false, metaKey: false, shiftKey: false };
    expect(isClaimCardShortcut(key)).toBe(true);
    expect(isClaimCardShortcut({ ...key, altKey: false })).toBe(false);
    expect(isClaimCardShortcut({ ...key, shiftKey: true })).toBe(false);
  });
});

describe("a figure's sentence", () => {
  function sentenceOf(block: ProseMirrorNode, raw: string, occurrence = 0) {
    const doc = documentOf(paragraph("First paragraph."), block);
    const start = textblockPositions(doc)[1]! + 1;
    let offset = -1;
    let seen = -1;
    block.forEach((child, childOffset) => {
      if (!child.isText) return;
      let index = child.text!.indexOf(raw);
      while (index >= 0 && offset < 0) {
        seen += 1;
        if (seen === occurrence) offset = childOffset + index;
        index = child.text!.indexOf(raw, index + 1);
      }
    });
    const found = claimSentence(doc, { from: start + offset, to: start + offset + raw.length });
    if (!found) return null;
    return {
      text: doc.textBetween(found.from, found.to, "\n", "[c]"),
      endsAtBlockEnd: found.to === start + block.content.size,
      cited: found.citedEvidence,
    };
  }

  it("ends after the full stop and the citations that follow it", () => {
    const block = paragraph("Tariffs fell. ", SENTENCE, { cite: EVIDENCE }, { cite: OTHER_EVIDENCE }, " Next one.");
    expect(sentenceOf(block, "$614 billion")).toEqual({
      text: `${SENTENCE}[c][c]`,
      endsAtBlockEnd: false,
      cited: [EVIDENCE, OTHER_EVIDENCE],
    });
  });

  it("does not end at a decimal point, an abbreviation or U.S.", () => {
    const text = "The U.S. bought $614.5 billion, e.g. from No. 5 suppliers, in 2023. Then more.";
    expect(sentenceOf(paragraph(text), "$614.5 billion")).toEqual({
      text: "The U.S. bought $614.5 billion, e.g. from No. 5 suppliers, in 2023.",
      endsAtBlockEnd: false,
      cited: [],
    });
  });

  it("runs to the block's end when the sentence has no end punctuation", () => {
    expect(sentenceOf(paragraph("Done. Imports rose 7 percent"), "7 percent")).toEqual({
      text: "Imports rose 7 percent",
      endsAtBlockEnd: true,
      cited: [],
    });
  });

  it("takes a closing quote after the full stop, and a question", () => {
    expect(sentenceOf(paragraph('He said "it rose 7 percent." Did it rise 9 percent? Yes.'), "9 percent")).toEqual({
      text: "Did it rise 9 percent?",
      endsAtBlockEnd: false,
      cited: [],
    });
    expect(sentenceOf(paragraph('He said "it rose 7 percent." Then.'), "7 percent")?.text).toBe(
      'He said "it rose 7 percent."',
    );
  });

  it("reads the cites of its own sentence only", () => {
    const block = paragraph("Imports rose 7 percent.", { cite: EVIDENCE }, " Exports fell 3 percent.", {
      cite: OTHER_EVIDENCE,
    });
    expect(sentenceOf(block, "3 percent")).toEqual({
      text: "Exports fell 3 percent.[c]",
      endsAtBlockEnd: true,
      cited: [OTHER_EVIDENCE],
    });
  });
});
