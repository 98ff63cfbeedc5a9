import { BodyReader, SUGGESTION_DELETE, SUGGESTION_INSERT, type SuggestionAttributes } from "@accord/editor";
import type { Mark, Node as ProseMirrorNode, Schema } from "@tiptap/pm/model";
import { DocAttrStep, type Step, Transform } from "@tiptap/pm/transform";
import { initProseMirrorDoc, updateYFragment } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import type { Random } from "../reliability/prng.js";

/**
 * ProseMirror steps of every kind a client can produce, drawn from a seeded generator over a
 * seeded body with the shared schema, and written into a Y.XmlFragment exactly as the editor's
 * binding (y-tiptap's ySyncPlugin) writes a transaction: `updateYFragment` of the new document
 * over the fragment, with the binding's mapping kept from one transaction to the next.
 */

/** One reader, so that every document here has the same schema instance (ProseMirror's `eq` compares them). */
const reader = new BodyReader();
export const schema: Schema = reader.schema;

export function suggestion(authorId: string, id: string, createdAt = 1_700_000_000_000): SuggestionAttributes {
  return { id, authorId, createdAt };
}

/**
 * The seeded body: a heading, a paragraph with bold text and two citations,
 * others' suggestions (`otherId`), the reviewer's own (`ownId`), a list, a quote, and an empty
 * paragraph.
 */
export function seedBody(ownId: string, otherId: string): ProseMirrorNode {
  const text = (value: string, marks: Mark[] = []) => schema.text(value, marks);
  const insert = (authorId: string, id: string) => schema.marks[SUGGESTION_INSERT]!.create(suggestion(authorId, id));
  const remove = (authorId: string, id: string) => schema.marks[SUGGESTION_DELETE]!.create(suggestion(authorId, id));
  const bold = schema.marks.bold!.create();
  const p = (...content: ProseMirrorNode[]) => schema.nodes.paragraph!.create(null, content);
  return schema.nodes.doc!.create(null, [
    schema.nodes.heading!.create({ level: 2 }, [text("Harbour policy")]),
    p(
      text("Ports "),
      text("must", [bold]),
      text(" cut emissions"),
      schema.nodes.citation!.create({ evidenceId: "ev-1", citationId: null }),
      text(" by 2030 "),
      schema.nodes.citation!.create({ evidenceId: "ev-2", citationId: "ct-2" }),
      text(" at least."),
    ),
    p(
      text("Tariffs "),
      text("rise sharply", [insert(otherId, "other-insert-1")]),
      text(" and "),
      text("quickly", [remove(otherId, "other-delete-1")]),
      text(" fall."),
    ),
    p(
      text("Mine: "),
      text("added words", [insert(ownId, "own-insert-01")]),
      text(" and "),
      text("struck words", [remove(ownId, "own-delete-01")]),
      text(" end."),
    ),
    schema.nodes.bulletList!.create(null, [schema.nodes.listItem!.create(null, [p(text("First item"))])]),
    schema.nodes.blockquote!.create(null, [p(text("Quoted line"))]),
    p(),
  ]);
}

/** A client's copy of the body: its PM document and y-tiptap's binding metadata over `fragment`. */
export class ClientBody {
  doc: ProseMirrorNode;
  private meta: ReturnType<typeof initProseMirrorDoc>["meta"];

  constructor(
    private readonly ydoc: Y.Doc,
    private readonly fragment: Y.XmlFragment,
  ) {
    const initial = initProseMirrorDoc(fragment, schema);
    this.doc = initial.doc;
    this.meta = initial.meta;
  }

  /** Applies the steps and writes the result as the editor would: one Yjs transaction. */
  apply(steps: readonly Step[]): void {
    const transform = new Transform(this.doc);
    for (const step of steps) {
      const result = transform.maybeStep(step);
      if (result.failed !== null) throw new Error(`step does not apply: ${result.failed}`);
    }
    this.write(transform.doc);
  }

  /** After remote changes: the PM document the binding renders from the fragment now. */
  refresh(): void {
    const current = initProseMirrorDoc(this.fragment, schema);
    this.doc = current.doc;
    this.meta = current.meta;
  }

  write(next: ProseMirrorNode): void {
    this.doc = next;
    this.ydoc.transact(() => updateYFragment(this.ydoc, this.fragment, next, this.meta as never), "y-sync$");
  }
}

/** A text node and where it starts, for choosing ranges inside one run of text. */
interface TextRun {
  node: ProseMirrorNode;
  pos: number;
}

export function textRuns(doc: ProseMirrorNode, accept: (node: ProseMirrorNode) => boolean = () => true): TextRun[] {
  const runs: TextRun[] = [];
  doc.descendants((node, pos) => {
    if (node.isText && accept(node)) runs.push({ node, pos });
    return true;
  });
  return runs;
}

function hasMark(node: ProseMirrorNode, name: string, authorId?: string): boolean {
  return node.marks.some(
    (mark) => mark.type.name === name && (authorId === undefined || mark.attrs.authorId === authorId),
  );
}

/** A range of at least one character inside a run. */
function rangeIn(random: Random, run: TextRun): { from: number; to: number } {
  const length = run.node.nodeSize;
  const start = random.int(0, length - 1);
  const end = random.int(start + 1, length);
  return { from: run.pos + start, to: run.pos + end };
}

/** A position inside or at the edge of a text run, or inside an empty textblock (where typing goes). */
function textPosition(random: Random, doc: ProseMirrorNode): number {
  const empty: number[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock && node.childCount === 0) empty.push(pos + 1);
    return true;
  });
  if (empty.length > 0 && random.int(0, 4) === 0) return random.pick(empty);
  const run = random.pick(textRuns(doc));
  return run.pos + random.int(0, run.node.nodeSize);
}

function word(random: Random): string {
  return random.string(random.int(1, 6), "abcdefghij klm");
}

/** One kind of step a reviewer may not send; `make` answers the steps (null: nothing fits this document). */
export interface StepKind {
  name: string;
  make: (random: Random, doc: ProseMirrorNode, ownId: string, otherId: string) => Step[] | null;
}

const stepsOf = (doc: ProseMirrorNode, change: (tr: Transform) => void): Step[] => {
  const tr = new Transform(doc);
  change(tr);
  return tr.steps;
};

/** Every kind of change a client can make that is not a suggestion of the reviewer's own. */
export const FORBIDDEN_STEPS: readonly StepKind[] = [
  {
    name: "ReplaceStep: plain insertion",
    make: (random, doc) => {
      const pos = textPosition(random, doc);
      return stepsOf(doc, (tr) => tr.insert(pos, schema.text(word(random).trim() || "x")));
    },
  },
  {
    name: "ReplaceStep: plain deletion",
    make: (random, doc, ownId) => {
      const runs = textRuns(doc, (node) => !hasMark(node, SUGGESTION_INSERT, ownId));
      const { from, to } = rangeIn(random, random.pick(runs));
      return stepsOf(doc, (tr) => tr.delete(from, to));
    },
  },
  {
    name: "ReplaceStep: insertion marked with someone else's authorId",
    make: (random, doc, _ownId, otherId) => {
      const pos = textPosition(random, doc);
      const mark = schema.marks[SUGGESTION_INSERT]!.create(suggestion(otherId, "forged-id-1"));
      return stepsOf(doc, (tr) => tr.insert(pos, schema.text("forged", [mark])));
    },
  },
  {
    name: "ReplaceStep: insertion with malformed suggestion attributes",
    make: (random, doc, ownId) => {
      const pos = textPosition(random, doc);
      const attrs = random.pick([
        { id: "x", authorId: ownId, createdAt: 1 },
        { id: "valid-id-1", authorId: ownId, createdAt: -5 },
        { id: "valid-id-1", authorId: ownId, createdAt: null },
      ]);
      return stepsOf(doc, (tr) => tr.insert(pos, schema.text("odd", [schema.marks[SUGGESTION_INSERT]!.create(attrs)])));
    },
  },
  {
    name: "ReplaceStep: own-marked insertion that also removes text",
    make: (random, doc, ownId) => {
      const runs = textRuns(doc, (node) => !hasMark(node, SUGGESTION_INSERT, ownId));
      const { from, to } = rangeIn(random, random.pick(runs));
      const mark = schema.marks[SUGGESTION_INSERT]!.create(suggestion(ownId, "own-insert-99"));
      return stepsOf(doc, (tr) => tr.replaceWith(from, to, schema.text("instead", [mark])));
    },
  },
  {
    name: "ReplaceStep: new paragraph (split)",
    make: (random, doc) => {
      const pos = textPosition(random, doc);
      return stepsOf(doc, (tr) => tr.split(pos));
    },
  },
  {
    name: "ReplaceStep: a whole block removed",
    make: (random, doc) => {
      const index = random.int(0, doc.childCount - 1);
      let from = 0;
      for (let i = 0; i < index; i++) from += doc.child(i).nodeSize;
      return stepsOf(doc, (tr) => tr.delete(from, from + doc.child(index).nodeSize));
    },
  },
  {
    name: "ReplaceStep: a citation inserted with the own insertion mark",
    make: (random, doc, ownId) => {
      const pos = textPosition(random, doc);
      const mark = schema.marks[SUGGESTION_INSERT]!.create(suggestion(ownId, "own-insert-98"));
      return stepsOf(doc, (tr) =>
        tr.insert(pos, schema.nodes.citation!.create({ evidenceId: "ev-9", citationId: null }, null, [mark])),
      );
    },
  },
  {
    name: "ReplaceAroundStep: paragraph made a heading",
    make: (random, doc) => {
      const run = random.pick(textRuns(doc, (node) => node !== doc.firstChild?.firstChild));
      return stepsOf(doc, (tr) => tr.setBlockType(run.pos, run.pos, schema.nodes.heading!, { level: 3 }));
    },
  },
  {
    name: "ReplaceAroundStep: paragraph wrapped in a quote",
    make: (_random, doc) => {
      const $pos = doc.resolve(2);
      const range = $pos.blockRange();
      return range === null ? null : stepsOf(doc, (tr) => tr.wrap(range, [{ type: schema.nodes.blockquote! }]));
    },
  },
  {
    name: "ReplaceAroundStep: quote lifted",
    make: (_random, doc) => {
      let inside = -1;
      doc.descendants((node, pos) => {
        if (node.type.name === "blockquote" && inside < 0) inside = pos + 2;
        return inside < 0;
      });
      if (inside < 0) return null;
      const range = doc.resolve(inside).blockRange();
      return range === null ? null : stepsOf(doc, (tr) => tr.lift(range, range.depth - 1));
    },
  },
  {
    name: "AddMarkStep: bold",
    make: (random, doc, ownId) => {
      const runs = textRuns(doc, (node) => !hasMark(node, "bold") && !hasMark(node, SUGGESTION_INSERT, ownId));
      const { from, to } = rangeIn(random, random.pick(runs));
      return stepsOf(doc, (tr) => tr.addMark(from, to, schema.marks.bold!.create()));
    },
  },
  {
    name: "AddMarkStep: deletion mark with someone else's authorId",
    make: (random, doc, _ownId, otherId) => {
      const runs = textRuns(doc, (node) => !hasMark(node, SUGGESTION_DELETE));
      const { from, to } = rangeIn(random, random.pick(runs));
      const mark = schema.marks[SUGGESTION_DELETE]!.create(suggestion(otherId, "forged-del-1"));
      return stepsOf(doc, (tr) => tr.addMark(from, to, mark));
    },
  },
  {
    name: "AddMarkStep: own deletion mark over someone else's deletion",
    make: (random, doc, ownId, otherId) => {
      const runs = textRuns(doc, (node) => hasMark(node, SUGGESTION_DELETE, otherId));
      const { from, to } = rangeIn(random, random.pick(runs));
      const mark = schema.marks[SUGGESTION_DELETE]!.create(suggestion(ownId, "own-delete-77"));
      return stepsOf(doc, (tr) => tr.addMark(from, to, mark));
    },
  },
  {
    name: "AddMarkStep: own insertion mark on existing text",
    make: (random, doc, ownId) => {
      const runs = textRuns(doc, (node) => !hasMark(node, SUGGESTION_INSERT));
      const { from, to } = rangeIn(random, random.pick(runs));
      const mark = schema.marks[SUGGESTION_INSERT]!.create(suggestion(ownId, "own-insert-77"));
      return stepsOf(doc, (tr) => tr.addMark(from, to, mark));
    },
  },
  {
    name: "RemoveMarkStep: bold",
    make: (random, doc) => {
      const { from, to } = rangeIn(random, random.pick(textRuns(doc, (node) => hasMark(node, "bold"))));
      return stepsOf(doc, (tr) => tr.removeMark(from, to, schema.marks.bold!));
    },
  },
  {
    name: "RemoveMarkStep: someone else's insertion accepted",
    make: (random, doc, _ownId, otherId) => {
      const runs = textRuns(doc, (node) => hasMark(node, SUGGESTION_INSERT, otherId));
      const { from, to } = rangeIn(random, random.pick(runs));
      return stepsOf(doc, (tr) => tr.removeMark(from, to, schema.marks[SUGGESTION_INSERT]!));
    },
  },
  {
    name: "RemoveMarkStep: someone else's deletion rejected",
    make: (random, doc, _ownId, otherId) => {
      const runs = textRuns(doc, (node) => hasMark(node, SUGGESTION_DELETE, otherId));
      const { from, to } = rangeIn(random, random.pick(runs));
      return stepsOf(doc, (tr) => tr.removeMark(from, to, schema.marks[SUGGESTION_DELETE]!));
    },
  },
  {
    name: "ReplaceStep: someone else's insertion removed",
    make: (random, doc, _ownId, otherId) => {
      const runs = textRuns(doc, (node) => hasMark(node, SUGGESTION_INSERT, otherId));
      const { from, to } = rangeIn(random, random.pick(runs));
      return stepsOf(doc, (tr) => tr.delete(from, to));
    },
  },
  {
    name: "AddNodeMarkStep: a citation made bold",
    make: (_random, doc) => {
      const pos = citationPositions(doc).find((at) => doc.nodeAt(at)!.marks.length === 0);
      return pos === undefined ? null : stepsOf(doc, (tr) => tr.addNodeMark(pos, schema.marks.bold!.create()));
    },
  },
  {
    name: "RemoveNodeMarkStep: a citation's bold removed",
    make: (_random, doc) => {
      // The seed's bold citation arrives without its mark (the binding keeps none): marked here first.
      const pos = citationPositions(doc)[0]!;
      return stepsOf(doc, (tr) =>
        tr.addNodeMark(pos, schema.marks.bold!.create()).removeNodeMark(pos, schema.marks.bold!),
      );
    },
  },
  {
    name: "AttrStep: heading level",
    make: (_random, doc) => stepsOf(doc, (tr) => tr.setNodeAttribute(0, "level", 3)),
  },
  {
    name: "AttrStep: citation's evidence",
    make: (random, doc) => {
      const pos = random.pick(citationPositions(doc));
      return stepsOf(doc, (tr) => tr.setNodeAttribute(pos, "evidenceId", "ev-forged"));
    },
  },
  {
    name: "DocAttrStep: an attribute of the document",
    make: () => [new DocAttrStep("lang", "fr")],
  },
];

/**
 * Step kinds the binding writes nothing for: y-tiptap keeps neither inline nodes' marks nor the
 * document node's attributes in the Y.XmlFragment, so there is no update to refuse.
 */
export const UNSYNCED_STEPS: ReadonlySet<string> = new Set([
  "AddNodeMarkStep: a citation made bold",
  "RemoveNodeMarkStep: a citation's bold removed",
  "DocAttrStep: an attribute of the document",
]);

function citationPositions(doc: ProseMirrorNode): number[] {
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (node.type.name === "citation") positions.push(pos);
    return true;
  });
  return positions;
}

/**
 * One random suggestion of `ownId`'s: typing marked text, marking text for deletion, removing
 * its own inserted text, or taking back its own deletion mark. Null when the document offers no
 * place for the kind drawn.
 */
export function randomSuggestion(random: Random, doc: ProseMirrorNode, ownId: string, serial: number): Step[] | null {
  const kind = random.int(0, 3);
  const own = (name: string, id: string) => schema.marks[name]!.create(suggestion(ownId, id));
  switch (kind) {
    case 0: {
      const pos = textPosition(random, doc);
      const $pos = doc.resolve(pos);
      const kept = $pos
        .marks()
        .filter((mark) => mark.type.name !== SUGGESTION_INSERT && mark.type.name !== SUGGESTION_DELETE);
      const text = word(random);
      return stepsOf(doc, (tr) =>
        tr.insert(pos, schema.text(text, [...kept, own(SUGGESTION_INSERT, `own-insert-${serial}-x`)])),
      );
    }
    case 1: {
      const runs = textRuns(
        doc,
        (node) => !hasMark(node, SUGGESTION_DELETE) && !hasMark(node, SUGGESTION_INSERT, ownId),
      );
      if (runs.length === 0) return null;
      const { from, to } = rangeIn(random, random.pick(runs));
      return stepsOf(doc, (tr) => tr.addMark(from, to, own(SUGGESTION_DELETE, `own-delete-${serial}-x`)));
    }
    case 2: {
      const runs = textRuns(doc, (node) => hasMark(node, SUGGESTION_INSERT, ownId));
      if (runs.length === 0) return null;
      const { from, to } = rangeIn(random, random.pick(runs));
      return stepsOf(doc, (tr) => tr.delete(from, to));
    }
    default: {
      const runs = textRuns(doc, (node) => hasMark(node, SUGGESTION_DELETE, ownId));
      if (runs.length === 0) return null;
      const { from, to } = rangeIn(random, random.pick(runs));
      return stepsOf(doc, (tr) => tr.removeMark(from, to, schema.marks[SUGGESTION_DELETE]!));
    }
  }
}

/** The body a Y.Doc holds, read with the shared schema. */
export function bodyOf(doc: Y.Doc): ProseMirrorNode {
  return reader.read(doc);
}
