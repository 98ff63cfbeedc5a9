import type { VersionChange, VersionDiff } from "@accord/editor";
import type { Member, VersionSummary } from "@accord/protocol";

/** "Ana Ortiz", "Ana Ortiz and Ben Li", "Ana Ortiz, Ben Li and Cy Ng"; someone no longer a member is "a former member". */
export function authorNames(authorIds: readonly string[], members: readonly Member[]): string {
  const names = authorIds.map((id) => members.find((member) => member.userId === id)?.name ?? "a former member");
  const unique = [...new Set(names)];
  if (unique.length === 0) return "";
  if (unique.length === 1) return unique[0]!;
  return `${unique.slice(0, -1).join(", ")} and ${unique[unique.length - 1]}`;
}

/** A version's time, short and absolute: "4 Dec, 10:02" (in the reader's locale). */
export function versionTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return at.toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** What the viewer's heading says: `Version “Submitted for review”, 4 Dec, 10:02`. */
export function versionLabel(version: Pick<VersionSummary, "name" | "createdAt">): string {
  return `Version “${version.name}”, ${versionTime(version.createdAt)}`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2 insertions, 1 deletion, 1 formatting change", or "No changes". A replacement counts as both. */
export function changeSummary(diff: Pick<VersionDiff, "changes">): string {
  let insertions = 0;
  let deletions = 0;
  let formatting = 0;
  for (const change of diff.changes) {
    if (change.kind === "format") formatting++;
    if (change.kind === "insert" || change.kind === "replace") insertions++;
    if (change.kind === "delete" || change.kind === "replace") deletions++;
  }
  const parts = [
    insertions ? count(insertions, "insertion", "insertions") : "",
    deletions ? count(deletions, "deletion", "deletions") : "",
    formatting ? count(formatting, "formatting change", "formatting changes") : "",
  ].filter(Boolean);
  return parts.length === 0 ? "No changes" : parts.join(", ");
}

const MARK_WORDS: Readonly<Record<string, string>> = {
  bold: "bold",
  italic: "italic",
  strike: "strikethrough",
  underline: "underline",
  code: "code",
  link: "link",
  suggestionInsert: "suggested insertion",
  suggestionDelete: "suggested deletion",
};

const NODE_WORDS: Readonly<Record<string, string>> = {
  heading: "heading level",
  orderedList: "list numbering",
};

/** What a formatting change did, as a sentence: "Bold added", "Link changed", "Heading level changed". */
export function formatDescription(change: Pick<VersionChange, "marksAdded" | "marksRemoved" | "attributesChanged">) {
  const word = (name: string) => MARK_WORDS[name] ?? name;
  const parts = [
    ...change.marksAdded.map((name) => `${word(name)} added`),
    ...change.marksRemoved.map((name) => `${word(name)} removed`),
    ...change.attributesChanged.map((name) => `${NODE_WORDS[name] ?? name} changed`),
  ];
  const sentence = parts.length === 0 ? "formatting changed" : parts.join(", ");
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

/** The most a version's name may hold (the server's limit). */
export const MAX_VERSION_NAME = 120;

/** What the text before a restore is saved as, within MAX_VERSION_NAME characters. */
export function beforeRestoringName(name: string): string {
  const room = MAX_VERSION_NAME - "Before restoring “”".length;
  return `Before restoring “${name.length > room ? `${name.slice(0, room - 1)}…` : name}”`;
}

/** How long a quoted passage may be in a change's description. */
const QUOTE_CHARACTERS = 80;

function quoted(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return `“${flat.length > QUOTE_CHARACTERS ? `${flat.slice(0, QUOTE_CHARACTERS - 1)}…` : flat}”`;
}

/** One change in words, for a screen reader moving from change to change: `Replaced “first” with “new”`. */
export function describeChange(change: VersionChange): string {
  switch (change.kind) {
    case "insert":
      return `Inserted ${quoted(change.inserted)}`;
    case "delete":
      return `Deleted ${quoted(change.deleted)}`;
    case "replace":
      return `Replaced ${quoted(change.deleted)} with ${quoted(change.inserted)}`;
    case "format":
      return change.inserted ? `${formatDescription(change)} on ${quoted(change.inserted)}` : formatDescription(change);
    default: {
      const exhaustive: never = change.kind;
      return exhaustive;
    }
  }
}
