import { createRequire } from "node:module";
import type { CslItem, CslName } from "./cslItem.js";

/** What the report says about itself (packages/evidence's ReportMetadata, by shape). */
export interface ReportMetadata {
  title: string;
  authors: string[];
  publisher: string | null;
  /** ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; null when unknown. */
  date: string | null;
  reportNumber: string | null;
}

const require = createRequire(import.meta.url);
const names = require("@citation-js/name") as { parse(name: string): Record<string, string | undefined> };

/** The imported report as a CSL `report` item: its metadata, nothing guessed. */
export function reportItem(metadata: ReportMetadata): CslItem {
  const item: CslItem = { type: "report", title: oneLine(metadata.title) || "Untitled report" };
  const authors = metadata.authors.map(oneLine).filter(Boolean).map(personName);
  if (authors.length > 0) item.author = authors;
  const publisher = oneLine(metadata.publisher ?? "");
  if (publisher) item.publisher = publisher;
  const issued = isoDateParts(metadata.date);
  if (issued) item.issued = { "date-parts": [issued] };
  const number = oneLine(metadata.reportNumber ?? "");
  if (number) item.number = number;
  return item;
}

/** Whitespace runs as one space, as validateCslItem leaves a source's fields (citeproc's title splitting reads them). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** "Jane Smith" → {family: "Smith", given: "Jane"} (citation-js's name parser, particles kept). */
function personName(name: string): CslName {
  const parsed = names.parse(name);
  if (!parsed.family) return { literal: name };
  const family =
    [parsed["non-dropping-particle"], parsed.family].filter(Boolean).join(" ") +
    (parsed.suffix ? `, ${parsed.suffix}` : "");
  const given = [parsed.given, parsed["dropping-particle"]].filter(Boolean).join(" ");
  return given ? { family, given } : { family };
}

function isoDateParts(date: string | null): [number] | [number, number] | [number, number, number] | null {
  const match = date ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date.trim()) : null;
  if (!match) return null;
  const [year, month, day] = [match[1], match[2], match[3]].map((part) =>
    part === undefined ? undefined : Number(part),
  );
  if (month === undefined) return [year!];
  if (day === undefined) return [year!, month];
  return [year!, month, day];
}

/** A report footnote's text over this many characters is cut before reading (notes are short). @default 4000 */
export const MAX_FOOTNOTE_CHARS = 4000;

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

/**
 * A report's own footnote as a CSL item, read from its text in one pass. CRS-style notes
 * read `Agency, “Title,” Container, Month Day, Year, https://…`: the quoted title is the
 * title, the words before it the author, the words after it (less the date) the container,
 * a "Month Day, Year" / "Month Year" / "Year" part the date, and the note's first http(s)
 * URL its URL. A note without a quoted title is cited by its own words. Nothing else is
 * guessed: the style prints what is there.
 */
export function footnoteItem(noteText: string, urls: readonly string[]): CslItem {
  const text = noteText.slice(0, MAX_FOOTNOTE_CHARS).replace(/\s+/g, " ").trim();
  const url = urls.find(isHttpUrl) ?? firstUrlIn(text);
  // The words before the URL (a URL's own text is not part of the citation's words).
  const words = url && text.includes(url) ? text.slice(0, text.indexOf(url)) : text;

  const quoted = quotedTitle(words);
  if (!quoted) {
    const title = trimPunctuation(words) || trimPunctuation(text) || "Untitled note";
    return withUrl({ type: url ? "webpage" : "document", title }, url);
  }
  const item: CslItem = { type: url ? "webpage" : "document", title: quoted.title };
  const author = trimPunctuation(words.slice(0, quoted.start));
  if (author && author.length <= 300 && !/[“”"]/.test(author)) item.author = [{ literal: author }];

  const after = words
    .slice(quoted.end)
    .split(",")
    .map((part) => trimPunctuation(part))
    .filter(Boolean);
  const date = findDate(after);
  // Only names read as a container ("Utility Weekly"): "vol. 88" or "pp. 3-5" are not one.
  const beforeDate = date ? after.slice(0, date.index) : after;
  const firstLower = beforeDate.findIndex((part) => !/^[A-Z]/.test(part));
  const container = (firstLower === -1 ? beforeDate : beforeDate.slice(0, firstLower)).join(", ");
  if (container && container.length <= 300 && !/[“”"]/.test(container)) item["container-title"] = container;
  if (date) item.issued = { "date-parts": [date.parts] };
  return withUrl(item, url);
}

function withUrl(item: CslItem, url: string | undefined): CslItem {
  if (url) item.URL = url;
  return item;
}

function isHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
}

/** The first http(s) URL in the text, without the sentence's punctuation after it. */
function firstUrlIn(text: string): string | undefined {
  const lower = text.toLowerCase();
  const candidates = [lower.indexOf("https://"), lower.indexOf("http://")].filter((at) => at >= 0);
  if (candidates.length === 0) return undefined;
  const start = Math.min(...candidates);
  let end = text.indexOf(" ", start);
  if (end === -1) end = text.length;
  const url = text.slice(start, end).replace(/[.,;:)\]]+$/, "");
  return isHttpUrl(url) ? url : undefined;
}

/** The first “…” (or "…") span: its inside, without the comma CRS puts inside the quotes. */
function quotedTitle(text: string): { title: string; start: number; end: number } | null {
  const curly = text.indexOf("“");
  const straight = text.indexOf('"');
  const start = curly >= 0 && (straight < 0 || curly < straight) ? curly : straight;
  if (start < 0) return null;
  const closer = text[start] === "“" ? "”" : '"';
  const end = text.indexOf(closer, start + 1);
  if (end < 0) return null;
  const title = trimPunctuation(text.slice(start + 1, end));
  return title ? { title, start, end: end + 1 } : null;
}

/** A date among comma-separated parts: "March 5" then "2024", "March 2024", or "2024". */
function findDate(
  parts: readonly string[],
): { index: number; parts: [number] | [number, number] | [number, number, number] } | null {
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    const monthDay = /^([A-Za-z]{3,9})\.? (\d{1,2})$/.exec(part);
    const nextYear = parts[index + 1] !== undefined ? /^(\d{4})$/.exec(parts[index + 1]!) : null;
    if (monthDay && nextYear) {
      const month = monthOf(monthDay[1]!);
      const day = Number(monthDay[2]);
      if (month && day >= 1 && day <= 31) return { index, parts: [Number(nextYear[1]), month, day] };
    }
    const monthYear = /^([A-Za-z]{3,9})\.? (\d{4})$/.exec(part);
    if (monthYear) {
      const month = monthOf(monthYear[1]!);
      if (month) return { index, parts: [Number(monthYear[2]), month] };
    }
    const year = /^(\d{4})$/.exec(part);
    if (year) return { index, parts: [Number(year[1])] };
  }
  return null;
}

function monthOf(word: string): number | null {
  const lower = word.toLowerCase();
  const index = MONTHS.findIndex((month) => month === lower || (lower.length >= 3 && month.startsWith(lower)));
  return index >= 0 ? index + 1 : null;
}

/**
 * Cuts spaces and the punctuation a note puts between its parts (not a closing quote or
 * bracket), and a final period unless it ends an initial ("U.S."). Loops, not regexes:
 * an end-anchored class run backtracks on long runs of commas.
 */
function trimPunctuation(text: string): string {
  const edge = " ,;:";
  let start = 0;
  let end = text.length;
  while (start < end && `${edge}.`.includes(text[start]!)) start++;
  while (end > start && edge.includes(text[end - 1]!)) end--;
  if (end - start >= 2 && text[end - 1] === "." && !/[A-Z]/.test(text[end - 2]!)) end--;
  return text.slice(start, end).trim();
}

/** A CSL locator label for the free-text locator of a direct citation ("p. 12", "chap. 3", "Table 2"). */
const LOCATOR_LABELS: Record<string, string> = {
  p: "page",
  pp: "page",
  page: "page",
  pages: "page",
  chap: "chapter",
  ch: "chapter",
  chapter: "chapter",
  sec: "section",
  section: "section",
  "§": "section",
  para: "paragraph",
  paragraph: "paragraph",
  fig: "figure",
  figure: "figure",
  table: "table",
  tbl: "table",
  vol: "volume",
  volume: "volume",
  n: "note",
  note: "note",
  line: "line",
  part: "part",
  pt: "part",
  app: "appendix",
  appendix: "appendix",
};

/**
 * "p. 12" → {locator: "12", label: "page"}; a bare "12" is a page; anything else rides
 * along as the cite's suffix so the style never labels it wrongly ("p. Abstract").
 */
export function parseLocator(text: string): { locator: string; label: string } | { suffix: string } {
  const clean = text.replace(/\s+/g, " ").trim();
  if (/^[\divxlcdm]+(?:[-–][\divxlcdm]+)?$/i.test(clean) && /\d/.test(clean)) return { locator: clean, label: "page" };
  const match = /^(§|[A-Za-z]+)\.? ?(\S.*)$/.exec(clean);
  const label = match ? LOCATOR_LABELS[match[1]!.toLowerCase()] : undefined;
  if (match && label) return { locator: match[2]!, label };
  return { suffix: `, ${clean}` };
}
