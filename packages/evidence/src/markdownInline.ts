import { collapseSpaces, finderOf, ForwardFinder, isLineTerminator, isSpace } from "./textScan.js";

/** What inline Markdown refers to, in reading order. */
export type InlineReference = { kind: "footnote"; label: string } | { kind: "link"; text: string; url: string };

const BANG = 0x21;
const OPEN_BRACKET = 0x5b;
const CARET = 0x5e;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const LESS = 0x3c;
const GREATER = 0x3e;

/**
 * Reduces a block's inline Markdown to the plain text a reader sees, reporting footnote
 * references (`[^n]`) and links (`[text](url)`, `<url>`) in reading order. Images keep their
 * alt text; emphasis, code marks and backslash escapes are removed.
 *
 * Written as one left-to-right scan rather than regexes: a regex for `![alt](src)` rescans to
 * the end of the text from every `![` that never closes, so 80 KB of `![` took seconds. Each
 * "where does this close" question goes to a ForwardFinder, whose answers are reused, so the
 * whole scan reads each character a bounded number of times. What it accepts is exactly what
 * the earlier regexes accepted (markdownInline.test.ts compares them on random input):
 * - `![alt](anything but ")")` → alt;
 * - optional whitespace, then `[^label]` (label without `]` or whitespace) → a footnote, with the
 *   whitespace before it removed;
 * - `[text](url)` or `[text](url "title")` (text without `]`, url without `)` or whitespace) → text;
 * - `<http://…>` or `<https://…>` → the URL.
 */
export function plainInline(markdown: string, references: InlineReference[] = []): string {
  return collapseSpaces(stripMarks(replaceReferences(markdown, references))).trim();
}

function replaceReferences(text: string, references: InlineReference[]): string {
  const length = text.length;
  // One finder per question, so that each sees its `from` only grow (see ForwardFinder).
  const imageClose = finderOf(text, "]");
  const imageParen = finderOf(text, ")");
  const spaceEnd = new ForwardFinder(text, (t, i) => !isSpace(t.charCodeAt(i)));
  const labelEnd = new ForwardFinder(text, (t, i) => t.charCodeAt(i) === CLOSE_BRACKET || isSpace(t.charCodeAt(i)));
  const linkClose = finderOf(text, "]");
  const hrefEnd = new ForwardFinder(text, (t, i) => t.charCodeAt(i) === CLOSE_PAREN || isSpace(t.charCodeAt(i)));
  const titleStart = new ForwardFinder(text, (t, i) => !isSpace(t.charCodeAt(i)));
  const titleEnd = finderOf(text, '"');
  const autolinkEnd = new ForwardFinder(text, (t, i) => t.charCodeAt(i) === GREATER || isSpace(t.charCodeAt(i)));

  /** `[^label]` at `at`: the index after it and the label, or null. */
  const footnoteAt = (at: number): { end: number; label: string } | null => {
    if (text.charCodeAt(at) !== OPEN_BRACKET || text.charCodeAt(at + 1) !== CARET) return null;
    const end = labelEnd.next(at + 2);
    if (end === at + 2 || end >= length || text.charCodeAt(end) !== CLOSE_BRACKET) return null;
    return { end: end + 1, label: text.slice(at + 2, end) };
  };

  const out: string[] = [];
  let copiedTo = 0;
  const emit = (from: number, to: number, replacement: string): void => {
    out.push(text.slice(copiedTo, from), replacement);
    copiedTo = to;
  };

  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === BANG && text.charCodeAt(i + 1) === OPEN_BRACKET) {
      const close = imageClose.next(i + 2);
      if (close < length && text.charCodeAt(close + 1) === OPEN_PAREN) {
        const paren = imageParen.next(close + 2);
        if (paren < length) {
          emit(i, paren + 1, text.slice(i + 2, close));
          i = paren + 1;
          continue;
        }
      }
      i++;
      continue;
    }
    if (isSpace(code)) {
      // Only a footnote may start inside whitespace, and only one that follows the whole run.
      const runEnd = spaceEnd.next(i);
      const footnote = footnoteAt(runEnd);
      if (footnote) {
        references.push({ kind: "footnote", label: footnote.label });
        emit(i, footnote.end, "");
        i = footnote.end;
      } else {
        i = runEnd;
      }
      continue;
    }
    if (code === OPEN_BRACKET) {
      const footnote = footnoteAt(i);
      if (footnote) {
        references.push({ kind: "footnote", label: footnote.label });
        emit(i, footnote.end, "");
        i = footnote.end;
        continue;
      }
      const link = linkAt(i);
      if (link) {
        const linkText = stripMarks(text.slice(i + 1, link.close));
        references.push({ kind: "link", text: linkText, url: text.slice(link.close + 2, link.hrefEnd) });
        emit(i, link.end, linkText);
        i = link.end;
        continue;
      }
      i++;
      continue;
    }
    if (code === LESS) {
      const start = text.startsWith("https://", i + 1) ? i + 9 : text.startsWith("http://", i + 1) ? i + 8 : -1;
      if (start !== -1) {
        const end = autolinkEnd.next(start);
        if (end > start && end < length && text.charCodeAt(end) === GREATER) {
          const url = text.slice(i + 1, end);
          references.push({ kind: "link", text: url, url });
          emit(i, end + 1, url);
          i = end + 1;
          continue;
        }
      }
    }
    i++;
  }

  /** `[text](url)` or `[text](url "title")` at `at`. */
  function linkAt(at: number): { close: number; hrefEnd: number; end: number } | null {
    const close = linkClose.next(at + 1);
    if (close === at + 1 || close >= length || text.charCodeAt(close + 1) !== OPEN_PAREN) return null;
    const href = hrefEnd.next(close + 2);
    if (href === close + 2 || href >= length) return null;
    if (text.charCodeAt(href) === CLOSE_PAREN) return { close, hrefEnd: href, end: href + 1 };
    // Whitespace after the URL: only a quoted title and `)` may follow.
    const quote = titleStart.next(href);
    if (quote >= length || text.charCodeAt(quote) !== QUOTE) return null;
    const endQuote = titleEnd.next(quote + 1);
    if (endQuote >= length || text.charCodeAt(endQuote + 1) !== CLOSE_PAREN) return null;
    return { close, hrefEnd: href, end: endQuote + 2 };
  }

  if (copiedTo === 0) return text;
  out.push(text.slice(copiedTo));
  return out.join("");
}

/** Emphasis, code marks and backslash escapes removed, in that order. */
function stripMarks(text: string): string {
  return stripEscapes(stripCode(stripEmphasis(stripStrong(text))));
}

/**
 * `**x**` and `__x__` → `x`: the closing pair is the first one after the opening pair that
 * follows a non-space, with no line break between; the text inside must start with a non-space.
 */
function stripStrong(text: string): string {
  const closers = new Map(
    ["*", "_"].map((mark) => [
      mark.charCodeAt(0),
      new ForwardFinder(text, (t, i) => t[i] === mark && t[i + 1] === mark && !isSpace(t.charCodeAt(i - 1))),
    ]),
  );
  return replacePairs(text, (at) => {
    const code = text.charCodeAt(at);
    const closer = closers.get(code);
    if (!closer || text.charCodeAt(at + 1) !== code) return null;
    const first = text.charCodeAt(at + 2);
    if (at + 2 >= text.length || isSpace(first)) return null;
    return { contentStart: at + 2, close: closer.next(at + 3), closeLength: 2 };
  });
}

/** A letter, a digit, `*` or `_`: what may not touch the outside of single emphasis marks. */
const WORDISH = /^[\p{L}\p{N}*_]$/u;

function codePointBefore(text: string, index: number): string {
  if (index <= 0) return "";
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text[index - 1]!;
}

function codePointAt(text: string, index: number): string {
  const code = text.codePointAt(index);
  return code === undefined ? "" : String.fromCodePoint(code);
}

/**
 * `*x*` and `_x_` → `x`, when the marks do not touch a letter, digit or other mark on their
 * outer side (so `snake_case_name` and `2*3*4` stay), with the same inner rules as strong.
 */
function stripEmphasis(text: string): string {
  const closers = new Map(
    ["*", "_"].map((mark) => [
      mark.charCodeAt(0),
      new ForwardFinder(
        text,
        (t, i) => t[i] === mark && !isSpace(t.charCodeAt(i - 1)) && !WORDISH.test(codePointAt(t, i + 1)),
      ),
    ]),
  );
  return replacePairs(text, (at) => {
    const closer = closers.get(text.charCodeAt(at));
    if (!closer || WORDISH.test(codePointBefore(text, at))) return null;
    if (at + 1 >= text.length || isSpace(text.charCodeAt(at + 1))) return null;
    return { contentStart: at + 1, close: closer.next(at + 2), closeLength: 1 };
  });
}

/**
 * Replaces each opening mark that `openAt` accepts, and its closer, by the text between them,
 * left to right; content may not cross a line terminator (as a regex `.` may not).
 */
function replacePairs(
  text: string,
  openAt: (at: number) => { contentStart: number; close: number; closeLength: number } | null,
): string {
  const lineEnd = new ForwardFinder(text, (t, i) => isLineTerminator(t.charCodeAt(i)));
  const out: string[] = [];
  let copiedTo = 0;
  let i = 0;
  while (i < text.length) {
    const open = openAt(i);
    if (open && open.close < text.length && open.close < lineEnd.next(open.contentStart)) {
      out.push(text.slice(copiedTo, i), text.slice(open.contentStart, open.close));
      i = open.close + open.closeLength;
      copiedTo = i;
      continue;
    }
    i++;
  }
  if (copiedTo === 0) return text;
  out.push(text.slice(copiedTo));
  return out.join("");
}

function stripCode(text: string): string {
  // Linear: a backtick that finds no closing one means no later backtick exists either.
  return text.replace(/`([^`]*)`/g, "$1");
}

function stripEscapes(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+\-.!>~|])/g, "$1");
}
