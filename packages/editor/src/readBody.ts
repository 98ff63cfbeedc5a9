import { getSchema } from "@tiptap/core";
import type { Node as ProseMirrorNode, Schema } from "@tiptap/pm/model";
import { yXmlFragmentToProseMirrorRootNode } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { accordExtensions } from "./accordExtensions.js";

/** The Y.XmlFragment of a recommendation's Y.Doc that holds its body. */
export const BODY_FRAGMENT_NAME = "default";

/**
 * Reads recommendation bodies out of Yjs documents with the very schema the editor
 * writes them with, so that the server's view (cited evidence, export) is the editor's:
 * anything the schema does not know is dropped here exactly as the editor would drop it.
 */
export class BodyReader {
  readonly schema: Schema = getSchema(accordExtensions());

  read(doc: Y.Doc): ProseMirrorNode {
    return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(BODY_FRAGMENT_NAME), this.schema);
  }
}
