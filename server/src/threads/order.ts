import type { Thread } from "@accord/domain";
import type { ResolvedAnchor } from "./anchors.js";

/** A6: attached threads by where they start in the body, then detached ones oldest first. */
export function compareThreads(
  a: { thread: Thread; anchor: ResolvedAnchor },
  b: { thread: Thread; anchor: ResolvedAnchor },
): number {
  if (a.anchor.state === "attached" && b.anchor.state === "attached") {
    return a.anchor.offset - b.anchor.offset || compareText(a.thread.createdAt, b.thread.createdAt);
  }
  if (a.anchor.state === "attached") return -1;
  if (b.anchor.state === "attached") return 1;
  return compareText(a.thread.createdAt, b.thread.createdAt);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
