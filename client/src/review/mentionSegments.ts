export interface TextSegment {
  text: string;
  mention: boolean;
}

/**
 * Splits a comment into plain text and `@Name` mentions of the given names, for emphasis
 * (rendered as React text, never as HTML). Longer names win and case is ignored, as in the
 * server's findMentions; an @ inside a word (an email address) is not a mention.
 */
export function mentionSegments(body: string, names: readonly string[]): TextSegment[] {
  const byLength = [...new Set(names)].filter((name) => name.length > 0).sort((a, b) => b.length - a.length);
  const lower = body.toLowerCase();
  const segments: TextSegment[] = [];
  let plainFrom = 0;
  for (let at = lower.indexOf("@"); at >= 0; at = lower.indexOf("@", at + 1)) {
    if (at > 0 && /[\p{L}\p{N}._-]/u.test(lower.charAt(at - 1))) continue;
    const rest = lower.slice(at + 1);
    const name = byLength.find((candidate) => {
      const wanted = candidate.toLowerCase();
      return rest.startsWith(wanted) && !/[\p{L}\p{N}]/u.test(rest.charAt(wanted.length));
    });
    if (!name) continue;
    if (at > plainFrom) segments.push({ text: body.slice(plainFrom, at), mention: false });
    segments.push({ text: body.slice(at, at + 1 + name.length), mention: true });
    plainFrom = at + 1 + name.length;
    at = plainFrom - 1;
  }
  if (plainFrom < body.length) segments.push({ text: body.slice(plainFrom), mention: false });
  return segments;
}

/** The `@query` being typed just before the caret, if any: where it starts and what follows the @. */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0) return null;
  if (at > 0 && !/\s|[(["']/u.test(before.charAt(at - 1))) return null;
  const query = before.slice(at + 1);
  // Names have spaces, but not line breaks, and are not this long.
  if (query.length > 40 || /[\n@]/.test(query) || /\s\s/.test(query)) return null;
  return { start: at, query };
}

/** Members whose name matches a mention query: name starts with it, or one of its words does. */
export function matchMembers<T extends { name: string }>(members: readonly T[], query: string, limit = 6): T[] {
  const wanted = query.toLowerCase().trim();
  const scored = members
    .map((member) => {
      const name = member.name.toLowerCase();
      if (name.startsWith(wanted)) return { member, score: 0 };
      if (name.split(/\s+/).some((word) => word.startsWith(wanted))) return { member, score: 1 };
      return null;
    })
    .filter((entry): entry is { member: T; score: number } => entry !== null);
  scored.sort((a, b) => a.score - b.score || a.member.name.localeCompare(b.member.name));
  return scored.slice(0, limit).map((entry) => entry.member);
}
