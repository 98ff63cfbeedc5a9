import { LEAF_TEXT, numberCitations, type VersionChange } from "@accord/editor";
import { DOMSerializer, type Fragment, type Node as ProseMirrorNode, type Schema } from "@tiptap/pm/model";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { formatDescription } from "./versionLabels";

/**
 * The decorations that show a diff on the newer document: inserted text underlined in green
 * (<ins>), deleted text as struck-through red widgets (<del>) where it was, formatting-only
 * changes underlined and titled with what changed. Screen readers hear "inserted", "deleted"
 * and "formatting" around each, from visually hidden words beside them.
 */
export function diffDecorations(
  newDoc: ProseMirrorNode,
  oldDoc: ProseMirrorNode,
  changes: readonly VersionChange[],
): DecorationSet {
  const decorations: Decoration[] = [];
  const serializer = deletedSerializer(oldDoc.type.schema, oldDoc);
  changes.forEach((change, index) => {
    const key = `change-${index}`;
    if (change.kind === "delete" || change.kind === "replace") {
      decorations.push(
        Decoration.widget(change.fromB, () => deletedWidget(oldDoc, change, serializer, index), {
          side: -1,
          key: `${key}-deleted`,
          ignoreSelection: true,
        }),
      );
    }
    if (change.kind === "insert" || change.kind === "replace") {
      decorations.push(...rangeDecorations(newDoc, change.fromB, change.toB, "diff-inserted", "ins", index));
      decorations.push(marker(change.fromB, "Inserted: ", -1, `${key}-in-start`));
      decorations.push(marker(change.toB, " (end of insertion)", 1, `${key}-in-end`));
    }
    if (change.kind === "format") {
      const description = formatDescription(change);
      const hasInline = change.deleted !== "" || change.inserted !== "";
      decorations.push(
        ...(hasInline
          ? rangeDecorations(newDoc, change.fromB, change.toB, "diff-format", "span", index, description)
          : blockDecoration(newDoc, change.fromB, "diff-format-block", index, description)),
      );
      decorations.push(marker(change.fromB, `${description}: `, -1, `${key}-format`));
    }
  });
  return DecorationSet.create(newDoc, decorations);
}

/** Inline decorations over a range, and a block decoration on each block it covers whole (a new paragraph). */
function rangeDecorations(
  doc: ProseMirrorNode,
  from: number,
  to: number,
  className: string,
  nodeName: string,
  index: number,
  title?: string,
): Decoration[] {
  const attributes: Record<string, string> = { class: className, "data-diff-change": String(index) };
  if (title) attributes.title = title;
  const decorations = [Decoration.inline(from, to, { ...attributes, nodeName })];
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.isBlock && pos >= from && pos + node.nodeSize <= to) {
      decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: `${className}-block` }));
      return false;
    }
    return true;
  });
  return decorations;
}

function blockDecoration(doc: ProseMirrorNode, pos: number, className: string, index: number, title: string) {
  const node = doc.nodeAt(pos);
  if (!node || node.isInline) return [];
  return [Decoration.node(pos, pos + node.nodeSize, { class: className, title, "data-diff-change": String(index) })];
}

/** Words only a screen reader hears, at one side of a change. */
function marker(pos: number, text: string, side: number, key: string): Decoration {
  return Decoration.widget(
    pos,
    () => {
      const span = document.createElement("span");
      span.className = "visually-hidden";
      span.textContent = text;
      return span;
    },
    { side, key, ignoreSelection: true },
  );
}

/**
 * The deleted content where it was: inline content inside one paragraph as a <del> of its
 * formatted text and citations; anything across blocks as struck blocks (or, inside a
 * paragraph, struck text with ¶ where the blocks met).
 */
function deletedWidget(
  oldDoc: ProseMirrorNode,
  change: VersionChange,
  serializer: DOMSerializer,
  index: number,
): HTMLElement {
  const $from = oldDoc.resolve(change.fromA);
  const $to = oldDoc.resolve(change.toA);
  const slice = oldDoc.slice(change.fromA, change.toA);
  const asBlocks = $from.depth === 0 && slice.openStart === 0 && slice.openEnd === 0;
  const wrapper = document.createElement(asBlocks ? "div" : "span");
  wrapper.className = "diff-deleted-widget";
  const label = document.createElement("span");
  label.className = "visually-hidden";
  label.textContent = "Deleted: ";
  const deleted = document.createElement(asBlocks ? "div" : "del");
  deleted.className = asBlocks ? "diff-deleted diff-deleted-blocks" : "diff-deleted";
  deleted.dataset.diffChange = String(index);
  if (asBlocks) deleted.append(serializer.serializeFragment(slice.content as Fragment));
  else if ($from.parent === $to.parent && $from.parent.inlineContent)
    deleted.append(serializer.serializeFragment($from.parent.content.cut($from.parentOffset, $to.parentOffset)));
  else deleted.append(oldDoc.textBetween(change.fromA, change.toA, " ¶ ", LEAF_TEXT));
  wrapper.append(label, deleted);
  return wrapper;
}

/** The schema's own serializer, with citations drawn as the editor draws them: their number in the old text. */
function deletedSerializer(schema: Schema, oldDoc: ProseMirrorNode): DOMSerializer {
  const numbers = new WeakMap<ProseMirrorNode, number>();
  for (const { pos, number } of numberCitations(oldDoc)) {
    const node = oldDoc.nodeAt(pos);
    if (node) numbers.set(node, number);
  }
  const base = DOMSerializer.fromSchema(schema);
  return new DOMSerializer(
    {
      ...base.nodes,
      citation: (node) => {
        const sup = document.createElement("sup");
        sup.className = "citation";
        const number = numbers.get(node);
        sup.textContent = number === undefined ? "?" : String(number);
        sup.setAttribute("aria-label", number === undefined ? "Citation" : `Citation ${number}`);
        return sup;
      },
    },
    base.marks,
  );
}
