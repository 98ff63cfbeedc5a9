import type { PdfLine, PositionedText } from "./pdfLines.js";
import type { PdfInfo } from "./pdfTypes.js";
import { collapseSpaces } from "./textScan.js";
import type { ReportMetadata } from "./types.js";

/**
 * The report's own metadata: title, authors, publisher, date and report number, read from the
 * PDF's information dictionary and from the top of its opening pages (the cover, and the page
 * after it, where many house styles put the title block with the authors and their roles).
 * The information dictionary is often junk left by the authoring tool ("Microsoft Word -
 * draft3.docx", "untitled", the author's login), so every field from it is checked before use;
 * a date printed on the page wins over the file's creation date. Bounded: only the first
 * METADATA_LINES lines of each page are read, each once, by splitting on fixed separators.
 */

/** Lines read from the top of each opening page: a title block never runs further down. */
export const METADATA_LINES = 60;
/** A title set over more lines than this is not a title block. */
const MAX_TITLE_LINES = 4;
/** Larger than the page's body text by this factor: display type (a title). */
const TITLE_SIZE_RATIO = 1.2;
/** A metadata line (a date, a number, a name) is short; longer ones are sentences. */
const MAX_FIELD_WORDS = 12;

export interface OpeningPages {
  /** The lines of the page after the first (its title block when the first is a bare cover). */
  second?: readonly PdfLine[];
  /** The lines of the last page, where "About the authors" blocks live. */
  last?: readonly PdfLine[];
}

/**
 * `firstPage`: the first page's lines, top to bottom; `fallbackTitle` (the name the lead gave
 * the upload) stands when neither the dictionary nor the page has a usable title.
 */
export function readPdfMetadata(
  info: PdfInfo,
  firstPage: readonly PdfLine[],
  fallbackTitle: string,
  more: OpeningPages = {},
): ReportMetadata {
  const first = segmentsOf(firstPage);
  const second = segmentsOf(more.second ?? []);
  const last = segmentsOf(more.last ?? []);
  const firstTitle = titleOf(first, [second, last]);
  const secondTitle = titleOf(second, [first, last]);
  const pageTitle = firstTitle ?? secondTitle;
  const infoTitle = usableTitle(info.Title);
  const title = chooseTitle(infoTitle, pageTitle?.text) ?? (collapseSpaces(fallbackTitle).trim() || "Untitled report");
  // The title's lines, on either page, are not names, organisations or numbers.
  const exclude = new Set([...(firstTitle?.segments ?? []), ...(secondTitle?.segments ?? [])]);

  const infoPeople = peopleFromInfo(info.Author);
  const authors =
    infoPeople.people.length > 0
      ? infoPeople.people
      : (authorsOnPage(first, exclude) ?? authorsOnPage(second, exclude) ?? authorsInBlock(last) ?? []);
  const publisher = publisherOnPage(first, exclude) ?? publisherOnPage(second, exclude) ?? infoPeople.organisation;
  const date = dateOnPage(first) ?? dateOnPage(second) ?? dateFromPdf(info.CreationDate);
  const reportNumber =
    numberOnPage(first, exclude) ?? numberOnPage(second, exclude) ?? numberIn(info.Subject) ?? numberIn(info.Keywords);
  return { title, authors, publisher, date, reportNumber };
}

/** A piece of a line set in one size and without a wide gap: one column's part of the line. */
interface Segment {
  text: string;
  size: number;
  x: number;
  y: number;
  /** Index of its line on the page. */
  line: number;
}

/** A wider horizontal gap than this many font sizes separates two columns. */
const COLUMN_GAP = 2;

/**
 * Splits each line into segments where the type size changes or a column gap opens: pdfLines
 * merges a two-column title block (title on the left, date and authors on the right) into one
 * line when their baselines are close.
 */
function segmentsOf(lines: readonly PdfLine[]): Segment[] {
  const segments: Segment[] = [];
  lines.slice(0, METADATA_LINES).forEach((line, index) => {
    let runs: PositionedText[] = [];
    // The segment's last visible run, kept aside: searching back for it over a line of blank
    // runs would be quadratic in the line.
    let previous: PositionedText | undefined;
    let end = -Infinity;
    const flush = () => {
      const visible = runs.filter((run) => run.text.trim() !== "");
      const text = joinRuns(runs);
      if (visible.length > 0 && text !== "") {
        segments.push({
          text,
          size: visible.reduce((max, run) => Math.max(max, run.size), 0),
          x: visible[0]!.x,
          y: visible[0]!.y,
          line: index,
        });
      }
      runs = [];
      previous = undefined;
    };
    for (const run of line.runs) {
      const blank = run.text.trim() === "";
      if (previous && !blank && (Math.abs(previous.size - run.size) > 0.5 || run.x - end > COLUMN_GAP * run.size))
        flush();
      runs.push(run);
      if (!blank) {
        end = run.x + run.width;
        previous = run;
      }
    }
    flush();
  });
  return segments;
}

/** Runs' text with a space where they leave a gap, as pdfLines joins a line. */
function joinRuns(runs: readonly PositionedText[]): string {
  let text = "";
  let end = -Infinity;
  for (const run of runs) {
    const gap = run.x - end;
    if (text !== "" && gap > run.size * 0.15 && !text.endsWith(" ") && !run.text.startsWith(" ")) text += " ";
    text += run.text;
    end = run.x + run.width;
  }
  return collapseSpaces(text).trim();
}

// ---------------------------------------------------------------------------------------------
// Title

/** Names authoring tools give a document that has none of its own. */
const PLACEHOLDER_TITLES = new Set([
  "untitled",
  "title",
  "document",
  "presentation",
  "report",
  "draft",
  "none",
  "unknown",
  "untitled document",
]);
/** Extensions of files a title may be the name of ("draft3.docx"). */
const FILE_EXTENSIONS = new Set([
  "doc",
  "docx",
  "pdf",
  "rtf",
  "odt",
  "txt",
  "tex",
  "indd",
  "ppt",
  "pptx",
  "xls",
  "xlsx",
  "dot",
  "dotx",
  "pages",
  "md",
  "html",
  "htm",
]);
/** Prefixes Office's PDF printer puts before the file name. */
const TOOL_PREFIXES = [
  "microsoft word - ",
  "microsoft powerpoint - ",
  "microsoft excel - ",
  "word - ",
  "powerpoint - ",
];

/** The dictionary's title when it is one: not empty, a placeholder, a file name or a path. */
export function usableTitle(raw: string | undefined): string | null {
  let title = collapseSpaces(raw ?? "").trim();
  const lower = title.toLowerCase();
  for (const prefix of TOOL_PREFIXES) if (lower.startsWith(prefix)) return null;
  if (title === "" || title.includes("\\") || !hasLetter(title)) return null;
  const bare = trimEnd(lower, (c) => c >= "0" && c <= "9").trim();
  if (PLACEHOLDER_TITLES.has(bare)) return null;
  const dot = title.lastIndexOf(".");
  if (dot > 0 && FILE_EXTENSIONS.has(lower.slice(dot + 1))) return null;
  // One word with no space and underscores or dashes ("final_report_v2") names a file.
  if (!title.includes(" ") && (title.includes("_") || title.includes("/"))) return null;
  title = trimEnd(trimStart(title, isQuote), isQuote).trim();
  return title === "" ? null : title;
}

const isQuote = (c: string) => c === '"' || c === "'" || c === "“" || c === "”";

/** Text without the characters `drop` accepts at its start (a loop: no regex to backtrack). */
function trimStart(text: string, drop: (c: string) => boolean): string {
  let start = 0;
  while (start < text.length && drop(text[start]!)) start++;
  return text.slice(start);
}

function trimEnd(text: string, drop: (c: string) => boolean): string {
  let end = text.length;
  while (end > 0 && drop(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function hasLetter(text: string): boolean {
  return /\p{L}/u.test(text);
}

/** Letters and digits only, lower case: two titles agree when one key holds the other. */
function titleKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * The dictionary's title when the page shows it (it is then the cleaner text: no line breaks);
 * the page's title when they disagree (a title left over from a template, or from the document
 * the file was copied from, is wrong where the printed one is not); either when alone.
 */
function chooseTitle(infoTitle: string | null, pageTitle: string | undefined): string | null {
  if (!pageTitle) return infoTitle;
  if (!infoTitle) return pageTitle;
  const a = titleKey(infoTitle);
  const b = titleKey(pageTitle);
  return a.includes(b) || b.includes(a) ? infoTitle : pageTitle;
}

/** The page's body size: the size most of its characters are set in. */
function bodySizeOf(segments: readonly Segment[]): number {
  const characters = new Map<number, number>();
  for (const segment of segments) {
    const size = Math.round(segment.size * 2) / 2;
    characters.set(size, (characters.get(size) ?? 0) + segment.text.length);
  }
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of characters)
    if (count > bestCount || (count === bestCount && size < best)) [best, bestCount] = [size, count];
  return best;
}

/** A publisher's name (up to four words ending in an organisation's word: a longer line is a title such as "Reforming the Federal Reserve Bank") or a short label in capitals. */
function isLabel(text: string): boolean {
  const parts = words(text);
  const last = parts.at(-1)!.toLowerCase();
  if (parts.length <= 4 && ORGANISATION_WORDS.has(last)) return true;
  return parts.length <= 3 && text === text.toUpperCase();
}

/**
 * The largest type among the page's top lines, when it is display type (larger than the
 * smallest text on the page by TITLE_SIZE_RATIO): its first line and the lines of the same size
 * that follow it closely (smaller lines between them, a date in another column, are skipped).
 */
function titleOf(
  segments: readonly Segment[],
  otherPages: readonly (readonly Segment[])[],
): { text: string; segments: Segment[] } | null {
  const candidates = segments.filter((segment) => hasLetter(segment.text));
  // Large type that does not start the title: the publisher's name ("The Harbour Institute"),
  // or a label in capitals ("POLICY BRIEF", "SUMMARY"). Either may still continue a title
  // ("… Program" over "(SIMP)"), so they are only passed over when looking for its start.
  const opening = candidates.filter((segment) => !isLabel(segment.text));
  if (opening.length === 0) return null;
  const largest = opening.reduce((max, segment) => Math.max(max, segment.size), 0);
  const smallest = candidates.reduce((min, segment) => Math.min(min, segment.size), Infinity);
  const body = bodySizeOf(candidates);
  // Display type: clearly larger than the page's smallest type, and than its body text unless
  // the title is most of the page's text (a bare cover).
  if (largest < smallest * TITLE_SIZE_RATIO || (largest < body * TITLE_SIZE_RATIO && Math.abs(largest - body) > 0.5))
    return null;
  const start = candidates.indexOf(opening.find((segment) => segment.size >= largest - 0.5)!);
  const parts: Segment[] = [candidates[start]!];
  for (let index = start + 1; index < candidates.length && parts.length < MAX_TITLE_LINES; index++) {
    const segment = candidates[index]!;
    const last = parts.at(-1)!;
    if (last.y - segment.y > last.size * 2.2) break;
    if (Math.abs(segment.size - largest) <= 0.5) parts.push(segment);
    else if (segment.size > largest) break;
  }
  let text = "";
  for (const part of parts) {
    // A line ending in a hyphen or dash runs on into the next one without a space.
    text += text === "" || text.endsWith("-") || text.endsWith("–") ? part.text : ` ${part.text}`;
  }
  text = collapseSpaces(text).trim();
  // Type of that size on a later page, saying something else, is the section headings' style:
  // a report that opens on its first heading has no title printed.
  const key = titleKey(text);
  const headingStyle = (segment: Segment) =>
    Math.abs(segment.size - largest) <= 0.5 && hasLetter(segment.text) && !key.includes(titleKey(segment.text));
  if (text === "" || otherPages.some((other) => other.some(headingStyle))) return null;
  return { text, segments: parts };
}

// ---------------------------------------------------------------------------------------------
// People and organisations

/** Words that make a name an organisation's. */
const ORGANISATION_WORDS = new Set([
  "service",
  "institute",
  "institution",
  "center",
  "centre",
  "council",
  "foundation",
  "office",
  "bureau",
  "agency",
  "department",
  "ministry",
  "commission",
  "committee",
  "board",
  "university",
  "library",
  "organization",
  "organisation",
  "association",
  "society",
  "forum",
  "trust",
  "fund",
  "bank",
  "corporation",
  "authority",
  "academy",
  "laboratory",
  "inc",
  "inc.",
  "ltd",
  "ltd.",
  "llc",
  "gmbh",
  "group",
  "network",
  "secretariat",
  "observatory",
  "administration",
  "college",
  "school",
  "programme",
  "directorate",
]);
// Not "congress" or "parliament": a cover names them as whom a report is for ("Report to Congress").
/** First words of a line that names whom a report is for or by whom it was asked, not its publisher. */
const RECIPIENT_OPENERS = new Set([
  "a",
  "an",
  "report",
  "prepared",
  "submitted",
  "presented",
  "testimony",
  "to",
  "for",
  "requested",
  "commissioned",
]);
/** An authoring tool's or an account's name, not a person's. */
const ACCOUNT_NAMES = new Set([
  "administrator",
  "admin",
  "user",
  "owner",
  "author",
  "unknown",
  "microsoft office user",
  "windows user",
  "staff",
  "default",
  "guest",
]);
/** Lower-case words that belong inside a person's name. */
const NAME_PARTICLES = new Set([
  "van",
  "von",
  "de",
  "der",
  "den",
  "da",
  "di",
  "du",
  "del",
  "della",
  "la",
  "le",
  "bin",
  "al",
  "ibn",
  "dos",
  "das",
  "y",
  "ter",
]);
/** Generation and degree suffixes, which follow a name after a comma. */
const NAME_SUFFIXES = new Set([
  "jr",
  "jr.",
  "sr",
  "sr.",
  "ii",
  "iii",
  "iv",
  "phd",
  "ph.d.",
  "md",
  "m.d.",
  "esq",
  "esq.",
]);
/** First words of the line under an author's name that says their role. */
const ROLE_WORDS = new Set([
  "specialist",
  "analyst",
  "fellow",
  "senior",
  "director",
  "professor",
  "researcher",
  "economist",
  "associate",
  "chief",
  "head",
  "lecturer",
  "editor",
  "consultant",
  "manager",
  "officer",
  "lead",
  "principal",
  "deputy",
  "visiting",
  "assistant",
  "adjunct",
  "president",
  "vice",
  "attorney",
  "scientist",
]);
// Not "research", "policy" or "executive": they begin organisations' names as often as roles.

function words(text: string): string[] {
  return text.split(" ").filter((word) => word !== "");
}

function isOrganisation(text: string): boolean {
  return words(text).some((word) => ORGANISATION_WORDS.has(word.toLowerCase().replace(/[,;:]$/, "")));
}

/**
 * One person's name: two to five words, each capitalised (or an initial, or a particle such as
 * "van"), letters, apostrophes, hyphens and full stops only; no organisation's word.
 */
export function isPersonName(text: string): boolean {
  const parts = words(text);
  if (parts.length < 2 || parts.length > 5 || isOrganisation(text)) return false;
  let capitalised = 0;
  for (const part of parts) {
    if (NAME_PARTICLES.has(part)) continue;
    if (!/^\p{Lu}[\p{L}'’.-]*$/u.test(part)) return false;
    capitalised++;
  }
  return capitalised >= 2;
}

/** "Morton, William R." → "William R. Morton"; other names as they are. */
function naturalOrder(name: string): string {
  const comma = name.indexOf(",");
  if (comma < 0) return name;
  const family = name.slice(0, comma).trim();
  const given = name.slice(comma + 1).trim();
  if (NAME_SUFFIXES.has(given.toLowerCase())) return `${family}, ${given}`;
  return `${given} ${family}`;
}

/**
 * A list of names as people write it: separated by semicolons, " and ", " & " or commas, where
 * a comma inside "Family, Given" (one word before it) is part of the name, and a suffix after a
 * comma ("Jr.") stays with its name. Null when any piece is not a person's name.
 */
export function splitNames(raw: string): string[] | null {
  const text = collapseSpaces(raw).trim();
  if (text === "") return null;
  const names: string[] = [];
  for (const group of text.split(";")) {
    for (const piece of splitAnd(group)) {
      const parts = piece
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part !== "");
      // "Family, Given" (a one-word family name) or "Given Family, Jr." are one name each.
      const one = parts.length === 2 && (words(parts[0]!).length === 1 || NAME_SUFFIXES.has(parts[1]!.toLowerCase()));
      for (const name of one ? [parts.join(", ")] : parts) {
        const natural = naturalOrder(name);
        if (!isPersonName(natural.replace(/,/g, ""))) return null;
        names.push(natural);
      }
    }
  }
  return names.length > 0 ? names : null;
}

function splitAnd(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(" and ")) out.push(...part.split(" & "));
  return out.map((part) => part.trim().replace(/,$/, "").trim()).filter((part) => part !== "");
}

/** The dictionary's Author: people, or the organisation that issued it. */
function peopleFromInfo(raw: string | undefined): { people: string[]; organisation: string | null } {
  const text = collapseSpaces(raw ?? "").trim();
  if (text === "" || ACCOUNT_NAMES.has(text.toLowerCase())) return { people: [], organisation: null };
  if (isOrganisation(text) && !text.includes(";")) return { people: [], organisation: text };
  return { people: splitNames(text) ?? [], organisation: null };
}

/** "By Jane Doe and John Roe" → the names after "By". */
function byline(text: string): string | null {
  const lower = text.toLowerCase();
  return lower.startsWith("by ") ? text.slice(3) : null;
}

function startsWithRole(text: string): boolean {
  const first = words(text)[0]?.toLowerCase().replace(/[,:]$/, "");
  return first !== undefined && ROLE_WORDS.has(first);
}

/**
 * Authors printed on a page: a byline ("By …"), or names each followed in their column by the
 * line that gives their role ("Senior Fellow", "Specialist in …"), or a line listing two or more
 * names under the title. A line of capitalised words alone (a subtitle is one) is not enough.
 */
function authorsOnPage(segments: readonly Segment[], exclude: ReadonlySet<Segment>): string[] | null {
  const found: string[] = [];
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    if (exclude.has(segment) || words(segment.text).length > MAX_FIELD_WORDS) continue;
    const by = byline(segment.text);
    if (by !== null) {
      const names = splitNames(by);
      if (names) found.push(...names);
      continue;
    }
    if (isPersonName(segment.text)) {
      // The role line is the next segment in the same column, just below.
      const role = segments
        .slice(index + 1, index + 6)
        .find((next) => Math.abs(next.x - segment.x) < 2 && next.y < segment.y);
      if (role && segment.y - role.y <= segment.size * 2.5 && startsWithRole(role.text)) found.push(segment.text);
      continue;
    }
    const list = segment.text.includes(",") || segment.text.includes(" and ") ? splitNames(segment.text) : null;
    if (list && list.length >= 2) found.push(...list);
  }
  return found.length > 0 ? [...new Set(found)] : null;
}

/** Headings of the block that names the authors at the end of a report. */
const AUTHOR_BLOCK_HEADINGS = new Set([
  "author information",
  "author contact information",
  "about the author",
  "about the authors",
  "authors",
  "author",
]);

/** The names under an "Author Information" / "About the authors" heading. */
function authorsInBlock(segments: readonly Segment[]): string[] | null {
  const start = segments.findIndex((segment) =>
    AUTHOR_BLOCK_HEADINGS.has(segment.text.toLowerCase().replace(/:$/, "")),
  );
  if (start < 0) return null;
  const found: string[] = [];
  for (const segment of segments.slice(start + 1, start + 1 + 20)) {
    if (isPersonName(segment.text)) found.push(segment.text);
    else if (!startsWithRole(segment.text) && found.length > 0 && words(segment.text).length > MAX_FIELD_WORDS) break;
  }
  return found.length > 0 ? [...new Set(found)] : null;
}

/** The first short line naming an organisation (not the title, not a URL or an address). */
function publisherOnPage(segments: readonly Segment[], exclude: ReadonlySet<Segment>): string | null {
  for (const segment of segments) {
    const text = segment.text;
    if (exclude.has(segment) || words(text).length > 8 || !isOrganisation(text)) continue;
    if (/\d/.test(text) || text.includes("://") || text.includes("@") || text.endsWith(".") || text.endsWith(":"))
      continue;
    if (startsWithRole(text) || byline(text) !== null || RECIPIENT_OPENERS.has(words(text)[0]!.toLowerCase())) continue;
    // An organisation's name is capitalised: "Specialist in Natural Resources Policy" is not one.
    const first = words(text)[0]!;
    if (!/^\p{Lu}/u.test(first)) continue;
    return text;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Dates and numbers

const MONTHS = new Map<string, number>([
  ["january", 1],
  ["february", 2],
  ["march", 3],
  ["april", 4],
  ["may", 5],
  ["june", 6],
  ["july", 7],
  ["august", 8],
  ["september", 9],
  ["october", 10],
  ["november", 11],
  ["december", 12],
  ["jan", 1],
  ["feb", 2],
  ["mar", 3],
  ["apr", 4],
  ["jun", 6],
  ["jul", 7],
  ["aug", 8],
  ["sep", 9],
  ["sept", 9],
  ["oct", 10],
  ["nov", 11],
  ["dec", 12],
]);

const pad = (n: number) => String(n).padStart(2, "0");

function yearOf(token: string | undefined): number | null {
  if (token === undefined || token.length !== 4 || !/^\d{4}$/.test(token)) return null;
  const year = Number(token);
  return year >= 1900 && year <= 2100 ? year : null;
}

function dayOf(token: string | undefined): number | null {
  if (token === undefined) return null;
  const digits = token.replace(/(st|nd|rd|th)$/i, "");
  if (!/^\d{1,2}$/.test(digits)) return null;
  const day = Number(digits);
  return day >= 1 && day <= 31 ? day : null;
}

/**
 * A date written out in a short line: "Updated April 21, 2026", "21 April 2026", "Apr. 2026",
 * "2026-04-21". ISO `YYYY-MM-DD`, or `YYYY-MM` without a day; null when none.
 */
export function dateInText(text: string): string | null {
  const tokens = text.split(/[\s,]+/).filter((token) => token !== "");
  if (tokens.length > MAX_FIELD_WORDS) return null;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const iso = isoDate(token);
    if (iso) return iso;
    const month = MONTHS.get(token.toLowerCase().replace(/\.$/, ""));
    if (month === undefined) continue;
    const after = tokens[index + 1];
    // "April 21, 2026" / "April 2026" / "21 April 2026"
    const dayAfter = dayOf(after);
    const yearAfterDay = yearOf(tokens[index + 2]);
    if (dayAfter !== null && yearAfterDay !== null) return `${yearAfterDay}-${pad(month)}-${pad(dayAfter)}`;
    const yearAfter = yearOf(after);
    if (yearAfter !== null) {
      // "21 April 2026", "the 4th of July 2023"
      const dayBefore = tokens[index - 1]?.toLowerCase() === "of" ? dayOf(tokens[index - 2]) : dayOf(tokens[index - 1]);
      return dayBefore !== null ? `${yearAfter}-${pad(month)}-${pad(dayBefore)}` : `${yearAfter}-${pad(month)}`;
    }
  }
  return null;
}

function isoDate(token: string): string | null {
  if (token.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(token)) return null;
  const year = yearOf(token.slice(0, 4));
  const month = Number(token.slice(5, 7));
  const day = Number(token.slice(8, 10));
  return year !== null && month >= 1 && month <= 12 && day >= 1 && day <= 31 ? token : null;
}

/** Words that announce a date on a cover. */
const DATE_LABELS = new Set([
  "updated",
  "published",
  "revised",
  "issued",
  "date",
  "dated",
  "released",
  "as",
  "version",
  "edition",
  "last",
]);
/** A date line on a cover is short; a longer one, or one ending a sentence, is body text. */
const MAX_DATE_LINE_WORDS = 6;

function dateOnPage(segments: readonly Segment[]): string | null {
  for (const segment of segments) {
    const parts = words(segment.text);
    const labelled = DATE_LABELS.has(parts[0]!.toLowerCase().replace(/:$/, ""));
    if (!labelled && (parts.length > MAX_DATE_LINE_WORDS || segment.text.endsWith("."))) continue;
    const date = dateInText(segment.text);
    if (date) return date;
  }
  return null;
}

/** A PDF date string (`D:YYYYMMDDHHmmSS…`) as ISO: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. */
export function dateFromPdf(raw: string | undefined): string | null {
  const text = (raw ?? "").trim();
  const digits = text.startsWith("D:") ? text.slice(2) : text;
  const year = yearOf(digits.slice(0, 4));
  if (year === null) return null;
  const month = Number(digits.slice(4, 6));
  if (!/^\d{2}$/.test(digits.slice(4, 6)) || month < 1 || month > 12) return String(year);
  const day = Number(digits.slice(6, 8));
  if (!/^\d{2}$/.test(digits.slice(6, 8)) || day < 1 || day > 31) return `${year}-${pad(month)}`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Words that announce a report's number when they come before it. */
const NUMBER_LABELS = new Set(["no.", "no", "number", "nr.", "report", "paper", "brief", "#"]);

/**
 * A publisher's number for a report: letters then digits ("R48903", "RL30857"), or
 * dash-separated letters and digits ("WP-2024-05"), at most 24 characters, with a digit and a
 * letter; a bare number ("123") only after a label ("No. 123").
 */
function isReportCode(token: string): boolean {
  if (token.length < 3 || token.length > 24 || token.includes("//")) return false;
  const first = token[0]!;
  const last = token.at(-1)!;
  if (!(first >= "A" && first <= "Z") || !isCodeCharacter(last) || last === "." || last === "/" || last === "-")
    return false;
  let digit = false;
  for (const c of token) {
    if (!isCodeCharacter(c)) return false;
    if (c >= "0" && c <= "9") digit = true;
  }
  return digit;
}

function isCodeCharacter(c: string): boolean {
  return (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c === "." || c === "/" || c === "-";
}

/** The report number in a short line: "R48903", "CRS Report R45741", "No. 123", "WP-2024-05". */
export function numberInText(text: string): string | null {
  const tokens = words(text.replace(/[,;|·•]/g, " "));
  if (tokens.length === 0 || tokens.length > MAX_FIELD_WORDS) return null;
  if (tokens.length === 1) return isReportCode(tokens[0]!) ? tokens[0]! : null;
  for (let index = 1; index < tokens.length; index++) {
    const label = tokens[index - 1]!.toLowerCase().replace(/:$/, "");
    if (!NUMBER_LABELS.has(label)) continue;
    const token = tokens[index]!.replace(/[.:]$/, "");
    if (
      isReportCode(token) ||
      (/^\d{1,8}$/.test(token) && label !== "report" && label !== "paper" && label !== "brief")
    )
      return token;
  }
  return null;
}

function numberOnPage(segments: readonly Segment[], exclude: ReadonlySet<Segment>): string | null {
  for (const segment of segments) {
    if (exclude.has(segment)) continue;
    const number = numberInText(segment.text);
    if (number) return number;
  }
  return null;
}

function numberIn(raw: string | undefined): string | null {
  const text = collapseSpaces(raw ?? "").trim();
  return text === "" ? null : numberInText(text);
}
