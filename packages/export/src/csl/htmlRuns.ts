import { isSafeHref } from "@accord/editor";
import type { TextRun } from "../model.js";

/**
 * citeproc-js's "html" output as text runs, so every renderer prints the style's words with
 * its italics, bold and links in its own markup — never by pasting HTML into other formats.
 *
 * The input is citeproc's, not a user's: citeproc escapes every character of item text
 * (`&#38;`, `&#60;`, `&#62;`), so each `<` here opens one of the tags its html format
 * writes. Unknown tags keep their text and lose their styling; one pass, linear.
 */
export function htmlToRuns(html: string): TextRun[] {
  const runs: TextRun[] = [];
  const stack: Array<{ tag: string; effect: Effect }> = [];
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf("<", at);
    const textEnd = open === -1 ? html.length : open;
    if (textEnd > at) pushText(runs, decodeEntities(html.slice(at, textEnd)), stack);
    if (open === -1) break;
    const close = html.indexOf(">", open);
    if (close === -1) break;
    const tag = html.slice(open + 1, close);
    at = close + 1;
    if (tag.startsWith("/")) {
      const name = tag.slice(1).trim().toLowerCase();
      // Close back to the matching open tag (citeproc's output is well nested).
      for (let index = stack.length - 1; index >= 0; index--) {
        if (stack[index]!.tag === name) {
          stack.length = index;
          break;
        }
      }
      // A numeric style's label ("[1]") sits in its own block before the entry's text.
      if (name === "div") pushText(runs, " ", stack);
      continue;
    }
    if (tag.endsWith("/")) continue;
    const name = /^[a-zA-Z]+/.exec(tag)?.[0]?.toLowerCase() ?? "";
    stack.push({ tag: name, effect: effectOf(name, tag) });
  }
  return tidy(runs);
}

interface Effect {
  italic?: boolean;
  bold?: boolean;
  link?: string;
}

function effectOf(name: string, tag: string): Effect {
  switch (name) {
    case "i":
    case "em":
      return { italic: true };
    case "b":
    case "strong":
      return { bold: true };
    case "a": {
      const href = /href="([^"]*)"/.exec(tag)?.[1];
      const url = href === undefined ? "" : decodeEntities(href);
      return isSafeHref(url) ? { link: url } : {};
    }
    case "span":
      // Flip-flop: italic inside italic is written back as normal.
      if (tag.includes("font-style:normal")) return { italic: false };
      if (tag.includes("font-weight:normal")) return { bold: false };
      return {};
    default:
      return {};
  }
}

function pushText(runs: TextRun[], text: string, stack: ReadonlyArray<{ effect: Effect }>): void {
  if (text === "") return;
  const run: TextRun = { type: "text", text };
  let italic = false;
  let bold = false;
  for (const { effect } of stack) {
    if (effect.italic !== undefined) italic = effect.italic;
    if (effect.bold !== undefined) bold = effect.bold;
    if (effect.link) run.link = effect.link;
  }
  if (italic) run.italic = true;
  if (bold) run.bold = true;
  runs.push(run);
}

/** Line breaks and runs of spaces become one space; neighbours that look alike join; the ends are trimmed. */
function tidy(runs: TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  let endsWithSpace = true;
  for (const run of runs) {
    let text = run.text.replace(/[\t\r\n]/g, " ").replace(/ {2,}/g, " ");
    if (endsWithSpace) text = text.replace(/^ /, "");
    if (text === "") continue;
    endsWithSpace = text.endsWith(" ");
    const last = out[out.length - 1];
    if (last && last.italic === run.italic && last.bold === run.bold && last.link === run.link) last.text += text;
    else out.push({ ...run, text });
  }
  const last = out[out.length - 1];
  if (last) last.text = last.text.replace(/ $/, "");
  return out.filter((run) => run.text !== "");
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/g, (whole, code: string) => {
    if (code.startsWith("#x")) return safeCodePoint(Number.parseInt(code.slice(2), 16), whole);
    if (code.startsWith("#")) return safeCodePoint(Number.parseInt(code.slice(1), 10), whole);
    return NAMED[code] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}
