import { Change, ChangeSet, simplifyChanges, type TokenEncoder } from "@tiptap/pm/changeset";
import type { Mark, Node as ProseMirrorNode } from "@tiptap/pm/model";
import { StepMap } from "@tiptap/pm/transform";

/**
 * What changed between two versions of a recommendation's body (issue 18): insertions,
 * deletions, replacements, and formatting-only changes (a mark or a citation's reference
 * changed, the words stayed). Positions are ProseMirror positions: `fromA`/`toA` in the old
 * document, `fromB`/`toB` in the new one.
 */
export type VersionChangeKind = "insert" | "delete" | "replace" | "format";

export interface VersionChange {
  kind: VersionChangeKind;
  fromA: number;
  toA: number;
  fromB: number;
  toB: number;
  /** The old document's text in the range (a citation or other inline leaf reads as LEAF_TEXT, blocks split by "\n"). */
  deleted: string;
  /** The new document's text in the range, read the same way. */
  inserted: string;
  /** For "format": mark names the range gained, and lost (sorted); empty otherwise. */
  marksAdded: string[];
  marksRemoved: string[];
  /** For "format": the block types whose attributes changed (a heading's level), sorted; empty otherwise. */
  attributesChanged: string[];
}

export interface VersionDiff {
  changes: VersionChange[];
  /**
   * False when some changed region was too large to compare word by word within the budget
   * (MAX_FINE_DIFF_TOKENS); that region is then one replacement of whole blocks.
   */
  fine: boolean;
}

/** How an inline leaf (a citation, a hard break) reads in `deleted`/`inserted`. */
export const LEAF_TEXT = "\u25C6";

/**
 * prosemirror-changeset's diff gives up above 10,000 tokens per compared range (it then returns
 * the whole range as one change) and above 2,500 differing tokens; ranges are kept below that by
 * comparing top-level blocks first. This budget bounds the character-level work over all ranges
 * together: past it, the remaining changed blocks are shown as whole-block replacements.
 */
export const MAX_FINE_DIFF_TOKENS = 60_000;
/** prosemirror-changeset's own cutoff (MAX_TOKEN_SIZE in its diff.ts): a bigger range is never compared finely. */
const CHANGESET_RANGE_LIMIT = 10_000;
/** The most unchanged whitespace between two changes that are shown as one replacement (joinAcrossSpaces). */
const MAX_JOINED_GAP = 2;
/** How far an insertion or deletion may slide to start at a word (see slideToWords). */
const MAX_SLIDE = 64;

/**
 * Compares two documents of the shared schema. Linear in the documents' size apart from the
 * character-level comparison of changed blocks, which is bounded by MAX_FINE_DIFF_TOKENS.
 *
 * 1. Top-level blocks are aligned first (equal blocks found by their content, unique ones as
 *    anchors, patience-diff style), so distant edits in a long body are compared separately.
 * 2. Each changed run of blocks goes through prosemirror-changeset (one step per run, minimized
 *    by its Myers diff over tokens that include marks and node attributes, so formatting and a
 *    citation's reference count as changes), then each change is refined once on its own (the
 *    library merges changes closer than up to 15 tokens in a large range) and simplified to
 *    whole words where a word was partly replaced.
 * 3. A lone insertion or deletion slides to start at a word ("fully " rather than "lly fu").
 */
export function diffVersions(oldDoc: ProseMirrorNode, newDoc: ProseMirrorNode): VersionDiff {
  const regions = changedRegions(oldDoc, newDoc);
  const encoder = createEncoder();
  const fineMaps: StepMap[] = [];
  const coarse: VersionChange[] = [];
  let budget = MAX_FINE_DIFF_TOKENS;
  let fine = true;
  for (const region of regions) {
    const size = region.toA - region.fromA + (region.toB - region.fromB);
    const tooLarge = Math.max(region.toA - region.fromA, region.toB - region.fromB) > CHANGESET_RANGE_LIMIT;
    if (tooLarge || size > budget) {
      fine = false;
      coarse.push(describe(oldDoc, newDoc, region.fromA, region.toA, region.fromB, region.toB));
      continue;
    }
    budget -= size;
    // One map per region, each in the coordinates of the document after the earlier regions
    // were applied (addSteps reads its maps as a sequence of steps): there, a region starts
    // where it starts in the new document.
    fineMaps.push(new StepMap([region.fromB, region.toA - region.fromA, region.toB - region.fromB]));
  }
  let changes: readonly Change[] = [];
  if (fineMaps.length > 0) {
    changes = ChangeSet.create(oldDoc, undefined, encoder).addSteps(newDoc, fineMaps, null).changes;
    changes = changes.flatMap((change) => refine(oldDoc, newDoc, change, encoder));
    changes = simplifyChanges(changes, newDoc);
  }
  const described = joinAcrossSpaces(
    oldDoc,
    newDoc,
    changes.map((change) =>
      slideToWords(oldDoc, newDoc, describe(oldDoc, newDoc, change.fromA, change.toA, change.fromB, change.toB)),
    ),
  );
  return { changes: [...described, ...coarse].sort((a, b) => a.fromB - b.fromB || a.fromA - b.fromA), fine };
}

interface Region {
  fromA: number;
  toA: number;
  fromB: number;
  toB: number;
}

/** The runs of top-level blocks that differ, as position ranges in both documents. */
function changedRegions(oldDoc: ProseMirrorNode, newDoc: ProseMirrorNode): Region[] {
  const a = blocksOf(oldDoc);
  const b = blocksOf(newDoc);
  let start = 0;
  while (start < a.length && start < b.length && a[start]!.key === b[start]!.key) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1]!.key === b[endB - 1]!.key) {
    endA--;
    endB--;
  }
  if (start === endA && start === endB) return [];

  const anchors = uniqueAnchors(a, b, start, endA, endB);
  const regions: Region[] = [];
  let i = start;
  let j = start;
  for (const [anchorA, anchorB] of [...anchors, [endA, endB] as const]) {
    if (anchorA > i || anchorB > j) {
      regions.push({
        fromA: positionOf(a, oldDoc, i),
        toA: positionOf(a, oldDoc, anchorA),
        fromB: positionOf(b, newDoc, j),
        toB: positionOf(b, newDoc, anchorB),
      });
    }
    i = anchorA + 1;
    j = anchorB + 1;
  }
  return regions;
}

interface Block {
  key: string;
  pos: number;
}

function blocksOf(doc: ProseMirrorNode): Block[] {
  const blocks: Block[] = [];
  doc.forEach((node, offset) => blocks.push({ key: JSON.stringify(node.toJSON()), pos: offset }));
  return blocks;
}

function positionOf(blocks: Block[], doc: ProseMirrorNode, index: number): number {
  return index < blocks.length ? blocks[index]!.pos : doc.content.size;
}

/**
 * Pairs of equal blocks that occur once in each range, in an order both documents agree on
 * (the longest increasing run of their positions in the new document): patience diff's anchors.
 */
function uniqueAnchors(a: Block[], b: Block[], start: number, endA: number, endB: number): Array<[number, number]> {
  const counts = new Map<string, { a: number; b: number; atA: number; atB: number }>();
  for (let i = start; i < endA; i++) {
    const entry = counts.get(a[i]!.key) ?? { a: 0, b: 0, atA: -1, atB: -1 };
    entry.a++;
    entry.atA = i;
    counts.set(a[i]!.key, entry);
  }
  for (let j = start; j < endB; j++) {
    const entry = counts.get(b[j]!.key);
    if (!entry) continue;
    entry.b++;
    entry.atB = j;
  }
  const pairs: Array<[number, number]> = [];
  for (const entry of counts.values()) if (entry.a === 1 && entry.b === 1) pairs.push([entry.atA, entry.atB]);
  pairs.sort((x, y) => x[0] - y[0]);
  return longestIncreasing(pairs);
}

/** The longest subsequence of `pairs` (sorted by their first) whose seconds increase; O(n log n). */
function longestIncreasing(pairs: Array<[number, number]>): Array<[number, number]> {
  const tails: number[] = [];
  const previous: number[] = new Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const value = pairs[k]![1];
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (pairs[tails[mid]!]![1] < value) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[k] = tails[low - 1]!;
    tails[low] = k;
  }
  const result: Array<[number, number]> = [];
  for (let k = tails.length > 0 ? tails[tails.length - 1]! : -1; k >= 0; k = previous[k]!) result.push(pairs[k]!);
  return result.reverse();
}

/**
 * Compares one change again on its own. In a large range the library's diff keeps changes
 * apart only when at least min(15, size/10) tokens lie between them; compared alone, two word
 * insertions ten characters apart come out as two insertions rather than one replacement.
 */
function refine(
  oldDoc: ProseMirrorNode,
  newDoc: ProseMirrorNode,
  change: Change,
  encoder: TokenEncoder<unknown>,
): readonly Change[] {
  if (change.fromA === change.toA || change.fromB === change.toB) return [change];
  // Two changes the library merged, with what lies between them, span at least this much.
  if (change.toA - change.fromA + (change.toB - change.fromB) < 4) return [change];
  // Within one top-level block (the usual case), only that block is compared: a document of it alone.
  const within = topLevelBlockAround(oldDoc, change.fromA, change.toA);
  const withinNew = topLevelBlockAround(newDoc, change.fromB, change.toB);
  const scopeOld = within && withinNew ? oldDoc.copy(oldDoc.content.cut(within.from, within.to)) : oldDoc;
  const scopeNew = within && withinNew ? newDoc.copy(newDoc.content.cut(withinNew.from, withinNew.to)) : newDoc;
  const offsetA = within && withinNew ? within.from : 0;
  const offsetB = within && withinNew ? withinNew.from : 0;
  const fromA = change.fromA - offsetA;
  const toA = change.toA - offsetA;
  const fromB = change.fromB - offsetB;
  const toB = change.toB - offsetB;
  // Compared against the old scope with only this change applied, where the change's new text
  // starts at fromA; its positions are then moved to where that text is in the new document.
  let partial: ProseMirrorNode;
  try {
    partial = scopeOld.replace(fromA, toA, scopeNew.slice(fromB, toB));
  } catch {
    return [change];
  }
  const map = new StepMap([fromA, toA - fromA, toB - fromB]);
  const refined = ChangeSet.create(scopeOld, undefined, encoder).addSteps(partial, [map], null).changes;
  if (refined.length < 2) return [change];
  const shiftB = change.fromB - fromA;
  return refined.map((part) => {
    const json = part.toJSON();
    return Change.fromJSON({
      ...json,
      fromA: json.fromA + offsetA,
      toA: json.toA + offsetA,
      fromB: json.fromB + shiftB,
      toB: json.toB + shiftB,
    });
  });
}

/** The top-level block holding the whole range, as positions around it, or null when the range is not inside one. */
function topLevelBlockAround(doc: ProseMirrorNode, from: number, to: number): { from: number; to: number } | null {
  const $from = doc.resolve(from);
  if ($from.depth < 1 || to > $from.end(1)) return null;
  return { from: $from.before(1), to: $from.after(1) };
}

/** A change with its kind, its text on both sides and, for formatting, the marks that changed. */
function describe(
  oldDoc: ProseMirrorNode,
  newDoc: ProseMirrorNode,
  fromA: number,
  toA: number,
  fromB: number,
  toB: number,
): VersionChange {
  const deleted = oldDoc.textBetween(fromA, toA, "\n", LEAF_TEXT);
  const inserted = newDoc.textBetween(fromB, toB, "\n", LEAF_TEXT);
  const base = { fromA, toA, fromB, toB, deleted, inserted, marksAdded: [], marksRemoved: [], attributesChanged: [] };
  if (fromA === toA) return { kind: "insert", ...base };
  if (fromB === toB) return { kind: "delete", ...base };
  if (toA - fromA !== toB - fromB || deleted !== inserted) return { kind: "replace", ...base };
  const before = nodesIn(oldDoc, fromA, toA);
  const after = nodesIn(newDoc, fromB, toB);
  // A citation that now refers elsewhere is other content, not other formatting.
  if (before.shape !== after.shape || before.leaves !== after.leaves) return { kind: "replace", ...base };
  const attributesChanged = new Set<string>();
  for (const [offset, block] of before.blocks)
    if (after.blocks.get(offset)?.attrs !== block.attrs) attributesChanged.add(block.type);
  return {
    kind: "format",
    ...base,
    marksAdded: [...after.marks].filter((name) => !before.marks.has(name)).sort(),
    marksRemoved: [...before.marks].filter((name) => !after.marks.has(name)).sort(),
    attributesChanged: [...attributesChanged].sort(),
  };
}

/**
 * What a range holds besides its text: its node types by offset, its inline leaves with their
 * attributes, its blocks' attributes by offset, and the names of the marks on its inline content.
 */
function nodesIn(doc: ProseMirrorNode, from: number, to: number) {
  const shape: string[] = [];
  const leaves: string[] = [];
  const blocks = new Map<number, { type: string; attrs: string }>();
  const marks = new Set<string>();
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.isInline) for (const mark of node.marks) marks.add(mark.type.name);
    if (node.isText) return;
    shape.push(`${pos - from}:${node.type.name}`);
    if (node.isInline && node.isLeaf) leaves.push(attrsKey(node.attrs));
    else blocks.set(pos - from, { type: node.type.name, attrs: attrsKey(node.attrs) });
  });
  return { shape: shape.join(","), leaves: leaves.join(","), blocks, marks };
}

/**
 * One replacement instead of several where a rewritten phrase kept only the spaces between its
 * words (or a letter the diff matched in passing): "~~The state funds~~ A tax credit
 * ~~plants~~ pays" reads better as one struck phrase and one new one.
 */
function joinAcrossSpaces(
  oldDoc: ProseMirrorNode,
  newDoc: ProseMirrorNode,
  changes: readonly VersionChange[],
): VersionChange[] {
  const joined: VersionChange[] = [];
  for (const change of changes) {
    const previous = joined[joined.length - 1];
    if (
      previous &&
      previous.kind !== "format" &&
      change.kind !== "format" &&
      (previous.kind === "replace" || change.kind === "replace") &&
      change.fromB - previous.toB <= MAX_JOINED_GAP &&
      change.fromB - previous.toB === change.fromA - previous.toA &&
      newDoc.resolve(previous.toB).parent === newDoc.resolve(change.fromB).parent &&
      /^\s*$/.test(newDoc.textBetween(previous.toB, change.fromB, "\n", LEAF_TEXT))
    ) {
      joined[joined.length - 1] = describe(oldDoc, newDoc, previous.fromA, change.toA, previous.fromB, change.toB);
    } else joined.push(change);
  }
  return joined;
}

/**
 * Moves a lone insertion or deletion within its paragraph to where it reads as words. The
 * diff is free to put "fully " inserted into "state funds" as "lly fu" after "state f"; every
 * placement that yields the same text is equally minimal, so this picks the one whose edges
 * fall on word boundaries.
 */
function slideToWords(oldDoc: ProseMirrorNode, newDoc: ProseMirrorNode, change: VersionChange): VersionChange {
  if (change.kind !== "insert" && change.kind !== "delete") return change;
  const inserting = change.kind === "insert";
  const doc = inserting ? newDoc : oldDoc;
  const from = inserting ? change.fromB : change.fromA;
  const to = inserting ? change.toB : change.toA;
  const $from = doc.resolve(from);
  const $to = doc.resolve(to);
  const block = $from.parent;
  if (!block.isTextblock || $to.parent !== block || !block.inlineContent) return change;
  const blockStart = $from.start();
  const tokens = inlineTokens(block);
  const text = block.textBetween(0, block.content.size, undefined, LEAF_TEXT);
  const at = from - blockStart;
  const length = to - from;
  // Sliding left by one keeps the text when the character before equals the change's last one.
  let leftmost = at;
  while (leftmost > 0 && at - leftmost < MAX_SLIDE && tokens[leftmost - 1] === tokens[leftmost - 1 + length])
    leftmost--;
  let rightmost = at;
  while (
    rightmost + length < tokens.length &&
    rightmost - at < MAX_SLIDE &&
    tokens[rightmost] === tokens[rightmost + length]
  )
    rightmost++;
  if (leftmost === rightmost) return change;
  let best = at;
  let bestScore = -1;
  for (let offset = leftmost; offset <= rightmost; offset++) {
    const score = edgeScore(text, offset) + edgeScore(text, offset + length);
    if (score > bestScore) {
      best = offset;
      bestScore = score;
    }
  }
  const shift = best - at;
  if (shift === 0) return change;
  return describe(oldDoc, newDoc, change.fromA + shift, change.toA + shift, change.fromB + shift, change.toB + shift);
}

/** How good a place the gap before `text[offset]` is for a change to start or end at. */
function edgeScore(text: string, offset: number): number {
  if (offset <= 0 || offset >= text.length) return 3;
  const before = text[offset - 1]!;
  const after = text[offset]!;
  if (/\s/.test(before) && !/\s/.test(after)) return 2;
  if (/\s/.test(after)) return 1;
  if (!isWordCharacter(before) || !isWordCharacter(after)) return 1;
  return 0;
}

function isWordCharacter(character: string): boolean {
  return /[\p{L}\p{N}_]/u.test(character);
}

/** One token per position of a textblock's content, encoded as the diff encodes them. */
function inlineTokens(block: ProseMirrorNode): unknown[] {
  const encoder = createEncoder();
  const tokens: unknown[] = [];
  block.forEach((child) => {
    if (child.isText) {
      const text = child.text ?? "";
      for (let k = 0; k < text.length; k++) tokens.push(encoder.encodeCharacter(text.charCodeAt(k), child.marks));
    } else tokens.push(encoder.encodeNodeStart(child));
  });
  return tokens;
}

/**
 * Tokens that carry what a reader sees: a character with its marks (and their attributes, such
 * as a link's address), a node with its attributes (a heading's level, a citation's reference).
 * The library's default compares characters and node names only, so bold added or a citation
 * pointing elsewhere would not be a change. Plain characters stay numbers, the common case.
 */
function createEncoder(): TokenEncoder<unknown> {
  const markKeys = new WeakMap<readonly Mark[], string>();
  const marksKey = (marks: readonly Mark[]) => {
    let key = markKeys.get(marks);
    if (key === undefined) {
      key = marks.map((mark) => `${mark.type.name}${attrsKey(mark.attrs)}`).join(";");
      markKeys.set(marks, key);
    }
    return key;
  };
  return {
    encodeCharacter: (char, marks) => (marks.length === 0 ? char : `${char}|${marksKey(marks)}`),
    encodeNodeStart: (node) =>
      `<${node.type.name}${attrsKey(node.attrs)}${node.marks.length ? `|${marksKey(node.marks)}` : ""}`,
    encodeNodeEnd: (node) => `>${node.type.name}`,
    compareTokens: (a, b) => a === b,
  };
}

function attrsKey(attrs: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(attrs);
  return keys.length === 0 ? "" : JSON.stringify(attrs, keys.sort());
}
