import type { BodyBlock, BodyInline } from "@accord/claims";
import type { BodyReader } from "@accord/editor";
import type * as Y from "yjs";
import { bodyPieces } from "../documents/bodyPieces.js";

/** What an inline leaf other than a citation (a hard break) reads as: one position, as ProseMirror counts it, and a space between words. */
const LEAF_TEXT = "\n";

/**
 * A recommendation's body as the claim check reads it (@accord/claims' BodyBlock[]): its
 * textblocks in document order — the n-th is the n-th textblock the editor shows, which is what
 * a finding's `at.block` counts — each as text runs and citations, so that offsets inside a
 * block are ProseMirror's (a character of text 1, a citation 1, a hard break 1).
 *
 * The pieces are those of documents/bodyPieces.ts, the walk the citation tracker reads too: it
 * drops exactly what the editor drops. Adjacent text runs are merged (formatting is not the
 * checker's concern); a leaf stays on its own. Text keeps every run, suggested deletions
 * included: they are in the editor's document, and the offsets must be its offsets. Inline
 * nodes outside a textblock are in no block. `bodyBlocks.test.ts` pins equality with the
 * ProseMirror reading on random bodies.
 */
export function bodyBlocks(reader: BodyReader, doc: Y.Doc): BodyBlock[] {
  const blocks: BodyBlock[] = [];
  let block: BodyInline[] | null = null;
  let run = "";
  const endRun = () => {
    if (run !== "") block?.push({ text: run });
    run = "";
  };
  for (const piece of bodyPieces(reader, doc)) {
    switch (piece.kind) {
      case "textblockStart":
        block = [];
        break;
      case "textblockEnd":
        endRun();
        if (block !== null) blocks.push(block);
        block = null;
        break;
      case "text":
        if (block === null) break;
        for (const op of piece.text.toDelta() as Array<{ insert: unknown }>) {
          if (typeof op.insert === "string") run += op.insert;
        }
        break;
      case "citation":
        endRun();
        block?.push({ cite: { evidenceId: piece.evidenceId, citationId: piece.citationId } });
        break;
      case "leaf":
        endRun();
        block?.push({ text: LEAF_TEXT });
        break;
      default:
        piece satisfies never;
    }
  }
  return blocks;
}
