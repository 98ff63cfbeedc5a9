import { isSpace, trimEndOf } from "./textScan.js";

/** Characters that end a URL written in running text (besides whitespace). */
const URL_STOP = new Set(['"', "<", ">", "“", "”", "‘", "’", "«", "»"]);
/** Punctuation after a URL in a sentence (`…/report.` or `(https://x.org/a)`) is not part of it. */
const URL_TRAILING = ".,;:)]'\"!?";

/**
 * Every URL written in `text`, whole, in order: `http://`, `https://` or `www.` up to
 * whitespace or a quote or angle bracket, without the sentence's punctuation after it. One
 * forward scan (a regex would do as well here, but a scan needs no proof that it is linear).
 */
export function urlsIn(text: string): string[] {
  const urls: string[] = [];
  const lower = text.toLowerCase();
  let i = 0;
  while (i < text.length) {
    const at = nextUrlStart(lower, i);
    if (at < 0) break;
    let end = at;
    while (end < text.length && !isSpace(text.charCodeAt(end)) && !URL_STOP.has(text[end]!)) end++;
    let url = trimEndOf(text.slice(at, end), URL_TRAILING);
    // A closing bracket that the URL itself opened stays: `https://en.wikipedia.org/wiki/A_(b)`.
    if (text[at + url.length] === ")" && url.includes("(") && !url.includes(")")) url += ")";
    const bare = lower.startsWith("www.", at) ? `https://${url}` : url;
    if (url.length > (lower.startsWith("www.", at) ? 4 : lower.startsWith("https://", at) ? 8 : 7)) urls.push(bare);
    i = Math.max(end, at + 1);
  }
  return urls;
}

function nextUrlStart(lower: string, from: number): number {
  let best = -1;
  for (const start of ["http://", "https://", "www."]) {
    let at = lower.indexOf(start, from);
    // `www.` inside `https://www.` is the same URL; and a `www.` glued to a word is no URL start.
    while (start === "www." && at > 0 && !isSpace(lower.charCodeAt(at - 1)) && "(<[\"'“".indexOf(lower[at - 1]!) < 0) {
      at = lower.indexOf(start, at + 1);
    }
    if (at >= 0 && (best < 0 || at < best)) best = at;
  }
  return best;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

function monthOf(word: string): number {
  const key = word.toLowerCase().replace(/\.$/, "");
  if (key.length < 3) return 0;
  const index = MONTHS.findIndex((month) => month.startsWith(key) && key.length >= 3);
  return index + 1;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/**
 * A publication date as ISO (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), from the forms reports and
 * their metadata write: ISO already (or an ISO timestamp), `MM/DD/YYYY` (US), `Month D, YYYY`,
 * `D Month YYYY`, `Month YYYY`, `YYYY`. Null for anything else.
 */
export function isoDate(text: string): string | null {
  const value = text.trim();
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+Z?)?$/.exec(value);
  if (iso) return [iso[1], iso[2], iso[3]].filter((part) => part !== undefined).join("-");
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (us) return `${us[3]}-${pad(Number(us[1]))}-${pad(Number(us[2]))}`;
  const words = value
    .replace(/,/g, " ")
    .split(" ")
    .filter((word) => word !== "");
  if (words.length === 3) {
    const [a, b, c] = words as [string, string, string];
    if (monthOf(a) > 0 && /^\d{1,2}$/.test(b) && /^\d{4}$/.test(c)) return `${c}-${pad(monthOf(a))}-${pad(Number(b))}`;
    if (/^\d{1,2}$/.test(a) && monthOf(b) > 0 && /^\d{4}$/.test(c)) return `${c}-${pad(monthOf(b))}-${pad(Number(a))}`;
  }
  if (words.length === 2 && monthOf(words[0]!) > 0 && /^\d{4}$/.test(words[1]!))
    return `${words[1]}-${pad(monthOf(words[0]!))}`;
  return null;
}

/** "Frittelli, John" → "John Frittelli"; any other name as written. */
export function personName(name: string): string {
  const parts = name.split(",").map((part) => part.trim());
  // "Straus, Jacob R." too; but not "Acme, Inc." or a list of names.
  const given = parts[1]?.split(" ") ?? [];
  const isName =
    parts.length === 2 &&
    parts[0] !== "" &&
    given.length >= 1 &&
    given.length <= 3 &&
    !["inc.", "inc", "llc", "ltd."].includes(parts[1]!.toLowerCase());
  return isName ? `${parts[1]} ${parts[0]}` : name.trim();
}

/** Characters a URL broken at a line's end typically ends with, just before the break. */
const URL_BREAK_ENDS = "/-_.=?&#%~";
const URL_INNER = "/._-=&?%";

/**
 * Whether a line that ends in a URL continues it on the next line (a URL broken across lines in
 * a PDF): the URL ends in a character it would not end with (`/`, `-`, `=` …), or the next line
 * starts with a lowercase word or digits holding URL punctuation (`exports-2026.`, `p/12.pdf`).
 */
export function continuesUrl(line: string, next: string): boolean {
  const trimmed = line.trimEnd();
  const lastSpace = Math.max(trimmed.lastIndexOf(" "), trimmed.lastIndexOf("\t"));
  const lastWord = trimmed.slice(lastSpace + 1).toLowerCase();
  if (!(lastWord.startsWith("http://") || lastWord.startsWith("https://") || lastWord.startsWith("www."))) return false;
  const head = next.trimStart();
  const firstSpace = head.indexOf(" ");
  const firstWord = firstSpace < 0 ? head : head.slice(0, firstSpace);
  if (firstWord === "") return false;
  if (URL_BREAK_ENDS.includes(lastWord.at(-1)!)) return true;
  const first = firstWord.charCodeAt(0);
  const lowerOrDigit = (first >= 0x61 && first <= 0x7a) || (first >= 0x30 && first <= 0x39);
  // A word ending a sentence (`data.`) is no URL piece: its only URL punctuation is the stop.
  const inner = trimEndOf(firstWord, ".,;:)");
  return lowerOrDigit && [...URL_INNER].some((c) => inner.includes(c));
}

/** Lines of one note joined: with a space, or with none where a URL was broken between them. */
export function joinNoteLines(lines: readonly string[]): string {
  let text = "";
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    text = text === "" ? line : continuesUrl(text, line) ? text + line : `${text} ${line}`;
  }
  return text;
}
